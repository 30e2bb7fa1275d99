"""Schema validation of one document, each error mapped back to the line an editor must change.

jsonschema says *what* is wrong and *where in the data*; this module turns that into a message
an editor can act on (a missing field at the mapping that lacks it, an unknown field at its key
with the closest known name, a number YAML read from an unquoted value with "quote it"), and
reports the best match of an anyOf/oneOf instead of every branch.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from .diagnostics import Diagnostic
from .sources import Document, JsonPath

SLUG_PATTERN = "^[a-z0-9][a-z0-9-]*$"
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF"}


def closest(word: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""


def to_json(value: Any) -> Any:
    """YAML data as JSON Schema sees it: dates become ISO strings (format: date checks them)."""
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def schema_diagnostics(
    doc: Document, validator: Draft202012Validator, what: str = "playbook", fast: Callable[[Any], bool] | None = None
) -> list[Diagnostic]:
    instance = to_json(doc.data)
    if fast is not None and fast(instance):
        return []
    errors = []
    for error in validator.iter_errors(instance):
        if error.context:
            error = best_match(error.context)
        if doc.flagged and doc.explained(tuple(error.absolute_path)):
            continue  # the loader reported this value already (an impossible date, a tag)
        errors.append(error)
    # A misspelt field is one mistake: "unknown field 'sumary' (did you mean 'summary'?)" says
    # it, and "missing required field 'summary'" in the same mapping would only echo it.
    misspelt: set[tuple[JsonPath, str]] = set()
    for error in errors:
        if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
            known = list((error.schema if isinstance(error.schema, dict) else {}).get("properties", {}))
            for key in error.instance:
                if key not in known and (match := closest(key, known)):
                    misspelt.add((tuple(error.absolute_path), match))
    out: list[Diagnostic] = []
    for error in errors:
        out.extend(_explain(doc, error, what, misspelt))
    return out


def _field(path: JsonPath) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


def _describe(value: Any, raw: str | None) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {raw or value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text '{value}'"


_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def _explain(
    doc: Document, error: ValidationError, what: str, misspelt: set[tuple[JsonPath, str]] | None = None
) -> list[Diagnostic]:
    path: JsonPath = tuple(error.absolute_path)
    inst: Any = error.instance
    vvalue: Any = error.validator_value
    schema = error.schema if isinstance(error.schema, dict) else {}
    validator = error.validator
    name = _field(path)

    def at(p: JsonPath, code: str, message: str, key: bool = False) -> Diagnostic:
        return doc.problem(p, code, message, key=key)

    if validator == "required":
        missing = [
            r
            for r in schema.get("required", [])
            if (not isinstance(inst, dict) or r not in inst) and (path, r) not in (misspelt or ())
        ]
        out = []
        for field in missing:
            desc = schema.get("properties", {}).get(field, {}).get("description")
            where = f" to '{name}'" if path else ""
            hint = f" ({desc})" if desc else ""
            out.append(at(path, "missing-field", f"missing required field '{field}'; add '{field}:'{where}{hint}"))
        return out
    if validator in ("additionalProperties", "unevaluatedProperties"):
        known = list(schema.get("properties", {}))
        extra = [k for k in (inst or {}) if k not in known]
        out = []
        for key in extra:
            suggestion = closest(key, known)
            if suggestion:
                msg = f"unknown field '{key}' (did you mean '{suggestion}'?)"
            else:
                msg = f"unknown field '{key}'; the fields allowed here are: {', '.join(known)}"
            out.append(at(path + (key,), "unknown-field", msg, key=True))
        return out
    if validator == "type":
        expected = vvalue
        words = (
            _TYPE_WORDS.get(expected, str(expected))
            if isinstance(expected, str)
            else " or ".join(_TYPE_WORDS.get(e, e) for e in expected)
        )
        raw = doc.numbers.get(path)
        found = _describe(inst, raw)
        msg = f"'{name}' must be {words}, found {found}"
        if expected == "string" and isinstance(inst, (int, float, bool)) and not isinstance(inst, dt.date):
            shown = raw if raw is not None else str(inst).lower()
            msg += f'; YAML reads it unquoted as a number or boolean, so quote it: "{shown}"'
        elif expected == "string" and inst is None:
            msg = f"'{name}' is empty; write its text after the colon"
        elif expected == "boolean" and isinstance(inst, str) and inst in _YAML11_BOOLS:
            msg = f"'{inst}' is not a boolean here; write true or false"
        elif expected == "array" and isinstance(inst, str) and inst.startswith("-") and inst[1:2] not in (" ", "-"):
            msg += "; a list item needs a space after '-': '- item', one per line"
        elif expected == "array" and isinstance(inst, str):
            msg += f"; write a list: [{inst}] or one '- item' per line"
        return [at(path, "wrong-type", msg)]
    if validator == "enum":
        options = [str(o) for o in vvalue]
        return [
            at(
                path,
                "not-allowed",
                f"'{inst}' is not allowed for '{name}'; use one of: "
                f"{', '.join(options)}{did_you_mean(str(inst), options)}",
            )
        ]
    if validator == "const":
        return [at(path, "not-allowed", f"'{name}' must be '{vvalue}'")]
    if validator == "pattern":
        return [at(path, "bad-format", _pattern_message(name, inst, vvalue, schema))]
    if validator == "format":
        return [at(path, "bad-format", f"'{inst}' is not a real date; write YYYY-MM-DD, e.g. 2026-10-01")]
    if validator in ("minItems", "minLength"):
        if vvalue == 1 or not inst:
            return [at(path, "empty", f"'{name}' is empty; it needs at least {_count(vvalue, validator)}")]
        return [at(path, "too-short", f"'{name}' needs at least {_count(vvalue, validator)}")]
    if validator in ("maxItems", "maxLength"):
        return [at(path, "too-long", f"'{name}' is too long: at most {_count(vvalue, validator)}")]
    if validator == "uniqueItems":
        seen: set[str] = set()
        for i, item in enumerate(inst):
            key = repr(item)
            if key in seen:
                return [at(path + (i,), "duplicate-item", f"'{item}' is listed twice in '{name}'; remove one")]
            seen.add(key)
    return [at(path, "invalid", f"'{name}': {error.message}")]


def _count(n: int, validator: str) -> str:
    unit = "item" if validator.endswith("Items") else "character"
    return f"{n} {unit}{'' if n == 1 else 's'}"


def _pattern_message(name: str, value: Any, pattern: str, schema: dict[str, Any]) -> str:
    if "x-message" in schema:
        return f"'{value}' {schema['x-message']}"
    if pattern == SLUG_PATTERN:
        return (
            f"'{value}' is not a valid id for '{name}': use lowercase letters a-z, digits and "
            "hyphens, starting with a letter or digit (e.g. 'first-30-days')"
        )
    if "(0|[1-9][0-9]*)\\." in pattern:
        return f"'{value}' is not a semantic version; write MAJOR.MINOR.PATCH, e.g. '1.2.0' (quote it)"
    if pattern == "^[1-9][0-9]*[dwm]$":
        return f"'{value}' is not an interval; write a number and d, w or m, e.g. 90d, 12w or 6m"
    if pattern.startswith("^(https?"):
        return f"'{value}' is not a link a reader can follow; use an https://, mailto: or relative link"
    if pattern.startswith("^[a-z]{2,3}"):
        return f"'{value}' is not a language code; write a code such as en, it, ru or hi"
    desc = schema.get("description")
    return f"'{value}' is not a valid '{name}'" + (f": {desc}" if desc else f" (pattern {pattern})")
