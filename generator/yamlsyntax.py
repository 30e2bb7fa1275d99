"""A YAML syntax error in an editor's words: where the mistake is, and how to fix it.

libyaml names what its scanner met ("mapping values are not allowed in this context") at the
place it noticed, which is often a line or more after the mistake (an unclosed quote is noticed at
the end of the file). Editors make a handful of mistakes over and over: a second `: ` in an
unquoted value, a tab, `-item` without a space, a quote that is not closed or closes too early, a
value that starts with `*`, `&`, `@` or a backtick. Each is recognised here from libyaml's problem,
its context and the text around the mark, and moved to the line the editor has to change.

By hand because no library does this: PyYAML and ruamel.yaml both report the scanner's view.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_DASH_ITEM = re.compile(r"^(\s*)-([A-Za-z_\"'\[{(])")  # "-item": a list item without its space
_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s#:'\"][^:#]*?):\s")  # "  key: " (possibly a list item's first key)

FALLBACK_HINTS = {
    "could not find expected ':'": "; each line needs 'key: value', check the line above",
    "found character": "; quote the value",
    "did not find expected key": "; check the indentation of this line against the one above",
    "found unexpected end of stream": "; a quote or bracket is not closed",
    "did not find expected '-' indicator": "; check the indentation of this list item",
}


@dataclass(frozen=True)
class Explained:
    line: int  # 0-based line of the text parsed
    column: int  # 0-based
    message: str


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line, mark.column) if mark is not None else (0, 0)


def explain(text: str, exc: Any) -> Explained:
    """The editor's version of a PyYAML MarkedYAMLError raised while parsing `text`."""
    lines = text.split("\n")
    problem = str(exc.problem or "invalid YAML")
    context = str(exc.context or "")
    line, column = _mark(exc.problem_mark or exc.context_mark)
    context_at = _mark(exc.context_mark) if exc.context_mark is not None else (line, column)

    def row(n: int) -> str:
        return lines[n] if 0 <= n < len(lines) else ""

    def said(detail: str) -> str:
        return f"YAML syntax error: {detail}"

    original = said(problem + (f" ({context})" if context else ""))

    # A list item written "-item": libyaml reads "-item" as text and trips on the lines after it.
    structural = problem.startswith(("could not find expected ':'", "mapping values", "did not find expected"))
    for n in range(line, max(line - 3, -1), -1) if structural else ():
        m = _DASH_ITEM.match(row(n))
        if m and not row(n).lstrip().startswith("---"):
            fixed = f"{m.group(1)}- {row(n)[len(m.group(1)) + 1 :].strip()}"
            return Explained(n, len(m.group(1)), said(f"a list item needs a space after '-': write '{fixed.strip()}'"))

    if problem.startswith("found unexpected end of stream") and "quoted scalar" in context:
        n, c = context_at
        quote = row(n)[c : c + 1] or '"'
        return Explained(
            n,
            c,
            said(f"the quoted text that starts here is never closed; end it with a matching {quote}"),
        )

    if problem.startswith("mapping values are not allowed"):
        here = row(line)
        key = _KEY.match(here)
        if key and column > key.end() - 1 and not here[key.end() :].lstrip().startswith(("'", '"')):
            value = here[key.end() :].split(" #", 1)[0].strip()
            suggestion = f"{key.group(2)}: {json.dumps(value, ensure_ascii=False)}"
            return Explained(
                line,
                key.end(),
                said(f"the value contains ': ', which YAML reads as a new key; quote it: {suggestion}"),
            )
        return Explained(line, column, original + "; check the indentation of this line against the one above")

    if "cannot start any token" in problem:
        char = row(line)[column : column + 1]
        if char == "\t" or "\t" in row(line)[: column + 1]:
            return Explained(line, column, original + "; indent with spaces, not tabs")
        if char in ("@", "`", "%", "|", ">", "!"):
            return Explained(
                line, column, said(f"a value cannot start with {char} unless it is quoted; put the value in quotes")
            )
        return Explained(line, column, original + "; quote the value")

    if "while scanning an alias" in context or "while scanning an anchor" in context:
        n, c = context_at
        char = row(n)[c : c + 1] or "*"
        return Explained(
            n,
            c,
            said(f"a value starting with {char} is read as a YAML alias or anchor; put the value in quotes"),
        )

    if problem.startswith("did not find expected key") or problem.startswith("did not find expected <document start>"):
        before = row(line)[:column].rstrip()
        if before.endswith(("'", '"')):
            quote = before[-1]
            inside = "write a ' inside '...' as ''" if quote == "'" else 'write a " inside "..." as \\"'
            return Explained(
                line,
                column,
                said(f"the text goes on after its closing {quote}; quote the whole value ({inside})"),
            )

    if problem.startswith("did not find expected ','") and "flow" in context:
        n, c = context_at
        bracket = row(n)[c : c + 1] or "["
        closing = "]" if bracket == "[" else "}"
        return Explained(
            n,
            c,
            said(
                f"the {bracket} that starts here is not closed; end it with {closing} "
                "on the same line, and quote any item that contains a comma, [ ] or { }"
            ),
        )

    if problem.startswith("could not find expected ':'") and "simple key" in context:
        n, c = context_at
        return Explained(n, c, said("this line needs 'key: value' (or '- ' before a list item)"))

    hint = FALLBACK_HINTS.get(problem.split(" that ")[0].split(" with ")[0], "")
    if "control characters" in problem or "special characters" in problem:
        hint = "; remove the invisible control character"
    return Explained(line, column, original + hint)
