"""What a reader downloads before the first search result, and how fast results show: lunr vs Pagefind.

    python bench/search_size.py --playbooks 2000

Builds (or reuses) the corpus site, indexes a copy with Pagefind (per-language indexes, chunked),
then in headless Chromium: (1) Material's lunr search typed into the search box; (2) Pagefind's
JS API on the same pages. Reports bytes fetched for search and the time from the last keystroke
(or the search call) to the first result. Last line: `first-search: lunr X MB in Y ms; pagefind ...`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time

from common import HERE, PLAYBOOK, PY, measure
from corpus import cached

sys.path.insert(0, str(HERE.parent / "tests"))
from browser import chromium, serving  # noqa: E402

QUERIES = {"en": "timeline", "it": "fiducia", "ru": "клиентов", "hi": "ग्राहक"}


def lunr_first_search(browser, base: str, lang: str) -> tuple[int, float]:
    context = browser.new_context()
    sizes: list[int] = []
    page = context.new_page()
    page.on(
        "response", lambda r: sizes.append(len(r.body())) if "search_index.json" in r.url or "/lunr/" in r.url else None
    )
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(f"{base}/{prefix}")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(QUERIES[lang][:-1], delay=10)
    page.wait_for_load_state("networkidle")
    start = time.perf_counter()
    page.locator(".md-search__input").press_sequentially(QUERIES[lang][-1])
    page.locator(".md-search-result__item").first.wait_for(timeout=60000)
    elapsed = (time.perf_counter() - start) * 1000
    context.close()
    return sum(sizes), elapsed


def pagefind_first_search(browser, base: str, lang: str) -> tuple[int, float]:
    context = browser.new_context()
    sizes: list[int] = []
    page = context.new_page()
    page.on("response", lambda r: sizes.append(len(r.body())) if "/pagefind/" in r.url else None)
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(f"{base}/{prefix}")
    elapsed = page.evaluate(
        """async (q) => {
        const pagefind = await import('/pagefind/pagefind.js');
        await pagefind.options({});
        const start = performance.now();
        const search = await pagefind.search(q);
        if (search.results.length) await search.results[0].data();
        return performance.now() - start;
    }""",
        QUERIES[lang],
    )
    context.close()
    return sum(sizes), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--playbooks", type=int, default=2000)
    args = parser.parse_args()
    root = cached(args.playbooks)
    site = HERE / "out" / f"search-{args.playbooks}" / "site"
    if not (site / "index.html").exists():
        measure([PLAYBOOK, "build", "--root", str(root), "--site-dir", str(site)])
    pf_site = site.with_name("site-pagefind")
    if pf_site.exists():
        shutil.rmtree(pf_site)
    shutil.copytree(site, pf_site)
    started = time.perf_counter()
    subprocess.run([PY, "-m", "pagefind_bin", "--site", str(pf_site), "--quiet"], check=True)
    pf_seconds = time.perf_counter() - started
    pf_bytes = sum(p.stat().st_size for p in (pf_site / "pagefind").rglob("*") if p.is_file())
    count = len(list((pf_site / "pagefind").rglob("*")))
    print(f"pagefind indexing: {pf_seconds:.1f} s, {pf_bytes / 1e6:.1f} MB on disk in {count} files")
    lines = []
    with chromium() as browser:
        for lang in QUERIES:
            with serving(site) as base:
                lb, lt = lunr_first_search(browser, base, lang)
            with serving(pf_site) as base:
                pb, pt = pagefind_first_search(browser, base, lang)
            print(f"{lang}: lunr {lb / 1e6:.2f} MB, {lt:.0f} ms; pagefind {pb / 1e6:.2f} MB, {pt:.0f} ms")
            lines.append((lb, lt, pb, pt))
    lb, lt, pb, pt = lines[0]
    print(f"first-search: lunr {lb / 1e6:.2f} MB in {lt:.0f} ms; pagefind {pb / 1e6:.2f} MB in {pt:.0f} ms")


if __name__ == "__main__":
    main()
