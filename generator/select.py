"""Decide what enters one build: one audience, one language.

This is the allow-list the public site is built from: everything later (pages, nav, role paths,
related links, tags, search, sitemap) is made from a Selection only, so internal content never
reaches a public build folder at all. A translation inherits its source's audience, so it can
only enter when its source does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .freshness import untranslated_changes
from .model import Page, Playbook, Project, Role

ORIGINAL, TRANSLATED, STALE, FALLBACK = "original", "translated", "stale", "fallback"


@dataclass
class Entry:
    """A playbook as one language's site shows it."""

    id: str
    kind: str
    source: Playbook
    shown: Playbook  # the translation when there is one, else the source
    data: dict[str, Any]  # the shown text, with what a translation inherits filled in
    status: str
    missing: list[dict[str, Any]] = field(default_factory=list)  # changelog entries not yet translated

    @property
    def title(self) -> str:
        return str(self.data.get("title", self.id))

    @property
    def path(self) -> str:
        return f"playbooks/{self.id}.md"


@dataclass
class PageEntry:
    slug: str
    source: Page
    shown: Page
    status: str

    @property
    def path(self) -> str:
        return f"{self.slug}.md"


@dataclass
class Selection:
    audience: str
    lang: str
    default_lang: str
    playbooks: dict[str, Entry]
    pages: dict[str, PageEntry]
    roles: dict[str, Role]
    project: Project
    # The roles are people this site's readers work with (public_roles), not the readers' own.
    roles_met: bool = False

    def path_of(self, rid: str) -> list[str]:
        """A role's reading path: its `path` in order, then every other playbook naming the role.

        A role without a page here (the customers' own, on the public site) still has a path of
        the playbooks this selection holds: a home page lists it (`home_path`)."""
        role = self.roles.get(rid) or self.project.roles[rid]
        ordered = [pid for pid in role.path if pid in self.playbooks]
        listed = set(ordered)
        return ordered + [pid for pid in self._by_role.get(rid, ()) if pid not in listed]

    @cached_property
    def _by_role(self) -> dict[str, list[str]]:
        """Each role's playbooks by title, sorted once: paths are asked for hundreds of times
        per `serve` update (every page's "Next", every role page)."""
        found: dict[str, list[str]] = {}
        for entry in sorted(self.playbooks.values(), key=lambda e: e.title.casefold()):
            for rid in dict.fromkeys(entry.data.get("roles") or []):
                found.setdefault(str(rid), []).append(entry.id)
        return found

    def related(self, pid: str) -> list[str]:
        return [r for r in self.playbooks[pid].data.get("related") or [] if r in self.playbooks]

    @cached_property
    def by_kind(self) -> dict[str, list[Entry]]:
        """Playbooks per kind, by title (a Selection never changes once made: computed once)."""
        kinds: dict[str, list[Entry]] = {}
        for entry in sorted(self.playbooks.values(), key=lambda e: e.title.casefold()):
            kinds.setdefault(entry.kind, []).append(entry)
        return dict(sorted(kinds.items()))

    @cached_property
    def tags(self) -> dict[str, list[Entry]]:
        tags: dict[str, list[Entry]] = {}
        for entry in sorted(self.playbooks.values(), key=lambda e: e.title.casefold()):
            for tag in entry.data.get("tags") or []:
                tags.setdefault(str(tag), []).append(entry)
        return dict(sorted(tags.items()))

    def role_visible(self, rid: str) -> bool:
        return rid in self.roles


def _inherit(source: Playbook, translation: Playbook) -> dict[str, Any]:
    merged = dict(source.data)
    merged.update(translation.data)
    for key in ("audience", "roles", "owner", "version", "reviewed", "review_every", "related", "changelog", "tags"):
        if key in source.data:
            merged[key] = source.data[key]
    return merged


def select(project: Project, audience: str, lang: str) -> Selection:
    default = project.settings.default_language
    playbooks: dict[str, Entry] = {}
    for pid, source in project.playbooks.items():
        if audience == "public" and source.audience != "public":
            continue
        if lang == default:
            playbooks[pid] = Entry(pid, source.kind, source, source, dict(source.data), ORIGINAL)
            continue
        translation = project.translations.get((pid, lang))
        if translation is None:
            playbooks[pid] = Entry(pid, source.kind, source, source, dict(source.data), FALLBACK)
            continue
        missing = untranslated_changes(source.data, str(translation.data.get("translates") or ""))
        playbooks[pid] = Entry(
            pid,
            source.kind,
            source,
            translation,
            _inherit(source, translation),
            TRANSLATED if missing is None else STALE,
            missing or [],
        )

    pages: dict[str, PageEntry] = {}
    home = public_home(project) if audience == "public" else None
    for (slug, plang), page in project.pages.items():
        if plang != default:
            continue
        if audience == "public" and page.audience != "public":
            continue
        if home is not None and slug == "index":
            continue  # the page marked `home: public` is the public site's home (checked: homes.py)
        shown = project.pages.get((slug, lang)) if lang != default else page
        status = ORIGINAL if lang == default else (TRANSLATED if shown is not None else FALLBACK)
        if shown is not None and lang != default:
            translates = str(shown.meta.get("translates") or "")
            if translates and page.meta.get("version") and untranslated_changes(page.meta, translates) is not None:
                status = STALE
        at = "index" if slug == home else slug
        pages[at] = PageEntry(at, page, shown or page, status)

    roles = project.roles if audience == "internal" else public_roles(project)
    return Selection(
        audience, lang, default, dict(sorted(playbooks.items())), pages, roles, project, roles_met=audience == "public"
    )


def public_home(project: Project) -> str | None:
    """The slug of the page marked `home: public`, the public site's front page, if one is."""
    default = project.settings.default_language
    marked = sorted(
        slug
        for (slug, lang), page in project.pages.items()
        if lang == default and page.audience == "public" and page.meta.get("home") == "public"
    )
    return marked[0] if marked else None


def public_roles(project: Project) -> dict[str, Role]:
    """The roles customers meet: those with a `public_summary`, written for them. Each is shown
    by that text only (in every language that has it, else the default language's); the staff
    summary never enters a public build. A role without one (a team customers never deal with)
    is not on the public site at all, however many public playbooks name it: a page of "People
    Operations, reading path: one playbook" tells a customer nothing."""
    shown: dict[str, Role] = {}
    for rid, role in project.roles.items():
        if not role.public_summary:
            continue
        translations = {}
        for lang, texts in role.translations.items():
            kept = {"title": texts["title"]} if "title" in texts else {}
            if "public_summary" in texts:
                kept["summary"] = texts["public_summary"]
            translations[lang] = kept
        shown[rid] = replace(role, summary=role.public_summary, translations=translations)
    return shown
