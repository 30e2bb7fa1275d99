"""The project as the later steps see it: plain dataclasses, no behaviour beyond lookups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .sources import Document


@dataclass
class Role:
    id: str
    title: str
    team: str
    summary: str
    pairs_with: list[str]
    path: list[str]
    translations: dict[str, dict[str, str]]  # lang -> {title, summary}

    def title_in(self, lang: str) -> str:
        return self.translations.get(lang, {}).get("title", self.title)

    def summary_in(self, lang: str) -> str:
        return self.translations.get(lang, {}).get("summary", self.summary)


@dataclass
class Playbook:
    """One playbook file: a source (lang = the site's default) or a translation."""

    id: str
    kind: str
    lang: str
    data: dict[str, Any]
    doc: Document
    is_translation: bool

    @property
    def rel(self) -> str:
        return self.doc.rel

    @property
    def audience(self) -> str:
        return str(self.data.get("audience") or "internal")

    @property
    def title(self) -> str:
        return str(self.data.get("title", self.id))

    @property
    def version(self) -> str:
        return str(self.data.get("version", ""))

    @property
    def roles(self) -> list[str]:
        return list(self.data.get("roles") or [])

    @property
    def reviewed(self) -> dt.date | None:
        value = self.data.get("reviewed")
        return value if isinstance(value, dt.date) else None


@dataclass
class Page:
    """A Markdown page of content/: front matter plus body."""

    slug: str  # path below content/ without .md and language suffix, e.g. "index", "guides/intro"
    lang: str
    meta: dict[str, Any]
    body: str
    doc: Document | None
    rel: str
    body_line: int  # the file line where the body starts
    is_translation: bool

    @property
    def audience(self) -> str:
        return str(self.meta.get("audience") or "internal")

    @property
    def title(self) -> str | None:
        value = self.meta.get("title")
        return str(value) if value else None


@dataclass
class SiteSettings:
    """What the generator reads from the project's mkdocs.yml (`extra.playbook` and a few keys)."""

    site_name: str
    languages: list[str]
    review_every: str
    repo_url: str | None
    edit_uri: str | None
    public_site_name: str
    raw: dict[str, Any] = field(repr=False, default_factory=dict)
    engine: str = "mkdocs"  # what builds the generated projects: "mkdocs" or "zensical" (engines.py)

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass
class Project:
    root: Any  # pathlib.Path
    settings: SiteSettings
    roles: dict[str, Role]
    playbooks: dict[str, Playbook]  # sources by id
    translations: dict[tuple[str, str], Playbook]  # (id, lang)
    pages: dict[tuple[str, str], Page]  # (slug, lang)
    roles_doc: Document | None = None

    def playbook_in(self, pid: str, lang: str) -> Playbook | None:
        if lang == self.settings.default_language:
            return self.playbooks.get(pid)
        return self.translations.get((pid, lang))
