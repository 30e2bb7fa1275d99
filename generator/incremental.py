"""Re-render single pages of a built language site: the fast path of `playbook serve`.

A full MkDocs build of thousands of pages takes seconds to minutes, but an editor saving one
playbook changes one page in each language. MkDocs has no public API for rebuilding one page, so
this keeps what a full build knew (files, navigation, Jinja environment, captured through MkDocs'
own `on_nav`/`on_env` plugin events) and calls the two steps `mkdocs build` runs per page. The
search index is Pagefind's; `serve` has the edited page's bundle indexed again (search.py).
Used only when the edit cannot change any other page; anything else takes a full build. Written
against MkDocs 1.6 (pinned in pyproject.toml); any surprise falls back to a full build.
"""

from __future__ import annotations

import logging
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority

log = logging.getLogger("playbook.incremental")


@dataclass
class LanguageState:
    """What one language's last full build knew, enough to render any of its pages again."""

    config: Any
    files: Any = None
    nav: Any = None
    env: Any = None


class _Keep(BasePlugin):
    """An in-memory plugin that remembers the build's state; it changes nothing in the output."""

    def __init__(self, state: LanguageState) -> None:
        super().__init__()
        self.state = state

    def on_nav(self, nav: Any, /, *, config: Any, files: Any) -> Any:
        self.state.nav, self.state.files = nav, files
        return nav

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        self.state.env = env
        return env


class Lean(BasePlugin):
    """An in-memory plugin that keeps a language's pages small while MkDocs builds them.

    MkDocs converts every page to HTML before it writes the first one, and keeps each page's
    Markdown and HTML until the build ends, though no other page reads them: at 5,000 playbooks
    that is most of a language's memory. So the Markdown is dropped once converted, the HTML is
    held zlib-compressed (a fifth of the size) until its page is rendered, then dropped."""

    @event_priority(-100)  # after any other plugin has seen the HTML
    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        page.markdown = ""  # not None: MkDocs' Page.title reads None as "not read yet"
        page.playbook_html = zlib.compress(html.encode("utf-8"), 1)
        return ""

    @event_priority(100)  # before any other plugin looks at the HTML
    def on_page_context(self, context: Any, /, *, page: Any, config: Any, nav: Any) -> Any:
        packed = getattr(page, "playbook_html", None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode("utf-8")
            page.playbook_html = None
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        page.content = None
        return output


def lean_config(config_file: Path, site_dir: Path | None = None, cache: Path | None = None) -> Any:
    """A generated project's MkDocs configuration, with the Lean plugin added in memory only
    (the project on disk stays plugin-free, for engines that run no MkDocs plugins), and the
    page cache (pagecache.py) when a cache folder is given and the configuration allows it."""
    overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
    config = load_config(config_file=str(config_file), **overrides)
    config.plugins["playbook/lean"] = Lean()
    if cache is not None:
        from .pagecache import PageCache, usable

        if usable(config):
            config.plugins["playbook/page-cache"] = PageCache(cache, config_file)
    return config


def full_build(config_file: Path, site_dir: Path) -> LanguageState:
    """A normal MkDocs build that also keeps its state for later single-page rebuilds."""
    config = lean_config(config_file, site_dir)
    state = LanguageState(config=config)
    config.plugins["playbook/keep-state"] = _Keep(state)
    mkdocs_build.build(config)
    return state


def rebuild_pages(state: LanguageState, site_dir: Path, src_uris: list[str]) -> None:
    """Render these docs files again into site_dir."""
    config = state.config
    config.site_dir = str(site_dir)
    doc_files = state.files.documentation_pages()
    for uri in src_uris:
        file = state.files.get_file_from_path(uri)
        if file is None or file.page is None:
            raise LookupError(f"{uri} is not a page of the last full build")
        # The full build wrote into a staging folder since swapped in; MkDocs caches the path.
        file.dest_dir = str(site_dir)
        file.abs_dest_path = os.path.normpath(os.path.join(str(site_dir), file.dest_uri))
        mkdocs_build._populate_page(file.page, config, state.files)
        mkdocs_build._build_page(file.page, config, doc_files, state.nav, state.env)
