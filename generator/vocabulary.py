"""The words of one built language site, most frequent first: what the search box corrects a
misspelt query to.

Pagefind matches whole words and their beginnings, so "feedbak" finds nothing, and its index is
binary and read by its WebAssembly only: the words it holds cannot be listed in the browser. So
after indexing, this reads the text Pagefind stored for each page (its fragments, the exact text
it indexed) and writes the distinct words to `pagefind/words.txt`, separated by `|` (never by a
space: a list of words must not read as sentences, to the leak scan or anyone). The search worker
fetches that file only when a query finds nothing, and retries with the closest words
(search-worker.js). Written by hand because it is a word count: no library is needed for it.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

WORDS = "words.txt"  # in the language site's pagefind/ folder, beside bundles.json
MAX_WORDS = 60_000  # the most frequent; a real handbook has far fewer distinct words
# Separators: spaces and punctuation in the scripts our readers use. Not \W: Python's \w leaves
# out Devanagari's vowel signs and would cut "फ़ीडबैक" into pieces.
_SEPARATORS = re.compile(r"[\s!-/:-@\[-`{-~\u00a0-\u00bf\u2000-\u206f\u2190-\u21ff\u3000-\u303f\u0964\u0965]+")


def words_of(text: str) -> list[str]:
    return [w for w in _SEPARATORS.split(text.casefold()) if 3 <= len(w) <= 40 and not w.isdigit()]


def write_vocabulary(pagefind_dir: Path) -> int:
    """Count the words of every indexed page in the language's bundles; returns how many."""
    counts: Counter[str] = Counter()
    for path in pagefind_dir.glob("*/fragment/*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw[raw.index(b"{") :])
        counts.update(words_of(str(data.get("content", ""))))
    listed = [word for word, _count in counts.most_common(MAX_WORDS)]
    (pagefind_dir / WORDS).write_text("|".join(listed), encoding="utf-8")
    return len(listed)
