"""Keep the site `serve` shows up to date page by page, whatever playbook edit an editor saves.

A full build of 2,000 playbooks takes minutes; one edit changes a handful of pages. After a save,
the playbooks it touched (edited, added, deleted, by source or translation) are known from the
file cache, and this works out, per language, which generated pages can show them: their own
pages, the pages of playbooks that name them in `related`, the pages of their kinds (old and new),
of their roles (old and new, and roles whose reading path names them), the playbooks whose "Next
in your path" changed (the one before it in a path, old place and new: the place "3 of 12" is
counted in the reader's browser from paths.json, rewritten here when a path changes), the tags
page, and the home and roles pages (on the public site, which roles appear depends on the
playbooks). Those pages' Markdown is made again and compared with what was written; MkDocs renders only the ones that
differ (incremental.py), new pages are added to its files and deleted ones removed from them and
from the site, and the sitemap follows. When the nav itself changes (in a small project the nav
lists playbook titles) every page of the language is rendered again, without a full build.

Two kinds of page follow at the next full build instead (any change to settings, roles, pages,
theme or kinds, or restarting `serve`): a role's printable path (the whole text of up to 30
playbooks, seconds to convert in every language) and the What changed page with its feed (at
2,000 unpublished playbooks, a list of 2,000). Rendering them at every save put edit-to-served at
6 s for a body edit and 34 s for a new playbook.

Anything this does not know how to update (the settings, roles.yaml, pages of content/, the theme,
a project's kinds) returns None, and `serve` builds everything.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build import build_context, search_scope
from .emit import PATHS_FILE, Emitter, page_url, prefix_of
from .incremental import (
    RAW_BLOCK,
    LanguageState,
    add_page,
    raw_blocks,
    rebuild_pages,
    rebuild_sitemap,
    remove_page,
    renavigate,
    render_everything,
)
from .model import Playbook, Project
from .printing import PRINT_NAME, print_path
from .processes import Forked
from .select import select
from .siteconfig import dump

log = logging.getLogger("playbook.live")


@dataclass
class Updated:
    """What one update rendered, per language: page paths (docs) and whether pages came or went."""

    pages: dict[str, list[str]] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    navs: list[str] = field(default_factory=list)  # languages whose nav changed: every page again

    def __str__(self) -> str:
        count = sum(len(p) for p in self.pages.values())
        parts = [f"{count} page{'' if count == 1 else 's'}"]
        if self.added:
            parts.append(f"added {', '.join(self.added)}")
        if self.removed:
            parts.append(f"removed {', '.join(self.removed)}")
        if self.navs:
            parts.append(f"new nav in {', '.join(self.navs)}")
        return "; ".join(parts)


def _ids(project: Project) -> dict[str, str]:
    """Source file -> playbook id, for sources and translations."""
    found = {pb.rel: pb.id for pb in project.playbooks.values()}
    found.update({tr.rel: tr.id for tr in project.translations.values()})
    return found


def listed(project: Project, pid: str) -> tuple[Any, ...]:
    """What pages other than a playbook's own show of it (lists, links to it), in every language."""
    pb = project.playbooks.get(pid)
    if pb is None:
        return ()
    translations = tuple(
        (lang, tr.data.get("title"), tr.data.get("summary"), tr.data.get("translates"))
        for (tid, lang), tr in sorted(project.translations.items())
        if tid == pid
    )
    data = pb.data
    shown = ("title", "summary", "version", "audience", "kind")
    # The changelog: role paths carry its last notes ("changed since you read it") and the What
    # changed page lists them.
    return (
        *(data.get(k) for k in shown),
        tuple(pb.roles),
        tuple(data.get("tags") or ()),
        translations,
        repr(data.get("changelog")),
    )


def touched(old: Project, new: Project, reloaded: set[str]) -> set[str]:
    """The ids whose playbook (source or translation) was edited, added or deleted."""
    before, after = _ids(old), _ids(new)
    ids = {before[rel] for rel in reloaded if rel in before} | {after[rel] for rel in reloaded if rel in after}
    ids |= {pid for rel, pid in before.items() if rel not in after}
    ids |= {pid for rel, pid in after.items() if rel not in before}
    return ids


