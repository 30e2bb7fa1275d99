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
import re
import secrets
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority

from .watchdog import Watchdog

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


RAW_BLOCK = re.compile(r"^<!-- pb:raw -->\n.*?\n<!-- /pb:raw -->$", re.S | re.M)
# What stands in for a block during the conversion: a word no page can hold (it is new in each
# process), in a paragraph of its own. (An HTML comment would not do: every page's HTML passes
# the sanitizer, which removes comments, before the blocks are put back.)
_TOKEN = f"pbraw{secrets.token_hex(8)}n"
_STASHED = re.compile(rf"<p>{_TOKEN}([0-9]+)</p>|{_TOKEN}([0-9]+)")


def inner(block: str) -> str:
    """A raw block without its marker lines, which are comments and never reach the page."""
    return block.split("\n", 1)[1].rsplit("\n", 1)[0]


def raw_blocks(markdown: str) -> list[str]:
    """The raw blocks of a generated page, as RawBlocks puts them into its HTML."""
    return [inner(block) for block in RAW_BLOCK.findall(markdown)]


class RawBlocks(BasePlugin):
    """An in-memory plugin that hands the long HTML lists of kind, role and tags pages through
    Python-Markdown untouched, as it would hand any raw HTML block, without parsing them.

    A kind's page lists hundreds of playbooks, the tags page all of them. Python-Markdown and
    MkDocs each run the whole raw HTML of a page through Python's HTML parser (to find blocks, and
    anchor ids): at 2,000 playbooks a quarter of a second per page, for HTML written by our own
    templates. Templates mark such a block `<!-- pb:raw -->` ... `<!-- /pb:raw -->`; it is set
    aside before conversion and put back, byte for byte, after it (after the sanitizer too: what
    these templates write is escaped or sanitized value by value, see Emitter.list_item, and the
    built site is still audited for script). Plain MkDocs or Zensical, without this plugin,
    convert the same Markdown to the same lists (through the sanitizer, which drops the marker
    comments), more slowly."""

    GENERATED = ("kinds/", "roles/", "tags.md")  # the pages whose lists our templates write

    @event_priority(-100)  # after any plugin that changes the Markdown
    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
        if not page.file.src_uri.startswith(self.GENERATED):
            return markdown  # an editor's page is converted as written
        blocks: list[str] = []

        def set_aside(m: re.Match[str]) -> str:
            blocks.append(inner(m.group(0)))
            return f"\n\n{_TOKEN}{len(blocks) - 1}\n\n"

        page.playbook_raw = blocks
        return RAW_BLOCK.sub(set_aside, markdown)

    @event_priority(100)  # before any plugin that reads the HTML
    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        blocks = getattr(page, "playbook_raw", None)
        if not blocks:
            return html
        page.playbook_raw = None
        return _STASHED.sub(lambda m: blocks[int(m.group(1) or m.group(2))], html)


def lean_config(config_file: Path, site_dir: Path | None = None, cache: Path | None = None) -> Any:
    """A generated project's MkDocs configuration, with the Lean and RawBlocks plugins added in
    memory only (the project on disk stays plugin-free, for engines that run no MkDocs plugins),
    and the page cache (pagecache.py) when a cache folder is given and the configuration allows it."""
    overrides = {"site_dir": str(site_dir)} if site_dir is not None else {}
    config = load_config(config_file=str(config_file), **overrides)
    config.plugins["playbook/raw-blocks"] = RawBlocks()
    config.plugins["playbook/lean"] = Lean()
    config.plugins["playbook/watchdog"] = Watchdog()
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


def add_page(state: LanguageState, site_dir: Path, src_uri: str) -> None:
    """A docs page written since the last full build (a new playbook): a file MkDocs knows from now
    on, with its page, as MkDocs makes them for a page that is not in the nav."""
    from mkdocs.structure.files import File, set_exclusions
    from mkdocs.structure.pages import Page

    config = state.config
    existing = state.files.get_file_from_path(src_uri)
    if existing is not None:
        state.files.remove(existing)
    file = File(src_uri, config.docs_dir, str(site_dir), config.use_directory_urls)
    set_exclusions([file], config)
    state.files.append(file)
    Page(None, file, config)


def remove_page(state: LanguageState, site_dir: Path, src_uri: str) -> None:
    """A page whose source is gone (a deleted playbook): out of MkDocs' files and out of the site."""
    file = state.files.get_file_from_path(src_uri)
    if file is None:
        return
    state.files.remove(file)
    built = site_dir / file.dest_uri
    built.unlink(missing_ok=True)
    if built.parent != site_dir and built.parent.is_dir() and not any(built.parent.iterdir()):
        built.parent.rmdir()


def rebuild_sitemap(state: LanguageState, site_dir: Path) -> None:
    """sitemap.xml (and .gz) again, after pages were added or removed."""
    state.config.site_dir = str(site_dir)
    mkdocs_build._build_theme_template("sitemap.xml", state.env, state.files, state.config, state.nav)


def renavigate(state: LanguageState, site_dir: Path, nav: list[Any]) -> None:
    """A new nav (a title in the nav changed, a playbook came or went in a small kind): MkDocs'
    navigation and pages made again from the files it knows, as a full build makes them after
    loading the configuration. render_everything then renders every page with it."""
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    config = state.config
    config.site_dir = str(site_dir)
    config.nav = nav
    for file in state.files.documentation_pages():
        file.page = None  # the nav makes its pages again
        file.dest_dir = str(site_dir)
        file.abs_dest_path = os.path.normpath(os.path.join(str(site_dir), file.dest_uri))
    state.nav = config.plugins.on_nav(get_navigation(state.files, config), config=config, files=state.files)
    for file in state.files.documentation_pages():
        if file.page is None:
            Page(None, file, config)


def render_everything(state: LanguageState, site_dir: Path) -> None:
    """Every page of the language, and the theme's templates (404.html shows the nav too; the
    sitemap), rendered again without loading the configuration, copying the theme or starting
    the plugins: what remains of a full build."""
    config = state.config
    config.site_dir = str(site_dir)
    pages = state.files.documentation_pages()
    for file in pages:
        mkdocs_build._populate_page(file.page, config, state.files)
    for template in config.theme.static_templates:
        mkdocs_build._build_theme_template(template, state.env, state.files, config, state.nav)
    for file in pages:
        mkdocs_build._build_page(file.page, config, pages, state.nav, state.env)
