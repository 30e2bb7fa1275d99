"""What is already published: read from a publish branch with git, without checking it out.

`publish` and `changes` need the releases on a branch (mike's versions.json), the manifest of one
of them (release.py), which audience the branch holds, and whether the sources about to be
published are committed. Each is one `git show` or `git status`; the working tree and the
current branch are never touched (mike itself commits with `git fast-import`).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from .release import MANIFEST, readable

MARKER = "playbook-branch.json"  # at the branch root: which audience's releases the branch holds


class GitError(Exception):
    """git is missing or the project is not in a repository; the message says what to do."""


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("publishing needs git, which is not installed; install git first") from None


def in_repository(root: Path) -> bool:
    try:
        done = git(root, "rev-parse", "--is-inside-work-tree")
    except GitError:
        return False
    return done.returncode == 0 and done.stdout.strip() == "true"


def branch_exists(root: Path, branch: str) -> bool:
    return git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}").returncode == 0


def branch_head(root: Path, branch: str) -> str | None:
    done = git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}")
    return done.stdout.strip() if done.returncode == 0 else None


def current_branch(root: Path) -> str | None:
    done = git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    return done.stdout.strip() if done.returncode == 0 else None


def read_file(root: Path, branch: str, path: str) -> str | None:
    """A file of a branch (path from the branch's root), or None when either is not there."""
    done = git(root, "show", f"refs/heads/{branch}:{path}")
    return done.stdout if done.returncode == 0 else None


def _json(root: Path, branch: str, path: str) -> Any:
    text = read_file(root, branch, path)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def versions(root: Path, branch: str) -> list[dict[str, Any]]:
    """mike's versions.json of a branch, newest first, as mike orders it; [] when none."""
    data = _json(root, branch, "versions.json")
    if not isinstance(data, list):
        return []
    from mike.versions import Versions

    try:
        return list(Versions.from_json(data).to_json())
    except (KeyError, TypeError, ValueError):
        return []


def previous_version(published: list[dict[str, Any]], new: str) -> str | None:
    """The newest published release older than `new`, in mike's order (what `new` follows)."""
    from mike.versions import Versions

    ordered = Versions.from_json([v for v in published if str(v.get("version")) != new])
    try:
        ordered.add(new)
    except ValueError:  # `new` is an alias of a published release: mike will refuse it
        return None
    names = [str(v.version) for v in ordered]
    index = names.index(new)
    return names[index + 1] if index + 1 < len(names) else None


def manifest_of(root: Path, branch: str, version: str) -> dict[str, Any] | None:
    """The release manifest a published version keeps (None for a release without one)."""
    return readable(_json(root, branch, f"{version}/{MANIFEST}"))


def marker(root: Path, branch: str) -> dict[str, Any] | None:
    data = _json(root, branch, MARKER)
    return data if isinstance(data, dict) else None


def uncommitted(root: Path, paths: list[str]) -> list[str]:
    """The project files among `paths` (sources) that differ from the last commit or are not in
    it: a release must be a commit's content, so the next one can be compared and rebuilt."""
    existing = [p for p in paths if (root / p).exists()]
    if not existing:
        return []
    done = git(root, "status", "--porcelain=v1", "--untracked-files=all", "--", *existing)
    if done.returncode != 0:
        return []
    return sorted(line[3:].strip() for line in done.stdout.splitlines() if line.strip())


def last_release(root: Path, branch: str) -> tuple[str | None, dict[str, Any] | None]:
    """The newest release on a branch and its manifest; (None, None) when nothing is published
    there (or the project is not in a repository)."""
    if not in_repository(root):
        return None, None
    published = versions(root, branch)
    if not published:
        return None, None
    newest = str(published[0]["version"])
    return newest, manifest_of(root, branch, newest)


def preview_release(project: Any, audience: str, today: Any) -> Any:
    """A build that is not published (build, serve): compared with the last published release of
    its audience, so its What changed page shows what publishing it would change."""
    from .branches import publish_settings
    from .release import Release

    branch = publish_settings(project.settings.raw).branch(audience)
    _name, baseline = last_release(project.root, branch)
    return Release(None, today, baseline)
