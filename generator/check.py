"""`playbook check`: what is due for review and which translations fell behind.

`check --leaks SITE` runs the leak scan, which lives in leaks.py (the public build runs it too).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .diagnostics import Diagnostic
from .freshness import review, translations_behind
from .leaks import check_leaks, find_leaks, site_file_text
from .model import Project
from .sources import Document

__all__ = ["check_leaks", "check_project", "coverage", "find_leaks", "site_file_text"]


def check_project(project: Project, today: dt.date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    default_interval = project.settings.review_every
    dated: list[tuple[Document, dict[str, Any], str]] = [
        (pb.doc, pb.data, f"; ask {pb.data.get('owner', 'its owner')} to verify it, then update reviewed")
        for pb in project.playbooks.values()
    ]
    dated += [
        (page.doc, page.meta, "") for page in project.pages.values() if not page.is_translation and page.doc is not None
    ]
    for doc, meta, advice in dated:
        due = review(meta, default_interval)
        if due is not None and due.overdue(today):
            out.append(
                doc.problem(
                    ("reviewed",),
                    "review-overdue",
                    f"review overdue since {due.due} (last reviewed {due.reviewed}, every {due.interval}){advice}",
                    "warning",
                )
            )
    for lang, tr, source, translates, missing in translations_behind(project):
        versions = ", ".join(str(c.get("version")) for c in missing)
        not_yet = f" (not yet translated: {versions})" if versions else ""
        out.append(
            tr.doc.problem(
                ("translates",),
                "translation-behind",
                f"the {lang} translation is behind: it translates {translates}, the source is at "
                f"{source.version}{not_yet}; update the text, then set translates",
                "warning",
            )
        )
    return out


def coverage(project: Project) -> list[str]:
    """One line per language: how many playbooks are translated, and how many are behind."""
    total = len(project.playbooks)
    lines = []
    for lang in project.settings.languages[1:]:
        done = [tr for (pid, tl), tr in project.translations.items() if tl == lang and pid in project.playbooks]
        behind = sum(1 for tl, *_rest in translations_behind(project) if tl == lang)
        lines.append(f"{lang}: {len(done)} of {total} playbooks translated, {behind} behind the source")
    return lines
