"""Find what could run script once it is on a page, at the line and column an editor wrote it.

Rendering cleans every page with nh3 anyway (sanitize.py); this check exists so that an editor
hears about unsafe or doomed HTML before a build, at their own line, instead of finding their
text silently removed. Playbook text fields are inline Markdown, where the contract allows no raw
HTML at all; Markdown pages may use harmless HTML but nothing that runs.

Why a tokenizer, not patterns over the text: attributes hold quoted `>`, browsers decode
entities (`java&#9;script:`) and drop tabs and newlines inside URL schemes, and tag names are
case-insensitive. Python's html.parser tokenizes the way HTML does, decodes attribute values, and
says where each tag starts in the text as written, so positions stay true whatever entities the
page holds. Markdown's own ways to make links and attributes (`[x](url)`, `[x]: url`, `<url>`,
attribute lists `{: onclick=… }`) are not HTML and are matched here, their URLs decoded the same
way. Code (fenced blocks and `code spans`) is text on the page, so it is not looked into.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from .diagnostics import Severity
from .sanitize import PAGE_TAGS, URL_SCHEMES

Problem = tuple[int, str, str]  # (offset in the text, code, message)

SCRIPT_ELEMENTS = {
    "script", "style", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "link", "meta",
    "form", "math", "template", "noscript", "portal", "textarea", "select", "option", "xmp", "plaintext",
    "noembed", "noframes", "dialog", "audio", "video", "source", "track", "canvas", "use", "foreignobject",
    "animate", "set", "image",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background", "data", "codebase",
    "cite", "longdesc", "ping", "lowsrc", "dynsrc", "manifest", "icon", "srcdoc", "to", "from", "values",
}  # fmt: skip
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_MD_LINK = re.compile(r"\]\(\s*<?(?P<url>[^\s)>]*)")
# A reference definition, also inside quotes and list items, its address on the line or the next.
_MD_REFERENCE = re.compile(
    r"^(?:[ \t]*>)*[ \t]*\[(?!\^)[^\]\n]+\]:[ \t]*(?:\n(?:[ \t]*>)*[ \t]*)?<?(?P<url>[^\s>]+)", re.M
)
_AUTOLINK = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_ATTR_LIST = re.compile(r"\{:?(?P<body>[^{}\n]*)\}")  # with an `=` in body (checked after: no backtracking)
_ATTR_PAIR = re.compile(r"(?P<key>[^\s=#.{}\"']+)\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s}]*)")
_SCHEME = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_EVENT = re.compile(r"^on[a-z]+$", re.I)


def url_scheme_problem(raw: str) -> str | None:
    """Why this URL (as written, entities and all) must not be a link target, or None.

    Decoded the way a browser does before it looks at the scheme: entities first, then every
    ASCII tab, newline and control character removed, case ignored."""
    value = _INVISIBLE.sub("", html.unescape(raw)).lower()
    m = _SCHEME.match(value)
    if m is None or m.group("scheme") in URL_SCHEMES:
        return None
    scheme = m.group("scheme")
    if scheme in ("javascript", "vbscript", "livescript", "data"):
        return f"{scheme}: links are not allowed: they can run script; link to an https:// address"
    return f"{scheme}: links are removed from pages; use https://, http://, mailto: or tel:, or a relative link"


def _mask(text: str, pattern: re.Pattern[str], group: int = 0) -> str:
    """`text` with what `pattern` matched turned into spaces (newlines kept, so offsets hold)."""

    def blank(m: re.Match[str]) -> str:
        start, end = m.span(group)
        inner = re.sub(r"[^\n]", " ", m.string[start:end])
        return m.string[m.start() : start] + inner + m.string[end : m.end()]

    return pattern.sub(blank, text)


def prose(text: str) -> str:
    """The text without its code: fenced blocks, code spans and backslash-escaped `<` (Markdown
    shows it as a character) blanked out, offsets unchanged."""
    if "\\<" in text:
        text = text.replace("\\<", "  ")
    if "`" not in text and "~~~" not in text:
        return text
    return _mask(_mask(text, _FENCE), _CODE_SPAN, 2)


class _Tags(HTMLParser):
    """Every start tag and comment of a text, with its offset in the text as written."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.starts = line_starts(text)
        self.found: list[tuple[int, str, list[tuple[str, str | None]]]] = []
        self.comments: list[int] = []
        # Nothing after the last '>' can be a whole tag, and html.parser scans to the end of the
        # text again for every '<' there that never closes (quadratic): it reads up to the last '>'.
        self.feed(text[: text.rfind(">") + 1])
        self.close()

    def _at(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((self._at(), tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.comments.append(self._at())


def problems(text: str, *, allow_html: bool) -> Iterator[Problem]:
    """(offset in text, code, message) for each unsafe construct, in the order of the text."""
    found: list[Problem] = []
    visible = prose(text)
    tags = _Tags(visible) if "<" in visible else None
    if tags is not None:
        found += _html_problems(tags, allow_html)
    for offset, url in link_targets(visible, tags):
        why = url_scheme_problem(url)
        if why:
            found.append((offset, "unsafe-url", why))
    if "{" in visible:
        found += _attr_list_problems(visible)
    if len(visible) > 200:
        found += markdown_hazards(visible)
        found += unclosed_tags(_mask(text, _FENCE) if "`" in text or "~~~" in text else text)
    yield from sorted(set(found))


MAX_BRACKETS = 300  # `[` in one paragraph: Python-Markdown's link patterns grow with their square
MAX_ANGLES = 2000
MAX_RUN = 100  # one emphasis marker repeated: nested emphasis exhausts Python's recursion limit
_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
_RUN = re.compile(r"([*_~=^+])\1{" + str(MAX_RUN - 1) + ",}")


def markdown_hazards(text: str) -> list[Problem]:
    """Shapes that make Python-Markdown take minutes or crash (measured: 5,000 `[` in a paragraph
    take 3 s, 40,000 take minutes; 3,000 nested `*` exceed the recursion limit), each at the
    character where the paragraph passes the limit. The build's watchdog catches any other."""
    out: list[Problem] = []
    for paragraph in _PARAGRAPH.finditer(text):
        block = paragraph.group(0)
        for char, limit in (("[", MAX_BRACKETS), ("<", MAX_ANGLES)):
            if block.count(char) > limit:
                index = -1
                for _ in range(limit + 1):
                    index = block.index(char, index + 1)
                out.append((paragraph.start() + index, "markdown-too-complex",
                            f"this paragraph has more than {limit} '{char}' characters, which takes Markdown minutes "
                            f"to read; split the paragraph, or write \\{char} for a literal {char}"))
        run = _RUN.search(block)
        if run:
            out.append((paragraph.start() + run.start(), "markdown-too-complex",
                        f"{len(run.group(0))} '{run.group(1)}' in a row nest too deeply for Markdown to read; "
                        f"write at most {MAX_RUN - 1}, or escape them as \\{run.group(1)}"))
    return out


MAX_UNCLOSED = 1000  # '<' that start a tag after the text's last '>'
MAX_UNCLOSED_SCAN = 20_000_000  # characters html.parser reads again for them (about two seconds)
_TAG_START = re.compile(r"<[A-Za-z/!?]")


def unclosed_tags(text: str) -> list[Problem]:
    """Tags that never close, which Python-Markdown's HTML reader (html.parser) reads to the end
    of the page again, one by one: 12,000 `<a ` after the page's last '>' took 45 s, and the time
    grows with the square of the page. An error at the first one when there are too many, or
    when what they make the reader read again passes MAX_UNCLOSED_SCAN characters. Code spans
    count (Markdown reads HTML before them); fenced blocks, which it sets aside first, do not."""
    last = text.rfind(">") + 1
    if text.find("<", last) < 0:
        return []
    starts = [m.start() for m in _TAG_START.finditer(text, last)]
    scanned = sum(len(text) - start for start in starts)
    if len(starts) <= MAX_UNCLOSED and scanned <= MAX_UNCLOSED_SCAN:
        return []
    return [(starts[0], "markdown-too-complex",
             f"{len(starts)} '<' start HTML tags that never close (no '>' follows them), which takes Markdown "
             "minutes to read; write \\< for a literal <, or close the tags")]


def link_targets(text: str, tags: _Tags | None = None) -> list[tuple[int, str]]:
    """(offset, URL as written) of every link and embed of a text that is already prose():
    Markdown links and images, reference definitions, autolinks, URL attributes of raw HTML and
    of attribute lists. One list for the scheme check and for what public pages may link to."""
    found: list[tuple[int, str]] = []
    if "](" in text or "]:" in text:
        for pattern in (_MD_LINK, _MD_REFERENCE):
            found += [(m.start("url"), m.group("url")) for m in pattern.finditer(text)]
    if "<" in text:
        found += [(m.start("url"), m.group("url")) for m in _AUTOLINK.finditer(text)]
        tags = tags if tags is not None else _Tags(text)
        for offset, tag, attrs in tags.found:
            if not _is_autolink(tag):
                found += [(offset, value) for name, value in attrs if value is not None and name in URL_ATTRIBUTES]
    if "{" in text:
        for m in _attr_lists(text):
            for pair in _ATTR_PAIR.finditer(m.group("body")):
                if pair.group("key").lower() in URL_ATTRIBUTES:
                    found.append((m.start("body") + pair.start(), pair.group("value").strip("\"'")))
    return found


def _is_autolink(tag: str) -> bool:
    """<https://…>, <someone@example.org> and a link's <page.md> are Markdown, not HTML elements
    (no element's name holds ':', '@', '.' or '/')."""
    return any(char in tag for char in ":@./")


def _html_problems(tags: _Tags, allow_html: bool) -> list[Problem]:
    out: list[Problem] = []
    for offset in tags.comments:
        if not allow_html:
            out.append((offset, "raw-html", "raw HTML comments are not allowed in playbook text; remove it"))
    for offset, tag, attrs in tags.found:
        if _is_autolink(tag) or tags.text.endswith("](", 0, offset):
            continue  # a link's <destination with spaces.md> is Markdown too
        events = [name for name, _ in attrs if _EVENT.match(name)]
        if tag in SCRIPT_ELEMENTS or (tag == "svg" and not allow_html):
            out.append((offset, "unsafe-html", f"<{tag}> elements are not allowed: they can run script or change "
                        "the page; remove it and write the text in Markdown"))
        elif events:
            out.append((offset, "unsafe-html", f"the event handler {events[0]}= in <{tag} ...> is not allowed: "
                        "it runs script; remove it"))
        elif not allow_html:
            out.append((offset, "raw-html", f"raw HTML (<{tag}>) is not allowed in playbook text; use Markdown "
                        "instead: **bold**, *italic*, [text](https://example.org)"))
        elif tag not in PAGE_TAGS:
            out.append((offset, "html-removed", f"<{tag}> is not among the HTML elements a page may use, so it "
                        "would be removed from the page; use Markdown or a common element such as <div>"))
    return out


def _attr_lists(text: str) -> Iterator[re.Match[str]]:
    return (m for m in _ATTR_LIST.finditer(text) if "=" in m.group("body"))


def _attr_list_problems(text: str) -> list[Problem]:
    out: list[Problem] = []
    for m in _attr_lists(text):
        for pair in _ATTR_PAIR.finditer(m.group("body")):
            key = pair.group("key")
            offset = m.start("body") + pair.start()
            if _EVENT.match(key):
                out.append((offset, "unsafe-html", f"the attribute list sets the event handler {key}=, which runs "
                            "script; remove it"))
    return out


def severity_of(code: str) -> Severity:
    """What is removed but harmless is a warning; what could run script is an error."""
    return "warning" if code == "html-removed" else "error"


def line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def line_and_column(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column of an offset, given line_starts(text)."""
    index = bisect.bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1
