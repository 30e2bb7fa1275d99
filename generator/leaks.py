"""The leak scan: proof that a built public site holds no text of internal content.

It takes the texts of every internal item and searches every file of a built public site for
them (decompressing .gz and Pagefind's gzipped index and fragments, reading JSON's strings and
the HTML's text). The walk over the site and the choice of needles are ours (no library knows
what in a playbook is internal); the matching is pyahocorasick's, one pass per file.

Precise both ways. It must fail on every internal text that reaches the site, short sentences
pulled in by an include among them, and raise no false alarm on a valid project:

- Needles match whole words only (an internal title "Handoffs" is not found inside "handoffs-2").
- An id is a name, not prose: a hyphenated id (`layoffs-lisbon-2027`) is found as a whole word
  anywhere, a one-word id (`pairs`, `answer`, `index`) only where it names a page: as a URL path
  segment (`…/pairs/`, `pairs.md`) or a whole link (`href="pairs"`, `href="pairs#when"`).
  Otherwise every internal playbook called `search` would "leak" into Material's JavaScript. A
  hyphenated id that public content uses as a word (`check-in`, `follow-up`) is, like a one-word
  id, found only where it names a page.
- Texts: every title of three words or twenty characters, every text of forty characters, and
  every sentence of four words, unless public content says the same (then it is not internal).
- Files byte-identical to the theme's shipped assets (Material's and ours) are not content.
- The interface's own strings (every language's locale, every kind's titles, descriptions and
  labels) and the site's own settings (its name, description, footer) are public.
When it finds something, it says where it came from and, when the site file can be traced to the
public source that made it, that source's file and line.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick

from .diagnostics import Diagnostic
from .model import Project
from .render import locale, render_inline
from .sources import strings

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?।])\s+|\n+")
MIN_TEXT = 40  # shorter free text ("change management") is shared by chance, not leaked
MIN_TITLE = 20
MIN_TITLE_WORDS = 3
MIN_SENTENCE = 20
MIN_SENTENCE_WORDS = 4
PAGEFIND_GZIPPED = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")
_PAGE_SUFFIXES = (".md", ".html", ".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Needle:
    origin: str  # the internal source file
    kind: str  # "text" (whole words), "id" (whole word), "segment" (a URL path segment only)


@dataclass(frozen=True)
class Leak:
    site_file: str  # relative to the site
    text: str  # the internal text found (normalised)
    origin: str  # the internal file it belongs to


def normalise(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", text))).strip().casefold()


def _as_shown(text: str) -> str:
    """A value as a reader sees it on a page: its inline Markdown rendered, tags dropped."""
    return normalise(html.unescape(str(render_inline(text))))


def _strings(value: Any) -> Iterator[str]:
    return (text for _path, text in strings(value))


_EDGES = " \"'“”‘’«»„()[]{}*_—–-.,;:!?।…"


def sentences(text: str) -> list[str]:
    """A normalised text's sentences, without the quotes and punctuation around them."""
    return [s.strip(_EDGES) for s in _SENTENCE_END.split(text) if s.strip(_EDGES)]


def _forms(text: str) -> set[str]:
    return {normalise(text), _as_shown(text)}


