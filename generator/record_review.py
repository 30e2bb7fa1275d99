"""`playbook review ID`: record that someone checked a playbook (or page) and it is still true.

The `reviewed` date is changed where it is written, as one edit of one line: the file's comments,
quoting, key order and line endings stay exactly as the editor left them, so the pull request
shows a one-line diff. (Loading and dumping the YAML again would lose the comments and reflow the
file.) Translations inherit the date from their source and are not touched. A file with errors is
refused: a review says the text is right, and a file with errors is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .freshness import add_interval
from .model import Project
from .sources import Document
from .validate import did_you_mean


class ReviewRefused(Exception):
    """The review cannot be recorded; `problems` are the file's errors, when that is why."""

    def __init__(self, message: str, problems: list[Diagnostic] | None = None, usage: bool = False) -> None:
        super().__init__(message)
        self.problems = problems or []
        self.usage = usage


@dataclass(frozen=True)
class Recorded:
    rel: str
    line: int
    before: str
    after: str
    next_due: dt.date | None


def _target(project: Project, ident: str) -> tuple[str, Document | None, dict[str, object]]:
    playbook = project.playbooks.get(ident)
    if playbook is not None:
        return playbook.rel, playbook.doc, playbook.data
    page = project.pages.get((ident, project.settings.default_language))
    if page is not None:
        return page.rel, page.doc, page.meta
    default = project.settings.default_language
    known = list(project.playbooks) + [slug for slug, lang in project.pages if lang == default]
    raise ReviewRefused(f"no playbook or page with the id '{ident}'{did_you_mean(ident, known)}", usage=True)


def _named(rel: str, ident: str) -> bool:
    """Whether a file stands for `ident`: playbooks/**/ID.yaml or content/ID.md."""
    if rel.startswith("playbooks/"):
        return Path(rel).name in (f"{ident}.yaml", f"{ident}.yml")
    return rel == f"content/{ident}.md"


def record_review(project: Project, diagnostics: list[Diagnostic], ident: str, today: dt.date) -> Recorded:
    broken = [d for d in diagnostics if d.severity == "error" and _named(d.path, ident)]
    if broken:  # also a file that did not load at all, so is not in the project
        raise ReviewRefused(f"{broken[0].path} has errors; fix them first, then record the review", broken)
    rel, doc, meta = _target(project, ident)
    errors = [d for d in diagnostics if d.path == rel and d.severity == "error"]
    if errors:
        raise ReviewRefused(f"{rel} has errors; fix them first, then record the review", errors)
    if doc is None or "reviewed" not in meta:
        raise ReviewRefused(f"{rel} has no 'reviewed:' date to set; add 'reviewed: {today}'", usage=True)
    old = meta["reviewed"]
    if isinstance(old, dt.date) and old > today:
        raise ReviewRefused(f"{rel} says it was reviewed on {old}, after {today}; nothing was changed", usage=True)
    pos = doc.at(("reviewed",))
    path = Path(project.root) / rel
    with path.open(encoding="utf-8", newline="") as fh:  # newline="": CRLF files stay CRLF
        lines = fh.read().splitlines(keepends=True)
    index = pos.line - 1
    line = lines[index]
    start = pos.column - 1
    written = old.isoformat() if isinstance(old, dt.date) else str(old)
    width = len(written) + (2 if pos.quoted else 0)
    token = line[start : start + width]
    if token.strip("'\"") != written:  # pragma: no cover - the position always points at the value
        raise ReviewRefused(f"{rel}:{pos.line}: cannot find the reviewed date on this line; set it by hand")
    new_token = (token[0] + today.isoformat() + token[-1]) if pos.quoted else today.isoformat()
    lines[index] = line[:start] + new_token + line[start + width :]
    if lines[index] != line:
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write("".join(lines))
    interval = str(meta.get("review_every") or project.settings.review_every)
    return Recorded(rel, pos.line, written, today.isoformat(), add_interval(today, interval))
