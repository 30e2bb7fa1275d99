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
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .diagnostics import Diagnostic, Severity
from .yamlsyntax import explain

MAX_BYTES = 512 * 1024
MAX_DEPTH = 32
MAX_SYNTAX_ERRORS = 5  # per file: past a few, the rest are more likely echoes of the first ones

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


def _shared(text: str) -> str:
    """One object for each short string the files repeat (keys, ids, roles, tags, dates): a
    project of 5,000 playbooks held hundreds of thousands of copies of a few dozen key names, and
    every process a build forks copies, page by page, whatever of the project it reads."""
    return sys.intern(text) if len(text) <= 40 else text


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
    # Problems the loader found and read past (an impossible date, a duplicate key, a tag): the
    # file still loads, so its other problems are reported in the same run. `flagged` holds the
    # paths whose value is already explained by one of them; later checks stay quiet there.
    problems: list[Diagnostic] = field(default_factory=list)
    flagged: set[JsonPath] = field(default_factory=set)
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

    def explained(self, path: JsonPath) -> bool:
        """Whether the value at `path` (or a value it sits in) was already reported by the loader."""
        p = tuple(path)
        return any(p[: len(f)] == f for f in self.flagged) if self.flagged else False

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
# The pending key of a duplicate entry: its value is read (its events must be consumed) and
# dropped. YAML text cannot hold U+0000, so no key written in a file starts with it.
_DISCARDED = "\x00"


class LoadError(Exception):
    """A file that cannot be read at all; `diagnostics` holds every problem found (several YAML
    syntax errors), `diagnostic` the first."""

    def __init__(self, diagnostic: Diagnostic, more: list[Diagnostic] | None = None) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        self.diagnostics = [diagnostic, *(more or [])]


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

    def note(self, mark: Any, code: str, message: str, path: JsonPath | None = None, *, once: bool = False) -> None:
        """A problem the loader reads past: reported, and the value at `path` is not judged again."""
        if path is not None:
            self.doc.flagged.add(path)
        if self.record or (once and any(p.code == code for p in self.doc.problems)):
            return
        line, column, _, _ = self.pos(mark)
        self.doc.problems.append(_diag(self.rel, line, column, code, message))

    def build(self) -> Document:
        try:
            return self._build(self.text)
        except _ParserDepthLimit as limit:
            raise self._too_deep_before(limit.offset) from None
        except LoadError as exc:
            if exc.diagnostic.code != "yaml-syntax" or self.record:
                raise
            raise LoadError(exc.diagnostic, self._more_syntax_errors(exc.diagnostic)) from None

    def _more_syntax_errors(self, first: Diagnostic) -> list[Diagnostic]:
        """The syntax errors after the first, so an editor fixes them in one go: the line blamed
        (and the lines indented under it, which a mistake there would also break) is blanked and
        the text parsed again, until it parses or the next error is not further down."""
        lines = self.text.split("\n")
        found: list[Diagnostic] = []
        last = first
        for _ in range(MAX_SYNTAX_ERRORS - 1):
            blamed = last.line - 1 - self.offset
            if not 0 <= blamed < len(lines):
                break
            indent = len(lines[blamed]) - len(lines[blamed].lstrip())
            lines[blamed] = ""
            below = blamed + 1
            while below < len(lines) and (
                not lines[below].strip() or len(lines[below]) - len(lines[below].lstrip()) > indent
            ):
                lines[below] = ""
                below += 1
            try:
                _Builder("\n".join(lines), self.rel, self.offset)._build("\n".join(lines))
            except LoadError as again:
                if again.diagnostic.code != "yaml-syntax" or again.diagnostic.line <= last.line:
                    break
                found.append(again.diagnostic)
                last = again.diagnostic
                continue
            except _ParserDepthLimit:
                break
            break
        return found

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
                        self.note(
                            event.start_mark,
                            "multiple-documents",
                            "only one YAML document is allowed in a file; remove the "
                            "second '---' and what follows or move it to its own file",
                        )
                        break  # the first document is the file; what follows is not read
                    continue
                if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                    continue
                if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                    done = stack.pop()
                    if not stack:
                        root = done[0]
                    continue
                # A key of a mapping?
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    frame = stack[-1]
                    if kind is not yaml.ScalarEvent:
                        raise self.fail(
                            event.start_mark, "complex-key", "a key must be a plain name, not a list or mapping"
                        )
                    self._refuse_markup(event, frame[1] + (event.value,))
                    key = _shared(event.value)
                    if key in frame[4]:
                        first = frame[4][key]
                        self.note(
                            event.start_mark,
                            "duplicate-key",
                            f"duplicate key '{key}' (first at line {first}); keep only one of them",
                        )
                        frame[2] = _DISCARDED + key  # the value that follows is read and dropped
                        continue
                    frame[4][key] = event.start_mark.line + 1 + self.offset
                    frame[2] = key
                    if self.record:
                        self.keys[frame[1] + (key,)] = self.pos(event.start_mark)
                    continue
                path = self._child_path(stack)
                self._refuse_markup(event, path)
                if kind is yaml.AliasEvent:
                    value: Any = None  # never expanded: an alias bomb stays one small value
                    if self.record:
                        self.values[path] = self.pos(event.start_mark)
                    if not stack:
                        root = value
                        continue
                    self._attach(stack, value)
                    continue
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

    def _refuse_markup(self, event: Any, path: JsonPath) -> None:
        """Anchors, aliases and tags: reported (anchors and aliases once a file, an alias bomb has
        thousands), the value read as if they were not there; an alias is never expanded."""
        kind = type(event)
        if kind is yaml.AliasEvent or getattr(event, "anchor", None):
            self.note(
                event.start_mark,
                "anchor",
                "YAML anchors and aliases (&name, *name) are not allowed; write the value out in full",
                path if kind is yaml.AliasEvent else None,
                once=True,
            )
        tag = getattr(event, "tag", None)
        if tag is not None and kind is not yaml.AliasEvent and not (kind is yaml.ScalarEvent and tag == "!"):
            self.note(
                event.start_mark,
                "tag",
                f"YAML tags such as '{tag}' are not allowed; remove the tag (quote the value if it is text)",
                path,
            )

    @staticmethod
    def _child_path(stack: list[list[Any]]) -> JsonPath:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame[0], dict):
            return frame[1] + (frame[2],)  # a discarded key: a path no check asks about
        return frame[1] + (len(frame[0]),)

    @staticmethod
    def _attach(stack: list[list[Any]], value: Any) -> None:
        frame = stack[-1]
        if isinstance(frame[0], dict):
            if not frame[2].startswith(_DISCARDED):
                frame[0][frame[2]] = value
            frame[2] = None
        else:
            frame[0].append(value)

    def _scalar(self, event: Any, path: JsonPath) -> Any:
        text = event.value
        if event.style is not None and event.style != "":
            return _shared(text)  # quoted or block: always text
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
                self.note(
                    event.start_mark,
                    "invalid-date",
                    f"'{text}' is not a real date; write an existing date as YYYY-MM-DD",
                    path,
                )
        return _shared(text)

    def _syntax(self, exc: yaml.MarkedYAMLError) -> LoadError:
        found = explain(self.text, exc)
        return LoadError(_diag(self.rel, found.line + 1 + self.offset, found.column + 1, "yaml-syntax", found.message))
