"""Load a whole project (settings, roles, playbooks, translations, pages) and every problem in it.

One bad file never hides another's problems: each file is loaded and checked on its own, its
diagnostics collected, and the cross-references run over whatever loaded.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from . import layout, public_links, report_link, safety, xrefs
from .configcheck import config_problems
from .diagnostics import Diagnostic, Severity
from .freshness import semver_key
from .homes import check_homes
from .kindcheck import project_kind_problems
from .kinds import SCHEMAS, Kind, discover, load_json
from .kindtext import kind_language_problems
from .model import Page, Playbook, Project, Role
from .processes import die_with_parent
from .siteconfig import ConfigError, read_config, settings, settings_problems
from .skeleton import PLACEHOLDER
from .sources import (
    Document,
    JsonPath,
    LoadError,
    load_yaml_file,
    parse_yaml,
    read_text,
    split_front_matter,
    strings,
)
from .validate import did_you_mean, schema_diagnostics

ROLES_FILE = "roles.yaml"
_LANG_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)$")

_ROLES_SCHEMA = load_json(SCHEMAS / "roles.schema.json")
_PAGE_SCHEMA = load_json(SCHEMAS / "page.schema.json")
_ROLES_VALIDATOR = Draft202012Validator(_ROLES_SCHEMA, format_checker=FormatChecker(["date"]))
_PAGE_VALIDATOR = Draft202012Validator(_PAGE_SCHEMA, format_checker=FormatChecker(["date"]))


class _Collector:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.diagnostics: list[Diagnostic] = []

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def error(
        self,
        doc_or_rel: Document | str,
        path: JsonPath,
        code: str,
        message: str,
        severity: Severity = "error",
        key: bool = False,
    ) -> None:
        if isinstance(doc_or_rel, Document):
            self.diagnostics.append(doc_or_rel.problem(path, code, message, severity, key=key))
        else:  # a problem with the file as a whole
            self.diagnostics.append(Diagnostic(doc_or_rel, 1, 1, severity, code, message))


def _scan_doc(doc: Document, out: list[Diagnostic]) -> None:
    for path, text in strings(doc.data):
        if text == PLACEHOLDER:  # left by `playbook new` for the editor to replace
            field = next((p for p in reversed(path) if isinstance(p, str)), "value")
            out.append(
                doc.problem(path, "placeholder", f"'{field}' still says '{PLACEHOLDER}'; write its text", "warning")
            )
            continue
        if len(text) <= 200 and "<" not in text and ":" not in text and "{" not in text and "&" not in text:
            continue
        for offset, code, message in safety.problems(text, allow_html=False):
            pos = doc.text_pos(path, offset)
            out.append(Diagnostic(doc.rel, pos.line, pos.column, safety.severity_of(code), code, message))


class FileCache:
    """Loaded playbook files kept between rebuilds in `serve`, keyed by path, mtime and size.

    Deliberate, not accidental, state: a file whose stat changed is loaded again; everything that
    depends on other files (cross-references, selection, rendering) is recomputed every time."""

    def __init__(self) -> None:
        self.entries: dict[Path, tuple[tuple[int, int], tuple[Playbook | None, list[Diagnostic]]]] = {}
        self.reloaded: set[Path] = set()
        # A file's cross-reference problems depend on the file and on the ids that exist; the ids
        # it names (refs and defs) on the file alone, so they are kept until it changes.
        self.xrefs: dict[str, tuple[int, list[Diagnostic]]] = {}
        self.refs: dict[str, Any] = {}
        self.names: dict[str, set[str]] | None = None  # the ids that existed at the last load
        self._listing: tuple[tuple[tuple[str, int], ...], list[Path]] | None = None

    @staticmethod
    def stamp(path: Path) -> tuple[int, int]:
        st = path.stat()
        return (st.st_mtime_ns, st.st_size)

    def playbook_files(self, root: Path) -> list[Path]:
        """The playbook files, listed again only when a folder under playbooks/ changed (a file
        added, removed or renamed changes its folder's mtime): at 2,500 files, listing is a
        tenth of a second that an edit to one file does not need."""
        if self._listing is not None:
            try:
                now = tuple((d, os.stat(d).st_mtime_ns) for d, _ in self._listing[0])
            except OSError:
                now = ()
            if now == self._listing[0]:
                return self._listing[1]
        folders, files = _scan_playbooks(root)
        stamps = tuple((str(d), os.stat(d).st_mtime_ns) for d in folders)
        self._listing = (stamps, files)
        return files


def _scan_playbooks(root: Path) -> tuple[list[Path], list[Path]]:
    """The folders under playbooks/ and the files `_playbook_files` lists, in one os.scandir walk
    (a quarter of pathlib's time at 2,500 files: no stat for a regular file). The same files in
    the same order; tests/test_live.py compares the two, symlinks included."""
    base = root / "playbooks"
    if not base.is_dir():
        return [], []
    folders: list[Path] = []
    files: list[Path] = []
    pending = [base]
    while pending:
        folder = pending.pop()
        folders.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                    if folder == base and entry.name in (ROLES_FILE, "roles.yml"):
                        continue
                    files.append(Path(entry.path))
    return sorted(folders), sorted(files)


def load_project(root: Path, cache: FileCache | None = None) -> tuple[Project, list[Diagnostic]]:
    root = root.resolve()
    col = _Collector(root)
    try:
        config = read_config(root)
    except ConfigError as exc:
        col.diagnostics.append(exc.diagnostic)
        config = {}
    site = settings(config)
    if config:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        col.diagnostics.extend(settings_problems(config, text) + report_link.setting_problems(config, text))
        col.diagnostics.extend(config_problems(root, config, text))
    theme_dir = _theme_dir(root, config, col)
    col.diagnostics.extend(
        layout.links_out_of_project(root, [root / "playbooks", root / "content", root / "kinds", theme_dir])
    )
    kinds = discover((root / "kinds",))
    col.diagnostics.extend(project_kind_problems(root))
    roles, roles_doc = _load_roles(root, col, site.languages)
    playbooks, translations, unusable = _load_playbooks(root, col, kinds, site.languages, cache)
    pages = _load_pages(root, col, site.languages)
    project = Project(
        root=root,
        settings=site,
        roles=roles,
        playbooks=playbooks,
        translations=translations,
        pages=pages,
        roles_doc=roles_doc,
    )
    _cross_check(project, kinds, col, cache, unusable)
    col.diagnostics.extend(layout.url_collisions(project))
    col.diagnostics.extend(layout.front_matter_references(project))
    col.diagnostics.extend(public_links.check(project))
    col.diagnostics.extend(kind_language_problems(root, kinds, site.languages, {pb.kind for pb in playbooks.values()}))
    return project, col.diagnostics


def _theme_dir(root: Path, config: dict[str, Any], col: _Collector) -> Path:
    """The project's theme overrides folder (theme.custom_dir, else theme/), which must be inside
    the project: MkDocs renders its templates and copies its files into the site."""
    theme = config.get("theme")
    name = theme.get("custom_dir") if isinstance(theme, dict) else None
    folder = root / str(name) if name else root / "theme"
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines() if config else []

    def line_of(needle: str) -> int:
        return next((i for i, ln in enumerate(lines, 1) if needle in ln), 1)

    if name and not layout.inside(folder, root):
        col.diagnostics.append(
            Diagnostic("mkdocs.yml", line_of("custom_dir:"), 1, "error", "outside-project",
                       f"theme.custom_dir '{name}' is outside the project; keep theme overrides in a folder of the "
                       "project, such as theme/")
        )  # fmt: skip
    for hook in config.get("hooks") or [] if isinstance(config.get("hooks"), list) else []:
        if isinstance(hook, str) and not layout.inside(root / hook, root):
            col.diagnostics.append(
                Diagnostic("mkdocs.yml", line_of(hook), 1, "error", "outside-project",
                           f"the hook '{hook}' is outside the project; keep hooks in a folder of the project")
            )  # fmt: skip
    return folder


def _load_roles(root: Path, col: _Collector, languages: list[str]) -> tuple[dict[str, Role], Document | None]:
    path = root / "playbooks" / ROLES_FILE
    if not path.is_file():
        col.error(
            f"playbooks/{ROLES_FILE}",
            (),
            "no-roles",
            f"playbooks/{ROLES_FILE} is missing; it lists the roles that playbooks name "
            "(run 'playbook init' to see one)",
        )
        return {}, None
    try:
        doc = load_yaml_file(path, col.rel(path))
    except LoadError as exc:
        col.diagnostics.extend(exc.diagnostics)
        return {}, None
    col.diagnostics.extend(doc.problems)
    if not isinstance(doc.data, dict):
        col.error(doc, (), "not-a-mapping", "roles.yaml must be a mapping with a 'roles:' list")
        return {}, doc
    col.diagnostics.extend(schema_diagnostics(doc, _ROLES_VALIDATOR, "roles"))
    _scan_doc(doc, col.diagnostics)
    roles: dict[str, Role] = {}
    items: list[Any] = doc.data["roles"] if isinstance(doc.data.get("roles"), list) else []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        rid = item["id"]
        if rid in roles:
            col.error(doc, ("roles", i, "id"), "duplicate-id", f"duplicate role id '{rid}'; each role needs its own id")
            continue
        trans: dict[str, Any] = item["lang"] if isinstance(item.get("lang"), dict) else {}
        roles[rid] = Role(
            id=rid,
            title=str(item.get("title") or rid),
            team=str(item.get("team") or ""),
            summary=str(item.get("summary") or ""),
            public_summary=str(item.get("public_summary") or ""),
            pairs_with=[str(x) for x in item.get("pairs_with") or [] if isinstance(x, str)],
            path=[str(x) for x in item.get("path") or [] if isinstance(x, str)],
            translations={
                str(k): {kk: str(vv) for kk, vv in v.items()} for k, v in trans.items() if isinstance(v, dict)
            },
        )
        for lang in trans:
            if lang not in languages:
                col.error(
                    doc,
                    ("roles", i, "lang", lang),
                    "unknown-language",
                    f"language '{lang}' is not one of the site's languages ({', '.join(languages)})",
                    key=True,
                )
    return roles, doc


def _playbook_files(root: Path) -> list[Path]:
    base = root / "playbooks"
    if not base.is_dir():
        return []
    files = [p for p in base.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file() and layout.readable(p, root)]
    return sorted(p for p in files if not (p.parent == base and p.name in (ROLES_FILE, "roles.yml")))


PARALLEL_FROM = 400  # files; below this a second process costs more than it saves


Loaded = tuple[Playbook | None, list[Diagnostic]]


def claimed_id(path: Path, languages: list[str]) -> str | None:
    """The id a source file stands for by its name (None for a translation's file): a file that
    cannot be used still holds its id, so files naming it get no follow-on 'unknown' errors."""
    stem = path.name.rsplit(".", 1)[0]
    m = _LANG_SUFFIX.match(stem)
    if m and m.group("lang") != languages[0]:
        return None
    return m.group("stem") if m else stem


def _load_playbook_file(root: Path, path: Path, languages: list[str]) -> Loaded:
    """Load, schema-check and safety-scan one playbook file: independent of every other file."""
    col = _Collector(root)
    kinds = discover((root / "kinds",))
    default = languages[0]
    rel = col.rel(path)
    try:
        doc = load_yaml_file(path, rel)
    except LoadError as exc:
        col.diagnostics.extend(exc.diagnostics)
        return None, col.diagnostics
    col.diagnostics.extend(doc.problems)
    if not isinstance(doc.data, dict):
        found = "a list" if isinstance(doc.data, list) else "a single value"
        col.error(
            doc,
            (),
            "not-a-mapping",
            f"a playbook must be a mapping of fields (id: ..., kind: ..., title: ...), found {found}",
        )
        return None, col.diagnostics
    data = doc.data
    stem = path.name.rsplit(".", 1)[0]
    m = _LANG_SUFFIX.match(stem)
    file_lang = m.group("lang") if m else None
    file_id = m.group("stem") if m else stem
    is_translation = file_lang is not None and file_lang != default
    if file_lang is not None and file_lang not in languages:
        col.error(
            rel,
            (),
            "unknown-language",
            f"the file name says language '{file_lang}', which is not one of the site's languages "
            f"({', '.join(languages)}); add it to extra.playbook.languages in mkdocs.yml or rename the file",
        )
        return None, col.diagnostics
    kind_name = data.get("kind")
    kind = kinds.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        if "kind" not in data:
            col.error(
                doc, (), "missing-field", f"missing required field 'kind'; add 'kind:' (one of: {', '.join(kinds)})"
            )
        else:
            col.error(
                doc,
                ("kind",),
                "unknown-kind",
                f"unknown kind '{kind_name}'{did_you_mean(str(kind_name), kinds)}; the kinds are: {', '.join(kinds)}",
            )
        return None, col.diagnostics
    validator = kind.translation_validator if is_translation else kind.validator
    col.diagnostics.extend(schema_diagnostics(doc, validator, fast=lambda inst: kind.is_valid(inst, is_translation)))
    _scan_doc(doc, col.diagnostics)
    pid = data.get("id")
    if not isinstance(pid, str):
        return None, col.diagnostics
    lang = data.get("lang") if isinstance(data.get("lang"), str) else (file_lang or default)
    if is_translation:
        if pid != file_id:
            col.error(
                doc,
                ("id",),
                "id-mismatch",
                f"a translation keeps its source's id: the file name says '{file_id}', the id says '{pid}'",
            )
        if lang != file_lang:
            col.error(
                doc,
                ("lang",) if "lang" in data else (),
                "lang-mismatch",
                f"the file name says language '{file_lang}' but lang is '{lang}'; make them agree",
            )
        return Playbook(
            id=file_id, kind=kind.name, lang=str(file_lang), data=data, doc=doc, is_translation=True
        ), col.diagnostics
    if "lang" in data and lang != default:
        col.error(
            doc,
            ("lang",),
            "lang-mismatch",
            f"this file is in the default language ({default}) but says lang: {lang}; "
            f"name a translation '{pid}.{lang}.yaml'",
        )
    if pid != file_id and re.fullmatch(r"[a-z0-9][a-z0-9-]*", pid):
        col.error(
            doc,
            ("id",),
            "id-mismatch",
            f"id '{pid}' differs from the file name '{path.name}'; rename the file to '{pid}.yaml' "
            "so editors find it by its URL",
            severity="warning",
        )
    return Playbook(id=pid, kind=kind.name, lang=default, data=data, doc=doc, is_translation=False), col.diagnostics


def _load_all(root: Path, files: list[Path], languages: list[str]) -> Iterator[Loaded]:
    """Each file on its own; on a large project, across the machine's cores (a fork each, no pickled code)."""
    if len(files) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return (_load_playbook_file(root, f, languages) for f in files)
    import concurrent.futures
    import multiprocessing

    workers = min(os.cpu_count() or 2, 4)
    pool = concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=die_with_parent
    )
    with pool:
        chunk = max(16, len(files) // (workers * 4))
        return iter(
            list(pool.map(functools.partial(_load_playbook_file, root, languages=languages), files, chunksize=chunk))
        )


def _cached_load(root: Path, files: list[Path], languages: list[str], cache: FileCache | None) -> list[Loaded]:
    if cache is None:
        return list(_load_all(root, files, languages))
    stamps = {f: FileCache.stamp(f) for f in files}
    stale = [f for f in files if f not in cache.entries or cache.entries[f][0] != stamps[f]]
    for f, result in zip(stale, _load_all(root, stale, languages), strict=True):
        cache.entries[f] = (stamps[f], result)
    for gone in set(cache.entries) - set(files):
        del cache.entries[gone]
    cache.reloaded = set(stale)
    return [cache.entries[f][1] for f in files]


def _load_playbooks(
    root: Path, col: _Collector, kinds: dict[str, Kind], languages: list[str], cache: FileCache | None = None
) -> tuple[dict[str, Playbook], dict[tuple[str, str], Playbook], set[str]]:
    """Sources by id, translations by (id, lang), and the ids of source files that could not be
    used (their problems are reported once, in their own file)."""
    sources: dict[str, Playbook] = {}
    duplicates: dict[str, list[Playbook]] = {}
    translations: dict[tuple[str, str], Playbook] = {}
    unusable: set[str] = set()
    files = cache.playbook_files(root) if cache is not None else _playbook_files(root)
    for path, (playbook, diagnostics) in zip(files, _cached_load(root, files, languages, cache), strict=True):
        col.diagnostics.extend(diagnostics)
        if playbook is None:
            pid = claimed_id(path, languages)
            if pid is not None:
                unusable.add(pid)
            continue
        if playbook.is_translation:
            translations[(playbook.id, playbook.lang)] = playbook
            continue
        pid = playbook.id
        if pid in sources:
            duplicates.setdefault(pid, [sources[pid]]).append(playbook)
            continue
        sources[pid] = playbook
    for pid, same in duplicates.items():
        for pb in same:
            others = ", ".join(o.rel for o in same if o is not pb)
            col.error(
                pb.doc,
                ("id",),
                "duplicate-id",
                f"duplicate id '{pid}': {others} uses it too; ids are URLs and must be unique",
            )
    return sources, translations, unusable - set(sources)


def _load_pages(root: Path, col: _Collector, languages: list[str]) -> dict[tuple[str, str], Page]:
    base = root / "content"
    pages: dict[tuple[str, str], Page] = {}
    if not base.is_dir():
        return pages
    default = languages[0]
    for path in sorted(base.rglob("*.md")):
        if not layout.readable(path, root):
            continue  # a link out of the project or into its hidden files, reported by layout.links_out_of_project
        rel = col.rel(path)
        try:
            text = read_text(path, rel)
        except LoadError as exc:
            col.diagnostics.append(exc.diagnostic)
            continue
        fm, body, fm_line = split_front_matter(text)
        doc: Document | None = None
        meta: dict[str, Any] = {}
        if fm is not None:
            try:
                doc = parse_yaml(fm, rel, line_offset=fm_line, what="front matter")
            except LoadError as exc:
                if exc.diagnostic.code != "empty":
                    col.diagnostics.extend(exc.diagnostics)
                    continue
            if doc is not None:
                col.diagnostics.extend(doc.problems)
                if not isinstance(doc.data, dict):
                    col.error(
                        doc, (), "not-a-mapping", "front matter must be a mapping of fields (title: ..., summary: ...)"
                    )
                    continue
                meta = doc.data
                col.diagnostics.extend(schema_diagnostics(doc, _PAGE_VALIDATOR, "page"))
                _scan_doc(doc, col.diagnostics)
        body_line = text[: len(text) - len(body)].count("\n") + 1 if fm is not None else 1
        starts = safety.line_starts(body)
        for offset, code, message in safety.problems(body, allow_html=True):
            line, column = safety.line_and_column(starts, offset)
            col.diagnostics.append(
                Diagnostic(rel, body_line + line - 1, column, safety.severity_of(code), code, message)
            )
        name = path.relative_to(base).as_posix()[:-3]
        m = _LANG_SUFFIX.match(name)
        lang, slug = default, name
        if m and m.group("lang") in languages:
            slug, lang = m.group("stem"), m.group("lang")
        if isinstance(meta.get("lang"), str) and meta["lang"] != lang and doc is not None:
            col.error(
                doc,
                ("lang",),
                "lang-mismatch",
                f"the file name says language '{lang}' but lang is '{meta['lang']}'; make them agree",
            )
        pages[(slug, lang)] = Page(
            slug=slug,
            lang=lang,
            meta=meta,
            body=body,
            doc=doc,
            rel=rel,
            body_line=body_line,
            is_translation=lang != default,
        )
    return pages


def _cross_check(
    project: Project,
    kinds: dict[str, Kind],
    col: _Collector,
    cache: FileCache | None = None,
    unusable: set[str] | None = None,
) -> None:
    unusable = unusable or set()
    names = {"role": set(project.roles), "playbook": set(project.playbooks) | unusable}
    if project.roles_doc is None:
        # roles.yaml is missing or unreadable, and said so once: naming every role use
        # as unknown as well would bury that one message.
        names["role"] = _AnyName()
    if project.roles_doc is not None and isinstance(project.roles_doc.data, dict):
        col.diagnostics.extend(xrefs.check_document(project.roles_doc, _ROLES_SCHEMA, project.roles_doc.data, names))
    # Between edits in `serve`, a file's id problems change only if it changed or if an id it
    # names came or went: with 2,500 files, judging only those keeps an edit's rebuild short.
    came_or_went: dict[str, set[str]] | None = None
    if cache is not None and cache.names is not None and project.roles_doc is not None:
        came_or_went = {t: set(names[t]) ^ cache.names[t] for t in names}
    if cache is not None:
        cache.names = {t: set(v) for t, v in names.items()} if project.roles_doc is not None else None
    for pb in list(project.playbooks.values()) + list(project.translations.values()):
        kind = kinds[pb.kind]
        known = cache.xrefs.get(pb.rel) if cache is not None else None
        reloaded = cache is not None and (project.root / pb.rel) in cache.reloaded
        found = cache.refs.get(pb.rel) if cache is not None and not reloaded else None
        if found is None:
            found = xrefs.refs_and_defs(kind.schema, pb.data)
            if cache is not None:
                cache.refs[pb.rel] = found
        if (
            known is None
            or reloaded
            or came_or_went is None
            or any(ref.value in came_or_went.get(ref.target, ()) for ref in found[0])
        ):
            known = (0, xrefs.check_document(pb.doc, kind.schema, pb.data, names, found))
            if cache is not None:
                cache.xrefs[pb.rel] = known
        col.diagnostics.extend(known[1])
        if not pb.is_translation:
            _check_changelog(pb, col)
    for tr in project.translations.values():
        if tr.id not in unusable:  # its source's problems are reported in the source
            _check_translation(project, tr, col)
    for page in project.pages.values():
        if page.doc is not None:
            col.diagnostics.extend(xrefs.check_document(page.doc, _PAGE_SCHEMA, page.meta, names))
        if page.is_translation:
            source = project.pages.get((page.slug, project.settings.default_language))
            if source is None:
                col.error(
                    page.rel,
                    (),
                    "no-source",
                    f"translation of a page that does not exist: add content/{page.slug}.md first",
                )
            elif page.doc is not None and "audience" in page.meta and page.audience != source.audience:
                col.error(
                    page.doc,
                    ("audience",),
                    "audience-mismatch",
                    f"a translation has its source's audience ({source.audience}); remove 'audience' here",
                )
    col.diagnostics.extend(xrefs.public_links(project))
    col.diagnostics.extend(check_homes(project))


class _AnyName(set[str]):
    def __contains__(self, item: object) -> bool:
        return True


def _check_changelog(pb: Playbook, col: _Collector) -> None:
    changelog = pb.data.get("changelog")
    version = pb.data.get("version")
    if not isinstance(changelog, list) or not changelog or not isinstance(version, str):
        return
    newest = changelog[0]
    if isinstance(newest, dict) and isinstance(newest.get("version"), str) and newest["version"] != version:
        col.error(
            pb.doc,
            ("changelog", 0, "version"),
            "changelog-version",
            f"the newest changelog entry is {newest['version']} but the playbook's version is {version}; "
            f"add an entry for {version} at the top of changelog (newest first)",
        )
    versions = [str(e["version"]) for e in changelog if isinstance(e, dict) and isinstance(e.get("version"), str)]
    for i in range(1, len(versions)):
        if semver_key(versions[i]) >= semver_key(versions[i - 1]):
            col.error(
                pb.doc,
                ("changelog", i, "version"),
                "changelog-order",
                f"changelog entry {versions[i]} is not older than the one above it ({versions[i - 1]}); "
                "list entries newest first",
                severity="warning",
            )
            break


def _check_translation(project: Project, tr: Playbook, col: _Collector) -> None:
    source = project.playbooks.get(tr.id)
    if source is None:
        match = did_you_mean(tr.id, project.playbooks)
        col.error(
            tr.doc,
            ("id",),
            "no-source",
            f"translation of '{tr.id}', but there is no playbook with that id{match}; "
            f"a translation sits beside playbooks/{tr.id}.yaml",
        )
        return
    if tr.data.get("kind") != source.kind:
        col.error(
            tr.doc,
            ("kind",),
            "kind-mismatch",
            f"the source is a {source.kind} but this translation says {tr.data.get('kind')}; use kind: {source.kind}",
        )
    if "audience" in tr.data and tr.data.get("audience") != source.audience:
        col.error(
            tr.doc,
            ("audience",),
            "audience-mismatch",
            f"a translation has its source's audience ({source.audience}), not {tr.data.get('audience')}; "
            "remove 'audience' from the translation",
        )
    translates = tr.data.get("translates")
    if isinstance(translates, str) and semver_key(translates) > semver_key(source.version):
        col.error(
            tr.doc,
            ("translates",),
            "translates-newer",
            f"translates {translates}, which is newer than the source's version {source.version}",
        )
