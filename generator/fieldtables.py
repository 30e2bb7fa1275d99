"""The field tables of the format reference (docs/format.md), made from the schemas.

The prose of the reference is written by hand; the tables of fields are not, so they can never
disagree with what `playbook validate` checks. Each table sits between two markers in the
document, `<!-- fields: NAME -->` and `<!-- /fields -->`; `python -m generator.fieldtables
docs/format.md` writes them again, and a test fails when the document is out of date.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .kinds import SCHEMAS, discover, envelope_schema, load_json

_MARKER = re.compile(r"(<!-- fields: (?P<name>[a-z0-9-]+) -->\n)(?P<body>.*?)(<!-- /fields -->)", re.S)
_SEMVER = "(0|[1-9][0-9]*)\\."
_TARGETS = {"role": "role id", "playbook": "playbook id", "step": "step id"}


def _what(schema: dict[str, Any]) -> str:
    """A field's type as an editor would say it."""
    if "const" in schema:
        return f"`{schema['const']}`"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        items: dict[str, Any] = schema["items"] if isinstance(schema.get("items"), dict) else {}
        if "enum" in items:
            return "list of any of " + ", ".join(f"`{v}`" for v in items["enum"])
        inner = _what(items)
        inner = inner + "s" if inner.endswith((" id", "mapping")) or inner == "id" else inner
        least = schema.get("minItems", 0)
        return f"list of {inner}" + (f" (at least {least})" if least > 1 else "")
    if kind == "object":
        return "mapping"
    if "x-ref" in schema:
        return _TARGETS.get(schema["x-ref"], "id")
    if schema.get("format") == "date":
        return "date"
    pattern = str(schema.get("pattern", ""))
    if _SEMVER in pattern:
        return "version"
    if pattern == "^[1-9][0-9]*[dwm]$":
        return "interval"
    if pattern == "^[a-z0-9][a-z0-9-]*$":
        return "id"
    if pattern.startswith("^(https?"):
        return "link"
    if pattern.startswith("^[a-z]{2,3}"):
        return "language code"
    if kind == "integer":
        return "whole number"
    if kind == "boolean":
        return "`true` or `false`"
    return "text"


def rows(schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str, str, str]]:
    """(field, required, type, description) of every field, nested ones as `stages[].name`;
    a nested field's "required" holds where its parent is written."""
    props: dict[str, Any] = schema.get("properties", {})
    needed = {name: "yes" for name in schema.get("required", [])}
    for rule in schema.get("allOf", []):  # "from, unless from_team is given"
        if isinstance(rule, dict) and "then" in rule:
            absent = rule.get("if", {}).get("not", {}).get("required", [])
            for name in rule["then"].get("required", []):
                needed[name] = "yes, unless " + " or ".join(f"`{a}`" for a in absent) if absent else "yes"
    for name, sub in props.items():
        path = f"{prefix}{name}"
        yield path, needed.get(name, ""), _what(sub), str(sub.get("description", ""))
        if sub.get("type") == "object":
            yield from rows(sub, f"{path}.")
        items = sub.get("items")
        if sub.get("type") == "array" and isinstance(items, dict) and items.get("type") == "object":
            yield from rows(items, f"{path}[].")
        if isinstance(sub.get("additionalProperties"), dict):
            yield from rows(sub["additionalProperties"], f"{path}.LANG.")


def table(schema: dict[str, Any], skip: tuple[str, ...] = ()) -> str:
    lines = ["| field | required | value | what it is |", "|---|---|---|---|"]
    for path, needed, what, description in rows(schema):
        if path.split(".")[0].split("[")[0] in skip:
            continue
        cell = description.replace("|", "\\|")
        lines.append(f"| `{path}` | {needed} | {what} | {cell} |")
    return "\n".join(lines) + "\n"


def tables() -> dict[str, str]:
    """Marker name -> table, for the envelope, each kind, roles.yaml and page front matter."""
    envelope = envelope_schema()
    out = {"envelope": table(envelope)}
    for name, kind in discover().items():
        own = {
            "properties": {k: v for k, v in kind.schema["properties"].items() if k not in envelope["properties"]},
            "required": kind.schema["required"],
        }
        out[name] = table(own)
    out["roles"] = table(load_json(SCHEMAS / "roles.schema.json"))
    out["page"] = table(load_json(SCHEMAS / "page.schema.json"))
    return out


def rendered(text: str) -> str:
    """The document with every marked table written again."""
    made = tables()

    def replace(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in made:
            raise KeyError(f"docs: no table called '{name}' (known: {', '.join(made)})")
        return m.group(1) + made[name] + m.group(4)

    return _MARKER.sub(replace, text)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    for name in args:
        path = Path(name)
        path.write_text(rendered(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
