"""The built site read back before it replaces the old one: nothing on it may run script.

Every step before this one is meant to make script impossible (the validator, escaping in the
templates, nh3 on every page's HTML), but each protects what its author thought of. This reads
what the engine actually wrote, whatever produced it, and refuses the build if a page holds
what only an attack would put there:

- anywhere: an event-handler attribute (`onerror=`), a `javascript:`/`vbscript:`/`data:` link
  (however spelled: entities, tabs and newlines in the scheme are what browsers ignore),
  a frame, object or embed, a `<base>`, a `<meta http-equiv>` that refreshes or sets cookies;
- inside the page's article (where content goes): any script, style, link, meta or form, and,
  on the public site, HTML comments.
The theme's own scripts (in the head and at the end of the body) are not content.

Cost: pages are first searched for anything suspicious (one pass per word, about 1 ms a page);
only pages that hold something are parsed, so a clean site of thousands of pages is read in
seconds.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .safety import URL_ATTRIBUTES, url_scheme_problem

# What makes a page suspicious, looked for in its lower-cased bytes (one pass each; regular
# expressions that start with a class or an alternation of words took 5 ms a page, most of the
# audit of a 8,000-page site): words found only in what could run script, an event-handler
# attribute (`on...=` after a space, quote or slash), and a URL attribute whose scheme is
# interrupted by a space, a control character or an entity (`java&#10;script:`,
# `javascript&colon;`), which browsers run too. Only the start of a value, before any `/`, `?`,
# `#` or `:`, is looked at, so ordinary links do not make a page suspicious.
_WORDS = (
    b"javascript:", b"vbscript:", b"data:", b"<iframe", b"<object", b"<embed", b"<frame", b"<applet", b"http-equiv",
)  # fmt: skip
_BASE = re.compile(rb"<base[\s>/]")
_HANDLER = re.compile(rb"on[a-z]+\s*=")
_BEFORE_ATTRIBUTE = b" \t\n\r\f\v\"'/"
_VALUE_START = re.compile(rb"=\s*[\"']?[\x00-\x20]*[a-z0-9+.\-]*[\x00-\x20&]")
_NAME_BEFORE = re.compile(rb"[\s\"'/]([a-z:]+)\s*$")
_URL_NAMES = {
    b"href", b"src", b"xlink:href", b"action", b"formaction", b"data", b"poster", b"background", b"srcdoc",
    b"srcset", b"ping", b"to", b"from", b"values", b"cite", b"codebase", b"longdesc", b"lowsrc", b"dynsrc",
    b"manifest", b"icon",
}  # fmt: skip
_ARTICLE = re.compile(rb"(?is)<article\b.*?</article>")
_IN_ARTICLE = re.compile(rb"(?i)<script|<style|<link|<meta|<form|<!--")
_FRAMES = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
_NOT_CONTENT = {"script", "style", "link", "meta", "form"}
_HARMLESS_URLS = {"javascript:void(0)"}  # Material's "share search" button, a no-op
PAGES_PER_PROCESS = 500  # below this a forked process costs more than it saves


@dataclass(frozen=True)
class Finding:
    page: str  # relative to the site
    what: str


class _Reader(HTMLParser):
    def __init__(self, public: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.public = public
        self.depth_in_article = 0
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth_in_article += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> (an event handler)")
            elif name in URL_ATTRIBUTES and value and value.strip() not in _HARMLESS_URLS:
                why = url_scheme_problem(value)
                if why and not why.startswith(("http", "mailto", "tel")) and "can run script" in why:
                    self.found.append(f"<{tag} {name}=\"{value[:40]}\"> (a link that runs script)")
        if tag in _FRAMES:
            self.found.append(f"<{tag}>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() in ("refresh", "set-cookie"):
            self.found.append(f"<meta http-equiv=\"{dict(attrs).get('http-equiv')}\">")
        if self.depth_in_article and tag in _NOT_CONTENT:
            self.found.append(f"<{tag}> inside the page's content")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "article":
            self.depth_in_article -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth_in_article:
            self.depth_in_article -= 1

    def handle_comment(self, data: str) -> None:
        if self.public and self.depth_in_article:
            self.found.append("an HTML comment inside the page's content")


def _suspicious(low: bytes) -> bool:
    """Whether a lower-cased page holds anything the parser must look at (see _WORDS)."""
    if any(word in low for word in _WORDS) or (b"<base" in low and _BASE.search(low)):
        return True
    for m in _HANDLER.finditer(low):
        if m.start() and low[m.start() - 1] in _BEFORE_ATTRIBUTE:
            return True
    for m in _VALUE_START.finditer(low):
        name = _NAME_BEFORE.search(low, max(0, m.start() - 40), m.start())
        if name and name.group(1) in _URL_NAMES:
            return True
    return False


def audit_page(raw: bytes, public: bool) -> list[str]:
    """What in one page's HTML could run script (or, public, should not be there)."""
    article = _ARTICLE.search(raw)
    suspicious = _suspicious(raw.lower()) or (article is not None and _IN_ARTICLE.search(article.group(0)))
    if not suspicious:
        return []
    reader = _Reader(public)
    reader.feed(raw.decode("utf-8", errors="replace"))
    reader.close()
    return reader.found


def audit_site(site: Path, public: bool) -> list[Finding]:
    """Every page of the site, shared out between forked processes, one per core: the audit
    reads every page of every build (the cache is never trusted with it, see build.py), about
    5 s at 8,000 pages in one process."""
    paths = sorted(site.rglob("*.html"))
    workers = min(os.cpu_count() or 1, max(1, len(paths) // PAGES_PER_PROCESS))
    if workers < 2 or os.environ.get("PLAYBOOK_SERIAL") == "1":
        return _audit_pages(site, paths, public)
    from .processes import run_forked

    shares = [paths[i::workers] for i in range(workers)]
    found = run_forked([functools.partial(_audit_pages, site, share, public) for share in shares], workers)
    return sorted((finding for share in found for finding in share), key=lambda finding: finding.page)


def _audit_pages(site: Path, paths: list[Path], public: bool) -> list[Finding]:
    found = []
    for path in paths:
        for what in audit_page(path.read_bytes(), public):
            found.append(Finding(path.relative_to(site).as_posix(), what))
    return found