def internal_needles(project: Project) -> dict[str, Needle]:
    """needle -> where it comes from, for every internal item; minus what public items also say."""
    public: set[str] = set()
    needles: dict[str, Needle] = {}

    def add_text(text: str, origin: str) -> None:
        for form in _forms(text):
            words = len(form.split())
            if len(form) >= MIN_TEXT:
                needles.setdefault(form, Needle(origin, "text"))
            for sentence in sentences(form) if words >= MIN_SENTENCE_WORDS else []:
                if len(sentence) >= MIN_SENTENCE and len(sentence.split()) >= MIN_SENTENCE_WORDS:
                    needles.setdefault(sentence, Needle(origin, "text"))

    def add_title(text: str, origin: str) -> None:
        for form in _forms(text):
            if len(form) >= MIN_TITLE or len(form.split()) >= MIN_TITLE_WORDS:
                needles.setdefault(form, Needle(origin, "text"))

    def add_public(texts: Iterator[str] | list[str]) -> None:
        for text in texts:
            for form in _forms(text):
                public.add(form)
                public.update(sentences(form))

    default = project.settings.default_language
    for pb in list(project.playbooks.values()) + list(project.translations.values()):
        source = project.playbooks.get(pb.id)
        audience = source.audience if source is not None else pb.audience
        if audience == "public":
            add_public(_strings(pb.data))
            continue
        needles.setdefault(pb.id.casefold(), Needle(pb.rel, "id" if "-" in pb.id else "segment"))
        add_title(str(pb.data.get("title", "")), pb.rel)
        for s in _strings(pb.data):
            add_text(s, pb.rel)
    for page in project.pages.values():
        page_source = project.pages.get((page.slug, default))
        audience = page_source.audience if page_source is not None else page.audience
        texts = list(_strings(page.meta)) + [p for p in re.split(r"\n\s*\n", page.body) if p.strip()]
        if audience == "public":
            add_public(texts)
            continue
        for segment in page.slug.casefold().split("/"):
            needles.setdefault(segment, Needle(page.rel, "id" if "-" in segment else "segment"))
        add_title(str(page.meta.get("title", "")), page.rel)
        for s in texts:
            add_text(s.strip().lstrip("#").strip(), page.rel)
    # Shared vocabulary is not internal content: public ids (internal playbooks name them in
    # related), roles (titles and summaries are shown for roles with public content), and the
    # interface's own words in every language.
    public.update(pid.casefold() for pid, pb in project.playbooks.items() if pb.audience == "public")
    # Every name a public URL is made of: an internal id equal to one of them names the public
    # page, not the internal one, wherever it appears.
    public.update(_public_segments(project))
    # Roles that public content names are shown to customers (as owners, participants, readers);
    # the others are internal, their titles and summaries with them.
    shown = public_roles(project)
    for role in project.roles.values():
        texts = [role.title, role.summary, *(s for tr in role.translations.values() for s in tr.values())]
        if role.id in shown:
            add_public([role.id, *texts])
            continue
        needles.setdefault(role.id.casefold(), Needle(ROLES_FILE, "id" if "-" in role.id else "segment"))
        for text in texts:
            add_title(text, ROLES_FILE)
            add_text(text, ROLES_FILE)
    for lang in project.settings.languages:
        add_public([v for v in locale(lang).values() if isinstance(v, str)])
    add_public(_interface_texts(project))
    # A long text is excused only by a whole public field or sentence equal to it (a paragraph
    # pasted from an internal page into a public one is still a leak); a short one (a title, a
    # sentence, a phrase) also when public content says it among other words, because short
    # phrases recur by chance ("I will pass it on to the team").
    kept = {n: o for n, o in needles.items() if n and n not in public}
    short = [n for n, o in kept.items() if len(n) < MIN_TEXT and o.kind == "text"]
    for n in _found_in(short, public):
        del kept[n]
    # A hyphenated id that public content uses as a word is a word there: it still leaks where
    # it names a page (a URL segment, a link), not where public text says it.
    for n in _found_in([n for n, o in kept.items() if o.kind == "id"], public):
        kept[n] = Needle(kept[n].origin, "segment")
    return kept


def _interface_texts(project: Project) -> list[str]:
    """What every reader sees that is neither content nor internal: each kind's titles,
    descriptions and labels in every language, and the site's own settings."""
    from .kinds import discover, kind_labels

    texts: list[str] = []
    for kind in discover((project.root / "kinds",)).values():
        schema = kind.schema
        texts += [str(schema.get("title") or ""), str(schema.get("description") or "")]
        for key in ("x-titles", "x-descriptions"):
            texts += [str(v) for v in (schema.get(key) or {}).values()] if isinstance(schema.get(key), dict) else []
        texts += [text for labels in kind_labels(kind.folder).values() for text in labels.values()]
    settings = project.settings
    texts += [settings.site_name, settings.public_site_name]
    texts += [str(settings.raw.get(key)) for key in ("site_description", "copyright") if settings.raw.get(key)]
    texts += [text for fields in settings.localized.values() for text in fields.values()]
    return [text for text in texts if text]


