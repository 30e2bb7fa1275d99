"""`playbook check`: what is due for review, which translations fell behind, and the leak scan.

The leak scan is the proof behind the public site: it takes every text of every internal item and
searches every file of a built public site for it (decompressing .gz and Pagefind's gzipped index
and fragments, reading JSON's strings and the HTML's text). The walk over the site and the choice
of needles are ours (no library knows what in a playbook is internal); the matching is
pyahocorasick's.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ahocorasick

from .diagnostics import Diagnostic
from .freshness import review, untranslated_changes
from .model import Project
from .render import render_inline
from .sources import Document

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
MIN_TEXT = 40  # shorter free text ("change management") is shared by chance, not leaked
MIN_TITLE = 8


def check_project(project: Project, today: dt.date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    default_interval = project.settings.review_every
    dated: list[tuple[Document, dict[str, Any], str]] = [
        (pb.doc, pb.data, f"; ask {pb.data.get('owner', 'its owner')} to verify it, then update reviewed")
        for pb in project.playbooks.values()
    ]
    dated += [
        (page.doc, page.meta, "") for page in project.pages.values() if not page.is_translation and page.doc is not None
    ]
    for doc, meta, advice in dated:
        due = review(meta, default_interval)
        if due is not None and due.overdue(today):
            out.append(
                doc.problem(
                    ("reviewed",),
                    "review-overdue",
                    f"review overdue since {due.due} (last reviewed {due.reviewed}, every {due.interval}){advice}",
                    "warning",
                )
            )
    for (pid, lang), tr in project.translations.items():
        source = project.playbooks.get(pid)
        translates = str(tr.data.get("translates") or "")
        missing = untranslated_changes(source.data, translates) if source is not None else None
        if source is None or missing is None:
            continue
        versions = ", ".join(str(c.get("version")) for c in missing)
        not_yet = f" (not yet translated: {versions})" if versions else ""
        out.append(
            tr.doc.problem(
                ("translates",),
                "translation-behind",
                f"the {lang} translation is behind: it translates {translates}, the source is at "
                f"{source.version}{not_yet}; update the text, then set translates",
                "warning",
            )
        )
    return out


def coverage(project: Project) -> list[str]:
    """One line per language: how many playbooks are translated, and how many are behind."""
    total = len(project.playbooks)
    lines = []
    for lang in project.settings.languages[1:]:
        done = [tr for (pid, tl), tr in project.translations.items() if tl == lang and pid in project.playbooks]
        behind = [
            tr
            for tr in done
            if untranslated_changes(project.playbooks[tr.id].data, str(tr.data.get("translates") or "")) is not None
        ]
        lines.append(f"{lang}: {len(done)} of {total} playbooks translated, {len(behind)} behind the source")
    return lines


# -- the leak scan --------------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def normalise(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", text))).strip().casefold()


def _as_shown(text: str) -> str:
    """A value as a reader sees it on a page: its inline Markdown rendered, tags dropped."""
    return normalise(html.unescape(str(render_inline(text))))


def internal_needles(project: Project) -> dict[str, str]:
    """needle -> where it comes from, for every internal item; minus what public items also say."""
    public_text: set[str] = set()
    needles: dict[str, str] = {}

    def add(text: str, origin: str, *, exact: bool = False, minimum: int = MIN_TEXT) -> None:
        for form in {normalise(text), _as_shown(text)}:
            if exact or len(form) >= minimum:
                needles.setdefault(form, origin)

    for pb in list(project.playbooks.values()) + list(project.translations.values()):
        source = project.playbooks.get(pb.id)
        audience = source.audience if source is not None else pb.audience
        if audience == "public":
            public_text.update(normalise(s) for s in _strings(pb.data))
            public_text.update(_as_shown(s) for s in _strings(pb.data))
            continue
        add(pb.id, pb.rel, exact=True)
        add(str(pb.data.get("title", "")), pb.rel, minimum=MIN_TITLE)
        for s in _strings(pb.data):
            add(s, pb.rel)
    for page in project.pages.values():
        page_source = project.pages.get((page.slug, project.settings.default_language))
        audience = page_source.audience if page_source is not None else page.audience
        texts = list(_strings(page.meta)) + [p for p in re.split(r"\n\s*\n", page.body) if p.strip()]
        if audience == "public":
            public_text.update(normalise(s) for s in texts)
            continue
        add(str(page.meta.get("title", "")), page.rel, minimum=MIN_TITLE)
        for s in texts:
            add(s.strip().lstrip("#").strip(), page.rel)
    # Shared vocabulary is not internal content: public ids (internal playbooks name them in
    # related), roles (titles and summaries are shown for roles with public content).
    public_text.update(pid for pid, pb in project.playbooks.items() if pb.audience == "public")
    for role in project.roles.values():
        public_text.update(normalise(s) for s in (role.id, role.title, role.summary))
        public_text.update(normalise(s) for tr in role.translations.values() for s in tr.values())
    # Only a whole public field equal to the needle excuses it (a shared tag, the same role title);
    # an internal sentence pasted inside a public page is still a leak.
    return {n: o for n, o in needles.items() if n and n not in public_text}


PAGEFIND_GZIPPED = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")


def site_file_text(path: Path) -> str | None:
    """A built site's file as text: .gz and Pagefind's files decompressed; None for binaries.

    Pagefind's index files hold words among binary (CBOR) framing, so undecodable bytes are
    replaced rather than the file skipped: a word of an internal page must still be found."""
    raw = path.read_bytes()
    pagefind = path.suffix in PAGEFIND_GZIPPED
    if path.suffix == ".gz" or pagefind:
        try:
            raw = gzip.decompress(raw)
        except OSError:
            return None
    try:
        return raw.decode("utf-8", errors="replace" if pagefind else "strict")
    except UnicodeDecodeError:
        return None


def _site_texts(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        yield rel, rel.casefold()  # file names: an internal id in a URL is a leak too
        text = site_file_text(path)
        if text is None:
            continue
        if path.name.endswith((".json", ".json.gz")):
            try:
                text = " ".join(_strings(json.loads(text)))
            except ValueError:
                pass
        elif path.suffix == ".pf_fragment":
            try:  # Pagefind's fragment: its signature, then the page's text and metadata as JSON
                text = " ".join(_strings(json.loads(text[text.index("{") :])))
            except ValueError:
                pass
        yield rel, normalise(text) + " " + _SPACE.sub(" ", html.unescape(text)).casefold()


def find_leaks(project: Project, site: Path) -> list[tuple[str, str, str]]:
    """(site file, the internal text found, the source file it came from).

    Tens of thousands of needles against every file of the site: an Aho-Corasick automaton
    (pyahocorasick) finds them all in one pass over each file instead of one pass per needle."""
    needles = internal_needles(project)
    if not needles:
        return []
    automaton = ahocorasick.Automaton()
    for needle, origin in needles.items():
        automaton.add_word(needle, (needle, origin))
    automaton.make_automaton()
    found = []
    for rel, text in _site_texts(site):
        seen: set[str] = set()
        for _end, (needle, origin) in automaton.iter(text):
            if needle not in seen:
                seen.add(needle)
                found.append((rel, needle, origin))
    return found


def check_leaks(project: Project, site: Path) -> list[Diagnostic]:
    return [
        Diagnostic(
            f"{site.name}/{rel}",
            1,
            1,
            "error",
            "leak",
            f"internal text from {origin} is in the public site: '{_short(needle)}'",
        )
        for rel, needle, origin in find_leaks(project, site)
    ]


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
