"""What HTML may reach a reader's page: one allow-list, applied with nh3 (Ammonia) to everything.

The validator tells an editor about unsafe HTML at the line they wrote it (safety.py), but a
validator only knows what it recognises. So the HTML that every page's Markdown turns into is
cleaned here, whatever it came from (a playbook's fields, a kind's template, a Markdown page's
raw HTML, an extension's output): elements, attributes and URL schemes not on the allow-list are
removed, and HTML comments never reach a site.

It runs as a Python-Markdown extension (`generator.sanitize`, the last postprocessor), which every
generated mkdocs.yml lists, so it runs inside the page conversion of every engine that reads
mkdocs.yml: MkDocs and Zensical both build each page with Python-Markdown and its configured
extensions. The theme's own HTML (header, navigation, scripts) is not page content and is not
touched.

Why an attribute filter beyond the allow-list: ids and data attributes are how Material's own
JavaScript finds its parts (`#__config` holds its configuration, `data-md-component` mounts its
components). Content that named them could take those parts over (DOM clobbering), so ids in
Material's namespace and `data-md-*` attributes are dropped; the ids that extensions generate
(`__codelineno-…`, `__tabbed_…`) are kept. Pagefind reads `data-pagefind-*` the same way (one
page with `data-pagefind-body` took every other page out of search), so only what the generator
writes stays: the language mark (`data-pagefind-meta="lang:en"`), the mark of a list page
(`data-pagefind-filter="page:list"`, which search ranks after content) and `data-pagefind-ignore`
(text left out of a page's search entry). None of them moves another page or shows any text.

Why a step before the table of contents: a heading's id leaves the page twice, in the page's
HTML (cleaned here) and in the table of contents, which Material prints from the Markdown tree
as `href="#{{ id }}"`, unescaped, before any postprocessor runs. An id written in raw HTML or
an attribute list that holds a quote or an angle bracket (`id="x&quot;&gt;&lt;a href=…"`) would
add markup to every page's navigation. So ids that no anchor needs (spaces, quotes, `<`, `>`,
`&`, control characters) are removed from the tree first, and the heading gets its usual slug.
"""

from __future__ import annotations

import re
from typing import Any

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

URL_SCHEMES = {"http", "https", "mailto", "tel"}

INLINE_TAGS = {
    "a", "abbr", "b", "br", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small", "strong", "sub",
    "sup", "u",
}  # fmt: skip
_SVG = {"svg", "g", "path", "circle", "ellipse", "line", "polygon", "polyline", "rect", "title"}
PAGE_TAGS = INLINE_TAGS | _SVG | {
    "p", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote", "pre", "ul", "ol", "li", "dl",
    "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "img",
    "figure", "figcaption", "details", "summary", "input", "label", "cite", "dfn", "samp", "var", "time", "wbr",
    "article", "section", "aside", "progress", "button",
}  # fmt: skip
_GENERIC = {"class", "id", "title", "lang", "dir", "role", "style", "hidden", "tabindex"}
_SVG_GEOMETRY = {"d", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "points", "width", "height",
                 "fill", "stroke", "stroke-width", "fill-rule", "clip-rule", "transform", "opacity"}
PAGE_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GENERIC,
    "a": {"href", "hreflang", "name"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading", "align"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "details": {"open"},
    "input": {"type", "checked", "disabled", "name"},
    "progress": {"value", "max"},
    "button": {"type", "disabled"},
    "label": {"for"},
    "time": {"datetime"},
    "svg": {"viewBox", "xmlns", "width", "height", "fill", "aria-hidden", "focusable"},
    **{tag: _SVG_GEOMETRY for tag in _SVG - {"svg", "title"}},
}
INLINE_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "abbr": {"title"}}
_EXTENSION_IDS = re.compile(r"^__(codelineno|tabbed|code|annotation)[-_]")
_INPUT_TYPES = {"checkbox", "radio"}
_LANG_META = re.compile(r"^lang:[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")  # an untranslated text's language (emit)


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute in ("id", "for", "name") and value.startswith("__") and not _EXTENSION_IDS.match(value):
        return None  # Material's own element ids (__config, __search, __drawer, ...)
    if attribute.startswith("data-md") or attribute == "data-clipboard-target":
        return None
    if attribute.startswith("data-pagefind"):  # the search index's own settings, not content's
        if attribute == "data-pagefind-meta" and _LANG_META.match(value):
            return value
        if attribute == "data-pagefind-filter" and value == "page:list":  # ranks a list page after content
            return value
        if attribute == "data-pagefind-ignore" and value in ("", "all"):  # text search should not find
            return value
        return None
    if element == "input" and attribute == "type" and value.lower() not in _INPUT_TYPES:
        return "checkbox"
    if element == "button" and attribute == "type":
        return "button"  # never a form's submit or reset
    return value


def clean_page(html: str) -> str:
    """A page's (or any block's) HTML with only what the allow-list permits."""
    return nh3.clean(
        html,
        tags=PAGE_TAGS,
        attributes=PAGE_ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        filter_style_properties={"text-align", "width", "height", "vertical-align"},
        link_rel=None,
        strip_comments=True,
    )


def clean_inline(html: str) -> str:
    """One YAML value's rendered Markdown: text formatting and links only (the contract allows
    inline Markdown in text fields and no HTML at all)."""
    return nh3.clean(
        html,
        tags=INLINE_TAGS | {"p", "ul", "ol", "li", "blockquote", "pre"},
        attributes=INLINE_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_UNSAFE_ID = re.compile(r"[\s\"'<>&`\x00-\x1f\x7f]")


class _SafeIds(Treeprocessor):
    """Ids the theme could print unescaped (see the module docstring) are removed from the tree."""

    def run(self, root: Any) -> None:
        for element in root.iter():
            value = element.get("id")
            if value is not None and (not value or _UNSAFE_ID.search(value)):
                del element.attrib["id"]


# Text nh3 gives back unchanged: no markup, no entity, nothing its HTML parser rewrites (NUL,
# carriage returns, no-break spaces, a leading byte-order mark). The table of contents runs the
# postprocessors on every heading's text: a tenth of a page's conversion time was nh3 parsing
# plain words (tests/test_property.py checks that nh3 returns such text as it is).
PLAIN = re.compile(r"[^<>&\x00\r\xa0\ufeff]*")


class _Clean(Postprocessor):
    def run(self, text: str) -> str:
        if PLAIN.fullmatch(text):
            return text
        return clean_page(text)


class SanitizeExtension(Extension):
    """Registers the cleaning as Python-Markdown's last postprocessor (after raw HTML is put back),
    and the removal of unsafe ids just before the table of contents is made."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        md.treeprocessors.register(_SafeIds(md), "playbook_safe_ids", 6)  # after attr_list (8), before toc (5)
        md.postprocessors.register(_Clean(md), "playbook_sanitize", -100)


def makeExtension(**kwargs: Any) -> SanitizeExtension:  # noqa: N802 - Python-Markdown's entry point
    return SanitizeExtension(**kwargs)
