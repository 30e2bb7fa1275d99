"""`playbook serve`: build, serve, and rebuild on every change to the project's sources.

MkDocs' own LiveReloadServer does the serving, watching and browser reloading; it holds page
requests while a rebuild runs, so a reader never gets half a page. Each rebuild loads the project
again (only files whose stat changed are parsed again) and validates all of it. An edit that
changes one playbook's own text, nothing another page shows, re-renders that page in each
language (`incremental.py`), and the Pagefind bundle holding it is indexed again in the background
(the page is served at once, its search results a moment later); anything else is a full build
into a staging folder, swapped in whole. A broken edit prints its file:line errors and the last
good site stays served.
"""

from __future__ import annotations

import html
import logging
import sys
import threading
from pathlib import Path
from typing import Any

from .build import BuildError, build_context, build_site, search_scope
from .diagnostics import format_report, has_errors
from .emit import Emitter, page_url, prefix_of
from .incremental import LanguageState, rebuild_pages
from .model import Project
from .project import FileCache, load_project
from .search import SearchIndexError, reindex_pages
from .select import select

log = logging.getLogger("playbook.serve")

WATCHED = ("playbooks", "content", "theme", "kinds", "mkdocs.yml")


def _say(message: str) -> None:
    print(f"playbook: {message}", file=sys.stderr, flush=True)


