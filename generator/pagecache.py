"""A content-addressed cache of built pages, so a build reuses the HTML of every page that did
not change since the last build (`playbook build` with .playbook/cache kept, as CI restores it).

A page's HTML is a function of what MkDocs reads: the generated mkdocs.yml (nav, theme, extras,
Markdown extensions), the theme overrides, the installed packages (MkDocs, Material, the Markdown
extensions...), the list of files (a link to a missing page renders differently), the titles of
the pages in the nav (other pages' nav and footer show them) and the page's own Markdown. The key
of a page is a hash of exactly these; everything else is rendered afresh, so the output is the
same, byte for byte, as a build without the cache (tests/test_pagecache.py).

For a page found in the cache MkDocs still reads its front matter (its title), but neither
converts its Markdown nor renders Material's templates: `render` is replaced for that page, and
its template is a one-line one printing the stored HTML, which then goes through MkDocs'
`on_post_page` events and writer like any page. Warnings the page gave when it was built (a link
to a missing page) are logged again, so a cached build reports what a fresh one would.

MkDocs-only and in memory, like the Lean plugin: the generated project on disk stays
plugin-free. It is used only when no other MkDocs plugin than search is configured (another plugin
might read the page content this skips), and never by `serve`, whose single-page rebuilds change
pages after the keys were computed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.plugins.playbook.cache")

FORMAT = "2"  # bump when what is stored changes
TEMPLATE = "playbook-cached-page.html"
# Our own in-memory plugins: they change no page a reuse skips (RawBlocks sets lists aside inside
# the conversion a reuse skips; the watchdog only times it).
SAFE_PLUGINS = {"search", "material/search", "playbook/lean", "playbook/raw-blocks", "playbook/watchdog"}


@lru_cache(maxsize=1)
def environment_digest() -> str:
    """Every installed distribution and its version, and Python's: an upgrade of anything that
    renders pages (MkDocs, Material, Markdown, an extension) starts the cache afresh. Computed in
    the parent before the language processes fork."""
    from importlib.metadata import distributions

    names = sorted({f"{d.metadata['Name']}=={d.version}" for d in distributions()})
    # And playbook's own code, whatever its version number says: the sanitizer, the slugs, the
    # in-memory plugins all shape the HTML, and a working copy changes without a new version.
    own = _digest_tree(Path(__file__).parent, skip="__pycache__")
    return hashlib.sha256("\n".join([sys.version, *names, own]).encode()).hexdigest()


def _digest_tree(folder: Path, skip: str = "") -> str:
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not (skip and skip in p.parts)):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _title_part(source: bytes) -> bytes:
    """What decides a page's title: its front matter and its first level-1 heading."""
    text = source.decode("utf-8", errors="replace")
    head = ""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        head, text = (text[: end + 4], text[end + 4 :]) if end != -1 else (text, "")
    first = next((line for line in text.splitlines() if line.startswith("# ")), "")
    return (head + "\n" + first).encode("utf-8")


