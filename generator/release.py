"""What a release holds and what changed since the one before, without rebuilding old releases.

Every build writes a small manifest of what it published (`changes/release.json` in the site of
the default language): per playbook its version, kind, title in each language, a digest of its
text and the state of each translation; and the list of changes of this release and of the few
before it. A new release compares itself with the manifest of the previous release of the same
audience, read from the publish branch with git (published.py), so no old release is rebuilt and
the comparison sees exactly what readers were shown.

The manifest of a public release is made from the public selection only, so it names nothing
internal, and it is in the site, so the leak scan reads it. A playbook that left the public site
for the internal one is counted, never named, on the public side (its title may no longer be
public).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, field
from typing import Any

from .freshness import semver_key
from .select import FALLBACK, STALE, TRANSLATED, Selection

FORMAT = 1
MANIFEST = "changes/release.json"  # in the default language's site of every build
HISTORY = 10  # releases whose changes a manifest keeps (the feed lists them)
ORDER = ("added", "changed", "retired", "behind")


@dataclass
class Release:
    """What this build is: a published version (name) or a preview (None), its date, and the
    manifest of the release it is compared with (None: there is none, everything is new)."""

    name: str | None
    date: dt.date
    baseline: dict[str, Any] | None = None
    aliases: list[str] = field(default_factory=list)

    @property
    def previous(self) -> str | None:
        return str(self.baseline.get("release")) if self.baseline and self.baseline.get("release") else None


@dataclass
class Change:
    """One playbook's change between two releases (one language's translation, for `behind`)."""

    type: str  # added | changed | retired | behind
    id: str
    version: str  # now (retired: the last one published)
    titles: dict[str, str]  # language -> title (the default language's always)
    previous: str = ""  # the version in the release compared with
    notes: list[dict[str, str]] = field(default_factory=list)  # changelog entries in between, newest first
    lang: str = ""  # behind: the translation's language
    translates: str = ""  # behind: the version the translation was made from

    def title_in(self, lang: str, default: str) -> str:
        return self.titles.get(lang) or self.titles.get(default) or self.id

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ("", [], {})}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Change:
        return cls(
            type=str(data.get("type", "")),
            id=str(data.get("id", "")),
            version=str(data.get("version", "")),
            titles={str(k): str(v) for k, v in (data.get("titles") or {}).items()},
            previous=str(data.get("previous", "")),
            notes=[{str(k): str(v) for k, v in n.items()} for n in data.get("notes") or [] if isinstance(n, dict)],
            lang=str(data.get("lang", "")),
            translates=str(data.get("translates", "")),
        )


@dataclass
class Record:
    """The changes of one release, as its What changed page and feed show them."""

    release: str | None
    date: str  # ISO date
    previous: str | None
    changes: list[Change]
    withdrawn: int = 0  # playbooks that left this audience's site and may not be named here

    def as_json(self) -> dict[str, Any]:
        return {
            "release": self.release,
            "date": self.date,
            "previous": self.previous,
            "changes": [c.as_json() for c in self.changes],
            "withdrawn": self.withdrawn,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        return cls(
            release=str(data["release"]) if data.get("release") else None,
            date=str(data.get("date", "")),
            previous=str(data["previous"]) if data.get("previous") else None,
            changes=[Change.from_json(c) for c in data.get("changes") or [] if isinstance(c, dict)],
            withdrawn=int(data.get("withdrawn") or 0),
        )

    def of_type(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.type == kind]


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


UNREAD = ("reviewed", "review_every")  # a review that changed nothing is not a change readers see


def digest(data: dict[str, Any]) -> str:
    """A short fingerprint of a playbook's text: an edit without a new version still shows."""
    shown = {k: v for k, v in data.items() if k not in UNREAD}
    canonical = json.dumps(shown, sort_keys=True, ensure_ascii=False, default=_text)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def state(selections: list[Selection]) -> dict[str, dict[str, Any]]:
    """Per playbook of this audience: version, kind, digest, titles and translations."""
    default = next(s for s in selections if s.lang == s.default_lang)
    playbooks: dict[str, dict[str, Any]] = {}
    for pid, entry in default.playbooks.items():
        titles = {default.lang: entry.title}
        translations: dict[str, dict[str, Any]] = {}
        for sel in selections:
            other = sel.playbooks.get(pid)
            if sel is default or other is None or other.status == FALLBACK:
                continue
            titles[sel.lang] = other.title
            if other.status in (TRANSLATED, STALE):
                translations[sel.lang] = {
                    "translates": str(other.shown.data.get("translates") or ""),
                    "behind": other.status == STALE,
                }
        playbooks[pid] = {
            "version": str(entry.data.get("version") or ""),
            "kind": entry.kind,
            "digest": digest(entry.source.data),
            "titles": titles,
            "translations": translations,
        }
    return playbooks


