"""Decide what enters one build: one audience, one language.

This is the allow-list the public site is built from: everything later (pages, nav, role paths,
related links, tags, search, sitemap) is made from a Selection only, so internal content never
reaches a public build folder at all. A translation inherits its source's audience, so it can
only enter when its source does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

    def path_of(self, rid: str) -> list[str]:
        """A role's reading path: its `path` in order, then every other playbook naming the role."""
        role = self.roles[rid]
        ordered = [pid for pid in role.path if pid in self.playbooks]
        rest = sorted(
            (e for e in self.playbooks.values() if rid in (e.data.get("roles") or []) and e.id not in ordered),
            key=lambda e: e.title.casefold(),
        )
        return ordered + [e.id for e in rest]

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
    for (slug, plang), page in project.pages.items():
        if plang != default:
            continue
        if audience == "public" and page.audience != "public":
            continue
        shown = project.pages.get((slug, lang)) if lang != default else page
        status = ORIGINAL if lang == default else (TRANSLATED if shown is not None else FALLBACK)
        if shown is not None and lang != default:
            translates = str(shown.meta.get("translates") or "")
            if translates and page.meta.get("version") and untranslated_changes(page.meta, translates) is not None:
                status = STALE
        pages[slug] = PageEntry(slug, page, shown or page, status)

    named: set[str] = set()
    for entry in playbooks.values():
        named.update(entry.data.get("roles") or [])
    roles = {
        rid: role
        for rid, role in project.roles.items()
        if audience == "internal" or rid in named or any(p in playbooks for p in role.path)
    }
    return Selection(audience, lang, default, dict(sorted(playbooks.items())), pages, roles, project)
