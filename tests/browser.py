"""Shared browser plumbing: serve a built site on loopback and drive Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serving(root: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.handle_error = lambda request, address: None  # a browser closing a connection early is not news
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail("the browser tests need Chromium at /usr/bin/chromium: run 'make test' (it installs it) "
                    "or 'sudo apt-get install chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


LAST_KEYSTROKE = """() => {
    const list = document.querySelector(".md-search-result__list");
    const input = document.querySelector(".md-search__input");
    window.__pbSearchMs = null;
    window.__pbStart = null;
    // "input", not "keydown": a Cyrillic or Devanagari letter typed through an input method
    // (or by Playwright, for letters not on a US keyboard) fires no keydown.
    input.addEventListener("input", () => { window.__pbStart = performance.now(); }, { once: true });
    new MutationObserver((changes, observer) => {
        if (window.__pbStart !== null && list.querySelector(".md-search-result__item")) {
            window.__pbSearchMs = performance.now() - window.__pbStart;
            observer.disconnect();
        }
    }).observe(list, { childList: true });
}"""


def search_timed(page, query: str, timeout: float = 30000) -> float:
    """Type `query` into Material's search box as a reader does, and return the milliseconds from
    the last keystroke until the list shows that query's results (a fresh render, not the one
    left from the query's first letters)."""
    page.wait_for_load_state("networkidle")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query[:-1], delay=30)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(200)
    page.evaluate(LAST_KEYSTROKE)
    box.press_sequentially(query[-1])
    page.wait_for_function("() => window.__pbSearchMs !== null", timeout=timeout)
    return float(page.evaluate("() => window.__pbSearchMs"))


# Each engine's search box: Material's, answered by our worker (MkDocs), and Pagefind's own UI in a
# dialog (Zensical); see generator/theme/overrides/partials/search.html.
RESULT_LINKS = {"mkdocs": ".md-search-result__item a", "zensical": ".pagefind-ui__result-link"}


def search(page, query: str, engine: str = "mkdocs") -> None:
    """Type a query as a reader does, once the page has loaded its search."""
    page.wait_for_load_state("networkidle")
    if engine == "zensical":
        page.locator(".pb-search__button").click()
        box = page.locator(".pagefind-ui__search-input")
        box.wait_for(timeout=10000)
    else:
        box = page.locator(".md-search__input")
        box.click()
    box.press_sequentially(query, delay=20)
