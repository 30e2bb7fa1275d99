"""The What changed page, its Atom feed and the release manifest, in each language's site.

One page per release and language at /changes/ (a reserved first path, layout.GENERATED), made
from release.ReleaseChanges: playbooks added, changed (with their changelog notes since the
release compared with), retired, and translations that fell behind. The feed beside it
(/changes/feed.xml) lists the same changes for this release and the few before it; the manifest
(/changes/release.json, default language only) is what the next release compares itself with.
Everything here comes from the audience's selection, so the public files name nothing internal.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .feed import FeedEntry, atom
from .i18n import as_date, own_name
from .release import MANIFEST, ORDER, Change, ReleaseChanges
from .render import escape_md, render_inline

if TYPE_CHECKING:
    from .emit import Emitter

PAGE = "changes.md"
FEED = "changes/feed.xml"
SECTION_TITLES = {"added": "changes_added", "changed": "changes_changed", "retired": "changes_retired",
                  "behind": "changes_behind"}  # fmt: skip
FEED_LIMIT = 100


def _date(iso: str, lang: str) -> str:
    try:
        return str(as_date(dt.date.fromisoformat(iso), lang))
    except ValueError:
        return iso


def shown_here(change: Change, lang: str, default: str) -> bool:
    """A translation behind its source is news in its own language's site and in the default
    language's (where editors and translators look); the other changes are news everywhere."""
    return change.type != "behind" or lang in (default, change.lang)


def _intro(em: Emitter, changes: ReleaseChanges) -> Markup:
    t, lang = em.t, em.lang
    this = changes.this
    date = _date(this.date, lang)
    if this.release is None:
        return t("changes_preview", previous=this.previous) if this.previous else t("changes_preview_first")
    if this.previous:
        return t("changes_release", release=this.release, date=date, previous=this.previous)
    return t("changes_release_first", release=this.release, date=date)


def _note(note: dict[str, str], lang: str, default: str) -> Markup:
    """A changelog note (inline Markdown, in the default language: changelogs are not translated)."""
    text = render_inline(note.get("note", ""))
    return text if lang == default else Markup(f'<span lang="{default}">{text}</span>')


def _item(em: Emitter, change: Change) -> dict[str, Any]:
    """What the template prints for one change, in this page's language."""
    default = em.sel.default_lang
    entry = em.sel.playbooks.get(change.id) if change.type != "retired" else None
    if entry is not None:
        attrs = f'data-pb-id="{change.id}" data-pb-version="{html.escape(change.version)}"{em.lang_attr(entry)}'
        title = Markup(f"[{escape_md(entry.title)}]({em.link_to(entry.path)}){{: {attrs} }}")
    else:
        own = change.titles.get(em.lang)
        text = escape_md(change.title_in(em.lang, default))
        title = text if own or em.lang == default else Markup(f'<span lang="{default}">{text}</span>')
    notes = [
        {"version": n.get("version", ""), "date": _date(n.get("date", ""), em.lang), "text": _note(n, em.lang, default)}
        for n in change.notes
    ]
    return {
        "change": change,
        "title": title,
        "language": own_name(change.lang) if change.lang else "",
        "notes": notes,
        "same_version": change.type == "changed" and change.previous == change.version,
    }


def page(em: Emitter, changes: ReleaseChanges) -> str:
    """The What changed page of one language (Markdown with its front matter)."""
    from .emit import _front_matter, _title

    em.current = PAGE
    lang, default = em.lang, em.sel.default_lang
    this = changes.this
    sections = []
    for kind in ORDER:
        items = [_item(em, c) for c in this.changes if c.type == kind and shown_here(c, lang, default)]
        if items or (kind == "retired" and this.withdrawn):
            sections.append((kind, em.t(SECTION_TITLES[kind]), items))
    text = em.render(
        "changes.md.j2",
        intro=_intro(em, changes),
        sections=sections,
        withdrawn=this.withdrawn,
        feed=em.link_to(FEED),
        previous=this.previous,
    )
    title = str(em.t("changes_title"))
    return _front_matter(em.reported({"title": _title(title)}, title)) + text


