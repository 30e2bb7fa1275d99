"""Find the kinds of playbook: each is a folder of data (schema.json, page.md.j2, example.yaml).

Adding a kind means adding a folder, never Python: the loader discovers folders here and in a
project's own `kinds/` folder, merges the shared envelope into each kind's schema, and checks the
result is a valid JSON Schema before anything uses it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import fastjsonschema
import yaml
from jsonschema import Draft202012Validator, FormatChecker

PACKAGE_KINDS = Path(__file__).parent / "kinds"
SCHEMAS = Path(__file__).parent / "schemas"
SCHEMA_BASE_URL = "https://playbook.invalid/schemas/"  # ids only; nothing is fetched
LOCALIZED = ("x-titles", "x-descriptions")  # per-language title and description of a kind


class KindError(Exception):
    """A kind folder that cannot be used: a developer's mistake, reported once, not per file."""


@dataclass(frozen=True)
class Kind:
    name: str
    folder: Path
    schema: dict[str, Any]  # envelope + kind, as published for editors' IDEs
    validator: Draft202012Validator
    translation_validator: Draft202012Validator

    def is_valid(self, instance: Any, translation: bool = False) -> bool:
        """A fast yes/no for the common case, a valid file; jsonschema explains the others."""
        validator = self.translation_validator if translation else self.validator
        schema: dict[str, Any] = validator.schema  # type: ignore[assignment]  # ours are objects
        return _fast_check((self.name, translation, id(validator)), schema)(instance)

    @property
    def template(self) -> Path:
        return self.folder / "page.md.j2"

    @property
    def example(self) -> Path:
        return self.folder / "example.yaml"

    @property
    def title(self) -> str:
        return str(self.schema.get("title", self.name))

    def title_in(self, lang: str) -> str:
        """The kind's name in `lang`: x-titles, else the schema's (English) title."""
        return str((self.schema.get("x-titles") or {}).get(lang) or self.title)

    def description_in(self, lang: str) -> str:
        return str((self.schema.get("x-descriptions") or {}).get(lang) or self.schema.get("description") or "")

    def missing_languages(self, languages: list[str]) -> list[tuple[str, str]]:
        """(language, "x-titles" or "x-descriptions") this kind has no text for; English is the
        schema's own title and description."""
        return [
            (lang, key)
            for lang in languages
            if lang != "en"
            for key in LOCALIZED
            if not (self.schema.get(key) or {}).get(lang)
        ]


@lru_cache(maxsize=64)
def kind_labels(folder: Path) -> dict[str, dict[str, str]]:
    """The kind's own interface text (labels.yaml in its folder), per language."""
    path = folder / "labels.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): {str(kk): str(vv) for kk, vv in v.items()} for k, v in data.items() if isinstance(v, dict)}


def load_json(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise KindError(f"{path}: a schema must be a JSON object")
    return data


def envelope_schema() -> dict[str, Any]:
    return load_json(SCHEMAS / "envelope.schema.json")


def merge_schema(name: str, own: dict[str, Any], envelope: dict[str, Any]) -> dict[str, Any]:
    """The complete schema of one kind: the envelope's fields plus the kind's own."""
    merged: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URL}{name}.schema.json",
        "title": own.get("title", name),
        "description": own.get("description", ""),
        "type": "object",
        # The envelope's fields win: a kind adds fields, it cannot loosen `id`, `audience` or
        # `tags` (ids become URLs and file names; kindcheck warns about such a kind).
        "properties": {
            **copy.deepcopy(own.get("properties", {})),
            **copy.deepcopy(envelope["properties"]),
        },
        "required": list(envelope["required"]) + [r for r in own.get("required", []) if r not in envelope["required"]],
        "additionalProperties": False,
    }
    merged["properties"]["kind"] = {"const": name, "description": envelope["properties"]["kind"]["description"]}
    # The kind's own annotations (x-titles, x-descriptions: its name in each language) stay.
    merged.update({key: copy.deepcopy(value) for key, value in own.items() if key.startswith("x-")})
    if "$defs" in own:
        merged["$defs"] = copy.deepcopy(own["$defs"])
    # The kind's name and description in the site's other languages (title and description
    # are the English ones): readers see them in the nav, meta lines, kind pages and search.
    for key in LOCALIZED:
        if isinstance(own.get(key), dict):
            merged[key] = {str(k): str(v) for k, v in own[key].items() if isinstance(v, str) and v.strip()}
    return merged


