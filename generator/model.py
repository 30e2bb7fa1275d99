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
    translations: dict[str, dict[str, str]]  # lang -> {title, summary, public_summary}
    public_summary: str = ""  # written for customers: the role is on the public site (select.py)

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
    # extra.playbook.lang: per language, the site settings readers see (siteconfig.LOCALIZED_SETTINGS)
    localized: dict[str, dict[str, str]] = field(default_factory=dict)
    engine: str = "mkdocs"  # what builds the generated projects: "mkdocs" or "zensical" (engines.py)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def site_name_in(self, lang: str, public: bool = False) -> str:
        """The site's name for readers of `lang`; the default language's when it has none.

        A public site named in the default language only (public_site_name) keeps that name in
        every language rather than taking the internal site's translated name."""
        own = self.localized.get(lang, {})
        if not public:
            return own.get("site_name") or self.site_name
        if own.get("public_site_name"):
            return own["public_site_name"]
        if self.public_site_name != self.site_name:
            return self.public_site_name
        return own.get("site_name") or self.site_name

    def setting_in(self, key: str, lang: str) -> Any:
        """A top-level setting (site_description, copyright) in `lang`, else as configured."""
        return self.localized.get(lang, {}).get(key) or self.raw.get(key)


@dataclass
class Project:
    root: Any  # pathlib.Path
    settings: SiteSettings
    roles: dict[str, Role]
    playbooks: dict[str, Playbook]  # sources by id
    translations: dict[tuple[str, str], Playbook]  # (id, lang)
    pages: dict[tuple[str, str], Page]  # (slug, lang)
    roles_doc: Document | None = None

    @property
    def custom_dir(self) -> Any:
        """The project's theme overrides (theme.custom_dir, else theme/), when the folder exists."""
        theme = self.settings.raw.get("theme")
        name = theme.get("custom_dir") if isinstance(theme, dict) else None
        path = (self.root / str(name)) if name else self.root / "theme"
        return path if path.is_dir() else None

    def playbook_in(self, pid: str, lang: str) -> Playbook | None:
        if lang == self.settings.default_language:
            return self.playbooks.get(pid)
        return self.translations.get((pid, lang))
