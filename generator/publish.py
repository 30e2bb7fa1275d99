"""`playbook publish VERSION`: a released version of the site, with mike's versions.json.

mike deploys each version of a MkDocs site into a git branch and keeps versions.json, which the
version selector reads. We build our generated project (every language of the audience, as one
site) and hand the finished folder to mike's own commands, so releases look exactly like
`playbook build` output. Then the branch root is pointed at the default alias (mike's
set-default) and the branch is marked with its audience.

All or nothing: everything is checked before the build (content, git, committed sources, the
branch's audience), the build happens in a temporary folder, and if anything fails once the
branch has been written to, the branch is put back where it was.

Which branch: each audience has its own (branches.py), and a branch marked for one audience, or
holding releases nobody marked, never receives the other's: an earlier playbook published the
internal site to gh-pages, which GitHub Pages serves publicly by default.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import published
from .branches import PublishSettings, publish_settings
from .build import BuildError, build_site, build_today
from .diagnostics import format_report, has_errors
from .layout import SOURCE_FOLDERS
from .release import Release

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_TAKEN = {"versions.json", "index.html", published.MARKER, ".nojekyll"}


def git_problem(root: Path) -> str | None:
    """Why this project cannot be published with git (mike commits to a branch), or None."""
    try:
        inside = published.in_repository(root)
        if not inside:
            published.git(root, "--version")  # raises GitError when git is missing
    except published.GitError as exc:
        return str(exc)
    if not inside:
        return (f"{root} is not in a git repository, and publish commits the site to a branch of one; "
                "run 'git init' and commit your sources first")
    return None


def name_problem(what: str, name: str) -> str | None:
    if not _NAME.match(name) or name in _TAKEN:
        return (f"'{name}' cannot be a {what}: it names a folder of the publish branch; use letters, digits, "
                "'.', '-' and '_', e.g. 1.2 or latest")
    return None


def source_paths(project: Any) -> list[str]:
    """What a release is built from, relative to the project root."""
    paths = ["mkdocs.yml", *SOURCE_FOLDERS]
    custom = project.custom_dir
    if custom is not None:
        try:
            paths.append(Path(custom).resolve().relative_to(Path(project.root).resolve()).as_posix())
        except ValueError:
            pass
    return sorted(set(paths))


def branch_problem(root: Path, settings: PublishSettings, audience: str) -> str | None:
    """Why this audience's releases may not go to its branch, or None."""
    branch = settings.branch(audience)
    if published.current_branch(root) == branch:
        return (f"the {audience} releases go to the branch '{branch}', which is the branch you are working on; "
                "switch to your sources' branch, or name another publish branch in extra.playbook.publish")
    if not published.branch_exists(root, branch):
        return None
    mark = published.marker(root, branch)
    if mark is None:
        if published.versions(root, branch) or published.read_file(root, branch, "index.html") is not None:
            return (f"the branch '{branch}' already holds a site that playbook did not mark as {audience} (an earlier "
                    "playbook published the internal site to gh-pages); check what it holds, then delete it "
                    f"('git branch -D {branch}') or publish the {audience} site to another branch "
                    f"(extra.playbook.publish.{audience}_branch)")
        return None
    if mark.get("audience") != audience:
        return (f"the branch '{branch}' holds the {mark.get('audience')} releases; the {audience} site never goes "
                f"there: name another branch in extra.playbook.publish.{audience}_branch")
    return None


def fail(message: str, status: int = 2) -> int:
    print(f"playbook: error: {message}", file=sys.stderr)
    return status


def publish(root: Path, version: str, aliases: list[str], audience: str, engine: str | None = None) -> int:
    from .project import load_project

    project, diagnostics = load_project(root)
    if diagnostics:
        print(format_report(diagnostics, "text"))
    if has_errors(diagnostics):
        print("playbook: nothing was published: fix the errors above first", file=sys.stderr)
        return 1
    from .engines import EngineUnavailable, get_engine

    engine = engine or project.settings.engine
    try:
        get_engine(engine).version()
    except EngineUnavailable as exc:
        print(f"playbook: error: {exc}", file=sys.stderr)
        return 2
    for what, name in [("version", version), *(("alias", a) for a in aliases)]:
        problem = name_problem(what, name)
        if problem:
            return fail(problem)
    if version in aliases:
        return fail(f"'{version}' is the version; an alias must be another name, such as latest")
    problem = git_problem(root)  # before the build, which takes a while
    if problem:
        return fail(problem)
    settings = publish_settings(project.settings.raw)
    branch = settings.branch(audience)
    changed = published.uncommitted(root, source_paths(project))
    if changed:
        listed = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        return fail(f"the sources have changes that are not committed ({listed}); a release is built from a "
                    "commit: commit them ('git add -A && git commit') or put them aside ('git stash'), then publish")
    problem = branch_problem(root, settings, audience)
    if problem:
        return fail(problem)
    try:
        from mike import commands, git_utils
    except ImportError:  # pragma: no cover - mike is a dependency
        return fail("publishing needs mike (pip install mike)")
    existing = published.versions(root, branch)
    previous = published.previous_version(existing, version)
    baseline = published.manifest_of(root, branch, previous) if previous else None
    release = Release(version, build_today(), baseline, list(aliases))
    before = published.branch_head(root, branch)
    start = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        try:
            build_site(project, audience, site, versioned=True, release=release, engine=engine)
        except BuildError as exc:
            return fail(f"{exc}; nothing was published", exc.status)
        try:
            os.chdir(root)  # mike works on the repository of the current directory
            with commands.deploy(
                {"site_dir": str(site), "use_directory_urls": True},
                version,
                title=version,
                aliases=aliases,
                update_aliases=True,
                branch=branch,
                message=f"Publish the {audience} site as {version}",
            ):
                pass  # the site is built already; mike commits it and updates versions.json
            opens = root_target(published.versions(root, branch), settings.default)
            if f'"{opens}/"' not in (published.read_file(root, branch, "index.html") or ""):
                commands.set_default(opens, branch=branch, message=f"Open {opens} at the root of the {audience} site")
            if (published.marker(root, branch) or {}).get("audience") != audience:
                with git_utils.Commit(branch, f"Mark {branch} as the {audience} site's branch") as commit:
                    commit.add_file(git_utils.FileInfo(published.MARKER, json.dumps({"audience": audience}) + "\n"))
        except (git_utils.GitError, ValueError, OSError, published.GitError) as exc:
            restore(root, branch, before)
            return fail(f"could not publish with mike: {exc}; the branch '{branch}' was left as it was")
        except BaseException:
            restore(root, branch, before)
            raise
        finally:
            os.chdir(start)
    against = f", compared with {previous}" if previous else ", the first release"
    print(f"published the {audience} site as version {version}{against}, on branch {branch} "
          f"(with versions.json; the branch root opens {opens}/)")
    return 0


def root_target(versions: list[dict[str, Any]], default: str) -> str:
    """What the branch root opens: the default alias when a release carries it, else the newest."""
    for entry in versions:
        if default == entry.get("version") or default in (entry.get("aliases") or []):
            return default
    return str(versions[0]["version"]) if versions else default


def restore(root: Path, branch: str, before: str | None) -> None:
    """Put the branch back where it was before this publish began (or remove it if it was new)."""
    if before:
        published.git(root, "update-ref", f"refs/heads/{branch}", before)
    else:
        published.git(root, "update-ref", "-d", f"refs/heads/{branch}")
