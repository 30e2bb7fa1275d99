"""`playbook serve`: build, serve, and rebuild on every change to the project's sources.

MkDocs' own LiveReloadServer does the serving, watching and browser reloading. Each rebuild
starts from a fresh load of the project (nothing survives from one build to the next) and goes
through the same atomic build as `playbook build`, so a broken edit prints its file:line errors
and the last good site stays served.
"""

from __future__ import annotations

import html
import logging
import sys
from pathlib import Path

from .build import BuildError, build_site
from .diagnostics import format_report, has_errors

log = logging.getLogger("playbook.serve")

WATCHED = ("playbooks", "content", "theme", "kinds", "mkdocs.yml")


def rebuild(root: Path, audience: str, site_dir: Path) -> bool:
    """One rebuild; True when the site was replaced. Never raises for content problems."""
    from .project import load_project

    project, diagnostics = load_project(root)
    if diagnostics:
        print(format_report(diagnostics, "text"), file=sys.stderr, flush=True)
    if has_errors(diagnostics):
        print("playbook: not rebuilt; still serving the last good site", file=sys.stderr, flush=True)
        return False
    try:
        result = build_site(project, audience, site_dir)
    except BuildError as exc:
        print(f"playbook: error: {exc}; still serving the last good site", file=sys.stderr, flush=True)
        return False
    print(f"playbook: rebuilt ({result})", file=sys.stderr, flush=True)
    return True


def serve(root: Path, audience: str, dev_addr: str) -> int:
    from mkdocs.livereload import LiveReloadServer

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        print(f"playbook: error: --dev-addr must be HOST:PORT, not '{dev_addr}'", file=sys.stderr)
        return 2
    root = root.resolve()
    site_dir = root / ".playbook" / "serve" / audience
    if not rebuild(root, audience, site_dir) and not site_dir.exists():
        site_dir.mkdir(parents=True)
        (site_dir / "index.html").write_text(
            "<!doctype html><title>Fix the errors</title><p>The site could not be built: "
            f"fix the errors shown in the terminal ({html.escape(str(root))}). This page reloads when it builds.</p>",
            encoding="utf-8",
        )
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    def builder() -> None:
        rebuild(root, audience, site_dir)

    server = LiveReloadServer(builder=builder, host=host, port=int(port), root=str(site_dir))
    for name in WATCHED:
        path = root / name
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
    return 0