def _stamps(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every input besides playbook files: any change to one of them means a full build."""
    found = []
    for name in ("mkdocs.yml", "playbooks/roles.yaml", "content", "theme", "kinds"):
        base = root / name
        paths = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []
        for p in paths:
            st = p.stat()
            found.append((p.relative_to(root).as_posix(), st.st_mtime_ns, st.st_size))
    return tuple(found)


def _shape(project: Project) -> tuple[Any, ...]:
    """What pages other than a playbook's own show of it: if this is unchanged, only it changed."""
    sources = tuple(
        (
            pid,
            pb.kind,
            pb.data.get("title"),
            pb.data.get("summary"),
            tuple(pb.roles),
            tuple(pb.data.get("tags") or []),
            tuple(pb.data.get("related") or []),
            pb.audience,
        )
        for pid, pb in sorted(project.playbooks.items())
    )
    translations = tuple(
        (key, tr.data.get("title"), tr.data.get("summary")) for key, tr in sorted(project.translations.items())
    )
    return sources, translations


class Reindexer:
    """Pagefind bundles to index again after single-page rebuilds, in one background thread.

    Edits that arrive while it runs are gathered and indexed together on its next round, so an
    editor saving often never waits for search; a full build waits for it to finish first."""

    def __init__(self) -> None:
        self.pending: dict[tuple[Path, tuple[str, ...], tuple[str, ...]], set[str]] = {}
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def submit(self, site: Path, page: str, skip_dirs: tuple[str, ...], excluded: tuple[str, ...]) -> None:
        with self.lock:
            self.pending.setdefault((site, skip_dirs, excluded), set()).add(page)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="playbook-search", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            with self.lock:
                if not self.pending:
                    return
                jobs, self.pending = self.pending, {}
            for (site, skip_dirs, excluded), pages in jobs.items():
                try:
                    reindex_pages(site, pages, skip_dirs, excluded)
                except (OSError, ValueError, KeyError, SearchIndexError) as exc:
                    _say(f"warning: search could not be updated for {', '.join(sorted(pages))}: {exc}")

    def wait(self) -> None:
        """Until everything submitted is indexed."""
        with self.lock:
            thread = self.thread
        if thread is not None:
            thread.join()

    def drain(self) -> None:
        """Forget what is pending (a full build indexes everything) and wait for the running round."""
        with self.lock:
            self.pending.clear()
        self.wait()


class Session:
    """One `serve` process: the served site, the generated projects, and what may be reused."""

    def __init__(self, root: Path, audience: str, site_dir: Path, engine: str | None = None) -> None:
        self.root, self.audience, self.site_dir = root, audience, site_dir
        self.engine = engine  # None: the project's extra.playbook.engine, read again on each rebuild
        self.work = root / ".playbook" / "serve" / f"{audience}-projects"
        self.cache = FileCache()
        self.states: dict[str, LanguageState] = {}
        self.fingerprint: tuple[Any, ...] | None = None
        self.reindexer = Reindexer()

    def rebuild(self) -> bool:
        """One rebuild; True when the served site changed. Never raises for content problems."""
        project, diagnostics = load_project(self.root, self.cache)
        if diagnostics:
            print(format_report(diagnostics, "text"), file=sys.stderr, flush=True)
        if has_errors(diagnostics):
            _say("not rebuilt; still serving the last good site")
            return False
        fingerprint = (_shape(project), _stamps(self.root))
        changed = [
            pb
            for pb in list(project.playbooks.values()) + list(project.translations.values())
            if (self.root / pb.rel) in self.cache.reloaded
        ]
        if self.states and fingerprint == self.fingerprint and len(changed) == 1 and self.audience == "internal":
            try:
                self._one_playbook(project, changed[0].id)
                _say(f"rebuilt {changed[0].rel}")
                return True
            except Exception as exc:  # an unexpected state: the full build below is always right
                log.debug("single-page rebuild failed, building everything: %s", exc)
        try:
            self._everything(project)
        except BuildError as exc:
            _say(f"error: {exc}; still serving the last good site")
            self.states, self.fingerprint = {}, None
            return False
        self.fingerprint = fingerprint
        return True

    def _one_playbook(self, project: Project, pid: str) -> None:
        ctx = build_context(project)
        default = project.settings.default_language
        for lang in project.settings.languages:
            selection = select(project, self.audience, lang)
            entry = selection.playbooks.get(pid)
            if entry is None:
                continue
            text = Emitter(ctx, selection).playbook_page(entry)
            target = self.work / lang / "docs" / entry.path
            if target.read_text(encoding="utf-8") == text:
                continue
            target.write_text(text, encoding="utf-8")
            site = self.site_dir / prefix_of(lang, default)
            rebuild_pages(self.states[lang], site, [entry.path])
            scope = search_scope(self.work / lang / "mkdocs.yml", lang, project.settings.languages, default)
            self.reindexer.submit(
                site, page_url(entry.path) + "index.html", tuple(scope["skip_dirs"]), tuple(scope["excluded"])
            )

    def _everything(self, project: Project) -> None:
        self.reindexer.drain()
        # Zensical keeps no state here (it runs as a subprocess): every rebuild is a full one.
        engine = self.engine or project.settings.engine
        result = build_site(project, self.audience, self.site_dir, work=self.work, keep_state=True, engine=engine)
        for warning in result.warnings:
            _say(f"warning: {warning}")
        self.states = result.states
        _say(f"built the {self.audience} site ({result})")


def serve(root: Path, audience: str, dev_addr: str, engine: str | None = None) -> int:
    from mkdocs.livereload import LiveReloadServer

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        print(f"playbook: error: --dev-addr must be HOST:PORT, not '{dev_addr}'", file=sys.stderr)
        return 2
    root = root.resolve()
    site_dir = root / ".playbook" / "serve" / audience
    session = Session(root, audience, site_dir, engine)
    if not session.rebuild() and not site_dir.exists():
        site_dir.mkdir(parents=True)
        (site_dir / "index.html").write_text(
            "<!doctype html><title>Fix the errors</title><p>The site could not be built: "
            f"fix the errors shown in the terminal ({html.escape(str(root))}). This page reloads when it builds.</p>",
            encoding="utf-8",
        )
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    def builder() -> None:
        session.rebuild()

    # Polling every 0.1 s instead of MkDocs' 0.5 s: an edit should show within a second.
    server = LiveReloadServer(builder=builder, host=host, port=int(port), root=str(site_dir), polling_interval=0.1)
    server.build_delay = 0.05
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