class LiveSite:
    """The served site's state between edits: the project it was made from and, per language,
    MkDocs' kept state and the nav it was rendered with."""

    def __init__(self, work: Path, site_dir: Path, audience: str) -> None:
        self.work, self.site_dir, self.audience = work, site_dir, audience
        self.project: Project | None = None
        self.states: dict[str, LanguageState] = {}
        self.navs: dict[str, list[Any]] = {}
        self.emitters: dict[str, Emitter] = {}
        self.paths: dict[str, str] = {}  # each language's paths.json as served
        self.release: Any = None  # what the What changed page compares with (published.preview_release)
        self.changes: Any = None  # the last full build's comparison (its What changed page)

    def reset(self, project: Project, states: dict[str, LanguageState]) -> None:
        """After a full build: its state, and the nav each language was written with."""
        self.project, self.states = project, states
        ctx = build_context(project)
        from .published import preview_release

        self.release = preview_release(project, self.audience, ctx.today)  # once: it asks git
        sels = [select(project, self.audience, lang) for lang in project.settings.languages]
        self._compare(ctx, sels)
        self.changes = ctx.changes
        self.navs, self.emitters = {}, {}
        for lang, sel in zip(project.settings.languages, sels, strict=True):
            self.emitters[lang] = Emitter(ctx, sel)
            self.navs[lang] = self.emitters[lang].nav(sel.by_kind)
            self.paths[lang] = self.emitters[lang].paths_json()
            self._warm(self.emitters[lang], sel)

    def _compare(self, ctx: Any, sels: list[Any]) -> None:
        """The What changed page's comparison with the last release, as emit_languages makes it."""
        if self.release is not None:
            from .release import release_changes

            ctx.release = self.release
            ctx.changes = release_changes(self.release, self.audience, sels, ctx.project.playbooks)

    @staticmethod
    def _warm(emitter: Emitter, sel: Any) -> None:
        """Compile the templates and make the list items of the kind, role and tags pages now,
        after the full build, rather than at the first edit (they are kept: Emitter.list_item)."""
        env = emitter.env
        for name in env.list_templates(extensions=["j2"]):
            env.get_template(name)
        for kind, entries in sel.by_kind.items():
            emitter.kind_page(emitter.ctx.kinds[kind], entries)
        for rid in sel.roles:
            emitter.role_page(rid)
        if sel.tags:
            emitter.tags_page()

    @property
    def ready(self) -> bool:
        return self.project is not None and bool(self.states)

    def update(self, project: Project, ids: set[str]) -> Updated:
        """Bring every language's pages up to date with `project`, after the playbooks `ids` changed.

        First, in this process, MkDocs' state of each language follows the files that came or
        went (and its nav, if it changed). Then each language's pages are written where they
        differ and rendered; languages being independent, on a machine with two cores half of
        them are done in a forked copy of this process, which shares MkDocs' state as it is here,
        writes files and says which."""
        assert self.project is not None
        old = self.project
        ctx = build_context(project)
        default = project.settings.default_language
        done = Updated()
        gone = [pid for pid in ids if pid not in project.playbooks]
        done.added = sorted(pid for pid in ids if pid in project.playbooks and pid not in old.playbooks)
        done.removed = sorted(pid for pid in gone if pid in old.playbooks)
        sels = [select(project, self.audience, lang) for lang in project.settings.languages]
        ctx.release, ctx.changes = self.release, self.changes  # as the last full build made them
        plans = []
        for lang, sel in zip(project.settings.languages, sels, strict=True):
            emitter = self.emitters[lang]
            before = _Before(emitter.stops, self.paths[lang])  # what the served pages show
            emitter.retarget(ctx, sel)
            plans.append(self._prepare(lang, sel, before, old, ids, default, done))
        forked: list[_Plan] = []
        if len(plans) > 1 and (os.cpu_count() or 1) > 1 and os.environ.get("PLAYBOOK_SERIAL") != "1":
            forked, plans = plans[len(plans) // 2 :], plans[: len(plans) // 2]
        child = Forked.start(lambda: {plan.lang: self._finish(plan) for plan in forked}) if forked else None
        for plan in plans:
            done.pages[plan.lang] = self._finish(plan)
        if child is not None:
            done.pages.update(child.wait())  # its failure fails the update: `serve` builds everything
        self.project = project
        return done

    def _prepare(
        self, lang: str, sel: Any, before: _Before, old: Project, ids: set[str], default: str, done: Updated
    ) -> _Plan:
        """MkDocs' state of one language follows the pages that come and go, and a new nav."""
        emitter = self.emitters[lang]
        state = self.states[lang]
        site = self.site_dir / prefix_of(lang, default)
        docs = self.work / lang / "docs"
        made = self._pages(emitter, sel, before, old, ids)
        paths = emitter.paths_json()
        if paths != before.paths:  # a path gained, lost or reordered a playbook: the places follow
            for folder in (docs, site):
                (folder / PATHS_FILE).write_text(paths, encoding="utf-8")
            self.paths[lang] = paths
        created = [path for path in made if state.files.get_file_from_path(path) is None]
        for path in created:
            add_page(state, site, path)
        stale = [
            f"playbooks/{pid}.md"
            for pid in sorted(ids)
            if pid not in sel.playbooks and state.files.get_file_from_path(f"playbooks/{pid}.md") is not None
        ]
        for path in stale:
            remove_page(state, site, path)
            (docs / path).unlink(missing_ok=True)
        nav = emitter.nav(sel.by_kind)
        new_nav = nav != self.navs[lang]
        if new_nav:
            listed = {f"kinds/{k}.md" for k in sel.by_kind} | {f"roles/{r}.md" for r in sel.roles}
            listed |= {print_path(r) for r in sel.roles if sel.path_of(r)}
            listed |= ({"tags.md"} if sel.tags else set()) | ({"roles/index.md"} if sel.roles else set())
            present = {f.src_uri for f in state.files.documentation_pages()}
            present = {p for p in present if p.startswith(("kinds/", "roles/")) or p == "tags.md"}
            if listed != present:  # a kind, a role or the tags page came or went
                raise LookupError("the site's own pages changed; only a full build knows them all")
            self._write_config(emitter, sel, lang, default)
            renavigate(state, site, nav)
            self.navs[lang] = nav
            done.navs.append(lang)
        return _Plan(lang, state, site, docs, made, bool(created or stale), new_nav, stale)

    @staticmethod
    def _finish(plan: _Plan) -> list[str]:
        """One language's pages written where they differ, and rendered; returns the pages."""
        written: list[str] = []
        render: list[str] = []
        for path, make in plan.made.items():
            text = make()
            target = plan.docs / path
            before = target.read_text(encoding="utf-8") if target.is_file() else None
            if before == text:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(path)
            if plan.new_nav or before is None or not _patch(plan, path, before, text):
                render.append(path)
        if plan.new_nav:
            render_everything(plan.state, plan.site)
            return [f.src_uri for f in plan.state.files.documentation_pages()]
        if render:
            rebuild_pages(plan.state, plan.site, render)
        if plan.came_or_went:
            rebuild_sitemap(plan.state, plan.site)
        return written + plan.stale

    def _pages(self, emitter: Emitter, sel: Any, before: _Before, old: Project, ids: set[str]) -> dict[str, Any]:
        """docs path -> how to write it, for every page that can show a change to `ids`."""
        made: dict[str, Any] = {}
        for pid in sorted(ids):
            entry = sel.playbooks.get(pid)
            if entry is not None:
                made[entry.path] = lambda e=entry: emitter.playbook_page(e)
        for pid in sorted(ids):  # its reading time on role pages and in the "Next" before it
            if pid in sel.playbooks:
                for path, make in emitter.pages_showing(pid).items():
                    if not path.endswith(f"/{PRINT_NAME}.md"):
                        made.setdefault(path, make)
        if all(listed(old, pid) == listed(sel.project, pid) for pid in ids):
            return made  # an edit of the text alone: no other list or link shows it
        for entry in sel.playbooks.values():
            if ids.intersection(entry.data.get("related") or ()):
                made.setdefault(entry.path, lambda e=entry: emitter.playbook_page(e))
        kinds: set[str] = set()
        roles: set[str] = set()
        tags = False
        for pid in ids:
            for project in (old, sel.project):
                pb: Playbook | None = project.playbooks.get(pid)
                if pb is None:
                    continue
                kinds.add(pb.kind)
                roles.update(str(r) for r in pb.roles)
                tags = tags or bool(pb.data.get("tags"))
        roles.update(rid for rid, role in sel.project.roles.items() if ids.intersection(role.path))
        by_kind = sel.by_kind
        for kind in sorted(kinds):
            if kind in by_kind:
                made[f"kinds/{kind}.md"] = lambda k=kind: emitter.kind_page(emitter.ctx.kinds[k], by_kind[k])
        for rid in sorted(roles):
            if rid in sel.roles:
                made[f"roles/{rid}.md"] = lambda r=rid: emitter.role_page(r)
        # A playbook's "Next in your path" changes when the playbook after it does (a new one, a
        # title that reorders the path); its place ("3 of 12") is counted by the reader's browser
        # from paths.json, written above, so the playbooks further along stay as they are.
        stops = emitter.stops
        for pid in before.stops.keys() | stops.keys():
            entry = sel.playbooks.get(pid)
            if entry is not None and before.stops.get(pid) != stops.get(pid):
                made.setdefault(entry.path, lambda e=entry: emitter.playbook_page(e))
        if tags and sel.tags:
            made["tags.md"] = emitter.tags_page
        if sel.roles:
            made["roles/index.md"] = emitter.roles_index
        # The front page lists the roles a reader can pick; on the public site that depends on
        # which playbooks are public.
        if "index" in sel.pages:
            made["index.md"] = lambda: emitter.content_page("index")
        else:
            made["index.md"] = emitter.home_page
        return made

    def _write_config(self, emitter: Emitter, sel: Any, lang: str, default: str) -> None:
        """The generated project's mkdocs.yml with the new nav, so it still builds with plain MkDocs."""
        config = emitter.config(Path("site") / prefix_of(lang, default), sel.by_kind)
        (self.work / lang / "mkdocs.yml").write_text(dump(config), encoding="utf-8")

    def search_jobs(self, done: Updated) -> list[tuple[Path, list[str], tuple[str, ...], tuple[str, ...]]]:
        """(language site, changed HTML pages, folders to skip, pages left out) for the search index."""
        assert self.project is not None
        languages = self.project.settings.languages
        default = self.project.settings.default_language
        jobs = []
        for lang, pages in done.pages.items():
            if not pages:
                continue
            scope = search_scope(self.work / lang / "mkdocs.yml", lang, languages, default)
            site = self.site_dir / prefix_of(lang, default)
            html = [page_url(p) + "index.html" for p in pages]
            jobs.append((site, html, tuple(scope["skip_dirs"]), tuple(scope["excluded"])))
        return jobs


def _patch(plan: _Plan, path: str, before: str, after: str) -> bool:
    """A list page whose only change is inside its raw HTML blocks (a title in a kind's list, a
    playbook added to a tag), patched in its built HTML instead of rendered again: RawBlocks
    puts those blocks into the page byte for byte, so the new page is the old one with the old
    blocks replaced by the new. False (render it) when anything else differs, or when a block
    is not found exactly once in the built page."""
    old_blocks, new_blocks = raw_blocks(before), raw_blocks(after)
    if not old_blocks or len(old_blocks) != len(new_blocks):
        return False
    if RAW_BLOCK.sub("", before) != RAW_BLOCK.sub("", after):
        return False  # a heading, the title, the text around the lists: MkDocs renders it
    file = plan.state.files.get_file_from_path(path)
    if file is None:
        return False
    built = plan.site / file.dest_uri
    try:
        html = built.read_text(encoding="utf-8")
    except OSError:
        return False
    for old, new in zip(old_blocks, new_blocks, strict=True):
        if old == new:
            continue
        if html.count(old) != 1:
            return False
        html = html.replace(old, new)
    built.write_text(html, encoding="utf-8")
    return True


@dataclass(frozen=True)
class _Before:
    """What one language's served pages were made from, kept before the emitter moves on."""

    stops: dict[str, Any]  # its playbooks' places in the reading paths (paths.stops)
    paths: str  # its paths.json


@dataclass
class _Plan:
    """One language's part of an update, once MkDocs' state follows it."""

    lang: str
    state: LanguageState
    site: Path
    docs: Path
    made: dict[str, Any]  # docs path -> how to write it
    came_or_went: bool
    new_nav: bool
    stale: list[str]
