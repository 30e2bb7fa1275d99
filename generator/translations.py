"""`playbook check --translations`: what each language's translators should do next.

Per language, in this order: translations behind their source, with the changes they miss
(readers of that language are reading something no longer true); the home page, if it has no
translation (every reader starts there); then untranslated playbooks, the most-read first; then
the other untranslated pages. "Most read" is how many roles read a playbook: the roles whose
reading path lists it (roles.yaml `path`) and the roles it names, since a role's reading path
shows those too (select.Selection.path_of); a playbook early in a path comes before one late in it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath
from typing import Any

from .freshness import untranslated_changes
from .model import Project

UPDATE, TRANSLATE = "update", "translate"


@dataclass
class Work:
    """One thing to do for one language."""

    action: str  # UPDATE or TRANSLATE
    type: str  # "playbook" or "page"
    id: str
    title: str
    source: str  # the file to translate from
    translation: str  # the file to write or update
    audience: str
    version: str | None = None  # the source's version
    translates: str | None = None  # the version the current translation was made from
    missing: list[dict[str, str]] = field(default_factory=list)  # changelog entries not yet translated
    roles: list[str] = field(default_factory=list)  # roles that read it


def translation_path(source_rel: str, lang: str) -> str:
    path = PurePosixPath(source_rel)
    return str(path.with_name(f"{path.stem}.{lang}{path.suffix}"))


def _changes(missing: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"version": str(c.get("version", "")), "date": str(c.get("date", "")), "note": str(c.get("note", ""))}
        for c in missing
    ]


def readers(project: Project) -> dict[str, tuple[list[str], int]]:
    """playbook id -> (roles that read it, its best position in a role's `path`; 10**6 if none)."""
    found: dict[str, tuple[list[str], int]] = {}
    for pid, pb in project.playbooks.items():
        roles = [rid for rid in project.roles if pid in project.roles[rid].path or rid in pb.roles]
        positions = [role.path.index(pid) for role in project.roles.values() if pid in role.path]
        found[pid] = (roles, min(positions, default=10**6))
    return found


def worklist(project: Project, lang: str) -> list[Work]:
    """Everything to translate or update in `lang`, in the order to do it."""
    default = project.settings.default_language
    read = readers(project)
    stale: list[tuple[tuple[Any, ...], Work]] = []
    todo: list[tuple[tuple[Any, ...], Work]] = []
    for pid, pb in project.playbooks.items():
        roles, position = read[pid]
        rank = (-len(roles), position, pb.title.casefold())
        translation = project.translations.get((pid, lang))
        if translation is None:
            work = Work(
                TRANSLATE,
                "playbook",
                pid,
                pb.title,
                pb.rel,
                translation_path(pb.rel, lang),
                pb.audience,
                version=pb.version or None,
                roles=roles,
            )
            todo.append(((1 if roles else 2, *rank), work))
            continue
        translates = str(translation.data.get("translates") or "")
        missing = untranslated_changes(pb.data, translates)
        if missing is not None:
            work = Work(
                UPDATE,
                "playbook",
                pid,
                pb.title,
                pb.rel,
                translation.rel,
                pb.audience,
                version=pb.version or None,
                translates=translates,
                missing=_changes(missing),
                roles=roles,
            )
            stale.append((rank, work))
    for (slug, page_lang), page in project.pages.items():
        if page_lang != default:
            continue
        title = page.title or slug
        shown = project.pages.get((slug, lang))
        if shown is None:
            work = Work(
                TRANSLATE,
                "page",
                slug,
                title,
                page.rel,
                translation_path(page.rel, lang),
                page.audience,
                version=str(page.meta.get("version") or "") or None,
            )
            todo.append(((0 if slug == "index" else 3, 0, 0, title.casefold()), work))
            continue
        translates = str(shown.meta.get("translates") or "")
        missing = untranslated_changes(page.meta, translates) if translates and page.meta.get("version") else None
        if missing is not None:
            work = Work(
                UPDATE,
                "page",
                slug,
                title,
                page.rel,
                shown.rel,
                page.audience,
                version=str(page.meta.get("version")),
                translates=translates,
                missing=_changes(missing),
            )
            stale.append(((0, 0, title.casefold()), work))
    return [w for _, w in sorted(stale, key=lambda x: x[0])] + [w for _, w in sorted(todo, key=lambda x: x[0])]


def report(project: Project, languages: list[str]) -> dict[str, Any]:
    """The worklists as data (`--format json`, for translators' tools)."""
    out = []
    for lang in languages:
        items = worklist(project, lang)
        out.append(
            {
                "language": lang,
                "update": sum(1 for w in items if w.action == UPDATE),
                "translate": sum(1 for w in items if w.action == TRANSLATE),
                "items": [asdict(w) for w in items],
            }
        )
    return {"default_language": project.settings.default_language, "languages": out}


def as_json(project: Project, languages: list[str]) -> str:
    return json.dumps(report(project, languages), ensure_ascii=False, indent=2)


def as_text(project: Project, languages: list[str]) -> str:
    """One block per language: a count line, then one line per thing to do (missing changes
    indented under the translation that misses them)."""
    lines: list[str] = []
    for lang in languages:
        items = worklist(project, lang)
        updates = sum(1 for w in items if w.action == UPDATE)
        translate = len(items) - updates
        lines.append(f"{lang}: {updates} to update, {translate} to translate")
        for w in items:
            if w.action == UPDATE:
                lines.append(f"  update {w.translation}: translates {w.translates}, {w.source} is at {w.version}")
                for change in w.missing:
                    lines.append(f"      {change['version']} ({change['date']}): {change['note']}")
            else:
                why = (
                    f" (read by {len(w.roles)} role{'s' if len(w.roles) != 1 else ''}: {', '.join(w.roles)})"
                    if w.roles
                    else ""
                )
                if w.type == "page" and w.id == "index":
                    why = " (the home page)"
                lines.append(f"  translate {w.source} into {w.translation}{why}")
    return "\n".join(lines)
