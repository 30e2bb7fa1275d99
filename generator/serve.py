"""`playbook serve`: build, serve, and rebuild on every change to the project's sources.

MkDocs' own LiveReloadServer does the serving, watching and browser reloading (preview.py adds
the list of errors to every page while there are any); it holds page requests while a rebuild
runs, so a reader never gets half a page. Each rebuild loads the project again (only files whose
stat changed are parsed again) and validates all of it. Any playbook edit (text, title, roles, a
new or deleted playbook, a translation) updates just the pages that show it, in every language
(`live.py`), and the Pagefind bundles holding them are indexed again in the background (the pages
are served at once, their search results a moment later); a change to the settings, roles, pages,
theme or kinds is a full build into a staging folder, swapped in whole, and so is every edit of the
public site (`--audience public`), whose leak scan reads the whole built site. A broken edit prints
its file:line errors, and the last good site stays served with the errors over it.
"""

from __future__ import annotations

import errno
import gc
import html
import logging
import os
import socket
import sys
import threading
from pathlib import Path
from typing import Any

from .build import BuildError, build_site
from .diagnostics import Diagnostic, format_report, has_errors
from .live import LiveSite, touched
from .model import Project
from .project import FileCache, load_project
from .search import SearchIndexError, reindex_pages
from .sitedir import write_marker

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
        # Pagefind uses every core: the next edit would wait for it. At the lowest priority the
        # index follows in the time the editor's page does not need. (On Linux the nice value is
        # the thread's own, and the Pagefind processes it starts inherit it.)
        try:
            os.setpriority(os.PRIO_PROCESS, 0, 19)
        except (AttributeError, OSError):  # pragma: no cover - not Linux, or not allowed
            pass
        while True:
            with self.lock:
                if not self.pending:
                    return
                jobs, self.pending = self.pending, {}
            for (site, skip_dirs, excluded), pages in jobs.items():
                for attempt in range(3):
                    try:
                        reindex_pages(site, pages, skip_dirs, excluded)
                        break
                    except FileNotFoundError as exc:  # a page deleted while the site was listed
                        if attempt == 2:
                            _say(f"warning: search could not be updated for {', '.join(sorted(pages))}: {exc}")
                    except (OSError, ValueError, KeyError, SearchIndexError) as exc:
                        _say(f"warning: search could not be updated for {', '.join(sorted(pages))}: {exc}")
                        break

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
        self.root, self.audience, self.site_dir = root.resolve(), audience, site_dir
        self.engine = engine  # None: the project's extra.playbook.engine, read again on each rebuild
        self.pending: set[str] = set()  # files reloaded since the served site last followed them
        self.work = root / ".playbook" / "serve" / f"{audience}-projects"
        self.cache = FileCache()
        self.live = LiveSite(self.work, site_dir, audience)
        self.fingerprint: tuple[Any, ...] | None = None
        self.reindexer = Reindexer()
        # What the preview overlay lists on every served page (preview.py): the errors of the
        # last rebuild, replaced as a whole so the server's threads always read a finished list.
        self.problems: list[Diagnostic] = []
        self.default_lang = "en"

    def rebuild(self) -> bool:
        """One rebuild; True when the served site changed. Never raises for content problems."""
        project, diagnostics = load_project(self.root, self.cache)
        self.pending |= {p.relative_to(self.root).as_posix() for p in self.cache.reloaded}
        self.default_lang = project.settings.default_language
        if diagnostics:
            print(format_report(diagnostics, "text"), file=sys.stderr, flush=True)
        if has_errors(diagnostics):
            self.problems = [d for d in diagnostics if d.severity == "error"]
            _say("not rebuilt; still serving the last good site")
            return False
        self.problems = []
        fingerprint = _stamps(self.root)
        # The public site is built whole each time: its leak scan reads the whole built site.
        if self.live.ready and fingerprint == self.fingerprint and self.audience == "internal":
            assert self.live.project is not None
            ids = touched(self.live.project, project, self.pending)
            if not ids:
                self.pending.clear()
                return False  # a save that changed nothing a page shows (or a file outside playbooks)
            try:
                done = self.live.update(project, ids)
            except Exception as exc:  # an unexpected state: the full build below is always right
                log.debug("page-by-page update failed, building everything: %s", exc, exc_info=True)
            else:
                for site, pages, skip_dirs, excluded in self.live.search_jobs(done):
                    for page in pages:
                        self.reindexer.submit(site, page, skip_dirs, excluded)
                self.pending.clear()
                _say(f"updated {done}")
                return True
        try:
            self._everything(project)
        except BuildError as exc:
            _say(f"error: {exc}; still serving the last good site")
            self.problems = [Diagnostic("", 0, 0, "error", "build", str(exc))]
            self.live = LiveSite(self.work, self.site_dir, self.audience)
            self.fingerprint = None
            return False
        self.fingerprint = fingerprint
        self.pending.clear()
        return True

    def _everything(self, project: Project) -> None:
        self.reindexer.drain()
        gc.unfreeze()  # the last build's state is garbage now; let the collector see it
        self.live = LiveSite(self.work, self.site_dir, self.audience)
        gc.collect()
        # Zensical keeps no state here (it runs as a subprocess): every rebuild is a full one.
        engine = self.engine or project.settings.engine
        result = build_site(project, self.audience, self.site_dir, work=self.work, keep_state=True, engine=engine)
        for warning in result.warnings:
            _say(f"warning: {warning}")
        self.live.reset(project, result.states)
        # Millions of objects of MkDocs' kept state, alive until the next full build: out of the
        # collector's sight, or each of its full passes (every few edits) takes half a second.
        gc.collect()
        gc.freeze()
        _say(f"built the {self.audience} site ({result})")


