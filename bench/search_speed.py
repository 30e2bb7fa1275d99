"""What a reader's first search downloads, and how soon its results show: Pagefind (what ships)
against Material's lunr index (plain Material, from build_speed.py's site, when it is there).

    python bench/search_speed.py --playbooks 2000

Builds (or reuses) the corpus site, then in headless Chromium, for each language: opens the home
page, types a query into Material's search box as a reader does, and records every byte fetched
for search from the page load to the first result (worker, index, Pagefind's chunks and
fragments) and the milliseconds from the last keystroke to that query's results in the list.
Last line: `first-search: X.XX MB, Y ms` (Pagefind, the worst language).
"""

from __future__ import annotations

import argparse
import sys

from common import HERE, PLAYBOOK, measure
from corpus import cached

sys.path.insert(0, str(HERE.parent / "tests"))
from browser import chromium, search_timed, serving  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

QUERIES = {"en": "timeline", "it": "fiducia", "ru": "клиентов", "hi": "ग्राहक"}
SEARCH_FILES = ("/pagefind/", "search_index.json", "search-worker.js", "/workers/search.", "/lunr/")


def first_search(browser, base: str, lang: str, prefix: str, timeout: float = 60000) -> tuple[int, float, int]:
    """(bytes fetched for search, ms from the last keystroke to results, results shown)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: list[int] = []
    searching = lambda r: r.ok and any(part in r.url for part in SEARCH_FILES)  # noqa: E731
    page.on("response", lambda r: sizes.append(len(r.body())) if searching(r) else None)
    try:
        page.goto(f"{base}/{prefix}")
        ms = search_timed(page, QUERIES[lang], timeout=timeout)
        page.wait_for_load_state("networkidle")
        shown = page.locator(".md-search-result__item").count()
    finally:
        context.close()
    return sum(sizes), ms, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--playbooks", type=int, default=2000)
    args = parser.parse_args()
    root = cached(args.playbooks)
    site = HERE / "out" / f"search-{args.playbooks}" / "site"
    built = measure([PLAYBOOK, "build", "--root", str(root), "--site-dir", str(site)], {"PLAYBOOK_TODAY": "2026-11-23"})
    print(f"built {args.playbooks} playbooks in {built['seconds']:.1f} s (Pagefind included)")
    plain = HERE / "out" / f"build-{args.playbooks}" / "site-c"  # plain Material + prune, lunr
    worst = (0, 0.0)
    with chromium() as browser:
        for lang in QUERIES:
            prefix = "" if lang == "en" else f"{lang}/"
            with serving(site) as base:
                pb, pt, pn = first_search(browser, base, lang, prefix)
            line = f"{lang}: pagefind {pb / 1e6:.2f} MB, {pt:.0f} ms, {pn} results"
            if (plain / lang / "index.html").exists():
                with serving(plain / lang) as base:
                    try:
                        lb, lt, ln = first_search(browser, base, lang, "")
                        line += f"; lunr {lb / 1e6:.2f} MB, {lt:.0f} ms, {ln} results"
                    except PlaywrightTimeout:
                        line += "; lunr: no result within 60 s"
            print(line, flush=True)
            worst = (max(worst[0], pb), max(worst[1], pt))
    print(f"first-search: {worst[0] / 1e6:.2f} MB, {worst[1]:.0f} ms")


if __name__ == "__main__":
    main()
