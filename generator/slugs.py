"""Heading anchors that keep every character a heading has, in any script.

Why not pymdownx.slugs.slugify as it is: it keeps only what the regular expression `\\w` matches,
and Python's `\\w` leaves out combining marks, so a Devanagari heading loses its vowel signs and
viramas ("स्वागत है" became "सवगत-ह": a different word, and a link a Hindi reader can neither
recognise nor type). This is the same function with one change, marks are kept (Unicode
categories Mn, Mc, Me), so every anchor it made in another script stays exactly as it was: tags
stripped, NFC-normalised (the same heading typed on two keyboards gets the same anchor),
lower-cased, characters other than word characters, marks, spaces and hyphens dropped, each
space a separator. Nothing but the heading's text goes in, so an anchor is the same in every build.

Used as `toc.slugify` in every generated mkdocs.yml (emit.py), in the factory form that MkDocs'
and Zensical's option loaders call: `!!python/object/apply:generator.slugs.slugify {kwds: ...}`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

_TAGS = re.compile(r"</?[^>]*>")


def _kept(ch: str) -> bool:
    """`\\w` (letters, numbers, underscore) plus marks, hyphen and space."""
    return ch in "_- " or unicodedata.category(ch)[0] in "LMN"


def slug(text: str, separator: str = "-", case: str = "lower") -> str:
    value = _TAGS.sub("", unicodedata.normalize("NFC", text)).strip()
    if case == "lower":
        value = value.lower()
    return "".join(ch for ch in value if _kept(ch)).replace(" ", separator)


def slugify(case: str = "lower", **_ignored: object) -> Callable[[str, str], str]:
    """The toc extension's slugify: `slugify(case=...)` returns the function it calls, a partial
    of a module function (as pymdownx does) because Zensical pickles the Markdown options."""
    return functools.partial(slug, case=case)
