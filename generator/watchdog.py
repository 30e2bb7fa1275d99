"""A limit on one page's conversion to HTML.

Python-Markdown's inline patterns are regular expressions that backtrack: some pages (a long run
of `[` or `![`, thousands of nested emphasis markers) take minutes or exhaust the recursion
limit. The validator refuses the shapes we know (safety.markdown_hazards) at their line; this is
the net for the ones we do not: a MkDocs plugin (in-memory only, like incremental.Lean) gives
each page PAGE_SECONDS to become HTML and names the page that did not.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority

PAGE_SECONDS = 20.0


class PageTooSlow(Exception):
    """One page did not convert within its time; `src_uri` is the generated docs file."""

    def __init__(self, src_uri: str, reason: str) -> None:
        super().__init__(src_uri, reason)  # both in args: it crosses from a worker process by pickle
        self.src_uri = src_uri
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.src_uri}: {self.reason}"


class Watchdog(BasePlugin):
    """Per-page time and recursion limits while MkDocs converts Markdown to HTML.

    Signals reach only the main thread, so the time limit applies where MkDocs builds in a
    process's main thread (`playbook build`'s workers); `serve`'s rebuilds keep the recursion net."""

    def __init__(self, seconds: float | None = None) -> None:
        super().__init__()
        self.seconds = seconds or float(os.environ.get("PLAYBOOK_PAGE_SECONDS") or PAGE_SECONDS)
        self.current: str | None = None

    def _expired(self, signum: int, frame: Any) -> None:
        raise PageTooSlow(self.current or "?", f"it took more than {self.seconds:.0f} s to convert")

    @event_priority(100)
    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
        self.current = page.file.src_uri
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return markdown

    @event_priority(-100)
    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        self._disarm()
        self.current = None
        return html

    def on_build_error(self, *, error: Exception) -> None:
        self._disarm()
        if isinstance(error, RecursionError) and self.current:
            raise PageTooSlow(self.current, "its Markdown nests too deeply to convert") from error

    @staticmethod
    def _disarm() -> None:
        if threading.current_thread() is threading.main_thread():
            signal.setitimer(signal.ITIMER_REAL, 0)
