"""The interface text a generated mkdocs.yml carries for the theme, in the page's language.

Material translates its own strings by theme.language; a few it prints in English whatever the
language ("404 - Not found", "Made with", the toc's "Permanent link"), and a few come from the
project's mkdocs.yml, written once in the default language (the palette toggle's name). Those
come from generator/locales/<lang>.yaml here, and our theme overrides print them from
`extra.playbook_ui`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

# extra.playbook_ui key -> locale key; what theme/overrides print.
THEME_STRINGS = {
    "made_with": "made_with",
    "not_found_title": "not_found_title",
    "not_found_text": "not_found_text",
    "not_found_home": "not_found_home",
    "outdated_text": "outdated_text",  # the older-release notice (versions.py, playbook.js)
    "outdated_link": "outdated_link",
    "changes_title": "changes_title",  # the feed link in each page's head
}


def theme_strings(t: Callable[..., Any]) -> dict[str, str]:
    return {key: str(t(name)) for key, name in THEME_STRINGS.items()}


def localize_palette(palette: Any, t: Callable[..., Any], keep_configured: bool) -> Any:
    """Each toggle is named for the scheme it switches to (Material: the next palette entry).

    The default language keeps a name the project wrote; other languages get the locale's."""
    if not isinstance(palette, list):
        return palette
    out = []
    for i, option in enumerate(palette):
        if isinstance(option, dict) and isinstance(option.get("toggle"), dict):
            following = palette[(i + 1) % len(palette)]
            scheme = following.get("scheme") if isinstance(following, dict) else None
            toggle = dict(option["toggle"])
            if not (keep_configured and toggle.get("name")):
                toggle["name"] = str(t("palette_to_dark" if scheme == "slate" else "palette_to_light"))
            option = {**option, "toggle": toggle}
        out.append(option)
    return out


class Label(Markup):
    """Interface text marked with its language inside text of another (an untranslated
    playbook's body is marked lang="en"; its labels are in the page's language). `plain` is the
    text alone, for attributes (the `attr` filter prints it)."""

    plain: str


def in_language(text: Any, lang: str) -> Markup:
    """`text` (Markup) in <span lang=...>; the attribute is written without quotes so that even a
    template that prints it inside an attribute by mistake gets text, not broken HTML."""
    value = text if isinstance(text, Markup) else Markup.escape(text)
    label = Label(f"<span lang={lang}>{value}</span>")
    label.plain = str(getattr(value, "plain", value))
    return label


def marked(t: Callable[..., Any], lang: str) -> Callable[..., Markup]:
    """A translator whose every string says which language it is in."""

    def run(key: str, **values: Any) -> Markup:
        return in_language(t(key, **values), lang)

    return run


def plain(value: Any) -> str:
    return str(getattr(value, "plain", value))
