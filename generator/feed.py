"""An Atom feed (RFC 4287) of a release's changes, written with the standard library's XML writer.

ElementTree escapes every text and attribute, so titles and notes cannot break the XML. Ids are
`urn:uuid:` names derived from the site, audience, language and change (uuid5): stable across
rebuilds, so a feed reader shows each change once, and valid whether or not site_url is known.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ET.register_namespace("", ATOM)


@dataclass
class FeedEntry:
    key: str  # what makes this entry itself (its id is derived from it)
    title: str
    updated: str  # ISO date
    link: str
    summary: str = ""
    summary_lang: str = ""  # when the summary is in another language than the feed


def urn(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}"


def timestamp(iso_date: str) -> str:
    return f"{iso_date}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def atom(
    *,
    key: str,
    title: str,
    updated: str,
    author: str,
    alternate: str,
    self_url: str | None,
    lang: str,
    entries: list[FeedEntry],
) -> str:
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _add(feed, "id", urn(key + "/changes"))
    _add(feed, "title", title)
    newest = max([updated, *(e.updated for e in entries)])
    _add(feed, "updated", timestamp(newest))
    _add(_add(feed, "author"), "name", author)
    _add(feed, "link", rel="alternate", type="text/html", href=alternate)
    if self_url:
        _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "generator", "playbook")
    for entry in entries:
        item = _add(feed, "entry")
        _add(item, "id", urn(key + "/" + entry.key))
        _add(item, "title", entry.title)
        _add(item, "updated", timestamp(entry.updated))
        _add(item, "link", rel="alternate", type="text/html", href=entry.link)
        if entry.summary:
            summary = _add(item, "summary", entry.summary, type="text")
            if entry.summary_lang:
                summary.set(XML_LANG, entry.summary_lang)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
