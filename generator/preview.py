"""The live preview's word to the editor: while the sources have errors, every page `serve` hands
out carries an overlay listing them (`file:line:col: message`), over the last good version.

MkDocs' LiveReloadServer already reloads every open page when a rebuild ends, failed or not; this
server adds the overlay to each HTML page as it is served (the built files never hold it), so the
list appears as soon as a save breaks something and is gone on the reload after the fix. Its text
comes from generator/locales in the page's language.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from typing import Any

from mkdocs.livereload import LiveReloadServer

from .diagnostics import Diagnostic, sort_key
from .render import locale

_LANG = re.compile(rb'<html[^>]*\slang="([A-Za-z-]{2,12})"')
MAX_SHOWN = 50

_STYLE = """
#pb-preview-errors{position:fixed;z-index:10000;left:1rem;right:1rem;top:1rem;max-height:60vh;overflow:auto;
padding:1rem 1.2rem;background:#fff;color:#1b1b1b;border:2px solid #b3261e;border-left-width:.6rem;
border-radius:.3rem;box-shadow:0 .4rem 1.5rem rgba(0,0,0,.35);font:15px/1.45 system-ui,sans-serif}
#pb-preview-errors h2{margin:0 0 .3rem;font-size:1.1rem;color:#b3261e}
#pb-preview-errors p{margin:0 0 .6rem}
#pb-preview-errors ul{margin:0;padding:0;list-style:none}
#pb-preview-errors li{margin:.25rem 0;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
overflow-wrap:anywhere}
#pb-preview-errors button{float:right;font:inherit;font-size:.85rem;padding:.2rem .8rem;cursor:pointer;
border:1px solid currentColor;border-radius:.2rem;background:transparent;color:inherit}
@media (prefers-color-scheme:dark){#pb-preview-errors{background:#2b1513;color:#f2e7e6;border-color:#f2b8b5}
#pb-preview-errors h2{color:#f2b8b5}}
"""


def _line(d: Diagnostic) -> str:
    """`file:line:col: message`, as the terminal says it; a problem of the build itself has no file."""
    return f"{d.path}:{d.line}:{d.column}: {d.message}" if d.path else d.message


def overlay(problems: list[Diagnostic], lang: str) -> str:
    """The overlay's HTML for a page in `lang`; empty when there is nothing to say."""
    if not problems:
        return ""
    words = locale(lang)
    shown = sorted(problems, key=sort_key)[:MAX_SHOWN]
    items = "".join(f"<li>{html.escape(_line(d))}</li>" for d in shown)
    more = f"<li>… (+{len(problems) - MAX_SHOWN})</li>" if len(problems) > MAX_SHOWN else ""
    return (
        f"<style>{_STYLE}</style>"
        f'<div id="pb-preview-errors" role="alert" lang="{html.escape(lang)}">'
        f'<button type="button" onclick="this.parentNode.remove()">{html.escape(words["preview_hide"])}</button>'
        f"<h2>{html.escape(words['preview_errors_title'])}</h2>"
        f"<p>{html.escape(words['preview_errors_intro'])}</p>"
        f"<ul>{items}{more}</ul></div>"
    )


_IGNORED_EVENTS = ("opened", "closed_no_write")  # reading a file is not changing it


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, with the current problems added to every HTML page it serves,
    told of changes by the operating system (inotify) where it can be, not by polling."""

    def __init__(self, *args: Any, problems: Callable[[], list[Diagnostic]], default_lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problems = problems
        self.default_lang = default_lang
        # MkDocs polls every watched file (0.1 s here): at 2,500 files a scan is tens of
        # milliseconds, on every tick, and an edit waits half a tick on average. The native
        # observer is told at once; where there is none, watchdog's fallback polls as before.
        from watchdog.observers import Observer

        self.observer = Observer(timeout=0.1)  # type: ignore[assignment]  # any watchdog observer will do

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """MkDocs' watch, but a file being read (by the rebuild itself) does not ask for a rebuild:
        a native observer reports opening a file, which polling never saw."""
        import watchdog.events

        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def callback(event: Any) -> None:
            if event.is_directory or event.event_type in _IGNORED_EVENTS:
                return
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback  # type: ignore[method-assign]
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        problems = self.problems()
        if not problems:
            return content
        m = _LANG.search(content[:2000])
        lang = m.group(1).decode("ascii") if m else self.default_lang
        panel = overlay(problems, lang).encode("utf-8")
        end = content.rfind(b"</body>")
        return content + panel if end < 0 else content[:end] + panel + content[end:]
