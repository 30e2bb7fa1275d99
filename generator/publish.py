"""`playbook publish VERSION`: a released version of the site, with mike's versions.json.

mike deploys each version of a MkDocs site into a git branch and keeps versions.json, which
Material's version selector reads. We build our generated project (all languages) and hand the
finished folder to mike's own commands, so releases look exactly like `playbook build` output.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .build import BuildError, build_site
from .diagnostics import format_report, has_errors


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
    try:
        from mike import commands, git_utils
    except ImportError:  # pragma: no cover - mike is a dependency
        print("playbook: error: publishing needs mike (pip install mike)", file=sys.stderr)
        return 2
    branch = "gh-pages" if audience == "internal" else "public-pages"
    previous = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        try:
            build_site(project, audience, site, versioned=True, engine=engine)
        except BuildError as exc:
            print(f"playbook: error: {exc}", file=sys.stderr)
            return 1
        try:
            os.chdir(root)  # mike works on the repository of the current directory
            with commands.deploy(
                {"site_dir": str(site)},
                version,
                title=version,
                aliases=aliases,
                update_aliases=True,
                branch=branch,
                message=f"Publish the {audience} site as {version}",
            ):
                pass  # the site is built already; mike commits it and updates versions.json
        except (git_utils.GitError, ValueError, OSError) as exc:
            print(f"playbook: error: could not publish with mike: {exc}", file=sys.stderr)
            return 1
        finally:
            os.chdir(previous)
    print(f"published the {audience} site as version {version} on branch {branch} (with versions.json)")
    return 0
