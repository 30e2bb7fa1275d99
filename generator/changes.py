"""`playbook changes`: what the next release would change, for release notes and pull requests.

The project as it is now, compared with the last release published for the audience (or the
release named by --since): the same comparison the What changed page of the next release will
show (release.py), read from the manifest that release keeps on its publish branch. With no
release published, everything is added.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from . import published
from .branches import publish_settings
from .build import build_today
from .diagnostics import format_report, has_errors
from .release import Record, Release, release_changes
from .select import select

HEADINGS = {"added": "Added", "changed": "Changed", "retired": "Retired", "behind": "Translations behind"}


class ChangesError(Exception):
    """A usage or environment problem (exit 2): the message says what to do."""


def baseline_for(root: Path, branch: str, since: str | None) -> tuple[str | None, dict[str, Any] | None]:
    """(release compared with, its manifest); (None, None) when nothing is published."""
    if not published.in_repository(root):
        if since:
            raise ChangesError(f"{root} is not in a git repository, so no release '{since}' was published from it")
        return None, None
    releases = published.versions(root, branch)
    if since is None:
        if not releases:
            return None, None
        name = str(releases[0]["version"])
    else:
        found = [v for v in releases if since == v.get("version") or since in (v.get("aliases") or [])]
        if not found:
            names = ", ".join(str(v["version"]) for v in releases) or "none"
            raise ChangesError(f"no release '{since}' on the branch '{branch}' (published: {names})")
        name = str(found[0]["version"])
    manifest = published.manifest_of(root, branch, name)
    if manifest is None:
        why = f"release {name} on '{branch}' has no changes/release.json (it was published before playbook kept one)"
        if since is not None:
            raise ChangesError(f"{why}; compare with a later release")
        print(f"playbook: note: {why}, so, as for the next release's What changed page, everything is added",
              file=sys.stderr)
        return None, None
    return name, manifest


def as_json(record: Record, audience: str, branch: str, default: str) -> str:
    def item(change: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"id": change.id, "title": change.title_in(default, default), "version": change.version}
        if change.type == "changed":
            out["from"] = change.previous
        if change.type == "behind":
            out.update(lang=change.lang, translates=change.translates)
        if change.notes:
            out["notes"] = change.notes
        return out

    data: dict[str, Any] = {"audience": audience, "branch": branch, "compared_with": record.previous}
    for kind in HEADINGS:
        data[kind] = [item(c) for c in record.of_type(kind)]
    data["withdrawn"] = record.withdrawn
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_text(record: Record, audience: str, branch: str, default: str) -> str:
    if record.previous:
        lines = [f"What the next {audience} release changes, compared with release {record.previous} "
                 f"(branch {branch}):"]
    else:
        lines = [f"No {audience} release has been published yet (branch {branch}): everything is added."]
    if not record.changes and not record.withdrawn:
        lines.append(f"Nothing changed since release {record.previous}." if record.previous else "No playbooks.")
    for kind, heading in HEADINGS.items():
        found = record.of_type(kind)
        extra = record.withdrawn if kind == "retired" else 0
        if not found and not extra:
            continue
        lines += ["", f"{heading} ({len(found) + extra})"]
        for c in found:
            title = c.title_in(default, default)
            if kind == "changed":
                step = f"{c.previous} -> {c.version}" if c.previous != c.version else f"edited, still {c.version}"
                lines.append(f"  {c.id}: {title}, {step}")
            elif kind == "behind":
                lines.append(f"  {c.id} [{c.lang}]: {title}, translates {c.translates}, the original is at {c.version}")
            elif kind == "retired":
                lines.append(f"  {c.id}: {title} (last version {c.version})")
            else:
                lines.append(f"  {c.id}: {title} ({c.version})")
            lines += [f"      {n.get('version')} ({n.get('date')}): {n.get('note')}" for n in c.notes]
        if extra:
            lines.append(f"  {extra} more left the {audience} site for the other audience (not named here)")
    return "\n".join(lines)


def changes(root: Path, since: str | None, fmt: str, audience: str) -> int:
    from .project import load_project

    project, diagnostics = load_project(root)
    if has_errors(diagnostics):
        print(format_report([d for d in diagnostics if d.severity == "error"], "text"), file=sys.stderr)
        print("playbook: fix the errors above first: the changes of a project that does not validate are not "
              "what a release would publish", file=sys.stderr)
        return 1
    branch = publish_settings(project.settings.raw).branch(audience)
    try:
        _name, baseline = baseline_for(project.root, branch, since)
    except (ChangesError, published.GitError) as exc:
        print(f"playbook: error: {exc}", file=sys.stderr)
        return 2
    selections = [select(project, audience, lang) for lang in project.settings.languages]
    record = release_changes(Release(None, build_today(), baseline), audience, selections, project.playbooks).this
    default = project.settings.default_language
    print(as_json(record, audience, branch, default) if fmt == "json" else as_text(record, audience, branch, default))
    return 0