class PageCache(BasePlugin):
    """Reuse stored HTML for pages whose key is in `folder`; store the others as they are built."""

    def __init__(self, folder: Path, config_file: Path) -> None:
        super().__init__()
        self.folder = folder
        self.config_file = config_file
        self.keys: dict[str, str] = {}
        self.found: dict[str, dict[str, Any]] = {}  # src_uri -> the stored entry, for pages reused
        self.collecting: list[str] | None = None
        self.handler = _Collect(self)
        self.hits = self.misses = 0

    # -- keys --------------------------------------------------------------------------------
    def on_config(self, config: Any) -> Any:
        logging.getLogger("mkdocs").addHandler(self.handler)
        return config

    def on_nav(self, nav: Any, /, *, config: Any, files: Any) -> Any:
        base = hashlib.sha256()
        for part in (
            FORMAT,
            environment_digest(),
            self.config_file.read_bytes(),
            json.dumps(config.get("extra"), sort_keys=True, default=repr).encode(),  # !ENV values
            _digest_tree(Path(config.theme.custom_dir)) if config.theme.custom_dir else "",
            "\n".join(sorted(f.src_uri for f in files)).encode(),
        ):
            base.update(part if isinstance(part, bytes) else part.encode())
            base.update(b"\0")
        sources = {
            f.src_uri: Path(f.abs_src_path).read_bytes() for f in files.documentation_pages() if f.abs_src_path
        }
        for page in nav.pages:  # every page's nav and footer show these pages' titles
            base.update(page.file.src_uri.encode() + b"\0" + _title_part(sources.get(page.file.src_uri, b"")) + b"\0")
        prefix = base.digest()
        self.keys = {
            uri: hashlib.sha256(prefix + uri.encode() + b"\0" + source).hexdigest() for uri, source in sources.items()
        }
        return nav

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    # -- reuse -------------------------------------------------------------------------------
    def on_pre_page(self, page: Any, /, *, config: Any, files: Any) -> Any:
        key = self.keys.get(page.file.src_uri)
        path = self._path(key) if key else None
        entry = None
        if path is not None and path.is_file():
            try:
                entry = {**_read(path, html=False), "path": path}
                os.utime(path)  # used by this build: kept when the cache is pruned
            except (OSError, ValueError, zlib.error):
                entry = None
        if entry is None:
            self.misses += 1
            return page
        self.hits += 1
        self.found[page.file.src_uri] = entry  # its HTML is read when the page is written

        def render(config: Any, files: Any) -> None:  # what Page.render leaves, without converting
            page.content = ""
            page.toc = get_toc([])
            page._title_from_render = entry["title"]
            page.present_anchor_ids = set(entry["anchors"])
            page.links_to_anchors = None

        page.render = render
        return page

    @event_priority(100)  # first: other plugins see the page as they would
    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
        entry = self.found.get(page.file.src_uri)
        if entry is not None:
            page.meta["template"] = TEMPLATE
            for message in entry["warnings"]:
                logging.getLogger("mkdocs.structure.pages").warning(message)
        else:
            self.collecting = []
        return markdown

    @event_priority(100)
    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        if page.file.src_uri not in self.found:
            page.playbook_cache_entry = {
                "title": page._title_from_render,
                "anchors": sorted(page.present_anchor_ids or ()),
                "warnings": self.collecting or [],
            }
        self.collecting = None
        return html

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        import jinja2

        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({TEMPLATE: "{{ page.playbook_cached_html }}"}), env.loader])
        return env

    @event_priority(100)
    def on_page_context(self, context: Any, /, *, page: Any, config: Any, nav: Any) -> Any:
        entry = self.found.get(page.file.src_uri)
        if entry is not None:
            page.playbook_cached_html = _read(entry["path"], html=True)["html"]
        return context

    @event_priority(100)  # before any other plugin changes the page: they run again on reuse
    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        entry = self.found.pop(page.file.src_uri, None)
        if entry is not None:
            page.playbook_cached_html = None
            return output
        stored = getattr(page, "playbook_cache_entry", None)
        key = self.keys.get(page.file.src_uri)
        if stored is not None and key is not None:
            page.playbook_cache_entry = None
            self._store(key, {**stored, "html": output})
        return output

    def _store(self, key: str, entry: dict[str, Any]) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            scratch = path.with_name(f".{key}.{os.getpid()}")
            head = zlib.compress(json.dumps({k: v for k, v in entry.items() if k != "html"}).encode("utf-8"))
            body = zlib.compress(entry["html"].encode("utf-8"), 1)
            scratch.write_bytes(len(head).to_bytes(4, "big") + head + body)
            os.replace(scratch, path)
        except OSError as exc:  # a full disk or a read-only cache: the build goes on without it
            log.debug("could not store %s in the page cache: %s", key, exc)

    def on_post_build(self, *, config: Any) -> None:
        logging.getLogger("mkdocs").removeHandler(self.handler)

    def on_build_error(self, *, error: Exception) -> None:
        logging.getLogger("mkdocs").removeHandler(self.handler)


def _read(path: Path, html: bool) -> dict[str, Any]:
    """A stored page: its title, anchors and warnings, which MkDocs needs while it reads every
    page, and, with `html`, the page itself, needed only when it is written. (Holding every
    reused page's HTML from the first to the last would be most of a language's memory.)"""
    data = path.read_bytes()
    size = int.from_bytes(data[:4], "big")
    entry: dict[str, Any] = json.loads(zlib.decompress(data[4 : 4 + size]))
    if html:
        entry["html"] = zlib.decompress(data[4 + size :]).decode("utf-8")
    return entry


class _Collect(logging.Handler):
    """The warnings MkDocs gives while one page is converted, to give them again on reuse."""

    def __init__(self, cache: PageCache) -> None:
        super().__init__(logging.WARNING)
        self.cache = cache

    def emit(self, record: logging.LogRecord) -> None:
        if self.cache.collecting is not None:
            self.cache.collecting.append(record.getMessage())


def usable(config: Any) -> bool:
    """Only with plugins known not to read what a reused page skips."""
    return set(config.plugins) <= SAFE_PLUGINS


def prune(folder: Path, since: float) -> None:
    """Remove what the build that started at `since` did not use (stored or reused), so the cache
    holds one build's pages, not every version of every page."""
    if not folder.is_dir():
        return
    for path in folder.rglob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < since:
                path.unlink()
        except OSError:
            continue
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        try:
            sub.rmdir()  # only when empty
        except OSError:
            continue

