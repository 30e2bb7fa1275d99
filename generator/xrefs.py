"""Cross-references across the whole project: every id a file names must exist.

Which fields name what is data, not code: a schema marks a field with `"x-ref": "role"`,
`"playbook"` or `"step"` (a name defined in the same file by a field marked `"x-defines"`), and
`"x-within": FIELD` when the value must also be listed in that top-level field. A new kind gets
its ids checked by annotating its schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic
from .model import Project
from .sources import Document, JsonPath
from .validate import closest


@dataclass(frozen=True)
class Ref:
    path: JsonPath
    target: str  # role | playbook | step
    value: str
    within: str | None


def walk(
    schema: dict[str, Any], value: Any, path: JsonPath = (), root: dict[str, Any] | None = None
) -> Iterator[tuple[JsonPath, dict[str, Any], Any]]:
    """Every (path, subschema, value) pair of an instance, following properties, items and $ref."""
    root = root if root is not None else schema
    if "$ref" in schema and isinstance(schema["$ref"], str) and schema["$ref"].startswith("#/"):
        target: Any = root
        for part in schema["$ref"][2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    yield path, schema, value
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                yield from walk(props[key], item, path + (key,), root)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            yield from walk(schema["items"], item, path + (i,), root)


def refs_and_defs(schema: dict[str, Any], data: Any) -> tuple[list[Ref], dict[str, list[tuple[JsonPath, str]]]]:
    refs: list[Ref] = []
    defs: dict[str, list[tuple[JsonPath, str]]] = {}
    for path, sub, value in walk(schema, data):
        if not isinstance(value, str):
            continue
        if "x-ref" in sub:
            refs.append(Ref(path, sub["x-ref"], value, sub.get("x-within")))
        if "x-defines" in sub:
            defs.setdefault(sub["x-defines"], []).append((path, value))
    return refs, defs


_NOUN = {"role": "role", "playbook": "playbook", "step": "step"}
_FIX = {
    "role": "add it to playbooks/roles.yaml or use an existing role id",
    "playbook": "use the id of an existing playbook",
    "step": "use the id of a step of this script",
}


def check_document(
    doc: Document,
    schema: dict[str, Any],
    data: Any,
    names: dict[str, set[str]],
    found: tuple[list[Ref], dict[str, list[tuple[JsonPath, str]]]] | None = None,
) -> list[Diagnostic]:
    """Problems with the ids that one document names, against the project's `names`; `found` is
    the document's refs_and_defs when the caller kept them (serve, between edits)."""
    out: list[Diagnostic] = []
    refs, defs = found if found is not None else refs_and_defs(schema, data)
    local = {target: [v for _, v in values] for target, values in defs.items()}
    for target, values in defs.items():
        if target in names and target != "step":
            continue  # project-wide definitions (roles) are checked for uniqueness by the caller
        seen: dict[str, JsonPath] = {}
        for path, value in values:
            if value in seen:
                first = doc.at(seen[value])
                out.append(
                    doc.problem(
                        path,
                        "duplicate-id",
                        f"duplicate {_NOUN.get(target, target)} id '{value}' "
                        f"(first at line {first.line}); give each one its own id",
                    )
                )
            seen.setdefault(value, path)
    for ref in refs:
        if doc.flagged and doc.explained(ref.path):
            continue
        known = set(local.get(ref.target, [])) if ref.target == "step" else names.get(ref.target, set())
        if ref.value not in known:
            match = closest(ref.value, known)
            hint = f" (did you mean '{match}'?)" if match else f"; {_FIX.get(ref.target, 'check the id')}"
            noun = _NOUN.get(ref.target, ref.target)
            out.append(doc.problem(ref.path, f"unknown-{ref.target}", f"unknown {noun} '{ref.value}'{hint}"))
        elif ref.within and isinstance(data, dict):
            listed = data.get(ref.within) or []
            if isinstance(listed, list) and ref.value not in listed:
                out.append(
                    doc.problem(
                        ref.path,
                        "not-listed",
                        f"'{ref.value}' is not one of the {ref.within} "
                        f"({', '.join(map(str, listed))}); add it to '{ref.within}'",
                    )
                )
    return out


def public_links(project: Project) -> list[Diagnostic]:
    """A public playbook naming an internal one: the link is dropped from the public site."""
    out: list[Diagnostic] = []
    for pb in project.playbooks.values():
        if pb.audience != "public":
            continue
        for i, rid in enumerate(pb.data.get("related") or []):
            other = project.playbooks.get(rid)
            if other is not None and other.audience != "public":
                out.append(
                    pb.doc.problem(
                        ("related", i),
                        "internal-link",
                        f"related playbook '{rid}' is internal, so the public site will not "
                        "link to it; make it public or remove it from related",
                        "warning",
                    )
                )
    return out
