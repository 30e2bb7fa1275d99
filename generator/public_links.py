"""What public content may link to or include: nothing internal, no source file.

The public site is built from an allow-list (select.py), so an internal page never reaches it,
but a public page's *link* to one would: its address names the internal item
(`layoffs-lisbon-2027.md`), whether or not the target is there. So every link and image of
public content (Markdown pages and public playbooks' text) is resolved the way the site will
resolve it, and one that lands on an internal page, playbook or role, or on a source file, is an
error at the public file's line, naming the internal item. The same goes for snippets that a
public page includes (pymdownx.snippets, when a project enables it): an included file must be a
page of the same build, and one that is missing is an error at the including line.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic
from .model import Page, Playbook, Project
from .safety import line_and_column, line_starts, link_targets, prose
from .select import select
from .sources import strings

_SNIPPET_LINE = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]+(?P<q>[\"'])(?P<path>[^\"'\n]+)(?P=q)", re.M)
_SNIPPET_BLOCK = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*\n(?P<body>.*?)^[ \t]*-{1,}8<-{1,}[ \t]*$", re.M | re.S)
_SOURCE_SUFFIXES = (".yaml", ".yml", ".j2", ".json")


class _Site:
    """The docs paths of one build (default language) with what each is."""

    def __init__(self, project: Project) -> None:
        self.project = project
        public = select(project, "public", project.settings.default_language)
        self.items: dict[str, tuple[str, str]] = {}  # docs path -> (audience, source file)
        for pid, pb in project.playbooks.items():
            self.items[f"playbooks/{pid}.md"] = (pb.audience, f"the internal playbook {pb.rel}")
        for (slug, lang), page in project.pages.items():
            if lang == project.settings.default_language:
                self.items[f"{slug}.md"] = (page.audience, f"the internal page {page.rel}")
        for rid in project.roles:
            self.items[f"roles/{rid}.md"] = (
                "public" if rid in public.roles else "internal",
                f"the page of the role '{rid}', which has no public content",
            )
        kinds = {entry.kind for entry in public.playbooks.values()}
        for kind in {pb.kind for pb in project.playbooks.values()}:
            self.items[f"kinds/{kind}.md"] = (
                "public" if kind in kinds else "internal",
                f"the list of {kind} playbooks, none of which is public",
            )
        self.languages = set(project.settings.languages)

    def target(self, from_docs: str, url: str) -> tuple[str, str] | None:
        """(docs path, what is wrong) when `url`, linked from `from_docs`, is not for customers."""
        parts = urlsplit(html.unescape(url).strip())  # as the browser reads it: `&#45;` is `-`
        if parts.scheme or parts.netloc or not parts.path:
            return None  # another site, or an anchor on this page
        path = unquote(parts.path)
        if path.startswith("/"):
            segments = path.strip("/").split("/")
            if segments and segments[0] in self.languages:
                segments = segments[1:]
            joined = "/".join(segments)
        else:
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_docs), path))
        if joined.startswith("../") or joined == "..":
            return joined, "a file outside the site (a source file of the project)"
        if joined.endswith(_SOURCE_SUFFIXES) or joined.split("/", 1)[0] in ("content", ".playbook"):
            return joined, "a source file of the project, not a page"
        for candidate in _candidates(joined):
            found = self.items.get(candidate)
            if found is not None:
                audience, source = found
                if audience != "public":
                    return candidate, source
                return None
        return None


def _candidates(path: str) -> Iterator[str]:
    """The docs files a site-relative URL may mean (MkDocs' directory URLs)."""
    clean = path.rstrip("/")
    if clean.endswith(".md"):
        yield clean
        return
    if clean.endswith("/index.html"):
        clean = clean[: -len("/index.html")]
    elif clean.endswith(".html"):
        clean = clean[: -len(".html")]
    if clean in ("", "."):
        yield "index.md"
        return
    yield f"{clean}.md"
    yield f"{clean}/index.md"


def check(project: Project) -> list[Diagnostic]:
    site = _Site(project)
    found: list[Diagnostic] = []
    default = project.settings.default_language
    for (slug, _lang), page in sorted(project.pages.items()):
        source = project.pages.get((slug, default), page)
        if source.audience == "public":
            found += _page_links(site, page, f"{slug}.md")
    for pb in list(project.playbooks.values()) + list(project.translations.values()):
        source_pb = project.playbooks.get(pb.id)
        if source_pb is not None and source_pb.audience == "public":
            found += _playbook_links(site, pb, f"playbooks/{pb.id}.md")
    if _snippets_enabled(project):
        for (slug, lang), page in sorted(project.pages.items()):
            found += _snippets(site, project, page, slug, lang)
    return found


def _message(url: str, docs: str, why: str) -> str:
    if why.startswith("the "):
        return (
            f"this public page links to '{url}', {why}: customers must not see it or its address; "
            "remove the link, or make that item public"
        )
    return f"this public page links to '{url}', {why}; link to a page of the public site instead"


def _page_links(site: _Site, page: Page, docs: str) -> list[Diagnostic]:
    out = []
    starts = line_starts(page.body)
    for offset, url in link_targets(prose(page.body)):
        problem = site.target(docs, url)
        if problem is not None:
            line, column = line_and_column(starts, offset)
            out.append(Diagnostic(page.rel, page.body_line + line - 1, column, "error", "internal-link",
                                  _message(url, *problem)))
    return out


_LINKY: dict[int, tuple[Any, list[tuple[Any, str]]]] = {}


def _linky_strings(data: Any) -> list[tuple[Any, str]]:
    """The strings of a playbook that may hold a link, kept per loaded file: `serve` checks the
    links of every public playbook after each save, and reuses the unchanged files' data (the
    same object, so its identity is the key; the object is kept with it so the key stays true)."""
    kept = _LINKY.get(id(data))
    if kept is not None and kept[0] is data:
        return kept[1]
    found = [(path, text) for path, text in strings(data) if "](" in text or "]:" in text or "<" in text or "{" in text]
    if len(_LINKY) > 50_000:
        _LINKY.clear()
    _LINKY[id(data)] = (data, found)
    return found


def _playbook_links(site: _Site, pb: Playbook, docs: str) -> list[Diagnostic]:
    out = []
    for path, text in _linky_strings(pb.data):
        for offset, url in link_targets(prose(text)):
            problem = site.target(docs, url)
            if problem is not None:
                pos = pb.doc.text_pos(path, offset)
                out.append(Diagnostic(pb.rel, pos.line, pos.column, "error", "internal-link", _message(url, *problem)))
    return out


def _snippets_enabled(project: Project) -> bool:
    configured = project.settings.raw.get("markdown_extensions") or []
    names = [item if isinstance(item, str) else next(iter(item), "") for item in configured if item]
    return "pymdownx.snippets" in names


def _snippets(site: _Site, project: Project, page: Page, slug: str, lang: str) -> list[Diagnostic]:
    """Every snippet a page includes must be a page of the same build (snippets read only from
    the generated docs of one audience and language); a public page may include only public ones."""
    default = project.settings.default_language
    source = project.pages.get((slug, default), page)
    out = []
    starts = line_starts(page.body)
    includes = [(m.start("path"), m.group("path")) for m in _SNIPPET_LINE.finditer(page.body)]
    for block in _SNIPPET_BLOCK.finditer(page.body):
        offset = block.start("body")
        for line in block.group("body").splitlines(keepends=True):
            if line.strip() and not line.lstrip().startswith(";"):
                includes.append((offset + len(line) - len(line.lstrip()), line.strip()))
            offset += len(line)
    for offset, raw in includes:
        name = re.sub(r"(:[0-9]*){1,2}$", "", raw.strip())
        line, column = line_and_column(starts, offset)
        where = (page.rel, page.body_line + line - 1, column)
        found = site.items.get(posixpath.normpath(name))
        if found is None:
            out.append(Diagnostic(*where, "error", "missing-snippet",
                                  f"the snippet '{name}' is not a page of this site; snippets are read from the "
                                  "site's own pages (e.g. 'shared/intro.md' for content/shared/intro.md)"))
        elif source.audience == "public" and found[0] != "public":
            out.append(Diagnostic(*where, "error", "internal-link",
                                  f"this public page includes '{name}', {found[1]}: customers must not see it; "
                                  "include a public page or make that one public"))
    return out