ROLES_FILE = "playbooks/roles.yaml"


def public_roles(project: Project) -> set[str]:
    """Every role a public page can show: those public playbooks and pages name in any field that
    names a role (owner, roles, participants, speakers, hand-off sides: the kinds' schemas say
    which), and those the public site lists (select.py)."""
    from .kinds import discover
    from .select import select
    from .xrefs import refs_and_defs

    kinds = discover((project.root / "kinds",))
    found = set(select(project, "public", project.settings.default_language).roles)
    for pb in project.playbooks.values():
        if pb.audience == "public" and pb.kind in kinds:
            refs, _defs = refs_and_defs(kinds[pb.kind].schema, pb.data)
            found.update(ref.value for ref in refs if ref.target == "role")
    default = project.settings.default_language
    for (slug, _lang), page in project.pages.items():
        source = project.pages.get((slug, default), page)
        if source.audience == "public":
            owner = page.meta.get("owner")
            found.update(str(r) for r in [*(page.meta.get("roles") or []), *([owner] if owner else [])])
    return found


def _public_segments(project: Project) -> set[str]:
    from .layout import GENERATED

    default = project.settings.default_language
    names = {"index", "sitemap", "javascripts", "stylesheets", "images", "playbook", *GENERATED}
    names.update(project.settings.languages)
    for (slug, _lang), page in project.pages.items():
        source = project.pages.get((slug, default), page)
        if source.audience == "public":
            names.update(slug.casefold().split("/"))
    for pb in project.playbooks.values():
        if pb.audience == "public":
            names.add(pb.kind)
            names.update(str(t).casefold() for t in pb.data.get("tags") or [])
            names.update(str(r).casefold() for r in pb.roles)
    return names


def _found_in(needles: list[str], texts: set[str]) -> set[str]:
    """The needles that occur as whole words in any of the texts."""
    if not needles:
        return set()
    automaton = ahocorasick.Automaton()
    for needle in needles:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    found: set[str] = set()
    for text in texts:
        for end, needle in automaton.iter(text):
            if needle not in found and _is_match(text, end - len(needle) + 1, end + 1, "text"):
                found.add(needle)
    return found


@lru_cache(maxsize=1)
def shipped_assets() -> frozenset[str]:
    """SHA-256 of every file the theme ships (Material's assets and ours): never content."""
    from .emit import THEME

    folders = [THEME / "assets"]
    try:
        import material

        folders.append(Path(material.__file__).parent / "templates" / "assets")
    except ImportError:  # pragma: no cover - Material is a dependency
        pass
    return frozenset(hashlib.sha256(p.read_bytes()).hexdigest() for f in folders for p in f.rglob("*") if p.is_file())


def site_file_text(path: Path) -> str | None:
    """A built site's file as text: .gz and Pagefind's files decompressed; None for binaries.

    Pagefind's index files hold words among binary (CBOR) framing, so undecodable bytes are
    replaced rather than the file skipped: a word of an internal page must still be found."""
    raw = path.read_bytes()
    pagefind = path.suffix in PAGEFIND_GZIPPED
    if path.suffix == ".gz" or pagefind:
        try:
            raw = gzip.decompress(raw)
        except OSError:
            return None
    try:
        return raw.decode("utf-8", errors="replace" if pagefind else "strict")
    except UnicodeDecodeError:
        return None


def _site_texts(site: Path) -> Iterator[tuple[str, str]]:
    shipped = shipped_assets()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        yield rel, "/" + rel.casefold()  # file names: an internal id in a URL is a leak too
        if hashlib.sha256(path.read_bytes()).hexdigest() in shipped:
            continue
        text = site_file_text(path)
        if text is None:
            continue
        if path.name.endswith((".json", ".json.gz")):
            try:
                text = " ".join(_strings(json.loads(text)))
            except ValueError:
                pass
        elif path.suffix == ".pf_fragment":
            try:  # Pagefind's fragment: its signature, then the page's text and metadata as JSON
                text = " ".join(_strings(json.loads(text[text.index("{") :])))
            except ValueError:
                pass
        yield rel, normalise(text) + " \n " + _SPACE.sub(" ", html.unescape(text)).casefold()


