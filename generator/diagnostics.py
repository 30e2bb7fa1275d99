"""One problem found in a project, and the three ways it is reported.

Every step (loading, schema validation, cross-references, the leak scan) produces the same
`Diagnostic`, so the command line can collect all of them, sort them by file and line and print
them in one format: editors see one problem a line, CI sees annotations, tools see JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A located problem. `line` and `column` are 1-based, as editors count them."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __post_init__(self) -> None:
        # One problem, one line: a message from a library may hold newlines.
        object.__setattr__(self, "message", " ".join(self.message.split()))

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def github(self) -> str:
        # Workflow commands need %, CR and LF escaped in the message and also , and : in properties.
        def prop(value: str) -> str:
            return _escape_data(value).replace(":", "%3A").replace(",", "%2C")

        return (
            f"::{self.severity} file={prop(self.path)},line={self.line},col={self.column},"
            f"title={prop(self.code)}::{_escape_data(self.message)}"
        )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def sort_key(d: Diagnostic) -> tuple[str, int, int, int, str]:
    return (d.path, d.line, d.column, 0 if d.severity == "error" else 1, d.message)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def format_report(diagnostics: list[Diagnostic], fmt: str) -> str:
    """The whole report for `fmt` (text, github or json), diagnostics sorted by file and line."""
    ordered = sorted(set(diagnostics), key=sort_key)
    if fmt == "json":
        return json.dumps([asdict(d) for d in ordered], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(d.github() for d in ordered)
    return "\n".join(d.text() for d in ordered)


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    if not diagnostics:
        return "no problems found"
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
