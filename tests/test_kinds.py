"""Kinds are data: discovered from folders, schemas valid, and the fast check agrees with jsonschema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, REPO, cli

from generator.kinds import PACKAGE_KINDS, discover
from generator.sources import LoadError, load_yaml_file
from generator.validate import to_json


def documents() -> list[Path]:
    """Every playbook-shaped file we have: hazards that load, the sample, the kinds' examples."""
    found = []
    for path in sorted((EXAMPLES / "hazards").glob("*.yaml")) + sorted((REPO / "playbooks").glob("*.yaml")) + sorted(
            PACKAGE_KINDS.glob("*/example.yaml")):
        try:
            doc = load_yaml_file(path, path.name)
        except LoadError:
            continue
        if isinstance(doc.data, dict) and doc.data.get("kind") in discover():
            found.append(path)
    return found


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_fast_check_agrees_with_jsonschema(path: Path) -> None:
    doc = load_yaml_file(path, path.name)
    kind = discover()[doc.data["kind"]]
    translation = "translates" in doc.data
    validator = kind.translation_validator if translation else kind.validator
    instance = to_json(doc.data)
    assert kind.is_valid(instance, translation) == validator.is_valid(instance)
    broken = dict(instance, unexpected_field=1)
    assert kind.is_valid(broken, translation) is False and validator.is_valid(broken) is False


def test_every_kind_folder_is_complete() -> None:
    for name, kind in discover().items():
        assert kind.template.is_file() and kind.example.is_file(), name
        assert kind.schema["$id"].endswith(f"{name}.schema.json")


def test_a_project_adds_a_kind_without_python(project: Path) -> None:
    """Copy a kind folder under a new name into the project's kinds/: it validates and builds."""
    folder = project / "kinds" / "meeting-notes"
    shutil.copytree(PACKAGE_KINDS / "role-pairing", folder)
    schema = json.loads((folder / "schema.json").read_text())
    schema["title"] = "Meeting notes"
    (folder / "schema.json").write_text(json.dumps(schema))
    (folder / "example.yaml").write_text((folder / "example.yaml").read_text().replace("kind: role-pairing", "kind: meeting-notes"))
    assert cli("new", "meeting-notes", "our-notes", "--root", project).code == 0
    assert cli("validate", "--root", project).code == 0
    assert cli("build", "--root", project, "--site-dir", project / "site").code == 0
    assert (project / "site" / "playbooks" / "our-notes" / "index.html").is_file()
    assert "Meeting notes" in (project / "site" / "kinds" / "meeting-notes" / "index.html").read_text()
