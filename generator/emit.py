"""Write an ordinary Material for MkDocs project for one audience and one language.

The output is plain Markdown plus a complete mkdocs.yml, so MkDocs builds it today and an engine
that reads mkdocs.yml without running MkDocs plugins (Zensical) can build it tomorrow. Only what
the Selection holds is written: the public project's folder never contains internal text.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import html
import json
import posixpath
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import yaml
from markupsafe import Markup
from mkdocs.utils import get_relative_url

from .freshness import review
from .i18n import as_date, own_name
from .kinds import Kind, kind_labels
from .layout import inside
from .model import Project
from .paths import Stop, next_blocks, paths_json, stops
from .printing import print_page, print_path
from .reading import first_words, plain_text, reading_minutes, when_in_words
from .render import escape_md, fill, located, make_environment, md_filter, relative, translator
from .render import slug as safe_slug
from .report_link import Reported, report_target, report_url
from .schemafiles import publish_schemas
from .search import EXCLUDED_LIST
from .select import FALLBACK, STALE, TRANSLATED, Entry, Selection
from .siteconfig import Tagged, dump
from .ui import in_language, localize_palette, marked, plain, theme_strings

THEME = Path(__file__).parent / "theme"
ASSETS = "assets/playbook"
PATHS_FILE = f"{ASSETS}/paths.json"  # read by paths.js
SOURCES_LIST = "sources.json"  # written next to mkdocs.yml: docs page -> the project file it came from
STYLES = ("playbook.css", "reading.css", "print.css")
SCRIPTS = ("playbook.js", "walkthrough.js", "paths.js", "print.js")
SEARCH_LANGUAGES = {
    "ar",
    "da",
    "de",
    "du",
    "el",
    "en",
    "es",
    "fi",
    "fr",
    "he",
    "hi",
    "hu",
    "hy",
    "it",
    "ja",
    "kn",
    "ko",
    "nl",
    "no",
    "pt",
    "ro",
    "ru",
    "sa",
    "sv",
    "ta",
    "te",
    "th",
    "tr",
    "vi",
    "zh",
}
SANITIZER = "generator.sanitize"  # every page's HTML through the allow-list (sanitize.py), in every engine
REQUIRED_EXTENSIONS: dict[str, Any] = {
    "admonition": None,
    "attr_list": None,
    "md_in_html": None,
    "tables": None,
    "pymdownx.details": None,
    "pymdownx.superfences": None,
}


@dataclass
class BuildContext:
    """What one language's emit needs besides the selection; made once per build."""

    project: Project
    kinds: dict[str, Kind]
    today: dt.date
    languages: list[str]
    versioned: bool = False  # a release published with mike: Material shows its version selector
    release: Any = None  # release.Release: what this build is and what it is compared with
    changes: Any = None  # release.ReleaseChanges, made once from every language's selection
    engine: str = "mkdocs"  # which engine builds the projects: links outside docs are written its way


