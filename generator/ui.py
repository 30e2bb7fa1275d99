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

# extra.playbook_ui key -> locale key; what theme/overrides print.
THEME_STRINGS = {
    "made_with": "made_with",
    "not_found_title": "not_found_title",
    "not_found_text": "not_found_text",
    "not_found_home": "not_found_home",
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