_LINK_STARTS = ('href="', "href='", 'src="', "src='")


def _word(char: str) -> bool:
    return char.isalnum() or char in "-_"


def _is_match(text: str, start: int, end: int, kind: str) -> bool:
    """Whether the needle found at text[start:end] is a whole word (and, for a one-word id, a
    URL path segment)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if _word(before) or _word(after):
        return False
    if kind == "segment":
        if before == "/" or after == "/" or text.startswith(_PAGE_SUFFIXES, end):
            return True
        return after in "\"'#?" and text.endswith(_LINK_STARTS, max(0, start - 8), start)  # href="id#x"
    return True


def find_leaks(project: Project, site: Path) -> list[Leak]:
    """Every internal text in the site's files, once per file and text.

    Tens of thousands of needles against every file of the site: an Aho-Corasick automaton
    (pyahocorasick) finds them all in one pass over each file instead of one pass per needle."""
    needles = internal_needles(project)
    if not needles:
        return []
    automaton = ahocorasick.Automaton()
    for needle, where in needles.items():
        automaton.add_word(needle, (needle, where))
    automaton.make_automaton()
    found = []
    for rel, text in _site_texts(site):
        seen: set[str] = set()
        for end, (needle, where) in automaton.iter(text):
            if needle in seen or not _is_match(text, end - len(needle) + 1, end + 1, where.kind):
                continue
            seen.add(needle)
            found.append(Leak(rel, needle, where.origin))
    return found


def source_file(project: Project, site_file: str) -> str | None:
    """The project file a built page came from (a content page or a playbook, in its language)."""
    parts = site_file.split("/")
    lang = project.settings.default_language
    if parts[0] in project.settings.languages[1:]:
        lang, parts = parts[0], parts[1:]
    if not parts or parts[-1] != "index.html":
        return None
    url = "/".join(parts[:-1])
    source: Any = None
    if url.startswith("playbooks/") and url.count("/") == 1:
        pid = url.split("/")[1]
        source = project.playbook_in(pid, lang) or project.playbooks.get(pid)
    else:
        slug = url or "index"
        source = project.pages.get((slug, lang)) or project.pages.get((slug, project.settings.default_language))
    return source.rel if source is not None else None


def trace(project: Project, leak: Leak) -> tuple[str, int] | None:
    """The public source file (and line) that put a leaked text into a site file, when the site
    file is a page of a content page or a playbook."""
    rel = source_file(project, leak.site_file)
    if rel is None:
        return None
    try:
        lines = (project.root / rel).read_text(encoding="utf-8").splitlines()
    except OSError:
        return rel, 1
    probe = leak.text[:40]
    for number, line in enumerate(lines, 1):
        if probe in normalise(line):
            return rel, number
    return rel, 1


def traceable_first(project: Project, leaks: list[Leak]) -> list[Leak]:
    """Leaks in the pages of a source file first (the message names the file and line to fix),
    then those in the site's own pages (404, What changed) that a hook or plugin pulled them into."""
    return sorted(leaks, key=lambda leak: source_file(project, leak.site_file) is None)


def describe(project: Project, leak: Leak) -> str:
    short = leak.text if len(leak.text) <= 80 else leak.text[:79] + "…"
    traced = trace(project, leak)
    where = f"{traced[0]}:{traced[1]}: " if traced else ""
    return f"{where}{leak.site_file} holds text of {leak.origin} ('{short}')"


def check_leaks(project: Project, site: Path) -> list[Diagnostic]:
    out = []
    for leak in find_leaks(project, site):
        traced = trace(project, leak)
        short = leak.text if len(leak.text) <= 80 else leak.text[:79] + "…"
        path, line = traced if traced else (f"{site.name}/{leak.site_file}", 1)
        out.append(Diagnostic(path, line, 1, "error", "leak",
                              f"internal text from {leak.origin} is in the public site ({leak.site_file}): '{short}'"))
    return out
