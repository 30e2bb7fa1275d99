"""The "Report a problem" link of every page: a new issue in the handbook's repository, or a mail,
already naming the page, its version and its owner, so a reader's note reaches the owner with
everything needed to act on it.

A plain link, built when the page is built: nothing is sent until the reader sends it, no script
runs, nothing is counted. The internal site links to a new issue in `repo_url` (GitHub's
`/issues/new?title=&body=`), or to `extra.playbook.report_to` when that is set (an `https://`
form or a `mailto:` address). The public site has the link only when
`extra.playbook.public_report_to` is set: readers outside the company cannot open issues in an
internal repository, and would otherwise be sent there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .diagnostics import Diagnostic
from .model import SiteSettings
from .render import locale

_TARGET = re.compile(r"^(https?://\S+|mailto:[^\s?]+@[^\s?]+)$")
SETTINGS = ("report_to", "public_report_to")


def _ours(raw: dict[str, Any]) -> dict[str, Any]:
    extra = raw.get("extra") if isinstance(raw.get("extra"), dict) else {}
    ours = extra.get("playbook") if isinstance(extra, dict) else None
    return ours if isinstance(ours, dict) else {}


def setting_problems(config: dict[str, Any], text: str) -> list[Diagnostic]:
    """extra.playbook.report_to and public_report_to: an https:// address or mailto:, nothing else."""
    out = []
    for key in SETTINGS:
        value = _ours(config).get(key)
        if value is not None and not (isinstance(value, str) and _TARGET.match(value.strip())):
            line = next((n for n, ln in enumerate(text.splitlines(), 1) if ln.strip().startswith(f"{key}:")), 1)
            out.append(
                Diagnostic(
                    "mkdocs.yml",
                    line,
                    1,
                    "error",
                    "bad-setting",
                    f"extra.playbook.{key} '{value}' is not an https:// address or a mailto: address; "
                    "write e.g. mailto:handbook@example.org",
                )
            )
    return out


@dataclass(frozen=True)
class Reported:
    """What the link names: the page as its reader saw it."""

    title: str
    address: str  # the page's path in the site, e.g. it/playbooks/x/
    file: str | None = None  # the source file, when there is one
    version: str | None = None
    owner: str | None = None  # "Title (role-id)"


def report_target(settings: SiteSettings, audience: str) -> str | None:
    ours = _ours(settings.raw)
    if audience == "public":
        value = ours.get("public_report_to")
        return value.strip() if isinstance(value, str) and _TARGET.match(value.strip()) else None
    value = ours.get("report_to")
    if isinstance(value, str) and _TARGET.match(value.strip()):
        return value.strip()
    if settings.repo_url:
        return settings.repo_url.rstrip("/") + "/issues/new"
    return None


def report_url(target: str, lang: str, page: Reported) -> str:
    """The link: `target` with a subject (title) and a body that name the page, in `lang`."""
    words = locale(lang)
    unknown = "—"
    subject = words["report_subject"].format(title=page.title)
    body = words["report_body"].format(
        title=page.title,
        address=page.address or "/",
        file=page.file or unknown,
        version=page.version or unknown,
        owner=page.owner or unknown,
    )
    if target.startswith("mailto:"):
        return f"{target}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
    joiner = "&" if "?" in target else "?"
    return f"{target}{joiner}title={quote(subject, safe='')}&body={quote(body, safe='')}"
