"""What helps a reader find their way through a playbook: a step named by its first words, how
long a playbook takes to read, and a checklist phase's timing said in words.

Written here rather than taken from a library because each is a few lines over our own data: the
words come from the playbook's fields (rendered the way the page shows them), and the phase
timings are the contract's own short forms (`day -7`, `week 2`, `weeks 2-4`). The plural forms of
the timings come from CLDR through Babel, as dates do (i18n.py): "7 дней", "2 дня", "1 день".
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from typing import Any

from babel import Locale, UnknownLocaleError
from markupsafe import Markup

from .render import render_inline
from .sources import strings

_TAGS = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"(?<=[.!?।])\s")
_TRAILING = " ,;:—–-.!?।…"
WORDS_PER_MINUTE = 200  # careful reading of instructions, in any of our languages
# Fields that are not read as text: ids, references and settings.
_NOT_READ = {
    "id", "kind", "lang", "translates", "audience", "roles", "owner", "version", "reviewed", "review_every",
    "related", "tags", "changelog", "goto", "speaker", "participants", "cx_role", "hr_role", "escalate_to",
    "from", "to", "attendees", "applies_to", "link", "onboards",
}  # fmt: skip


def plain_text(value: Any) -> str:
    """A field's inline Markdown as the words a reader sees (no markup, entities decoded)."""
    return html.unescape(_TAGS.sub("", str(render_inline(str(value))))).strip()


def first_words(value: Any, most: int = 6) -> str:
    """A step named by its opening: its first sentence when that is short, else its first words
    and an ellipsis. A table of contents of "Step 1: Customer Success Manager" twelve times
    tells a reader in a live call nothing; "Thanks for making the time" does."""
    text = " ".join(plain_text(value).split())
    sentence = _SENTENCE.split(text, maxsplit=1)[0]
    if len(sentence.split()) <= most + 2:
        return sentence.rstrip(_TRAILING) or sentence
    return " ".join(text.split()[:most]).rstrip(_TRAILING) + "…"


def word_count(data: dict[str, Any]) -> int:
    """The words a reader reads on a playbook's page: every text field but ids and settings.
    Counted in the source text (Markdown marks split no words): an estimate in minutes needs no
    rendering, and rendering every field of thousands of playbooks again would cost seconds."""
    total = 0
    for path, text in strings(data):
        if any(isinstance(part, str) and part in _NOT_READ for part in path):
            continue
        total += len(text.split())
    return total


def reading_minutes(data: dict[str, Any]) -> int:
    """Whole minutes to read a playbook, at least one."""
    return max(1, math.ceil(word_count(data) / WORDS_PER_MINUTE))


# -- a checklist phase's `when` ------------------------------------------------------------------
_WHEN = re.compile(r"^\s*(day|days|week|weeks)\s+(-?\d{1,4})(?:\s*(?:-|–|to)\s*(-?\d{1,4}))?\s*$", re.IGNORECASE)


def _plural(lang: str, n: int) -> str:
    try:
        return str(Locale.parse(lang.replace("-", "_")).plural_form(abs(n)))
    except (UnknownLocaleError, ValueError):
        return "one" if abs(n) == 1 else "other"


def when_in_words(value: Any, lang: str, t: Callable[..., Markup]) -> Markup | None:
    """The contract's short timings in the reader's words: `day -7` is "7 days before the
    start", `week 2` is "Week 2", `weeks 2-4` is "Weeks 2–4" (`t` gives each form in the page's
    language, with CLDR's plural category as a suffix: when_days_before_few). Anything else is
    an editor's own words and is shown as written: None here."""
    match = _WHEN.match(str(value or ""))
    if not match:
        return None
    unit = "day" if match.group(1).lower().startswith("day") else "week"
    first = int(match.group(2))
    last = int(match.group(3)) if match.group(3) is not None else None
    if last is not None and last != first:
        if first < 0 or last < 0:
            return None  # "days -7 to -3" reads better as the editor wrote it
        return t(f"when_{unit}s_range", first=first, last=last)
    if first < 0:
        key = f"when_{unit}s_before"
        return t(_with_plural(t, key, _plural(lang, first)), n=-first)
    return t(f"when_{unit}", n=first)


def _with_plural(t: Callable[..., Any], key: str, category: str) -> str:
    """`key_<category>` when the locale has it, else `key_other` (English has one and other)."""
    specific = f"{key}_{category}"
    return specific if str(t(specific)) != specific else f"{key}_other"
