"""What depends on the reader's language besides the interface strings of generator/locales:
language names, dates, and the strings a theme template needs.

Dates go through Babel (CLDR's patterns, already installed with Material for MkDocs): "October
14, 2026", "14 ottobre 2026", "14 октября 2026 г.", "14 अक्टूबर 2026". Writing those patterns by
hand would mean a table per language of month names and their grammatical case (Russian months
in the genitive), which CLDR already keeps, for every language a project may add.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date

# Each language's name in that language, for the language selector (readers look for their own).
LANGUAGE_NAMES = {
    "en": "English",
    "it": "Italiano",
    "ru": "Русский",
    "hi": "हिन्दी",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "pt": "Português",
    "nl": "Nederlands",
    "pl": "Polski",
    "uk": "Українська",
    "ja": "日本語",
    "zh": "中文",
    "ar": "العربية",
    "tr": "Türkçe",
}


@lru_cache(maxsize=64)
def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def own_name(lang: str) -> str:
    """The language's name in itself ("Italiano"), for the selector."""
    if lang in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[lang]
    found = _locale(lang)
    name = found.get_display_name(found) if found is not None else None
    return name[:1].upper() + name[1:] if name else lang


def english_name(lang: str) -> str:
    """The language's name in English ("Hindi"), for messages to editors."""
    found = _locale(lang)
    name = found.get_display_name("en") if found is not None else None
    return name or lang


@lru_cache(maxsize=4096)
def format_date(value: dt.date, lang: str) -> str:
    """A date as readers of `lang` write it; ISO 8601 for a language CLDR does not know."""
    found = _locale(lang)
    if found is None:
        return value.isoformat()
    return str(_babel_date(value, format="long", locale=found))


def as_date(value: Any, lang: str) -> Any:
    """format_date for a date; anything else (a missing or free-text value) as it is."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, lang) if isinstance(value, dt.date) else value