class AddressError(Exception):
    """--dev-addr cannot be served; the message says why and what to do (exit 2)."""


def check_address(dev_addr: str) -> tuple[str, int]:
    """HOST and PORT of --dev-addr, checked before the first build: the address must exist on
    this machine and the port be free, or the editor waits for a build only to see it fail."""
    host, _, port_text = dev_addr.rpartition(":")
    host = host.strip("[]")
    if not host or not (port_text.isascii() and port_text.isdigit()) or not 0 < int(port_text) < 65536:
        raise AddressError(f"--dev-addr must be HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:8000, "
                           f"not '{dev_addr}'")
    port = int(port_text)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise AddressError(f"--dev-addr: '{host}' is not an address of this machine; use 127.0.0.1 "
                           "(this machine only) or 0.0.0.0 (every network)") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will: TIME_WAIT is free
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise AddressError(f"port {port} on {host} is in use (another server?); stop it or choose "
                                   f"another port, e.g. --dev-addr {host}:{port + 1}") from None
            if exc.errno in (errno.EACCES, errno.EPERM):
                raise AddressError(f"port {port} needs administrator rights; choose a port above 1023, "
                                   f"e.g. --dev-addr {host}:8000") from None
            raise AddressError(f"cannot serve on {host}:{port}: {exc.strerror}; use 127.0.0.1:8000") from None
    return host, port


def serve(root: Path, audience: str, dev_addr: str, engine: str | None = None) -> int:
    from .preview import PreviewServer

    try:
        host, port_number = check_address(dev_addr)
    except AddressError as exc:
        print(f"playbook: error: {exc}", file=sys.stderr)
        return 2
    port = str(port_number)
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
        write_marker(site_dir, audience)  # the tool's own folder: the next good build replaces it
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    def builder() -> None:
        session.rebuild()

    # Polling every 0.1 s instead of MkDocs' 0.5 s: an edit should show within a second.
    server = PreviewServer(
        builder=builder,
        host=host,
        port=int(port),
        root=str(site_dir),
        polling_interval=0.1,
        problems=lambda: session.problems,
        default_lang=session.default_lang,
    )
    server.build_delay = 0.05
    for name in WATCHED:
        path = root / name
        if path.exists():
            server.watch(str(path))
    shown = f"[{host}]" if ":" in host else host
    _say(f"serving the {audience} site on http://{shown}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
    return 0
