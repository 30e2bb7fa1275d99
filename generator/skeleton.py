"""`playbook new KIND ID`: a new playbook that validates at once and says what to fill in.

The file is written from the kind's complete schema, not copied from its example: every required
field holds a value that passes validation (the title made from the id, today's dates, version
0.1.0 with one changelog entry, role ids from roles.yaml, "Fill in" for text) and a `# fill in`
comment with the field's help; every optional field is there too, commented out, so an editor
sees what else the kind can say. YAML is written by hand because no YAML library writes comments
and commented-out fields; each value goes through PyYAML's emitter so its quoting is right.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from .kinds import Kind
from .schemafiles import modeline, schema_name
from .sources import LoadError, load_yaml_file

PLACEHOLDER = "Fill in"  # the text of every field an editor has to write; validate warns while it stays
FIRST_VERSION = "0.1.0"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Ids a YAML reader (ours, or an editor's IDE) would not read as text: numbers, dates, booleans, null.
_NOT_TEXT = re.compile(
    r"^([0-9]+|[0-9]+e[0-9]+|0x[0-9a-f]+|0o[0-7]+|[0-9]{4}-[0-9]{2}-[0-9]{2}|"
    r"y|n|yes|no|on|off|true|false|null)$"
)
_ENVELOPE_ORDER = [
    "id",
    "kind",
    "title",
    "summary",
    "audience",
    "roles",
    "owner",
    "version",
    "reviewed",
    "review_every",
    "tags",
    "related",
    "lang",
    "translates",
    "changelog",
]


class IdError(ValueError):
    """An id `new` will not use; the message says why and what to write instead."""


def check_id(pid: str) -> None:
    if not _SLUG.match(pid) or len(pid) > 80:
        raise IdError(
            f"'{pid}' is not a valid id: use lowercase letters a-z, digits and hyphens, starting with a "
            "letter or digit, e.g. 'calm-a-frustrated-customer'"
        )
    if _NOT_TEXT.match(pid):
        raise IdError(
            f"'{pid}' looks like a number, a date or a yes/no, which YAML does not read as text; "
            f"add a word, e.g. 'plan-{pid}'"
        )


def title_from_id(pid: str) -> str:
    words = pid.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def project_roles(root: Path) -> list[tuple[str, str]]:
    """(id, team) of each role in roles.yaml, in order; empty when the file cannot be read."""
    path = root / "playbooks" / "roles.yaml"
    try:
        data = load_yaml_file(path, "playbooks/roles.yaml").data if path.is_file() else None
    except LoadError:
        return []
    items = data.get("roles") if isinstance(data, dict) else None
    return [
        (str(r["id"]), str(r.get("team") or ""))
        for r in items or []
        if isinstance(r, dict) and isinstance(r.get("id"), str)
    ]


class _Writer:
    def __init__(self, kind: Kind, pid: str, today: dt.date, roles: list[tuple[str, str]]) -> None:
        self.kind, self.pid, self.today = kind, pid, today
        self.roles = roles or [("owner-role", "")]
        self.lines: list[str] = []
        self.defined: dict[str, str] = {}  # x-defines target -> the first value written
        self.quiet = False

    # -- values ---------------------------------------------------------------------------------
    def role(self, field: str, n: int = 0) -> str:
        team = field.split("_", 1)[0] if field.endswith("_role") else ""
        of_team = [rid for rid, t in self.roles if t == team]
        pool = of_team + [rid for rid, _t in self.roles if rid not in of_team]
        return pool[n % len(pool)]

    def value(self, field: str, schema: dict[str, Any], instance: dict[str, Any] | None = None) -> Any:
        """A value that passes `schema` (field is the property's name, for role teams and help)."""
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return schema.get("default", schema["enum"][0])
        kind = schema.get("type")
        if kind == "array":
            items: dict[str, Any] = schema["items"] if isinstance(schema.get("items"), dict) else {}
            count = max(1, int(schema.get("minItems", 1)))
            if items.get("x-ref") == "role":
                return [self.role(field, i) for i in range(count)]
            return [self.value(field, items) for _ in range(count)]
        if kind == "object":
            built: dict[str, Any] = {}
            for _ in range(2):  # an if/then may ask for more once the first fields are there
                fields = self.required_fields(schema, built)
                roles = 0  # two role fields of one object (from, to) name two different roles
                for key, sub in fields.items():
                    if key not in built:
                        scalar_role = sub.get("x-ref") == "role" and sub.get("type") == "string"
                        built[key] = self.role(key, roles) if scalar_role else self.value(key, sub)
                    roles += sub.get("x-ref") == "role"
            return built
        if kind == "integer" or kind == "number":
            return schema.get("default", schema.get("minimum", 1))
        if kind == "boolean":
            return schema.get("default", False)
        if schema.get("x-ref") == "role":
            return self.role(field)
        if schema.get("x-ref") == "step" or schema.get("x-ref") in self.defined:
            return self.defined.get(schema["x-ref"], "step-1")
        if schema.get("format") == "date":
            return self.today
        if "x-defines" in schema:
            value = f"{schema['x-defines']}-1"
            self.defined.setdefault(schema["x-defines"], value)
            return value
        if schema.get("examples"):
            return schema["examples"][0]
        pattern = schema.get("pattern")
        if pattern and not re.search(pattern, PLACEHOLDER):
            return "fill-in" if re.search(pattern, "fill-in") else schema.get("default", PLACEHOLDER)
        return PLACEHOLDER

    def required_fields(self, schema: dict[str, Any], built: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """The fields this object needs: its `required`, and those an if/then of its allOf asks for."""
        props: dict[str, Any] = schema.get("properties", {})
        names = list(schema.get("required", []))
        for rule in schema.get("allOf", []):
            if isinstance(rule, dict) and "if" in rule and "then" in rule:
                if Draft202012Validator(rule["if"]).is_valid(built):
                    names += [n for n in rule["then"].get("required", []) if n not in names]
        return {name: props.get(name, {}) for name in props if name in names}

    # -- text -----------------------------------------------------------------------------------
    @staticmethod
    def scalar(value: Any) -> str:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, list):
            return "[" + ", ".join(_Writer.scalar(v) for v in value) + "]"
        text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
        return text[: -len("...")].strip() if text.endswith("\n...") or text.endswith("...") else text

    @staticmethod
    def help(schema: dict[str, Any], required: bool) -> str:
        what = str(schema.get("description") or "").strip()
        if "enum" in schema:
            choices = ", ".join(map(str, schema["enum"]))
            what = f"{what}; one of: {choices}" if what else f"one of: {choices}"
        if required:
            return f"fill in: {what}" if what else "fill in"
        return f"optional: {what}" if what else "optional"

    def emit(
        self,
        indent: str,
        key: str,
        value: Any,
        comment: str,
        optional: bool,
        schema: dict[str, Any],
        quiet: bool = False,
    ) -> None:
        out: list[str] = []
        self.quiet = quiet  # a value `new` fills in itself (the changelog): no help on its fields
        self._emit(out, "", key, value, schema)
        self.quiet = False
        note = f"  # {comment}" if comment else ""
        for i, line in enumerate(out):
            text = f"{indent}{'# ' if optional else ''}{line}"
            self.lines.append(text + (note if i == 0 else ""))

    def _emit(self, out: list[str], indent: str, key: str, value: Any, schema: dict[str, Any]) -> None:
        flat = not isinstance(value, (dict, list)) or (
            isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value)
        )
        if flat:
            out.append(f"{indent}{key}: {self.scalar(value)}")
            return
        out.append(f"{indent}{key}:")
        if isinstance(value, dict):
            self._mapping(out, indent + "  ", value, schema)
            return
        items: dict[str, Any] = schema["items"] if isinstance(schema.get("items"), dict) else {}
        for item in value:
            start = len(out)
            if isinstance(item, dict):
                self._mapping(out, indent + "    ", item, items, first_in_item=True)
                out[start] = f"{indent}  - {out[start].lstrip()}"
            else:
                out.append(f"{indent}  - {self.scalar(item)}")

    def _mapping(
        self, out: list[str], indent: str, value: dict[str, Any], schema: dict[str, Any], first_in_item: bool = False
    ) -> None:
        """Required fields with their help; optional ones commented out. A list item's mapping
        starts with a required field (a comment cannot follow '- ')."""
        props: dict[str, Any] = schema.get("properties", {})
        order = [k for k in props if k in value] if first_in_item else list(props)
        if first_in_item:
            order += [k for k in props if k not in value]
        for name in order:
            sub = props[name]
            required = name in value
            field_value = value[name] if required else self.value(name, sub)
            lines: list[str] = []
            self._emit(lines, "", name, field_value, sub)
            comment = "" if self.quiet else f"  # {self.help(sub, required)}"
            for i, line in enumerate(lines):
                prefix = "" if required else "# "
                out.append(f"{indent}{prefix}{line}" + (comment if i == 0 else ""))

    # -- the file -------------------------------------------------------------------------------
    def write(self) -> str:
        schema = self.kind.schema
        props: dict[str, Any] = schema["properties"]
        required = set(schema["required"])
        owner = self.role("owner")
        fixed: dict[str, tuple[Any, str]] = {
            "id": (self.pid, "the page's address; the file is named after it"),
            "kind": (self.kind.name, ""),
            "title": (title_from_id(self.pid), "fill in: the page title (made from the id; change it freely)"),
            "roles": ([owner], self.help(props["roles"], True)),
            "owner": (owner, self.help(props["owner"], True)),
            "version": (FIRST_VERSION, "raise it with each change, and add a changelog entry for it"),
            "reviewed": (self.today, "the date it was last checked; 'playbook review ID' sets it"),
            "changelog": (
                [{"version": FIRST_VERSION, "date": self.today, "note": "First version."}],
                "newest first: a new entry on top for each version",
            ),
        }
        self.lines = [
            modeline(schema_name(self.kind.name)),
            f"# A new {self.kind.title.lower()}: replace each '{PLACEHOLDER}', "
            "then remove the comments you no longer need.",
        ]
        envelope = [k for k in _ENVELOPE_ORDER if k in props and k not in ("lang", "translates")]
        own = [k for k in props if k not in _ENVELOPE_ORDER]
        built: dict[str, Any] = {}
        for name in envelope + own:
            sub = props[name]
            if name in fixed:
                value, comment = fixed[name]
                self.emit("", name, value, comment, False, sub, quiet=True)
                built[name] = value
            elif name in required:
                value = self.value(name, sub)
                self.emit("", name, value, self.help(sub, True), False, sub)
                built[name] = value
            else:
                self.emit("", name, self.value(name, sub), self.help(sub, False), True, sub)
        return "\n".join(self.lines) + "\n"


def skeleton(kind: Kind, pid: str, today: dt.date, roles: list[tuple[str, str]]) -> str:
    """The text of a new playbook of `kind` with id `pid`."""
    check_id(pid)
    return _Writer(kind, pid, today, roles).write()
