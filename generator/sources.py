"""Read YAML files and Markdown front matter strictly, keeping file:line:column for every value.

Why by hand: PyYAML's loaders resolve YAML 1.1 (``yes`` is True, ``1.10`` is 1.1, ``2026-02-30``
raises deep inside the constructor), silently keep the last of two duplicate keys, expand aliases
(an alias bomb), recurse per nesting level (the C composer segfaults on 50,000 levels) and throw
away positions. We drive libyaml's *event* parser, which is iterative and fast, and build plain
Python values ourselves in one pass with an explicit stack, so each hazard is stopped at the
event that shows it, with its position, before any data is walked.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .diagnostics import Diagnostic, Severity

MAX_BYTES = 512 * 1024
MAX_DEPTH = 32

try:  # libyaml is part of every PyYAML wheel; the pure-Python parser is the fallback.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

JsonPath = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?\Z|[-+]?[0-9]+[eE][-+]?[0-9]+\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


@dataclass(frozen=True)
class Pos:
    line: int  # 1-based
    column: int  # 1-based
    block: bool = False  # a literal/folded block scalar: its text starts on the next line
    quoted: bool = False  # a quoted scalar: its text starts one column after the quote


@dataclass
class Document:
    """The data of one file and where each value and key came from."""

    rel: str  # path relative to the project root, as messages show it
    data: Any
    packed: bytes = b""  # the parsed text, zlib-compressed: positions are found again from it
    line_offset: int = 0
    numbers: dict[JsonPath, str] = field(default_factory=dict)  # how a plain number was written
    # Positions as plain tuples (line, column, block, quoted), recorded only when asked for: a
    # file has thousands and a valid file needs none, so a large project keeps no such records
    # (at 5,000 playbooks they were more than half of a build's memory).
    _positions: tuple[dict[JsonPath, Any], dict[JsonPath, Any]] | None = field(default=None, repr=False)

    @property
    def values(self) -> dict[JsonPath, tuple[int, int, bool, bool]]:
        return self._recorded()[0]

    @property
    def keys(self) -> dict[JsonPath, tuple[int, int, bool, bool]]:
        return self._recorded()[1]

    @property
    def text(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8") if self.packed else ""

    def _recorded(self) -> tuple[dict[JsonPath, Any], dict[JsonPath, Any]]:
        if self._positions is None:
            again = _Builder(self.text, self.rel, self.line_offset, record=True)
            again.build()
            self._positions = (again.values, again.keys)
        return self._positions

    def at(self, path: JsonPath) -> Pos:
        """The position of the value at `path`, or of its nearest ancestor that has one."""
        values = self.values
        p = tuple(path)
        while p:
            if p in values:
                return Pos(*values[p])
            p = p[:-1]
        return Pos(*values[()]) if () in values else Pos(1, 1)

    def key_at(self, path: JsonPath) -> Pos:
        found = self.keys.get(tuple(path))
        return Pos(*found) if found else self.at(path)

    def problem(
        self, path: JsonPath, code: str, message: str, severity: Severity = "error", *, key: bool = False
    ) -> Diagnostic:
        """A diagnostic at the value (or, with key=True, the key) at `path`."""
        pos = self.key_at(path) if key else self.at(path)
        return Diagnostic(self.rel, pos.line, pos.column, severity, code, message)

    def text_pos(self, path: JsonPath, offset: int) -> Pos:
        """Where character `offset` of the string at `path` is, for block scalars line-exact."""
        pos = self.at(path)
        value = self._get(path)
        if not isinstance(value, str):
            return pos
        if pos.block:
            return Pos(pos.line + 1 + value.count("\n", 0, offset), pos.column)
        if "\n" not in value:
            return Pos(pos.line, pos.column + offset + (1 if pos.quoted else 0))
        return pos

    def _get(self, path: JsonPath) -> Any:
        value = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value


_TOO_DEEP = (
    f"nesting is deeper than {MAX_DEPTH} levels; no playbook needs that, check the indentation and the brackets"
)


class _ParserDepthLimit(Exception):
    """The YAML parser stopped at a nesting limit of its own, at character `offset`."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


def _is_depth_limit(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml's 'exceeded maximum nesting depth' (PyYAML 6.0.4), or any wording of the same."""
    said = f"{exc.problem or ''} {exc.context or ''}".lower()
    return "nesting" in said or "depth" in said or "too deep" in said


def strings(value: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, str]]:
    """Every text in loaded data, with its path: what the safety, link and leak checks read."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, path + (i,))


class LoadError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def read_text(path: Path, rel: str) -> str:
    """The file's text, refusing what no editor means to write: too big, not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(
                _diag(
                    rel,
                    1,
                    1,
                    "file-too-large",
                    f"the file is {size // 1024} KB, over the {MAX_BYTES // 1024} KB "
                    "limit; split it into smaller files",
                )
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(_diag(rel, 1, 1, "unreadable", f"cannot read the file: {exc.strerror}")) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            _diag(
                rel,
                line,
                column,
                "invalid-utf8",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            )
        ) from exc


