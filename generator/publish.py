"""`playbook publish VERSION`: a released version of the site, with mike's versions.json.

mike deploys each version of a MkDocs site into a git branch and keeps versions.json, which
Material's version selector reads. We build our generated project (all languages) and hand the
finished folder to mike's own commands, so releases look exactly like `playbook build` output.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from .build import BuildError, build_site
from .diagnostics import format_report, has_errors


def publish(root: Path, version: str, aliases: list[str], audience: str) -> int:
    from .project import load_project

    project, diagnostics = load_project(root)
    if diagnostics:
        print(format_report(diagnostics, "text"))
    if has_errors(diagnostics):
        print("playbook: nothing was published: fix the errors above first", file=sys.stderr)
        return 1
    try:
        from mike import commands, git_utils
    except ImportError:  # pragma: no cover - mike is a dependency
        print("playbook: error: publishing needs mike (pip install mike)", file=sys.stderr)
        return 2
    branch = "gh-pages" if audience == "internal" else "public-pages"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        try:
            build_site(project, audience, site)
        except BuildError as exc:
            print(f"playbook: error: {exc}", file=sys.stderr)
            return 1
        try:
            with commands.deploy(
                cfg=_MikeConfig(site),
                version=version,
                title=version,
                aliases=aliases,
                branch=branch,
                message=f"Publish {audience} site {version}",
            ) as deploy_dir:
                _copy(site, Path(deploy_dir))
        except (git_utils.GitError, ValueError, OSError) as exc:
            print(f"playbook: error: could not publish with mike: {exc}", file=sys.stderr)
            return 1
    print(f"published the {audience} site as version {version} on branch {branch}")
    return 0


class _MikeConfig:
    """The part of a MkDocs config that mike's deploy reads."""

    def __init__(self, site: Path) -> None:
        self.site_dir = str(site)
        self.remote_name = "origin"
        self.remote_branch = "gh-pages"
        self.use_directory_urls = True


def _copy(src: Path, dest: Path) -> None:
    import shutil

    shutil.copytree(src, dest, dirs_exist_ok=True)
