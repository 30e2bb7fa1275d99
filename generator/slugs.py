"""Heading anchors that keep every character a heading has, in any script.

Why not pymdownx.slugs.slugify: it keeps only what the regular expression `\\w` matches, and
Python's `\\w` leaves out combining marks, so a Devanagari heading loses its vowel signs and
viramas ("स्वागत है" became "सवगत-ह": a different word, and a link a Hindi reader cannot type or
recognise). Here a character stays when Unicode calls it a letter, a mark or a number (categories
L*, M*, N*); spaces and dashes become one separator; everything else (punctuation, symbols,
invisible format characters) goes. The text is NFC-normalised first, so the same heading typed on
two keyboards gets the same anchor, and nothing depends on anything but the heading's text: an
anchor stays the same from build to build.

Used as `toc.slugify` in every generated mkdocs.yml (emit.py), in the factory form Python-Markdown
option loaders share with pymdownx (`!!python/object/apply:generator.slugs.slugify {kwds: ...}`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

_TAGS = re.compile(r"<[^>]*>")
_KEPT = ("L", "M", "N")


def slug(text: str, separator: str = "-", case: str = "lower") -> str:
    text = unicodedata.normalize("NFC", html.unescape(_TAGS.sub("", text)))
    if case == "lower":
        text = text.lower()
    out: list[str] = []
    pending = False  # a separator waits until the next kept character
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] in _KEPT or ch == "_":
            if pending and out:
                out.append(separator)
            pending = False
            out.append(ch)
        elif ch.isspace() or ch == "-" or ch == separator or category == "Pd":
            pending = True
    return "".join(out)


def slugify(case: str = "lower", **_ignored: object) -> Callable[[str, str], str]:
    """The toc extension's slugify: `slugify(case=...)` returns the function it calls."""

    def run(text: str, separator: str) -> str:
        return slug(text, separator, case)

    return run