def _translation_variant(schema: dict[str, Any], envelope: dict[str, Any]) -> dict[str, Any]:
    """Translations inherit roles, owner, dates and version from their source."""
    variant = copy.deepcopy(schema)
    kind_required = [r for r in schema["required"] if r not in envelope["required"]]
    variant["required"] = list(envelope["x-translation-required"]) + kind_required
    return variant


_FAST: dict[tuple[str, bool, int], Callable[[Any], bool]] = {}  # (kind, translation?, validator id)


def _real_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _fast_check(key: tuple[str, bool, int], schema: dict[str, Any]) -> Callable[[Any], bool]:
    """fastjsonschema compiles a schema to Python code: ten times jsonschema's speed on 2,000 files.

    It speaks draft-07; our schemas use only keywords that mean the same there (tests check that
    both agree on every example and hazard)."""
    if key not in _FAST:
        draft7 = {k: v for k, v in schema.items() if k != "$schema"}
        draft7["$schema"] = "http://json-schema.org/draft-07/schema#"
        compiled = fastjsonschema.compile(draft7, formats={"date": _real_date})

        def check(instance: Any) -> bool:
            try:
                compiled(instance)
            except fastjsonschema.JsonSchemaException:
                return False
            return True

        _FAST[key] = check
    return _FAST[key]


def _within(folder: Path, project: Path) -> bool:
    """A project kind's folder and every file in it stay inside the project."""
    return all(p.resolve().is_relative_to(project) for p in [folder, *folder.rglob("*")])


def discover(extra_dirs: tuple[Path, ...] = ()) -> dict[str, Kind]:
    """Every kind: the package's, then each extra folder's (a project's own kinds)."""
    dirs = tuple(Path(d).resolve() for d in extra_dirs)
    return dict(_discover(dirs, _signature(dirs)))


def _signature(dirs: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    """What a project's kind folders hold now: a kind added or changed since the last look
    (by `serve`, or by a test after `init`) is discovered again, not served from the cache."""
    found = []
    for base in dirs:
        if not base.is_dir():
            continue
        for path in sorted(base.glob("*/*")):
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((path.as_posix(), st.st_mtime_ns, st.st_size))
    return tuple(found)


@lru_cache(maxsize=8)
def _discover(
    extra_dirs: tuple[Path, ...], _signature: tuple[tuple[str, int, int], ...] = ()
) -> tuple[tuple[str, Kind], ...]:
    envelope = envelope_schema()
    found: dict[str, Kind] = {}
    for base in (PACKAGE_KINDS, *extra_dirs):
        if not base.is_dir():
            continue
        for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
            if base is not PACKAGE_KINDS and not _within(folder, base.parent):
                continue  # a link out of the project: reported by layout.links_out_of_project
            schema_file = folder / "schema.json"
            if not schema_file.is_file():
                continue
            if base is not PACKAGE_KINDS:
                from .kindcheck import folder_problem

                if folder_problem(folder):
                    continue  # a project's broken kind: an error at its file (kindcheck.py), left out
            own = load_json(schema_file)
            schema = merge_schema(folder.name, own, envelope)
            try:
                Draft202012Validator.check_schema(schema)
            except Exception as exc:  # jsonschema.SchemaError
                raise KindError(f"{schema_file}: not a valid JSON Schema: {exc}") from exc
            for needed in ("page.md.j2", "example.yaml"):
                if not (folder / needed).is_file():
                    raise KindError(f"{folder}: a kind needs {needed} beside schema.json")
            checker = FormatChecker(["date"])
            found[folder.name] = Kind(
                name=folder.name,
                folder=folder,
                schema=schema,
                validator=Draft202012Validator(schema, format_checker=checker),
                translation_validator=Draft202012Validator(
                    _translation_variant(schema, envelope), format_checker=checker
                ),
            )
    return tuple(found.items())
