"""Index a built language site with Pagefind, in bundles of a bounded number of pages.

Why Pagefind and not Material's lunr index: lunr ships one JSON file per language that every
reader downloads and indexes before the first result (10 MB at 2,000 playbooks); Pagefind splits
its index into small chunks fetched per query word. It reads the built HTML, so it is not a MkDocs
plugin and works the same for any engine that writes the site. Material's search box stays: its
worker is replaced by `assets/playbook/search-worker.js`, which answers Material's messages from
Pagefind (see theme/overrides/main.html).

Why bundles: Pagefind holds every indexed page's words in memory until it writes (about 130 KB per
playbook page), so one run over a large language would need gigabytes. Each bundle indexes at
most BUNDLE_PAGES pages in its own Pagefind run, and the reader's browser merges them with
Pagefind's `mergeIndex`. Bundles are also what `serve` re-indexes after an edit: only the one that
holds the edited page. What goes into which bundle depends only on the sorted list of pages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .processes import die_with_parent
from .vocabulary import write_vocabulary

PAGEFIND = "pagefind"  # the folder in each language's site
BUNDLE_PAGES = 1000
MANIFEST = "bundles.json"
EXCLUDED_LIST = "search-exclude.txt"  # written by emit next to mkdocs.yml: URLs of pages not to index
# What a reader does not search for: permalinks, page furniture, notices repeated on every page.
IGNORED = (
    ".headerlink",
    ".pb-meta",
    ".pb-progress",
    ".pb-public-marker",
    ".pb-edit",
    ".pb-notice",
    ".pb-changelog",
    ".pb-related",
    ".md-content__button",
)
_NOT_NEEDED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    """Pagefind failed; the message says what it printed."""


def pagefind_executable() -> str:
    """The Pagefind binary installed with the pagefind-bin package (a dependency)."""
    from pagefind_bin import get_executable

    return str(get_executable())


def indexed_pages(site: Path, skip_dirs: Iterable[str] = (), excluded: Iterable[str] = ()) -> list[str]:
    """The HTML files of one language's site that search covers, sorted, relative to `site`.

    `skip_dirs` are top-level folders that are not this language's pages (the other languages,
    nested under the default one); `excluded` are page URLs whose front matter opted out."""
    skip = {"assets", "search", PAGEFIND, *skip_dirs}
    dropped = {u.strip("/") for u in excluded}
    found = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html" or rel.split("/", 1)[0] in skip:
            continue
        url = rel[: -len("index.html")].rstrip("/") if rel.endswith("index.html") else rel
        if url in dropped:
            continue
        found.append(rel)
    return sorted(found)


def bundles_of(pages: list[str], size: int | None = None) -> list[list[str]]:
    size = size or BUNDLE_PAGES
    return [pages[i : i + size] for i in range(0, len(pages), size)] or [[]]


def index_site(site: Path, skip_dirs: Iterable[str] = (), excluded: Iterable[str] = ()) -> int:
    """Index one language's built site into site/pagefind/<n>/ and write the manifest the
    search worker reads; returns the number of pages indexed."""
    pages = indexed_pages(site, skip_dirs, excluded)
    target = site / PAGEFIND
    if target.exists():
        shutil.rmtree(target)
    target.mkdir()
    groups = bundles_of(pages)
    for number, group in enumerate(groups):
        _run_pagefind(site, group, target / str(number))
    (target / MANIFEST).write_text(
        json.dumps({"bundles": [f"{n}/" for n in range(len(groups))], "pages": len(pages)}), encoding="utf-8"
    )
    write_vocabulary(target)  # the spelling fallback's word list (vocabulary.py)
    return len(pages)


def reindex_pages(
    site: Path, changed: Iterable[str], skip_dirs: Iterable[str] = (), excluded: Iterable[str] = ()
) -> None:
    """Index again the bundles that hold these pages (HTML paths relative to `site`) and swap
    each in whole; `serve` calls this after re-rendering a page, when no page was added or removed."""
    pages = indexed_pages(site, skip_dirs, excluded)
    groups = bundles_of(pages)
    manifest = json.loads((site / PAGEFIND / MANIFEST).read_text(encoding="utf-8"))
    if len(manifest["bundles"]) != len(groups) or manifest.get("pages") != len(pages):
        index_site(site, skip_dirs, excluded)  # the pages moved between bundles: all again
        return
    wanted = set(changed)
    for number, group in enumerate(groups):
        if wanted.isdisjoint(group):
            continue
        final = site / PAGEFIND / str(number)
        fresh = final.with_name(f".{number}.new")
        if fresh.exists():
            shutil.rmtree(fresh)
        _run_pagefind(site, group, fresh)
        old = final.with_name(f".{number}.old")
        if old.exists():
            shutil.rmtree(old)
        final.rename(old)
        fresh.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    write_vocabulary(site / PAGEFIND)


def _run_pagefind(site: Path, pages: list[str], output: Path) -> None:
    """One Pagefind run over exactly these pages: hard links to them in a scratch tree (same file
    system, so no copying), because Pagefind takes a folder and a glob, not a list of files."""
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site.parent) as scratch:
        tree = Path(scratch) / "site"
        tree.mkdir()
        for rel in pages:
            link = tree / rel
            link.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / rel, link)
            except OSError:  # another file system or no hard links: copy instead
                shutil.copyfile(site / rel, link)
        config = {
            "site": str(tree),
            "output_path": str(output.resolve()),
            "root_selector": "article.md-content__inner",
            "exclude_selectors": list(IGNORED),
        }
        (Path(scratch) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        if not pages:
            (tree / "index.html").write_text(
                '<html lang="en"><body><article class="md-content__inner"></article></body></html>', encoding="utf-8"
            )
        done = subprocess.run(
            [pagefind_executable(), "--silent"],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
            preexec_fn=die_with_parent,
        )
        if done.returncode != 0 or not (output / "pagefind-entry.json").exists():
            raise SearchIndexError((done.stderr or done.stdout or "no output").strip()[-800:])
    for name in _NOT_NEEDED:
        (output / name).unlink(missing_ok=True)
