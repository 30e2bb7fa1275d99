"""Find text that could run script once it is on a page: raw HTML, event handlers, unsafe URLs.

Rendering sanitizes with nh3 anyway; this check exists so that an editor hears about it at the
line they wrote it, before a build, instead of finding their text silently removed. Playbook text
fields are inline Markdown, where the contract allows no raw HTML at all; Markdown pages may use
harmless HTML but nothing that runs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^>]*)>?|<!--")
_DANGEROUS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "applet",
    "frame",
    "frameset",
    "base",
    "link",
    "meta",
    "form",
    "svg",
    "math",
    "template",
    "noscript",
    "portal",
}
_EVENT_ATTR = re.compile(r"(?:^|[\s/\"'])on[a-z]+\s*=", re.I)
_SCRIPT_URL = re.compile(r"(?:java|vb)script\s*:", re.I)
_DATA_URL = re.compile(
    r"(?:\]\(\s*<?|\]:\s*<?|(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?|<)\s*(?P<scheme>data\s*:)", re.I
)
_ATTR_LIST = re.compile(r"\{[^{}\n]*\}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _normalise(text: str) -> str:
    # Obfuscations a browser undoes: entities (&#106;avascript:) and whitespace/control characters.
    return _CONTROL.sub("", html.unescape(text))


def problems(text: str, *, allow_html: bool) -> Iterator[tuple[int, str, str]]:
    """(offset in text, code, message) for each unsafe construct."""
    for match in _TAG.finditer(text):
        if match.group(0) == "<!--":
            if not allow_html:
                yield match.start(), "raw-html", "raw HTML comments are not allowed in playbook text; remove it"
            continue
        name = match.group(2).lower()
        attrs = match.group(3) or ""
        if match.group(1) and allow_html:
            continue  # the opening tag was reported already
        if match.group(1) and name in _DANGEROUS:
            continue
        if name in _DANGEROUS:
            yield (
                match.start(),
                "unsafe-html",
                (
                    f"<{name}> elements are not allowed: they can run script or change the page; "
                    "remove it and write the text in Markdown"
                ),
            )
        elif _EVENT_ATTR.search(attrs):
            yield (
                match.start(),
                "unsafe-html",
                (f"the event handler in <{name} ...> is not allowed: it runs script; remove the on...= attribute"),
            )
        elif not allow_html:
            yield (
                match.start(),
                "raw-html",
                (
                    f"raw HTML (<{match.group(1)}{name}>) is not allowed in playbook text; use Markdown instead: "
                    "**bold**, *italic*, [text](https://example.org)"
                ),
            )
    for attr_list in _ATTR_LIST.finditer(text):
        if _EVENT_ATTR.search(" " + attr_list.group(0)[1:]):
            yield (
                attr_list.start(),
                "unsafe-html",
                ("the attribute list sets an event handler (on...=), which runs script; remove it"),
            )
    normalised = _normalise(text)
    shift = 0 if normalised == text else None
    for pattern, what in ((_SCRIPT_URL, "javascript: and vbscript: links"), (_DATA_URL, "data: URLs")):
        for match in pattern.finditer(normalised):
            start = match.start("scheme") if "scheme" in pattern.groupindex else match.start()
            offset = start if shift == 0 else _approximate(text, match.group(0))
            yield offset, "unsafe-url", f"{what} are not allowed: they can run script; link to an https:// address"


def _approximate(text: str, found: str) -> int:
    index = text.lower().find(found[:4].lower())
    return max(index, 0)
