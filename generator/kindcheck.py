"""A project's own kinds checked as the data they are: each broken file is an error at its path.

The package's kinds are ours, and a broken one is our bug (kinds.KindError). A project's kinds/
folder is edited like its playbooks, so its mistakes (a schema that is not JSON, or not a JSON
Schema, a missing template, a labels.yaml that is not a mapping) are reported at the file and
line, as every other content error is, and the kind is left out until it is fixed
(kinds.discover skips it) instead of stopping every command with a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, SchemaError

from .diagnostics import Diagnostic
from .kinds import envelope_schema, merge_schema


def kind_folders(base: Path) -> list[Path]:
    """The folders of `base` that discover() reads as kinds."""
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def folder_problem(folder: Path) -> str | None:
    """Why a project's kind folder cannot be used (one line), or None; used by discover to skip it."""
    found = _schema_problems(folder, folder.name) + _labels_problems(folder, folder.name)
    errors = [d for d in found if d.severity == "error"]
    return errors[0].message if errors else None


def project_kind_problems(root: Path) -> list[Diagnostic]:
    from .layout import inside

    out: list[Diagnostic] = []
    for folder in kind_folders(root / "kinds"):
        if not all(inside(p, root.resolve()) for p in [folder, *folder.rglob("*")]):
            continue  # a link out of the project: reported by layout.links_out_of_project
        rel = folder.relative_to(root).as_posix()
        out += _schema_problems(folder, rel) + _labels_problems(folder, rel)
    return out


def _schema_problems(folder: Path, rel: str) -> list[Diagnostic]:
    path = folder / "schema.json"
    if not path.is_file():
        return []  # not a kind
    where = f"{rel}/schema.json"
    fix = "fix the file, or remove the kind's folder"
    try:
        own = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return [Diagnostic(where, 1, 1, "error", "bad-kind", f"not UTF-8 text; {fix}")]
    except json.JSONDecodeError as exc:
        return [Diagnostic(where, exc.lineno, exc.colno, "error", "bad-kind", f"not valid JSON: {exc.msg}; {fix}")]
    if not isinstance(own, dict):
        return [Diagnostic(where, 1, 1, "error", "bad-kind", "a kind's schema must be a JSON object "
                           f'({{"type": "object", "properties": {{...}}}}); {fix}')]
    envelope = envelope_schema()
    try:
        Draft202012Validator.check_schema(merge_schema(folder.name, own, envelope))
    except SchemaError as exc:
        return [Diagnostic(where, 1, 1, "error", "bad-kind", f"not a valid JSON Schema: {exc.message}; {fix}")]
    out = []
    properties: dict[str, object] = own["properties"] if isinstance(own.get("properties"), dict) else {}
    for name in sorted(set(properties) & set(envelope["properties"])):
        out.append(Diagnostic(where, 1, 1, "warning", "bad-kind",
                              f"the kind redefines '{name}', a field every playbook has; the common definition "
                              f"is used: remove '{name}' from the kind's properties"))
    for needed in ("page.md.j2", "example.yaml"):
        if not (folder / needed).is_file():
            out.append(Diagnostic(rel, 1, 1, "error", "bad-kind",
                                  f"a kind needs {needed} beside schema.json; copy one from another kind's folder"))
    return out


def _labels_problems(folder: Path, rel: str) -> list[Diagnostic]:
    path = folder / "labels.yaml"
    if not path.is_file():
        return []
    where = f"{rel}/labels.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return [Diagnostic(where, 1, 1, "error", "bad-kind", "not UTF-8 text; save the file as UTF-8")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc)
        return [Diagnostic(where, line, column, "error", "bad-kind", f"not valid YAML: {problem}")]
    if data is None:
        return []
    if not isinstance(data, dict) or not all(
        isinstance(labels, dict) and all(isinstance(text, (str, int, float)) for text in labels.values())
        for labels in data.values()
    ):
        return [Diagnostic(where, 1, 1, "error", "bad-kind",
                           "labels.yaml maps each language to its labels (en: {label: text}); fix the file")]
    return []
