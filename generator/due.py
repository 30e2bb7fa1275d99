"""`playbook check`: what each owner has to look at, grouped by owner.

An owner keeps their playbooks true, so the report is theirs: what is overdue for review, what
falls due in the next weeks (`--within`, 30 days by default), and which translations of their
playbooks are behind the source. The dates come from freshness.py, the same rules the pages'
notices follow. Text for people, JSON for tools (each item also carries the fields of a
diagnostic, so a reader of the old flat list still finds path, line and message), and GitHub
annotations for a pull request.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .diagnostics import Diagnostic
from .freshness import review, translations_behind
from .model import Project
from .sources import Document

OVERDUE, DUE_SOON, BEHIND = "overdue", "due-soon", "translation-behind"
ORDER = (OVERDUE, DUE_SOON, BEHIND)
_WITHIN = re.compile(r"^([0-9]+)([dwm])$")
NO_OWNER = ""


def parse_within(value: str) -> dt.timedelta:
    """'30d', '6w' or '2m' (a month counted as 30 days: this is a horizon, not a calendar date)."""
    m = _WITHIN.match(value.strip())
    if not m:
        raise ValueError(f"'{value}' is not a period; write a number and d, w or m, e.g. 30d, 6w or 2m")
    n, unit = int(m.group(1)), m.group(2)
    return dt.timedelta(days=n * {"d": 1, "w": 7, "m": 30}[unit])


@dataclass
class Item:
    """One thing an owner has to do."""

    status: str  # overdue | due-soon | translation-behind
    owner: str  # role id, or "" when the file names none
    owner_title: str
    path: str
    line: int
    column: int
    id: str
    title: str
    message: str
    due: str | None = None
    reviewed: str | None = None
    review_every: str | None = None
    lang: str | None = None
    translates: str | None = None
    source_version: str | None = None
    not_translated: list[str] = field(default_factory=list)

    @property
    def severity(self) -> str:
        return "notice" if self.status == DUE_SOON else "warning"

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(severity=self.severity, code=_CODES[self.status])
        return data


_CODES = {OVERDUE: "review-overdue", DUE_SOON: "review-due-soon", BEHIND: "translation-behind"}


def _located(doc: Document | None, path: tuple[str, ...], rel: str) -> tuple[str, int, int]:
    if doc is None:
        return rel, 1, 1
    pos = doc.at(path)
    return doc.rel, pos.line, pos.column


def due_items(project: Project, today: dt.date, within: dt.timedelta) -> list[Item]:
    """Everything overdue, due by today + within, and every translation behind, sorted by owner."""
    roles = project.roles
    default_interval = project.settings.review_every

    def owner_of(meta: dict[str, Any]) -> tuple[str, str]:
        owner = meta.get("owner")
        if not isinstance(owner, str) or not owner:
            return NO_OWNER, "no owner"
        role = roles.get(owner)
        return owner, role.title if role else owner

    dated: list[tuple[Document | None, str, dict[str, Any], str, str]] = [
        (pb.doc, pb.rel, pb.data, pb.id, pb.title) for pb in project.playbooks.values()
    ]
    dated += [
        (page.doc, page.rel, page.meta, page.slug, page.title or page.slug)
        for page in project.pages.values()
        if not page.is_translation
    ]
    items: list[Item] = []
    horizon = today + within
    for doc, rel, meta, ident, title in dated:
        due = review(meta, default_interval)
        if due is None or due.due > horizon:
            continue
        owner, owner_title = owner_of(meta)
        path, line, column = _located(doc, ("reviewed",), rel)
        overdue = due.overdue(today)
        if overdue:
            message = (
                f"'{title}' was due for review on {due.due} (last reviewed {due.reviewed}, every {due.interval}); "
                f"check it, then run 'playbook review {ident}'"
            )
        else:
            days = (due.due - today).days
            when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
            message = f"'{title}' is due for review on {due.due} ({when}; last reviewed {due.reviewed})"
        items.append(
            Item(
                OVERDUE if overdue else DUE_SOON,
                owner,
                owner_title,
                path,
                line,
                column,
                ident,
                title,
                message,
                due=due.due.isoformat(),
                reviewed=due.reviewed.isoformat(),
                review_every=due.interval,
            )
        )
    for lang, tr, source, translates, missing in translations_behind(project):
        owner, owner_title = owner_of(source.data)
        path, line, column = _located(tr.doc, ("translates",), tr.rel)
        versions = [str(c.get("version")) for c in missing]
        not_yet = f" (not yet translated: {', '.join(versions)})" if versions else ""
        items.append(
            Item(
                BEHIND,
                owner,
                owner_title,
                path,
                line,
                column,
                source.id,
                source.title,
                f"the {lang} translation of '{source.title}' translates {translates}, the source is at "
                f"{source.version}{not_yet}; update the text, then set translates: {source.version}",
                lang=lang,
                translates=translates,
                source_version=source.version,
                not_translated=versions,
            )
        )
    return sorted(items, key=_sort_key)


def _sort_key(item: Item) -> tuple[int, str, int, str, str]:
    return (item.owner == NO_OWNER, item.owner, ORDER.index(item.status), item.due or "", item.path)


def by_owner(items: Iterable[Item]) -> dict[tuple[str, str], dict[str, list[Item]]]:
    grouped: dict[tuple[str, str], dict[str, list[Item]]] = {}
    for item in items:
        grouped.setdefault((item.owner, item.owner_title), {}).setdefault(item.status, []).append(item)
    return grouped


def _heading(status: str, within: dt.timedelta) -> str:
    if status == OVERDUE:
        return "overdue for review"
    if status == DUE_SOON:
        return f"due for review in the next {within.days} days"
    return "translations behind their source"


def format_text(items: list[Item], within: dt.timedelta) -> str:
    lines: list[str] = []
    for (owner, title), groups in by_owner(items).items():
        if lines:
            lines.append("")
        lines.append(f"{title} ({owner})" if owner else title)
        for status in ORDER:
            if status in groups:
                lines.append(f"  {_heading(status, within)}:")
                lines.extend(f"    {i.location()}: {i.message}" for i in groups[status])
    return "\n".join(lines)


def format_json(items: list[Item], problems: list[Diagnostic]) -> str:
    """A flat list, as `check --format json` always gave: every item of the report (owner and
    status added to the diagnostic's fields), then any problem found while loading."""
    data = [i.as_json() for i in items] + [asdict(d) for d in sorted(set(problems))]
    return json.dumps(data, ensure_ascii=False, indent=2)


def format_github(items: list[Item]) -> str:
    """Workflow annotations: overdue and behind as warnings, due soon as notices."""
    out = []
    for i in items:
        owner = f"{i.owner_title} ({i.owner})" if i.owner else "no owner"
        line = Diagnostic(i.path, i.line, i.column, "warning", _CODES[i.status], f"{owner}: {i.message}").github()
        out.append(line.replace("::warning ", f"::{i.severity} ", 1))
    return "\n".join(out)


def summary(items: list[Item], within: dt.timedelta) -> str:
    counts = {status: sum(1 for i in items if i.status == status) for status in ORDER}
    owners = len({i.owner for i in items})
    if not items:
        return f"nothing overdue, nothing due in the next {within.days} days, every translation current"
    return (
        f"{counts[OVERDUE]} overdue, {counts[DUE_SOON]} due in the next {within.days} days, "
        f"{counts[BEHIND]} translation{'' if counts[BEHIND] == 1 else 's'} behind "
        f"({owners} owner{'' if owners == 1 else 's'})"
    )