def _absolute(site_url: str | None, release: str | None, prefix: str, path: str) -> str | None:
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + (f"{release}/" if release else "") + prefix + path


def feed(em: Emitter, changes: ReleaseChanges) -> str:
    """The Atom feed of one language: this release's changes and those of the releases the
    manifest remembers, newest first. Links are absolute when site_url is set; otherwise
    relative to the feed, which feed readers resolve against the address they fetched."""
    from .emit import prefix_of

    lang, default = em.lang, em.sel.default_lang
    prefix = prefix_of(lang, default)
    site_url = em.settings.raw.get("site_url") if isinstance(em.settings.raw.get("site_url"), str) else None
    public = changes.audience == "public"
    site_name = em.settings.site_name_in(lang, public=public)
    this_release = changes.this.release
    up_to_language_root = "../"  # the feed lives in <language root>/changes/
    up_to_branch = up_to_language_root + "../" * prefix.count("/") + "../"

    def link(release: str | None, path: str) -> str:
        absolute = _absolute(site_url, release, prefix, path)
        if absolute:
            return absolute
        if release == this_release or release is None or this_release is None:
            return up_to_language_root + path
        return f"{up_to_branch}{release}/{prefix}{path}"

    entries: list[FeedEntry] = []
    for rec in changes.records:
        for change in rec.changes:
            if not shown_here(change, lang, default):
                continue
            if this_release is None and change.id not in em.sel.playbooks:
                target = link(None, "changes/")  # a preview links only to its own pages
            elif change.type == "retired":
                target = link(rec.release, "changes/")
            else:
                target = link(rec.release, f"playbooks/{change.id}/")
            entries.append(_feed_entry(em, rec.release, rec.date, change, target, site_url or site_name))
            if len(entries) >= FEED_LIMIT:
                break
        if len(entries) >= FEED_LIMIT:
            break
    title = f"{site_name}: {em.t('changes_title')}"
    key = f"{site_url or site_name}/{changes.audience}/{lang}"
    return atom(
        key=key,
        title=title,
        updated=changes.this.date,
        author=site_name,
        alternate=link(this_release, "changes/"),
        self_url=_absolute(site_url, this_release, prefix, FEED),
        lang=lang,
        entries=entries,
    )


def _feed_entry(em: Emitter, release: str | None, date: str, change: Change, target: str, site: str) -> FeedEntry:
    default = em.sel.default_lang
    title = change.title_in(em.lang, default)
    label = {
        "added": em.t("feed_added", title=title),
        "changed": em.t("feed_changed", title=title, version=change.version),
        "retired": em.t("feed_retired", title=title),
        "behind": em.t("feed_behind", title=title, language=own_name(change.lang)),
    }[change.type]
    notes = [f"{n.get('version', '')} ({_date(n.get('date', ''), em.lang)}): {n.get('note', '')}" for n in change.notes]
    return FeedEntry(
        key=f"{site}/{release}/{change.type}/{change.id}/{change.lang}/{change.version}/{change.translates}",
        title=_plain(label),
        updated=date,
        link=target,
        summary="\n".join(notes),
        summary_lang=default if notes and em.lang != default else "",
    )


def _plain(text: Markup) -> str:
    """Interface text for the feed: the locale's words without the escaping meant for Markdown."""
    return html.unescape(str(text))


def manifest_json(changes: ReleaseChanges) -> str:
    return json.dumps(changes.manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write(em: Emitter, changes: ReleaseChanges) -> None:
    """The page, the feed and (default language) the manifest, into this language's docs."""
    em.put(PAGE, page(em, changes))
    em.unsearched.append("changes/")  # search finds the playbooks themselves, not this list of them
    em.put(FEED, feed(em, changes))
    if em.lang == em.sel.default_lang:
        em.put(MANIFEST, manifest_json(changes))
