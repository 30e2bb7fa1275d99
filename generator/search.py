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
holds the edited page. Which bundle a page goes into depends only on its path and the number of
bundles (bundles_of).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .processes import die_with_parent
from .sitedir import MARKER
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
    ".pb-report",
    ".pb-notice",
    ".pb-changelog",
    ".pb-related",
    ".md-content__button",
)
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")  # Pagefind's own search UI, for the Zensical engine
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
    """The pages in bundles of about `size`, each page in the bundle a hash of its path names,
    not by its place in the sorted list: a page added or removed then changes its own bundle
    only, so `serve` indexes one bundle again rather than every bundle after it, and a build's
    cache of bundles keeps the others. (A bundle may come out a little above `size`, or empty:
    an empty one is indexed as an empty page, which no query finds.)"""
    count = max(1, -(-len(pages) // (size or BUNDLE_PAGES)))
    groups: list[list[str]] = [[] for _ in range(count)]
    for page in pages:
        groups[bundle_of(page, count)].append(page)
    return groups


def bundle_of(page: str, count: int) -> int:
    return zlib.crc32(page.encode("utf-8")) % count


def _present(groups: list[list[str]]) -> list[int]:
    """The bundles with pages (Pagefind makes no index of none); bundle 0 for a site with none."""
    return [n for n, group in enumerate(groups) if group] or [0]


def _manifest(groups: list[list[str]], pages: int) -> dict[str, Any]:
    """What the search worker reads (the bundles to merge, the first with Pagefind's UI files)
    and what `reindex_pages` checks (how many bundles the pages were spread over)."""
    return {"bundles": [f"{n}/" for n in _present(groups)], "pages": pages, "count": len(groups)}


def index_site(
    site: Path, skip_dirs: Iterable[str] = (), excluded: Iterable[str] = (), ui: bool = False, cache: Path | None = None
) -> int:
    """Index one language's built site into site/pagefind/<n>/ and write the manifest the
    search worker reads; returns the number of pages indexed. With `ui`, the first bundle keeps
    Pagefind's own search UI (pagefind-ui.js and .css), which pages built by Zensical search with.
    With `cache`, a bundle whose pages are byte for byte those of a bundle indexed before is
    copied from there (Pagefind's output depends only on them), and new bundles are kept there."""
    pages = indexed_pages(site, skip_dirs, excluded)
    target = site / PAGEFIND
    # Written beside the index in use and swapped in whole: `serve` indexes again in the
    # background while readers search, and a page deleted meanwhile must not leave no index.
    fresh = target.with_name(f".{PAGEFIND}.new-{os.getpid()}")
    if fresh.exists():
        shutil.rmtree(fresh)
    fresh.mkdir()
    try:
        groups = bundles_of(pages)
        present = _present(groups)
        for number in present:
            keep = UI_FILES if ui and number == present[0] else ()
            if cache is None:
                _run_pagefind(site, groups[number], fresh / str(number), keep=keep)
            else:
                _cached_bundle(site, groups[number], fresh / str(number), keep, cache)
        (fresh / MANIFEST).write_text(json.dumps(_manifest(groups, len(pages))), encoding="utf-8")
        write_vocabulary(fresh)  # the spelling fallback's word list (vocabulary.py)
        old = target.with_name(f".{PAGEFIND}.old-{os.getpid()}")
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return len(pages)


def reindex_pages(
    site: Path, changed: Iterable[str], skip_dirs: Iterable[str] = (), excluded: Iterable[str] = ()
) -> None:
    """Index again the bundles that hold these pages (HTML paths relative to `site`) and swap
    each in whole; `serve` calls this after re-rendering a page, when no page was added or removed."""
    pages = indexed_pages(site, skip_dirs, excluded)
    groups = bundles_of(pages)
    manifest_file = site / PAGEFIND / MANIFEST
    manifest = json.loads(manifest_file.read_text(encoding="utf-8")) if manifest_file.is_file() else {"bundles": []}
    listed = [str(b).strip("/") for b in manifest["bundles"]]
    ui = bool(listed) and (site / PAGEFIND / listed[0] / UI_FILES[0]).exists()
    present = _present(groups)
    if manifest.get("count") != len(groups) or listed != [str(n) for n in present]:
        index_site(site, skip_dirs, excluded, ui=ui)  # the pages moved between bundles: all again
        return
    # A deleted page is no longer listed: its bundle is the one its path names.
    touched = {bundle_of(page, len(groups)) for page in changed}
    for number in present:
        group = groups[number]
        if number not in touched:
            continue
        final = site / PAGEFIND / str(number)
        fresh = final.with_name(f".{number}.new")
        if fresh.exists():
            shutil.rmtree(fresh)
        _run_pagefind(site, group, fresh, keep=UI_FILES if ui and number == present[0] else ())
        old = final.with_name(f".{number}.old")
        if old.exists():
            shutil.rmtree(old)
        final.rename(old)
        fresh.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    if manifest.get("pages") != len(pages):
        manifest["pages"] = len(pages)
        scratch = manifest_file.with_name(f".{MANIFEST}.{os.getpid()}")
        scratch.write_text(json.dumps(manifest), encoding="utf-8")
        os.replace(scratch, manifest_file)  # the search worker never reads half a file
    write_vocabulary(site / PAGEFIND)


def _cached_bundle(site: Path, pages: list[str], output: Path, keep: Iterable[str], cache: Path) -> None:
    """One bundle, from the cache when the same pages were indexed before (the same Pagefind,
    the same settings), else indexed and stored for the next build."""
    import hashlib
    from importlib.metadata import version

    h = hashlib.sha256(json.dumps([version("pagefind-bin"), IGNORED, sorted(keep)]).encode())
    for rel in pages:
        h.update(rel.encode() + b"\0" + hashlib.sha256((site / rel).read_bytes()).digest())
    stored = cache / h.hexdigest()
    if stored.is_dir():
        try:
            shutil.copytree(stored, output)
            os.utime(stored)  # used by this build: kept when the cache is pruned
            for path in stored.rglob("*"):
                os.utime(path)
            return
        except OSError:
            shutil.rmtree(output, ignore_errors=True)
    _run_pagefind(site, pages, output, keep=keep)
    scratch = cache / f".{stored.name}.{os.getpid()}"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.copytree(output, scratch)
        os.replace(scratch, stored)
    except OSError:  # a full disk, or another build stored it first: this build goes on
        shutil.rmtree(scratch, ignore_errors=True)


def _run_pagefind(site: Path, pages: list[str], output: Path, keep: Iterable[str] = ()) -> None:
    """One Pagefind run over exactly these pages: hard links to them in a scratch tree (same file
    system, so no copying), because Pagefind takes a folder and a glob, not a list of files."""
    base = site.parent  # beside the site, never inside a served one (a language's site is in the default's)
    while (base / MARKER).is_file():
        base = base.parent
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=base) as scratch:
        tree = Path(scratch) / "site"
        tree.mkdir()
        for rel in pages:
            link = tree / rel
            link.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / rel, link)
            except FileNotFoundError:  # deleted since it was listed (serve): its removal is indexed next
                continue
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
    for name in set(_NOT_NEEDED) - set(keep):
        (output / name).unlink(missing_ok=True)
