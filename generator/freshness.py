"""Whether what a reader sees is still true: review due dates and translations behind their source.

One place for these rules, because the page notices (emit), `playbook check` and the language
selection all have to agree on them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)")
_INTERVAL = re.compile(r"([1-9][0-9]*)([dwm])")
FALLBACK_INTERVAL = dt.timedelta(days=180)


@lru_cache(maxsize=4096)
def semver_key(version: str) -> tuple[int, int, int]:
    m = _SEMVER.match(version or "")
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else (0, 0, 0)


def add_interval(day: dt.date, interval: str) -> dt.date:
    """`day` plus an interval written as 90d, 12w or 6m (months keep the day, or the month's last)."""
    m = _INTERVAL.fullmatch(interval or "")
    if not m:
        return day + FALLBACK_INTERVAL
    n, unit = int(m.group(1)), m.group(2)
    if unit == "d":
        return day + dt.timedelta(days=n)
    if unit == "w":
        return day + dt.timedelta(weeks=n)
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(last, day.day))
        except ValueError:
            continue
    return dt.date(year, month, 28)  # pragma: no cover


@dataclass(frozen=True)
class Review:
    reviewed: dt.date
    interval: str
    due: dt.date

    def overdue(self, today: dt.date) -> bool:
        return self.due < today


def review(meta: dict[str, Any], default_interval: str) -> Review | None:
    """When a playbook or page (its fields in `meta`) is next due for review; None if never reviewed."""
    reviewed = meta.get("reviewed")
    if not isinstance(reviewed, dt.date):
        return None
    interval = str(meta.get("review_every") or default_interval)
    return Review(reviewed, interval, add_interval(reviewed, interval))


def untranslated_changes(source: dict[str, Any], translates: str) -> list[dict[str, Any]] | None:
    """The source's changelog entries newer than the version a translation was made from;
    None when the translation is current."""
    if semver_key(translates) >= semver_key(str(source.get("version") or "")):
        return None
    return [
        c
        for c in source.get("changelog") or []
        if isinstance(c, dict) and semver_key(str(c.get("version"))) > semver_key(translates)
    ]


def translations_behind(project: Any) -> Iterator[tuple[str, Any, Any, str, list[dict[str, Any]]]]:
    """Each playbook translation whose source moved on since the version it translates:
    (language, translation, source, the version it translates, the source's changes it misses),
    for `check`'s flat report and its report by owner alike."""
    for (pid, lang), tr in project.translations.items():
        source = project.playbooks.get(pid)
        if source is None:
            continue
        translates = str(tr.data.get("translates") or "")
        missing = untranslated_changes(source.data, translates)
        if missing is not None:
            yield lang, tr, source, translates, missing