def load_yaml_file(path: Path, rel: str) -> Document:
    text = read_text(path, rel)
    return parse_yaml(text, rel, what="file")


def parse_yaml(text: str, rel: str, *, line_offset: int = 0, what: str = "file") -> Document:
    """Parse one YAML document that must be a mapping. Raises LoadError at the first hazard."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise LoadError(
            _diag(
                rel,
                1 + line_offset,
                1,
                "empty",
                f"the {what} is empty; it needs at least id, kind and title "
                "(run 'playbook new KIND ID' for a complete one)"
                if what == "file"
                else f"the {what} is empty",
            )
        )
    return _Builder(text, rel, line_offset).build()


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, Markdown body, line of the front matter's first line).

    python-frontmatter does the splitting (its `---` rules are what editors know); its own
    parsing is not used because it is PyYAML's permissive loader without positions.
    """
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return None, text, 0
    try:
        fm, body = handler.split(text)
    except ValueError:
        return None, text, 0
    # The line offset of the front matter's text: what precedes it in the file.
    start = text.find(fm) if fm else -1
    return fm, body, text[:start].count("\n") if start >= 0 else 1


def _diag(rel: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(rel, line, column, "error", code, message)


class _Builder:
    def __init__(self, text: str, rel: str, line_offset: int, *, record: bool = False) -> None:
        self.text = text
        self.rel = rel
        self.offset = line_offset
        self.doc = Document(rel=rel, data=None, packed=zlib.compress(text.encode("utf-8"), 1), line_offset=line_offset)
        self.record = record
        self.values: dict[JsonPath, tuple[int, int, bool, bool]] = {}
        self.keys: dict[JsonPath, tuple[int, int, bool, bool]] = {}

    def pos(self, mark: Any, block: bool = False, quoted: bool = False) -> tuple[int, int, bool, bool]:
        return (mark.line + 1 + self.offset, mark.column + 1, block, quoted)

    def fail(self, mark: Any, code: str, message: str) -> LoadError:
        line, column, _, _ = self.pos(mark)
        return LoadError(_diag(self.rel, line, column, code, message))

    def build(self) -> Document:
        try:
            return self._build(self.text)
        except _ParserDepthLimit as limit:
            raise self._too_deep_before(limit.offset) from None

    def _too_deep_before(self, limit: int) -> LoadError:
        """Our nesting error, where our rule puts it, when the parser stopped at a limit of its own.

        The nesting rule is ours (MAX_DEPTH), not the parser's: libyaml in PyYAML 6.0.4 stops flow
        nesting at 1,000 levels, and because its scanner reads a flow collection ahead before
        handing out any event, its error comes before ours ever could. A prefix of the text that
        ends just after our limit's bracket holds too few levels for any parser's limit, and its
        events reach our check. So: the shortest prefix whose parse reports too much nesting
        (ours or the parser's: the answer only grows with the prefix), found by bisection."""

        def too_deep(end: int) -> LoadError | bool:
            try:
                _Builder(self.text[:end], self.rel, self.offset)._build(self.text[:end])
            except LoadError as exc:
                return exc if exc.diagnostic.code == "too-deep" else False
            except _ParserDepthLimit:
                return True
            return False

        low, high = 0, min(len(self.text), limit + 1)
        while low < high:
            middle = (low + high) // 2
            if too_deep(middle):
                high = middle
            else:
                low = middle + 1
        found = too_deep(low)
        if isinstance(found, LoadError):
            return found
        # A parser whose own limit is below ours: report it as ours, where the parser stopped.
        return LoadError(_diag(self.rel, *self._line_col(limit), "too-deep", _TOO_DEEP))

    def _line_col(self, offset: int) -> tuple[int, int]:
        before = self.text[:offset]
        return before.count("\n") + 1 + self.offset, offset - (before.rfind("\n") + 1) + 1

    def _build(self, text: str) -> Document:
        # Each frame: [container, json path, pending key or None, key mark, seen keys]
        stack: list[list[Any]] = []
        documents = 0
        root: Any = None
        try:
            events: Iterator[Any] = yaml.parse(text, Loader=_Loader)
            for event in events:
                kind = type(event)
                if kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self.fail(
                            event.start_mark,
                            "multiple-documents",
                            "only one YAML document is allowed in a file; remove the "
                            "second '---' and what follows or move it to its own file",
                        )
                    continue
                if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                    continue
                if kind is yaml.AliasEvent or getattr(event, "anchor", None):
                    raise self.fail(
                        event.start_mark,
                        "anchor",
                        "YAML anchors and aliases (&name, *name) are not allowed; write the value out in full",
                    )
                if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                    done = stack.pop()
                    if not stack:
                        root = done[0]
                    continue
                tag = getattr(event, "tag", None)
                if tag is not None and not (kind is yaml.ScalarEvent and tag == "!"):
                    raise self.fail(
                        event.start_mark,
                        "tag",
                        f"YAML tags such as '{tag}' are not allowed; remove the tag (quote the value if it is text)",
                    )
                # A key of a mapping?
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    frame = stack[-1]
                    if kind is not yaml.ScalarEvent:
                        raise self.fail(
                            event.start_mark, "complex-key", "a key must be a plain name, not a list or mapping"
                        )
                    key = event.value
                    if key in frame[4]:
                        first = frame[4][key]
                        raise self.fail(
                            event.start_mark,
                            "duplicate-key",
                            f"duplicate key '{key}' (first at line {first}); keep only one of them",
                        )
                    frame[4][key] = event.start_mark.line + 1 + self.offset
                    frame[2] = key
                    if self.record:
                        self.keys[frame[1] + (key,)] = self.pos(event.start_mark)
                    continue
                path = self._child_path(stack)
                if kind is yaml.ScalarEvent:
                    block = event.style in ("|", ">")
                    value = self._scalar(event, path)
                    quoted = event.style in ("'", '"')
                    if self.record:
                        self.values[path] = self.pos(event.start_mark, block, quoted)
                    if not stack:
                        root = value
                        continue
                    self._attach(stack, value)
                    continue
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(event.start_mark, "too-deep", _TOO_DEEP)
                container: Any = {} if kind is yaml.MappingStartEvent else []
                if self.record:
                    self.values[path] = self.pos(event.start_mark)
                if stack:
                    self._attach(stack, container)
                stack.append([container, path, None, None, {}])
        except yaml.MarkedYAMLError as exc:
            if _is_depth_limit(exc):
                raise _ParserDepthLimit(exc.problem_mark.index if exc.problem_mark else len(text)) from None
            raise self._syntax(exc) from None
        except yaml.reader.ReaderError as exc:
            before = self.text[: exc.position]
            line = before.count("\n") + 1 + self.offset
            column = exc.position - (before.rfind("\n") + 1) + 1
            char = exc.character if isinstance(exc.character, str) else chr(exc.character)
            raise LoadError(
                _diag(
                    self.rel,
                    line,
                    column,
                    "control-character",
                    f"the invisible control character U+{ord(char):04X} is not allowed in YAML; remove it",
                )
            ) from None
        except yaml.YAMLError as exc:  # pragma: no cover - libyaml always marks its errors
            raise LoadError(_diag(self.rel, 1 + self.offset, 1, "yaml-syntax", f"YAML syntax error: {exc}")) from None
        self.doc.data = root
        return self.doc

    @staticmethod
    def _child_path(stack: list[list[Any]]) -> JsonPath:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame[0], dict):
            return frame[1] + (frame[2],)
        return frame[1] + (len(frame[0]),)

    @staticmethod
    def _attach(stack: list[list[Any]], value: Any) -> None:
        frame = stack[-1]
        if isinstance(frame[0], dict):
            frame[0][frame[2]] = value
            frame[2] = None
        else:
            frame[0].append(value)

    def _scalar(self, event: Any, path: JsonPath) -> Any:
        text = event.value
        if event.style is not None and event.style != "":
            return text  # quoted or block: always text
        if text in _NULL:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if _INT.match(text):
            self.doc.numbers[path] = text
            return int(text)
        if _FLOAT.match(text):
            self.doc.numbers[path] = text
            return float(text)
        if _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise self.fail(
                    event.start_mark,
                    "invalid-date",
                    f"'{text}' is not a real date; write an existing date as YYYY-MM-DD",
                ) from None
        return text

    def _char_at(self, mark: Any) -> str:
        lines = self.text.split("\n")
        if 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
            return lines[mark.line][mark.column]
        return ""

    def _syntax(self, exc: yaml.MarkedYAMLError) -> LoadError:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        hint = _SYNTAX_HINTS.get(problem.split(" that ")[0].split(" with ")[0], "")
        if "tab" in problem or (mark is not None and self._char_at(mark) == "\t"):
            hint = "; indent with spaces, not tabs"
        if "control characters" in problem or "special characters" in problem:
            hint = "; remove the invisible control character"
        message = f"YAML syntax error: {problem}"
        if exc.context:
            message += f" ({exc.context})"
        if mark is None:
            return LoadError(_diag(self.rel, 1 + self.offset, 1, "yaml-syntax", message + hint))
        return self.fail(mark, "yaml-syntax", message + hint)


_SYNTAX_HINTS = {
    "mapping values are not allowed here": "; quote the value if it contains ': ', or fix the indentation",
    "could not find expected ':'": "; each line needs 'key: value', check the line above",
    "found character": "; quote the value",
    "did not find expected key": "; check the indentation of this line against the one above",
    "found unexpected end of stream": "; a quote or bracket is not closed",
    "did not find expected '-' indicator": "; check the indentation of this list item",
}
