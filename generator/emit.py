"""Write an ordinary Material for MkDocs project for one audience and one language.

The output is plain Markdown plus a complete mkdocs.yml, so MkDocs builds it today and an engine
that reads mkdocs.yml without running MkDocs plugins (Zensical) can build it tomorrow. Only what
the Selection holds is written: the public project's folder never contains internal text.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import posixpath
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from markupsafe import Markup

from .freshness import review
from .kinds import Kind
from .model import Project
from .render import escape_md, make_environment, relative, translator
from .search import EXCLUDED_LIST
from .select import FALLBACK, STALE, Entry, Selection
from .siteconfig import Tagged, dump

THEME = Path(__file__).parent / "theme"
ASSETS = "assets/playbook"
LANGUAGE_NAMES = {
    "en": "English",
    "it": "Italiano",
    "ru": "Русский",
    "hi": "हिन्दी",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "pt": "Português",
    "nl": "Nederlands",
    "pl": "Polski",
    "uk": "Українська",
    "ja": "日本語",
    "zh": "中文",
    "ar": "العربية",
    "tr": "Türkçe",
}
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
        self.env = make_environment([k.folder.parent for k in ctx.kinds.values()])
        self.env.filters["url"] = lambda v: Markup(safe_url(v))
        self.current = "index.md"
        self.unsearched: list[str] = []  # content pages whose front matter says search: exclude
        self.env.globals.update(
            t=self.t,
            role_link=self.role_link,
            role_links=self.role_links,
            owner_badge=lambda rid: Markup(f' <span class="pb-owner">{self.role_title(rid)}</span>'),
            role_title=self.role_title,
            playbook_link=self.playbook_link,
            link_to=self.link_to,
            lang=self.lang,
        )

    # -- helpers the templates call ---------------------------------------------------------
    def role_title(self, rid: str) -> Markup:
        role = self.ctx.project.roles.get(rid)
        return escape_md(role.title_in(self.lang) if role else rid)

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
        return Markup(f"[{escape_md(entry.title)}]({relative(self.current, entry.path)})")

    def link_to(self, docs_path: str) -> Markup:
        return relative(self.current, docs_path)

    # -- pages ------------------------------------------------------------------------------
    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

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
            "overdue": bool(due and due.overdue(self.ctx.today)),
            "due": due.due if due else None,
            "reviewed": due.reviewed if due else None,
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

    def page_meta(self, title: str | None, summary: Any, rel: str) -> dict[str, Any]:
        """Front matter MkDocs and Material read: title, description, and our edit link."""
        meta: dict[str, Any] = {}
        if title:
            meta["title"] = _title(title)
        if summary and str(summary).strip():
            meta["description"] = _title(str(summary).strip())
        edit = self.edit_url(rel)
        if edit:
            meta["edit_url"] = edit
        return meta

    def playbook_page(self, entry: Entry) -> str:
        self.current = entry.path
        data = entry.data
        kind = self.ctx.kinds[entry.kind]
        body = self.render(
            f"{kind.name}/page.md.j2",
            pb=data,
            entry=entry,
            kind=kind,
            t=self.kind_t(kind),
            storage_key=f"{entry.id}@{data.get('version', '')}",
        )
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
            related=self.sel.related(entry.id),
            edit_url=self.edit_url(entry.shown.rel),
            kind_page=relative(self.current, f"kinds/{kind.name}.md"),
            tags_page=relative(self.current, "tags.md"),
            **notices,
        )
        return _front_matter(self.page_meta(entry.title, data.get("summary"), entry.shown.rel)) + text

    def kind_t(self, kind: Kind) -> Callable[..., Markup]:
        """The kind's own labels (labels.yaml in its folder) first, then the site's."""
        labels = kind_labels(kind.folder)
        own = {**labels.get("en", {}), **labels.get(self.lang, {})}
        if not own:
            return self.t

        def t(key: str, **values: Any) -> Markup:
            if key not in own:
                return self.t(key, **values)
            safe = {k: (v if isinstance(v, Markup) else escape_md(v)) for k, v in values.items()}
            return Markup(own[key].format(**safe) if safe else own[key])

        return t

    def edit_url(self, rel: str) -> str | None:
        if self.sel.audience != "internal" or not self.settings.repo_url:
            return None
        edit_uri = self.settings.edit_uri if self.settings.edit_uri is not None else "edit/main/"
        return posixpath.join(self.settings.repo_url.rstrip("/") + "/", edit_uri.strip("/"), rel)

    def role_page(self, rid: str) -> str:
        self.current = f"roles/{rid}.md"
        role = self.sel.roles[rid]
        path = [self.sel.playbooks[p] for p in self.sel.path_of(rid)]
        peers = [p for p in role.pairs_with if p in self.sel.roles]
        text = self.render(
            "role.md.j2",
            role=role,
            rid=rid,
            path=path,
            peers=peers,
            title=role.title_in(self.lang),
            summary=role.summary_in(self.lang),
            team=self.t(f"team_{role.team}") if role.team else "",
        )
        return _front_matter({"title": _title(role.title_in(self.lang))}) + text

    def roles_index(self) -> str:
        self.current = "roles/index.md"
        return _front_matter({"title": _title(str(self.t("roles")))}) + self.render("roles.md.j2", roles=self.teams())

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
        return _front_matter({"title": _title(title)}) + self.render(
            "kind.md.j2", kind=kind, title=title, groups=groups, description=self.kind_description(kind)
        )

    def kind_title(self, kind: Kind) -> str:
        titles = kind.schema.get("x-titles") or {}
        return str(titles.get(self.lang) or kind.title)

    def kind_description(self, kind: Kind) -> str:
        descriptions = kind.schema.get("x-descriptions") or {}
        return str(descriptions.get(self.lang) or kind.schema.get("description") or "")

    def tags_page(self) -> str:
        self.current = "tags.md"
        return _front_matter({"title": _title(str(self.t("tags")))}) + self.render("tags.md.j2", tags=self.sel.tags)

    def content_page(self, slug: str) -> str:
        pe = self.sel.pages[slug]
        self.current = pe.path
        page = pe.shown
        meta = self.page_meta(page.title, page.meta.get("summary"), page.rel)
        meta.update({key: page.meta[key] for key in ("hide", "icon") if key in page.meta})
        search = page.meta.get("search")
        if isinstance(search, dict) and search.get("exclude"):
            self.unsearched.append(page_url(pe.path))
        notices = self.render(
            "page-notices.md.j2", **self.notices(pe.path, pe.source.meta, page.meta, pe.status, pe.source.audience, [])
        )
        body = page.body.lstrip("\n")
        has_h1 = body.startswith("# ")
        if has_h1:
            first, _, rest = body.partition("\n")
            body = first + "\n\n" + notices + rest
        else:
            heading = f"# {escape_md(page.title)}\n\n" if page.title else ""
            body = heading + notices + body
        if slug == "index":
            # "Who are you?" comes before the front page's sections: readers come with a role.
            chooser = self.render("home.md.j2", teams=self.teams())
            head, sep, tail = body.partition("\n## ")
            body = head + "\n" + chooser + ("\n## " + tail if sep else "")
        return _front_matter(meta) + body

    def home_page(self) -> str:
        """The front page when content/ has none (or it is internal and this is the public site)."""
        self.current = "index.md"
        title = self.settings.public_site_name if self.sel.audience == "public" else self.settings.site_name
        return (
            _front_matter({"title": _title(title)})
            + f"# {escape_md(title)}\n\n"
            + self.render("home.md.j2", teams=self.teams())
        )

    # -- the project ------------------------------------------------------------------------
    def start(self, out: Path) -> None:
        """An empty project folder; pages are written into it as soon as each is rendered."""
        self.out = out
        if out.exists():
            shutil.rmtree(out)
        (out / "docs").mkdir(parents=True)
        self.written: set[str] = set()

    def put(self, rel: str, text: str) -> None:
        target = self.out / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.written.add(rel)

    def put_playbook(self, pid: str) -> None:
        entry = self.sel.playbooks.get(pid)
        if entry is not None:
            self.put(entry.path, self.playbook_page(entry))

    def finish(self, site_dir: Path) -> Path:
        """Every page besides the playbooks', the theme and mkdocs.yml; returns its path."""
        out = self.out
        for rid in self.sel.roles:
            self.put(f"roles/{rid}.md", self.role_page(rid))
        if self.sel.roles:
            self.put("roles/index.md", self.roles_index())
        kinds = self.sel.by_kind
        for kind_name, entries in kinds.items():
            self.put(f"kinds/{kind_name}.md", self.kind_page(self.ctx.kinds[kind_name], entries))
        if self.sel.tags:
            self.put("tags.md", self.tags_page())
        for slug in self.sel.pages:
            self.put(f"{slug}.md", self.content_page(slug))
        if "index.md" not in self.written:
            self.put("index.md", self.home_page())
        shutil.copytree(THEME / "assets", out / "docs" / ASSETS)
        overrides = out / "overrides"
        shutil.copytree(THEME / "overrides", overrides)
        custom = self._project_custom_dir()
        if custom is not None:
            shutil.copytree(custom, overrides, dirs_exist_ok=True)
        config = self.config(site_dir, kinds)
        (out / "mkdocs.yml").write_text(dump(config), encoding="utf-8")
        (out / EXCLUDED_LIST).write_text("".join(f"{url}\n" for url in self.unsearched), encoding="utf-8")
        return out / "mkdocs.yml"

    def _project_custom_dir(self) -> Path | None:
        theme = self.settings.raw.get("theme")
        name = theme.get("custom_dir") if isinstance(theme, dict) else None
        path = (self.ctx.project.root / str(name)) if name else self.ctx.project.root / "theme"
        return path if path.is_dir() else None

    def nav(self, kinds: dict[str, list[Entry]]) -> list[Any]:
        t = self.t
        nav: list[Any] = [{str(t("home")): "index.md"}]
        roles = [{_title(r.title_in(self.lang)): f"roles/{rid}.md"} for rid, r in self.sel.roles.items()]
        if roles:
            nav.append({str(t("roles")): ["roles/index.md", *roles]})
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
        return nav

    def config(self, site_dir: Path, kinds: dict[str, list[Entry]]) -> dict[str, Any]:
        raw = copy.deepcopy(self.settings.raw)
        public = self.sel.audience == "public"
        config: dict[str, Any] = {k: v for k, v in raw.items() if k not in ("nav", "docs_dir", "site_dir", "INHERIT")}
        config["site_name"] = self.settings.public_site_name if public else self.settings.site_name
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
                    "name": LANGUAGE_NAMES.get(lang, lang),
                    "lang": lang,
                    "link": cross_language_link("index.md", self.lang, lang, self.sel.default_lang),
                }
                for lang in self.ctx.languages
            ]
            if len(self.ctx.languages) > 1
            else []
        )
        extra["playbook_lang"] = self.lang
        extra["playbook_search_more"] = str(self.t("search_more"))
        extra["playbook_search_ui"] = self.search_ui_texts()
        if self.ctx.versioned:
            extra["version"] = {"provider": "mike", **(extra.get("version") or {})}
        config["extra"] = extra
        config["extra_css"] = [*(config.get("extra_css") or []), f"{ASSETS}/playbook.css"]
        config["extra_javascript"] = [*(config.get("extra_javascript") or []), f"{ASSETS}/playbook.js"]
        config["nav"] = self.nav(kinds)
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
        # Python-Markdown's default slugify drops Cyrillic and Devanagari, leaving ids like "_1".
        toc.setdefault(
            "slugify",
            Tagged("tag:yaml.org,2002:python/object/apply:pymdownx.slugs.slugify", {"kwds": {"case": "lower"}}),
        )
        result["toc"] = toc
        if "pymdownx.snippets" in result:
            snippets = dict(result["pymdownx.snippets"] or {})
            snippets.update(
                {"base_path": ["docs"], "restrict_base_path": True, "check_paths": True, "url_download": False}
            )
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


@lru_cache(maxsize=64)
def kind_labels(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / "labels.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): {str(kk): str(vv) for kk, vv in v.items()} for k, v in data.items() if isinstance(v, dict)}


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


def _title(text: str) -> str:
    """Titles go into mkdocs.yml and front matter, which MkDocs' templates print without escaping."""
    return html.escape(str(text).strip(), quote=False)


def _front_matter(meta: dict[str, Any]) -> str:
    """Every generated page is left out of Material's own (lunr) index: Pagefind indexes the
    built HTML instead, so the search plugin only draws the search box."""
    meta = {**meta, "search": {"exclude": True}}
    return "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter: a quarter of the writing time


def emit_languages(ctx: BuildContext, jobs: list[tuple[Selection, Path, Path]]) -> list[Path]:
    """Write one project per (selection, project folder, site folder); returns their mkdocs.yml.

    A playbook's page is written in every language before the next playbook's: an untranslated
    playbook shows the same text in each language, so its rendered Markdown values are still in
    render_inline's bounded cache when the next language asks. (Language after language, the
    cache was cycled through by thousands of playbooks before any reuse, and writing grew faster
    than the number of playbooks.)"""
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
