"""The JSON Schemas an editor's IDE reads: one complete file per kind (and per kind's translations),
one for roles.yaml and one for a Markdown page's front matter.

They are made by one function from the very data validation uses (each kind's schema.json merged
with the envelope, generator/schemas/), so what the IDE underlines is what `playbook validate`
reports. The same files go to a project's `schemas/` folder (`init`, `new`, `playbook schemas`),
where each playbook's first line points (`# yaml-language-server: $schema=../schemas/KIND.json`),
and into every built site at /schemas/ (they hold field names and help text, no content).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from .kinds import SCHEMA_BASE_URL, SCHEMAS, Kind, discover, load_json

FOLDER = "schemas"  # in a project, beside playbooks/; in a built site, /schemas/
TRANSLATION = ".translation"  # KIND.translation.json: what a translation file must hold


def schema_name(kind: str, translation: bool = False) -> str:
    return f"{kind}{TRANSLATION if translation else ''}"


def modeline(name: str) -> str:
    """The first line of a playbook (or roles.yaml) that tells the YAML language server
    (VS Code's YAML extension, and other editors using it) which schema to check it with."""
    return f"# yaml-language-server: $schema=../{FOLDER}/{name}.json"


def _published(name: str, schema: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    published = copy.deepcopy(schema)
    published["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    published["$id"] = f"{SCHEMA_BASE_URL}{name}.json"
    if title is not None:
        published["title"] = title
    return {"$schema": published.pop("$schema"), "$id": published.pop("$id"), **published}


def complete_schemas(kinds: dict[str, Kind]) -> dict[str, dict[str, Any]]:
    """name -> schema, for every kind (source and translation), roles.yaml and page front matter."""
    out: dict[str, dict[str, Any]] = {}
    for name, kind in sorted(kinds.items()):
        out[schema_name(name)] = _published(schema_name(name), kind.schema)
        translation: dict[str, Any] = kind.translation_validator.schema  # type: ignore[assignment]
        out[schema_name(name, True)] = _published(schema_name(name, True), translation, f"{kind.title} (translation)")
    out["roles"] = _published("roles", load_json(SCHEMAS / "roles.schema.json"))
    out["page"] = _published("page", load_json(SCHEMAS / "page.schema.json"))
    return out


def text_of(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def project_schemas(root: Path) -> dict[str, dict[str, Any]]:
    """The schemas of a project: the package's kinds and the project's own (kinds/)."""
    return complete_schemas(discover((root / "kinds",)))


def write_schemas(root: Path, out: Path | None = None) -> list[Path]:
    """Write the project's schemas into `out` (default ROOT/schemas); returns the files that
    changed. A file already up to date is left alone (its date too, for tools that watch it)."""
    folder = out if out is not None else root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, schema in project_schemas(root).items():
        path = folder / f"{name}.json"
        text = text_of(schema)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(root: Path) -> list[str]:
    """The files of ROOT/schemas that differ from what `playbook schemas` would write (or are
    missing), when the folder exists: the IDE would check against an old version."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    stale = []
    for name, schema in project_schemas(root).items():
        path = folder / f"{name}.json"
        if not path.is_file() or path.read_text(encoding="utf-8") != text_of(schema):
            stale.append(f"{FOLDER}/{name}.json")
    return stale


def publish_schemas(kinds: dict[str, Kind], docs: Path) -> None:
    """Into a generated project's docs/schemas/, which MkDocs copies to the site's /schemas/."""
    folder = docs / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in complete_schemas(kinds).items():
        (folder / f"{name}.json").write_text(text_of(schema), encoding="utf-8")