def prefix_of(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def page_url(docs_path: str) -> str:
    """The directory URL MkDocs gives a docs file (use_directory_urls)."""
    stem = docs_path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def cross_language_link(docs_path: str, lang: str, target_lang: str, default: str, from_file: bool = False) -> str:
    """A relative URL from a page of one language's site to the same page in another's.

    The engines read a relative link that names no docs file differently: MkDocs leaves it as
    written, relative to the page's URL (playbooks/x/); Zensical takes it as relative to the
    Markdown file (playbooks/x.md), as for any file, and rewrites it. `from_file` writes it
    Zensical's way, so both lead to the same page."""
    url = page_url(docs_path)
    base = posixpath.dirname(docs_path) if from_file else url.rstrip("/")
    depth = (base.count("/") + 1 if base else 0) + (0 if lang == default else 1)
    return "../" * depth + prefix_of(target_lang, default) + url


def safe_url(value: Any) -> str:
    text = str(value).strip()
    lowered = text.lower()
    if not (lowered.startswith(("https://", "http://", "mailto:", "/", "./", "../", "#"))):
        return "#"
    return quote(text, safe=":/?#[]@!$&'*+,;=%~.-_")


class Emitter:
    def __init__(self, ctx: BuildContext, sel: Selection) -> None:
        self.ctx = ctx
        self.sel = sel
        self.lang = sel.lang
        self.t = translator(sel.lang)
        self.settings = ctx.project.settings
        self.env = make_environment({name: k.folder for name, k in ctx.kinds.items()})
        self.env.filters["url"] = lambda v: Markup(safe_url(v))
        self.env.filters["date"] = lambda v: as_date(v, self.lang)  # in the reader's language
        self.env.filters["attr"] = lambda v: Markup(html.escape(plain(v), quote=True))  # a Label's text
        self.marking = ""  # the page's language while an untranslated body is rendered (see playbook_page)
        self.current = "index.md"
        self.unsearched: list[str] = []  # content pages whose front matter says search: exclude
        self.report_to = report_target(ctx.project.settings, sel.audience)
        self._items: dict[tuple[Any, ...], Markup] = {}
        self.env.globals.update(
            t=self.t,
            role_link=self.role_link,
            role_links=self.role_links,
            owner_badge=lambda rid: Markup(f' <span class="pb-owner">{self.role_title(rid)}</span>'),
            role_title=self.role_title,
            playbook_link=self.playbook_link,
            link_to=self.link_to,
            href=self.href,
            list_items=self.list_items,
            lang=self.lang,
            default_lang=sel.default_lang,
            lang_of=self.lang_of,
            lang_attr=self.lang_attr,
        )
        self.env.filters["in_lang_of"] = self.in_lang_of
        self.env.filters["first_words"] = first_words
        self.env.filters["plain"] = plain_text
        self.env.filters["when"] = self.when
        self.minutes: dict[str, tuple[Any, Any, int]] = {}  # id -> (source data, shown data, reading time)
        self.home = self.home_settings()

    def retarget(self, ctx: BuildContext, sel: Selection) -> None:
        """The same language's pages for a newer project (serve, after an edit): the Jinja
        environment and its compiled templates are kept, which is most of making an Emitter."""
        assert sel.lang == self.lang
        self.ctx, self.sel, self.settings = ctx, sel, ctx.project.settings
        self.unsearched = []
        self.home = self.home_settings()
        self.__dict__.pop("stops", None)  # the reading paths may have changed: worked out again

    # -- helpers the templates call ---------------------------------------------------------
    def role_title(self, rid: str) -> Markup:
        role = self.ctx.project.roles.get(rid)
        title = escape_md(role.title_in(self.lang) if role else rid)
        return in_language(title, self.marking) if self.marking and role else title

    def role_link(self, rid: str) -> Markup:
        if rid not in self.sel.roles:
            return self.role_title(rid)
        return Markup(f"[{self.role_title(rid)}]({relative(self.current, f'roles/{rid}.md')})")

    def role_links(self, rids: list[str]) -> Markup:
        return Markup(", ").join(self.role_link(r) for r in rids or [])

    def playbook_link(self, pid: str) -> Markup:
        entry = self.sel.playbooks.get(pid)
        if entry is None:
            return escape_md(pid)
        return Markup(f"[{escape_md(entry.title)}]({relative(self.current, entry.path)}){self.lang_of(entry)}")

    def lang_of(self, entry: Any) -> Markup:
        """attr_list marking a link or block whose text is in the default language on a page of
        another (an untranslated playbook's title), so screen readers and search read it right."""
        attr = self.lang_attr(entry)
        return Markup(f"{{:{attr} }}") if attr else Markup("")

    def lang_attr(self, entry: Any) -> Markup:
        """The lang="..." of an entry shown in the default language here, for an attr_list."""
        if getattr(entry, "status", None) == FALLBACK:
            return Markup(f' lang="{html.escape(self.sel.default_lang)}"')
        return Markup("")

    def in_lang_of(self, text: Any, entry: Any) -> Markup:
        """Inline text of an entry (its summary) marked with its language when that differs."""
        attr = self.lang_attr(entry)
        text = text if isinstance(text, Markup) else escape_md(text)
        return Markup(f"<span{attr}>{text}</span>") if attr else text

    def link_to(self, docs_path: str) -> Markup:
        return relative(self.current, docs_path)

    def list_item(self, style: str, entry: Entry) -> Markup:
        """One playbook in the HTML list of a kind ("kind"), a role's reading path ("path") or a
        tag ("tag"). Kept per page folder and shown values: a list of 2,000 playbooks is written
        again after every edit in `serve`, and all but one of its items are the same."""
        summary = entry.data.get("summary")
        version = entry.data.get("version")
        lang = self.lang_attr(entry)  # an untranslated playbook's title and summary are marked
        changes = tuple(
            (str(c.get("version", "")), str(c.get("note", "")))
            for c in (entry.data.get("changelog") or [])[:5]
            if isinstance(c, dict)
        ) if style == "path" else ()
        minutes = self.minutes_of(entry) if style == "path" else 0
        key = (style, page_url(self.current), entry.id, entry.title, summary, version, str(lang), changes, minutes)
        found = self._items.get(key)
        if found is None:
            link = f'<a href="{self.href(entry.path)}"{lang}'
            title = escape_md(entry.title)
            shown = self.in_lang_of(md_filter(summary), entry)
            if style == "kind":
                found = Markup(f"<li>{link}>{title}</a>: {shown}</li>")
            elif style == "path":
                shown_version = html.escape(str(version or ""), quote=True)
                data = f' data-pb-id="{safe_slug(entry.id)}" data-pb-version="{shown_version}"'
                time = f'<span class="pb-time">{self.t("minutes", n=minutes)}</span>'
                found = Markup(f"<li>{link}{data}>{title}</a> {time}<br>{shown}{self.since(changes)}</li>")
            else:
                found = Markup(f"<li>{link}>{title}</a></li>")
            if len(self._items) > 200_000:  # a long session: start again rather than grow
                self._items.clear()
            self._items[key] = found
        return found

    def since(self, changes: tuple[tuple[str, str], ...]) -> Markup:
        """A path entry's last changelog notes, hidden: the reader's browser shows the ones newer
        than the version they last read ("Changed since you read it", playbook.js). The changelog
        is the original's, so it is marked with the default language on other languages' pages."""
        if not changes:
            return Markup("")
        lang = f' lang="{html.escape(self.sel.default_lang)}"' if self.lang != self.sel.default_lang else ""
        items = "".join(
            f'<span class="pb-since__item" data-pb-since="{html.escape(version, quote=True)}">'
            f"<strong>{escape_md(version)}</strong>: {md_filter(note)}</span>"
            for version, note in changes
        )
        return Markup(f'<span class="pb-since" hidden data-pagefind-ignore{lang}>{items}</span>')

    def list_items(self, style: str, entries: list[Entry]) -> Markup:
        """The items of one HTML list (see list_item), joined here rather than in a template loop."""
        return Markup("\n").join(self.list_item(style, entry) for entry in entries)

    def href(self, docs_path: str) -> Markup:
        """The URL MkDocs would make of a Markdown link from the current page to `docs_path`, for
        the lists written in HTML (they skip MkDocs' link conversion)."""
        if self.ctx.engine == "zensical":  # it reads the link from the Markdown file (cross_language_link)
            target = page_url(docs_path).rstrip("/") or "."
            url = posixpath.relpath(target, posixpath.dirname(self.current) or ".") + "/"
            return Markup(html.escape("./" if url == "./" else url, quote=True))
        return Markup(html.escape(get_relative_url(page_url(docs_path), page_url(self.current)), quote=True))

    def when(self, value: Any) -> Any:
        """A checklist phase's timing in the reader's words (reading.when_in_words), else as written."""
        words = when_in_words(value, self.lang, self.t)
        if words is None:
            return value
        return in_language(words, self.marking) if self.marking else words

    def minutes_of(self, entry: Entry) -> int:
        """Reading time, kept per playbook while its data is the same object (serve reloads only
        the files that changed, so an edited playbook's time is computed again)."""
        kept = self.minutes.get(entry.id)
        # Entry.data is a fresh copy per selection; the loaded files' data is what stays the same.
        if kept is None or kept[0] is not entry.source.data or kept[1] is not entry.shown.data:
            kept = self.minutes[entry.id] = (entry.source.data, entry.shown.data, reading_minutes(entry.data))
        return kept[2]

    def home_settings(self) -> dict[str, Any]:
        """What the site's home page asks of the generated parts (its front matter: `home_path`,
        `home_roles`): content decides what the front door shows, for either audience."""
        index = self.sel.pages.get("index")
        meta = index.source.meta if index is not None else {}
        path = meta.get("home_path")
        return {
            "path": path if isinstance(path, str) and path in self.ctx.project.roles else None,
            "roles": meta.get("home_roles") or ("meet" if self.sel.roles_met else "choose"),
        }

    # -- pages ------------------------------------------------------------------------------
    def render(self, template: str, **context: Any) -> str:
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateError as exc:
            raise located(exc, self.ctx.project.root) from exc

    def notices(
        self,
        path: str,
        source: dict[str, Any],
        shown: dict[str, Any],
        status: str,
        audience: str,
        missing: list[dict[str, Any]],
    ) -> dict[str, Any]:
        """What page-notices.md.j2 needs, the same for playbooks and Markdown pages."""
        due = review(source, self.settings.review_every)
        owner = str(source.get("owner") or "")
        return {
            "what": "playbook" if path.startswith("playbooks/") else "page",
            "overdue": bool(due and due.overdue(self.ctx.today)),
            "due": as_date(due.due, self.lang) if due else None,
            "due_iso": due.due.isoformat() if due else None,  # for the reader's browser (playbook.js)
            "reviewed": as_date(due.reviewed, self.lang) if due else None,
            "owner_name": self.role_title(owner) if owner else "",
            "fallback": status == FALLBACK,
            "stale": status == STALE,
            "stale_translates": shown.get("translates", ""),
            "stale_version": source.get("version", ""),
            "missing": missing,
            "source_link": Markup(
                cross_language_link(
                    path, self.lang, self.sel.default_lang, self.sel.default_lang, self.ctx.engine == "zensical"
                )
            ),
            "public_marker": self.sel.audience == "internal" and audience == "public",
        }

    def page_meta(
        self, title: str | None, summary: Any, rel: str, source: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Front matter MkDocs and Material read: title, description, our edit and report links."""
        meta: dict[str, Any] = {}
        if title:
            meta["title"] = _title(title)
        if summary and str(summary).strip():
            meta["description"] = _title(str(summary).strip())
        edit = self.edit_url(rel)
        if edit:
            meta["edit_url"] = edit
        return self.reported(meta, title or rel, rel, source)

    def reported(
        self, meta: dict[str, Any], title: str, rel: str | None = None, source: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """`meta` with the page's "Report a problem" link (report_link.py), when the site has one."""
        if self.report_to:
            source = source or {}
            owner = str(source.get("owner") or "")
            page = Reported(
                title=str(title),
                address="/" + prefix_of(self.lang, self.sel.default_lang) + page_url(self.current),
                file=rel,
                version=str(source["version"]) if source.get("version") else None,
                owner=f"{self.role_title(owner)} ({owner})" if owner else None,
            )
            meta["pb_report"] = report_url(self.report_to, self.lang, page)
        return meta

    def playbook_body(self, entry: Entry) -> str:
        """The kind's template over the playbook's fields, links relative to self.current."""
        data = entry.data
        kind = self.ctx.kinds[entry.kind]
        t = self.kind_t(kind)
        if entry.status == FALLBACK:
            # The body is marked as the default language; its labels and role names as this one.
            t, self.marking = marked(t, self.lang), self.lang
        try:
            return self.render(
                f"{kind.name}/page.md.j2",
                pb=data,
                entry=entry,
                kind=kind,
                t=t,
                storage_key=f"{entry.id}@{data.get('version', '')}",
            )
        finally:
            self.marking = ""

    def playbook_page(self, entry: Entry) -> str:
        self.current = entry.path
        data = entry.data
        kind = self.ctx.kinds[entry.kind]
        body = self.playbook_body(entry)
        notices = self.notices(
            entry.path, entry.source.data, entry.shown.data, entry.status, entry.source.audience, entry.missing
        )
        due = notices["due"]
        text = self.render(
            "playbook.md.j2",
            pb=data,
            entry=entry,
            kind=kind,
            body=Markup(body),
            kind_title=self.kind_title(kind),
            due_note=Markup(f' <span class="pb-due">({self.t("review_due_soon", due=due)})</span>')
            if due and not notices["overdue"]
            else "",
            translates=entry.shown.data.get("translates") if entry.status in (TRANSLATED, STALE) else None,
            related=self.sel.related(entry.id),
            edit_url=self.edit_url(entry.shown.rel),
            kind_page=relative(self.current, f"kinds/{kind.name}.md"),
            tags_page=relative(self.current, "tags.md"),
            **notices,
        )
        text += self.path_next(entry)
        meta = self.page_meta(entry.title, data.get("summary"), entry.shown.rel, entry.source.data)
        return _front_matter(meta) + text

    def kind_t(self, kind: Kind) -> Callable[..., Markup]:
        """The kind's own labels (labels.yaml in its folder) first, then the site's."""
        labels = kind_labels(kind.folder)
        own = {**labels.get("en", {}), **labels.get(self.lang, {})}
        if not own:
            return self.t

        def t(key: str, **values: Any) -> Markup:
            if key not in own:
                return self.t(key, **values)
            return fill(own[key], values)

        return t

    def edit_url(self, rel: str) -> str | None:
        if self.sel.audience != "internal" or not self.settings.repo_url:
            return None
        edit_uri = self.settings.edit_uri if self.settings.edit_uri is not None else "edit/main/"
        # The theme prints edit_url into href="…" as it is: the file's name is encoded, since a
        # name may hold quotes and angle brackets (`x"><a href=…`).
        return posixpath.join(self.settings.repo_url.rstrip("/") + "/", edit_uri.strip("/"), quote(rel))

    @cached_property
    def stops(self) -> dict[str, list[Stop]]:
        """Each playbook's places in the site's reading paths (paths.py), worked out once."""
        return stops(self.sel, self.home["path"])

    def paths_json(self) -> str:
        """The reading paths' ids in order, for the blocks' "3 of 12" (paths.py)."""
        return paths_json(self.sel, self.home["path"])

    def path_next(self, entry: Entry) -> str:
        """The "Next in your path" blocks at the end of a playbook's page (paths.py)."""
        return next_blocks(self, entry, self.stops.get(entry.id, []))

    def role_page(self, rid: str) -> str:
        self.current = f"roles/{rid}.md"
        role = self.sel.roles[rid]
        path = [self.sel.playbooks[p] for p in self.sel.path_of(rid)]
        peers = [p for p in role.pairs_with if p in self.sel.roles]
        minutes = {e.id: self.minutes_of(e) for e in path}
        text = self.render(
            "role.md.j2",
            role=role,
            rid=rid,
            path=path,
            peers=peers,
            title=role.title_in(self.lang),
            summary=role.summary_in(self.lang),
            team=self.t(f"team_{role.team}") if role.team else "",
            minutes=minutes,
            total_minutes=sum(minutes.values()),
            print_link=self.href(print_path(rid)) if path else "",  # in the list's raw HTML
            meet=self.home["roles"] == "meet",
        )
        title = role.title_in(self.lang)
        return _front_matter(self.reported({"title": _title(title)}, title)) + text

    def pages_showing(self, pid: str) -> dict[str, Callable[[], str]]:
        """The docs pages besides its own that show a playbook's text, version or reading time,
        each with how to write it: the role pages whose path holds it, their printable paths, and
        the playbooks before it in a path (their "Next in your path" gives its reading time).
        `serve` writes them again after any edit of that playbook (live.py)."""
        pages: dict[str, Callable[[], str]] = {}
        for rid in self.sel.roles:
            if pid in self.sel.path_of(rid):
                pages[f"roles/{rid}.md"] = functools.partial(self.role_page, rid)
                pages[print_path(rid)] = functools.partial(print_page, self, rid)
        for before, stops_of in self.stops.items():
            if before != pid and before in self.sel.playbooks and any(stop.next == pid for stop in stops_of):
                entry = self.sel.playbooks[before]
                pages[entry.path] = functools.partial(self.playbook_page, entry)
        return pages

    def roles_title(self) -> str:
        """What the roles are to this site's readers: theirs to choose, or people they meet."""
        return str(self.t("who_you_work_with" if self.home["roles"] == "meet" else "roles"))

    def roles_index(self) -> str:
        self.current = "roles/index.md"
        title = self.roles_title()
        meta = self.reported({"title": _title(title)}, str(title))
        return _front_matter(meta) + self.render(
            "roles.md.j2", roles=self.teams(), title=title, meet=self.home["roles"] == "meet"
        )

    def teams(self) -> list[tuple[str, list[Any]]]:
        order = ["cx", "hr", "leadership", "customer"]
        grouped: dict[str, list[Any]] = {}
        for rid, role in self.sel.roles.items():
            grouped.setdefault(role.team, []).append((rid, role.title_in(self.lang), role.summary_in(self.lang)))
        return [
            (str(self.t(f"team_{team}")), grouped[team])
            for team in sorted(grouped, key=lambda x: order.index(x) if x in order else 9)
        ]

    def kind_page(self, kind: Kind, entries: list[Entry]) -> str:
        self.current = f"kinds/{kind.name}.md"
        title = self.kind_title(kind)
        # A long list gets a heading per initial letter, so the page's contents jump to a letter.
        groups: list[tuple[str, list[Entry]]] = [("", entries)]
        if len(entries) > NAV_CHUNK:
            groups = []
            for entry in entries:
                initial = entry.title.strip()[:1].upper() or "#"
                if not groups or groups[-1][0] != initial:
                    groups.append((initial, []))
                groups[-1][1].append(entry)
        return _front_matter(self.reported({"title": _title(title)}, title)) + self.render(
            "kind.md.j2", kind=kind, title=title, groups=groups, description=self.kind_description(kind)
        )

    def kind_title(self, kind: Kind) -> str:
        return kind.title_in(self.lang)

    def kind_description(self, kind: Kind) -> str:
        return kind.description_in(self.lang)

    def tags_page(self) -> str:
        self.current = "tags.md"
        meta = self.reported({"title": _title(str(self.t("tags")))}, str(self.t("tags")))
        return _front_matter(meta) + self.render("tags.md.j2", tags=self.sel.tags)

    def content_page(self, slug: str) -> str:
        pe = self.sel.pages[slug]
        self.current = pe.path
        page = pe.shown
        # A title of its own (the home page has the site's name): without one, Material prints the
        # nav's name for the page through Jinja's striptags, which undoes the escaping
        # (`</title><script>` in a file name).
        meta = self.page_meta(
            page.title or (slug if slug != "index" else None), page.meta.get("summary"), page.rel, pe.source.meta
        )
        meta.update({key: page.meta[key] for key in ("hide", "icon", "template") if key in page.meta})
        search = page.meta.get("search")
        if isinstance(search, dict) and search.get("exclude"):
            self.unsearched.append(page_url(pe.path))
        notices = self.render(
            "page-notices.md.j2", **self.notices(pe.path, pe.source.meta, page.meta, pe.status, pe.source.audience, [])
        )
        body = page.body.lstrip("\n")
        if body.startswith("# "):
            heading, _, body = body.partition("\n")
        else:
            heading = f"# {escape_md(page.title)}" if page.title else ""
        chooser, rest = "", ""
        if slug == "index":
            # What the home page asks for (its home_path, home_roles) comes before its sections:
            # readers come with a role, or for the playbooks written for them.
            chooser = self.home_parts()
            body, sep, tail = body.partition("\n## ")
            rest = "## " + tail if sep else ""
        fallback = self.sel.default_lang if pe.status == FALLBACK else ""
        body = "".join(
            (
                _in_language(heading, fallback),
                "\n\n",
                notices,
                _in_language(body, fallback),
                "\n",
                chooser,
                "\n" if rest else "",
                _in_language(rest, fallback),
            )
        )
        return _front_matter(meta) + body

    def home_page(self) -> str:
        """The front page when content/ has none (or it is internal and this is the public site)."""
        self.current = "index.md"
        title = self.settings.site_name_in(self.lang, public=self.sel.audience == "public")
        return (
            _front_matter(self.reported({"title": _title(title)}, title))
            + f"# {escape_md(title)}\n\n"
            + self.home_parts()
        )

    def home_parts(self) -> str:
        """The generated parts of the home page: the path its front matter names (`home_path`),
        then the roles as its `home_roles` says; with neither, every playbook, so that a site
        whose roles are all internal still opens on its content."""
        rid = self.home["path"]
        entries = [self.sel.playbooks[p] for p in self.sel.path_of(rid)] if rid else []
        mode = self.home["roles"]
        teams = self.teams() if mode != "none" else []
        if not entries and not teams:
            entries = sorted(self.sel.playbooks.values(), key=lambda e: e.title.casefold())
        return self.render(
            "home.md.j2",
            teams=teams,
            meet=mode == "meet",
            entries=entries,
            path_role=rid or "",
            minutes={e.id: self.minutes_of(e) for e in entries},
        )

    # -- the project ------------------------------------------------------------------------
    def start(self, out: Path) -> None:
        """An empty project folder; pages are written into it as soon as each is rendered."""
        self.out = out
        if out.exists():
            shutil.rmtree(out)
        (out / "docs").mkdir(parents=True)
        self.written: set[str] = set()
        self.origins: dict[str, str] = {}

    def put(self, rel: str, text: str, origin: str | None = None) -> None:
        target = self.out / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.written.add(rel)
        if origin is not None:
            self.origins[rel] = origin

    def put_playbook(self, pid: str) -> None:
        entry = self.sel.playbooks.get(pid)
        if entry is not None:
            self.put(entry.path, self.playbook_page(entry), entry.shown.rel)

    def finish(self, site_dir: Path) -> Path:
        """Every page besides the playbooks', the theme and mkdocs.yml; returns its path."""
        out = self.out
        for rid in self.sel.roles:
            self.put(f"roles/{rid}.md", self.role_page(rid))
            if self.sel.path_of(rid):
                self.put(print_path(rid), print_page(self, rid))
                self.unsearched.append(page_url(print_path(rid)))  # its text is on the playbooks' pages
        if self.sel.roles:
            self.put("roles/index.md", self.roles_index())
        kinds = self.sel.by_kind
        for kind_name, entries in kinds.items():
            self.put(f"kinds/{kind_name}.md", self.kind_page(self.ctx.kinds[kind_name], entries))
        if self.sel.tags:
            self.put("tags.md", self.tags_page())
        if self.ctx.changes is not None:
            from . import changespage

            changespage.write(self, self.ctx.changes)
        for slug, pe in self.sel.pages.items():
            self.put(f"{slug}.md", self.content_page(slug), pe.shown.rel)
        if "index.md" not in self.written:
            self.put("index.md", self.home_page())
        if self.lang == self.sel.default_lang:
            publish_schemas(self.ctx.kinds, out / "docs")
        shutil.copytree(THEME / "assets", out / "docs" / ASSETS)
        (out / "docs" / PATHS_FILE).write_text(self.paths_json(), encoding="utf-8")
        overrides = out / "overrides"
        shutil.copytree(THEME / "overrides", overrides)
        custom = self.ctx.project.custom_dir
        if custom is not None:
            root = self.ctx.project.root
            shutil.copytree(custom, overrides, dirs_exist_ok=True, ignore=lambda folder, names: [
                n for n in names if not inside(Path(folder) / n, root)  # never a file from outside
            ])  # fmt: skip
        config = self.config(site_dir, kinds)
        (out / "mkdocs.yml").write_text(dump(config), encoding="utf-8")
        (out / EXCLUDED_LIST).write_text("".join(f"{url}\n" for url in self.unsearched), encoding="utf-8")
        (out / SOURCES_LIST).write_text(json.dumps(self.origins, indent=0, sort_keys=True), encoding="utf-8")
        return out / "mkdocs.yml"

    def nav(self, kinds: dict[str, list[Entry]]) -> list[Any]:
        t = self.t
        nav: list[Any] = [{str(t("home")): "index.md"}]
        roles = [{_title(r.title_in(self.lang)): f"roles/{rid}.md"} for rid, r in self.sel.roles.items()]
        if roles:
            nav.append({_title(self.roles_title()): ["roles/index.md", *roles]})
        by_kind = []
        for kind_name, entries in kinds.items():
            kind = self.ctx.kinds[kind_name]
            chunks = nav_chunks(entries)
            page = f"kinds/{kind_name}.md"
            by_kind.append({_title(self.kind_title(kind)): [page, *chunks] if chunks else page})
        if by_kind:
            nav.append({str(t("playbooks")): by_kind})
        background = [
            {_title(p.shown.title or p.slug): p.path} for slug, p in sorted(self.sel.pages.items()) if slug != "index"
        ]
        if background:
            nav.append({str(t("background")): background})
        if self.sel.tags:
            nav.append({str(t("tags")): "tags.md"})
        if self.ctx.changes is not None:  # the What changed page (changespage.write)
            nav.append({str(t("changes_title")): "changes.md"})
        return nav

    def config(self, site_dir: Path, kinds: dict[str, list[Entry]]) -> dict[str, Any]:
        raw = copy.deepcopy(self.settings.raw)
        public = self.sel.audience == "public"
        config: dict[str, Any] = {k: v for k, v in raw.items() if k not in ("nav", "docs_dir", "site_dir", "INHERIT")}
        config["site_name"] = self.settings.site_name_in(self.lang, public)
        for key in ("site_description", "copyright"):
            if self.settings.setting_in(key, self.lang):
                config[key] = self.settings.setting_in(key, self.lang)
        config["docs_dir"] = "docs"
        config["site_dir"] = str(site_dir)
        if public:
            for key in ("repo_url", "repo_name", "edit_uri", "edit_uri_template"):
                config.pop(key, None)
        else:
            config["edit_uri"] = ""  # generated pages carry their own edit_url (the YAML source)
        theme = (
            dict(config.get("theme") or {"name": "material"})
            if isinstance(config.get("theme"), dict)
            else {"name": "material"}
        )
        theme["language"] = self.lang
        if "palette" in theme:
            theme["palette"] = localize_palette(theme["palette"], self.t, self.lang == self.sel.default_lang)
        theme["custom_dir"] = "overrides"
        theme["font"] = False  # private by default: no web fonts from another host
        # Zensical's "modern" look differs from Material's; its "classic" one is Material's
        # (MkDocs ignores the key). A project that names a variant keeps it.
        theme.setdefault("variant", "classic")
        config["theme"] = theme
        config["markdown_extensions"] = self._extensions(config.get("markdown_extensions") or [])
        config["plugins"] = self._plugins(config.get("plugins") or ["search"])
        extra = dict(config.get("extra") or {})
        extra.pop("playbook", None)
        extra.pop("analytics", None)
        extra["alternate"] = (
            [
                {
                    "name": own_name(lang),
                    "lang": lang,
                    "link": cross_language_link("index.md", self.lang, lang, self.sel.default_lang),
                }
                for lang in self.ctx.languages
            ]
            if len(self.ctx.languages) > 1
            else []
        )
        extra["playbook_lang"] = self.lang
        extra["playbook_default_lang"] = self.sel.default_lang
        extra["playbook_search_more"] = str(self.t("search_more"))
        extra["playbook_ui"] = theme_strings(self.t)
        extra["playbook_report"] = str(self.t("report_problem"))
        extra["playbook_search_ui"] = self.search_ui_texts()
        scripts = [f"{ASSETS}/{n}" for n in SCRIPTS]
        if self.ctx.versioned:
            from .versions import version_setting

            extra["version"] = version_setting(extra.get("version"), self.ctx, self.lang, self.sel.default_lang)
            scripts.append(f"{ASSETS}/versions.js")
        config["extra"] = extra
        config["extra_css"] = [*(config.get("extra_css") or []), *(f"{ASSETS}/{n}" for n in STYLES)]
        config["extra_javascript"] = [*(config.get("extra_javascript") or []), *scripts]
        config["nav"] = self.nav(kinds)
        if isinstance(config.get("hooks"), list):  # relative to the project's mkdocs.yml, as in MkDocs
            root = self.ctx.project.root
            config["hooks"] = [str(root / h) if isinstance(h, str) else h for h in config["hooks"]]
        for key in TEXT_SETTINGS:
            if isinstance(config.get(key), str):
                config[key] = _title(config[key])
        config["validation"] = {
            # The nav is generated: a page left out of it (a large kind's playbooks) is on purpose.
            "nav": {"omitted_files": "info", "not_found": "warn", "absolute_links": "info"},
            "links": {"not_found": "warn", "anchors": "info", "absolute_links": "info", "unrecognized_links": "info"},
        }
        return config

    def search_ui_texts(self) -> dict[str, str]:
        """Pagefind's search UI texts in this language (its translation keys; [SEARCH_TERM] and
        [COUNT] are its placeholders), for the Zensical engine's search dialog."""
        keys = {
            "placeholder": "search_placeholder",
            "search_label": "search_label",
            "close": "search_close",
            "clear_search": "search_clear",
            "load_more": "search_load_more",
            "zero_results": "search_none",
            "one_result": "search_one",
            "many_results": "search_many",
            "searching": "search_searching",
        }
        return {
            name: str(self.t(key)).replace("{term}", "[SEARCH_TERM]").replace("{count}", "[COUNT]")
            for name, key in keys.items()
        }

    def _extensions(self, configured: list[Any]) -> list[Any]:
        result: dict[str, Any] = {}
        for item in configured:
            if isinstance(item, str):
                result[item] = None
            elif isinstance(item, dict):
                result.update(item)
        for name, options in REQUIRED_EXTENSIONS.items():
            result.setdefault(name, options)
        tasklist = dict(result.get("pymdownx.tasklist") or {})
        tasklist.update({"custom_checkbox": True, "clickable_checkbox": True})
        result["pymdownx.tasklist"] = tasklist
        toc = dict(result.get("toc") or {})
        toc.setdefault("permalink", True)
        if self.lang != self.sel.default_lang or not toc.get("permalink_title"):
            toc["permalink_title"] = str(self.t("permalink"))  # a project writes it in the default language
        # Python-Markdown's default slugify drops Cyrillic and Devanagari, leaving ids like "_1",
        # and pymdownx's drops Devanagari vowel signs: ours keeps every letter and mark.
        toc.setdefault(
            "slugify",
            Tagged("tag:yaml.org,2002:python/object/apply:generator.slugs.slugify", {"kwds": {"case": "lower"}}),
        )
        result["toc"] = toc
        result.pop(SANITIZER, None)
        result[SANITIZER] = None  # last in the list, as its postprocessor is last in each conversion
        if "pymdownx.snippets" in result:
            snippets = dict(result["pymdownx.snippets"] or {})
            # Only the generated docs of this audience and language, wherever MkDocs runs from.
            snippets.update({
                "base_path": [Tagged("!relative", "$docs_dir")],
                "restrict_base_path": True,
                "check_paths": True,
                "url_download": False,
            })  # fmt: skip
            result["pymdownx.snippets"] = snippets
        return [name if options is None else {name: options} for name, options in result.items()]

    def _plugins(self, configured: list[Any]) -> list[Any]:
        """The configured plugins with Material's search kept for its search box only.

        Every page's front matter excludes it from Material's lunr index (see _front_matter), so
        the plugin writes an empty index; Pagefind indexes the built site (search.py) and the
        search box asks it through assets/playbook/search-worker.js."""
        lang = self.lang if self.lang in SEARCH_LANGUAGES else "en"
        plugins: list[Any] = []
        for item in configured:
            name = item if isinstance(item, str) else next(iter(item), "") if isinstance(item, dict) else ""
            if name in ("search", "material/search"):
                options = dict(item[name] or {}) if isinstance(item, dict) else {}
                options["lang"] = [lang]
                options.pop("pipeline", None)
                plugins.append({"search": options})
            else:
                plugins.append(item)
        if not any((p == "search" or (isinstance(p, dict) and "search" in p)) for p in plugins):
            return self._plugins(["search", *plugins])
        return plugins


NAV_CHUNK = 40
NAV_KIND_LIMIT = 200


def nav_chunks(entries: list[Entry], size: int = NAV_CHUNK) -> list[Any]:
    """A kind's playbooks for the nav: as they are when few; alphabetical groups of at most `size`
    when more; none past NAV_KIND_LIMIT, where the kind's own page (which lists them all) is
    the nav's entry. Every page carries the nav: with hundreds of groups it outweighed the page
    itself (45 of 68 kB at 4,000 playbooks) and made each page's build cost grow with N, while a
    reader facing that many playbooks of one kind finds them by role path, tag and search."""
    if len(entries) > NAV_KIND_LIMIT:
        return []
    items = [{_title(e.title): e.path} for e in entries]
    if len(entries) <= size:
        return items
    groups = []
    for start in range(0, len(entries), size):
        chunk = entries[start : start + size]
        first, last = chunk[0].title.strip()[:1].upper(), chunk[-1].title.strip()[:1].upper()
        label = first if first == last else f"{first}–{last}"
        groups.append({_title(f"{label} ({start + 1}–{start + len(chunk)})"): items[start : start + size]})
    return groups


def _in_language(markdown: str, lang: str) -> str:
    """Markdown of one language inside a page of another: a block that says which (lang=...)."""
    if not lang or not markdown.strip():
        return markdown
    return f'<div lang="{lang}" markdown>\n\n{markdown.strip(chr(10))}\n\n</div>\n'


def _title(text: str) -> str:
    """Text for mkdocs.yml and front matter, which MkDocs' templates print without escaping, in
    elements and in attributes alike (`<meta name="description" content="…">`): every character
    that could end an element or an attribute becomes an entity."""
    return html.escape(str(text).strip(), quote=True)


# Settings Material prints into pages as they are: text, never markup (an editor's `"` or `<`
# must not add an attribute to <meta> or an element to the header).
TEXT_SETTINGS = ("site_name", "site_description", "site_author", "copyright", "repo_name")


def _front_matter(meta: dict[str, Any]) -> str:
    """Every generated page is left out of Material's own (lunr) index: Pagefind indexes the
    built HTML instead, so the search plugin only draws the search box."""
    meta = {**meta, "search": {"exclude": True}}
    return "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter: a quarter of the writing time


def compare_with_release(ctx: BuildContext, sels: list[Selection]) -> None:
    """What the What changed page shows: the comparison of every language's selection with the
    release (once, before the languages are written, perhaps in several processes)."""
    if ctx.release is not None and ctx.changes is None:
        from .release import release_changes

        ctx.changes = release_changes(ctx.release, sels[0].audience, sels, ctx.project.playbooks)


def emit_languages(ctx: BuildContext, jobs: list[tuple[Selection, Path, Path]]) -> list[Path]:
    """Write one project per (selection, project folder, site folder); returns their mkdocs.yml.

    A playbook's page is written in every language before the next playbook's: an untranslated
    playbook shows the same text in each language, so its rendered Markdown values are still in
    render_inline's bounded cache when the next language asks. (Language after language, the
    cache was cycled through by thousands of playbooks before any reuse, and writing grew faster
    than the number of playbooks.)"""
    compare_with_release(ctx, [sel for sel, _out, _site in jobs])
    emitters = [Emitter(ctx, sel) for sel, _out, _site in jobs]
    for emitter, (_sel, out, _site) in zip(emitters, jobs, strict=True):
        emitter.start(out)
    order: dict[str, None] = {}
    for sel, _out, _site in jobs:
        order.update(dict.fromkeys(sel.playbooks))
    for pid in order:
        for emitter in emitters:
            emitter.put_playbook(pid)
    return [emitter.finish(site) for emitter, (_sel, _out, site) in zip(emitters, jobs, strict=True)]