def _notes(changelog: Iterable[Any] | None, after: str, upto: str) -> list[dict[str, str]]:
    """Changelog entries newer than `after` and not newer than `upto`, newest first."""
    low, high = semver_key(after), semver_key(upto)
    notes = [
        {"version": str(c.get("version", "")), "date": _text(c.get("date", "")), "note": str(c.get("note", ""))}
        for c in changelog or []
        if isinstance(c, dict) and (not after or semver_key(str(c.get("version"))) > low)
        and semver_key(str(c.get("version"))) <= high
    ]
    return sorted(notes, key=lambda n: semver_key(n["version"]), reverse=True)


def compare(
    baseline: dict[str, Any] | None,
    current: dict[str, dict[str, Any]],
    selections: list[Selection],
    hidden: AbstractSet[str] = frozenset(),
) -> tuple[list[Change], int]:
    """The changes from `baseline` (a manifest, or None: nothing published) to `current` (state()),
    and how many retired playbooks may not be named (their ids are in `hidden`: still in the
    project, for another audience)."""
    default = next(s for s in selections if s.lang == s.default_lang)
    before: dict[str, dict[str, Any]] = (baseline or {}).get("playbooks") or {}
    changes: list[Change] = []
    withdrawn = 0
    for pid, now in current.items():
        entry = default.playbooks[pid]
        old = before.get(pid)
        if old is None:
            changes.append(Change("added", pid, now["version"], dict(now["titles"])))
        elif old.get("version") != now["version"] or old.get("digest") != now["digest"]:
            changes.append(
                Change(
                    "changed", pid, now["version"], dict(now["titles"]), previous=str(old.get("version") or ""),
                    notes=_notes(entry.data.get("changelog"), str(old.get("version") or ""), now["version"]),
                )
            )  # fmt: skip
        old_translations = (old or {}).get("translations") or {}
        for lang, tr in now["translations"].items():
            if not tr["behind"]:
                continue
            was = old_translations.get(lang)
            if old is not None and was and was.get("behind") and old.get("version") == now["version"]:
                continue  # behind already, and nothing new to translate since
            changes.append(
                Change(
                    "behind", pid, now["version"], dict(now["titles"]), lang=lang, translates=tr["translates"],
                    notes=_notes(entry.data.get("changelog"), tr["translates"], now["version"]),
                )
            )  # fmt: skip
    for pid, old in before.items():
        if pid in current:
            continue
        if pid in hidden:
            withdrawn += 1
            continue
        titles = {str(k): str(v) for k, v in (old.get("titles") or {}).items()}
        changes.append(Change("retired", pid, str(old.get("version") or ""), titles))
    changes.sort(key=lambda c: (ORDER.index(c.type), c.title_in(default.lang, default.lang).casefold(), c.lang))
    return changes, withdrawn


def record(
    release: Release, selections: list[Selection], hidden: AbstractSet[str] = frozenset()
) -> tuple[Record, dict[str, dict[str, Any]]]:
    """This release's changes (and its state, for its manifest)."""
    current = state(selections)
    changes, withdrawn = compare(release.baseline, current, selections, hidden)
    return Record(release.name, release.date.isoformat(), release.previous, changes, withdrawn), current


def history(release: Release, this: Record, hidden: AbstractSet[str]) -> list[Record]:
    """This release's record, then those the baseline kept (a release published again replaces
    its own), at most HISTORY, none naming a playbook in `hidden`."""
    kept = [this]
    for data in (release.baseline or {}).get("history") or []:
        if not isinstance(data, dict):
            continue
        old = Record.from_json(data)
        if old.release is None or old.release == this.release:
            continue
        old.changes = [c for c in old.changes if c.id not in hidden]
        kept.append(old)
        if len(kept) >= HISTORY:
            break
    return kept


def manifest(
    release: Release, audience: str, languages: list[str], current: dict[str, dict[str, Any]], records: list[Record]
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "generator": "playbook",
        "release": release.name,
        "audience": audience,
        "date": release.date.isoformat(),
        "languages": list(languages),
        "playbooks": current,
        "history": [r.as_json() for r in records],
    }


def readable(data: Any) -> dict[str, Any] | None:
    """A manifest read back from a branch, if it is one this version of playbook understands."""
    if not isinstance(data, dict) or data.get("generator") != "playbook" or data.get("format") != FORMAT:
        return None
    if not isinstance(data.get("playbooks"), dict):
        return None
    return data


@dataclass
class ReleaseChanges:
    """What each language's What changed page and feed are made of (emit.py, feed.py)."""

    release: Release
    audience: str
    records: list[Record]  # this release's first
    manifest: dict[str, Any]

    @property
    def this(self) -> Record:
        return self.records[0]


def release_changes(
    release: Release, audience: str, selections: list[Selection], project_ids: Iterable[str]
) -> ReleaseChanges:
    """Everything a build needs to write its What changed pages, feeds and manifest."""
    default = next(s for s in selections if s.lang == s.default_lang)
    hidden = set(project_ids) - set(default.playbooks)
    this, current = record(release, selections, hidden)
    records = history(release, this, hidden)
    languages = [s.lang for s in selections]
    return ReleaseChanges(release, audience, records, manifest(release, audience, languages, current, records))
