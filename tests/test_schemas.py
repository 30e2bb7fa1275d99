"""The JSON Schemas editors' IDEs read: complete, where the modeline points, published with the site,
and right by an independent validator (check-jsonschema), using nothing but the written files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import REPO, cli

from generator.kinds import discover
from generator.schemafiles import project_schemas, stale_schemas, text_of

CHECK = str(Path(sys.executable).with_name("check-jsonschema"))
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def schema_of(path: Path, schemas: Path) -> Path:
    """The schema a YAML file's first line names, found in `schemas` (where `playbook schemas` wrote)."""
    m = MODELINE.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert m, f"{path} has no yaml-language-server modeline"
    assert m.group(1).startswith("../schemas/"), m.group(1)
    target = schemas / m.group(1)[len("../schemas/") :]
    assert target.is_file(), f"{path}: its modeline points to {m.group(1)}, which was not written"
    return target


def check_jsonschema(schema: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHECK, "--schemafile", str(schema), *map(str, files)], capture_output=True, text=True,
                          timeout=120, check=False)


def test_schemas_writes_one_complete_schema_per_kind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("schemas", "--root", REPO, "--out", out)
    assert result.code == 0, result.err
    kinds = discover()
    expected = {f"{k}.json" for k in kinds} | {f"{k}.translation.json" for k in kinds} | {"roles.json", "page.json"}
    assert {p.name for p in out.iterdir()} == expected
    handoff = json.loads((out / "handoff.json").read_text())
    assert {"id", "kind", "title", "summary", "roles", "owner", "version", "reviewed", "stages"} <= set(handoff["required"])
    assert handoff["properties"]["kind"] == {"const": "handoff", "description": handoff["properties"]["kind"]["description"]}
    assert handoff["x-titles"]["it"] == "Passaggio di consegne"  # the kind's own annotations are kept
    assert handoff["additionalProperties"] is False
    translation = json.loads((out / "handoff.translation.json").read_text())
    assert {"lang", "translates"} <= set(translation["required"]) and "owner" not in translation["required"]
    again = cli("schemas", "--root", REPO, "--out", out)
    assert again.out.strip() == f"wrote {len(expected)} schemas into {out} (0 changed)"


def test_every_sample_file_passes_an_independent_validator(tmp_path: Path) -> None:
    """check-jsonschema, given only the files `playbook schemas` wrote, each YAML file checked
    against the schema its own first line names: every sample playbook, translation, example and
    roles file of the repository."""
    out = tmp_path / "schemas"
    assert cli("schemas", "--root", REPO, "--out", out).code == 0
    files = sorted((REPO / "playbooks").glob("*.yaml")) + sorted((REPO / "generator" / "kinds").glob("*/example.yaml"))
    files += [REPO / "generator" / "scaffold" / "playbooks" / "roles.yaml"]
    groups: dict[Path, list[Path]] = defaultdict(list)
    for path in files:
        groups[schema_of(path, out)].append(path)
    assert len(groups) >= len(discover()) + 2  # sources of every kind, translations, roles
    for schema, members in groups.items():
        done = check_jsonschema(schema, members)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_independent_validator_rejects_a_broken_playbook(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    assert cli("schemas", "--root", REPO, "--out", out).code == 0
    text = (REPO / "playbooks" / "human-check-in.yaml").read_text()
    broken = tmp_path / "human-check-in.yaml"
    broken.write_text(text.replace("reviewed: 2026-11-23", "reviewed: 2026-02-30")
                      .replace("summary:", "sumary:").replace("version: 1.0.2", 'version: "1.0"'))
    done = check_jsonschema(out / "conversation-script.json", [broken])
    assert done.returncode == 1
    for problem in ("'2026-02-30' is not a 'date'", "'sumary' was unexpected", "'summary' is a required property",
                    "'1.0' does not match"):
        assert problem in done.stdout, done.stdout


def test_the_repository_schemas_are_the_ones_playbook_writes() -> None:
    """Written by one function, never by hand: the committed copies are exactly its output."""
    assert stale_schemas(REPO) == []
    assert {p.stem for p in (REPO / "schemas").glob("*.json")} == set(project_schemas(REPO))


def test_validate_warns_when_the_schemas_are_out_of_date(project: Path) -> None:
    assert cli("validate", "--root", project).code == 0
    (project / "schemas" / "handoff.json").write_text("{}\n")
    result = cli("validate", "--root", project)
    assert result.code == 0
    assert result.lines == ["schemas/handoff.json:1:1: warning: 1 of the schemas editors' IDEs read (schemas/handoff.json) "
                            "differ from the playbook format; run 'playbook schemas'"]
    assert cli("schemas", "--root", project).out.strip() == "wrote 14 schemas into schemas (1 changed)"
    assert cli("validate", "--root", project).lines == []


def test_init_and_new_put_the_schemas_where_the_modeline_points(project: Path) -> None:
    assert cli("new", "handoff", "sales-to-success", "--root", project).code == 0
    for path in (project / "playbooks").glob("*.yaml"):
        schema_of(path, project / "schemas")
    shutil.rmtree(project / "schemas")  # a project made before there were schemas: `new` writes them
    assert cli("new", "role-pairing", "cx-and-people", "--root", project).code == 0
    schema_of(project / "playbooks" / "cx-and-people.yaml", project / "schemas")
    assert stale_schemas(project) == []


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_the_site_publishes_the_schemas(project: Path, tmp_path: Path, audience: str) -> None:
    if audience == "public":
        path = project / "playbooks" / "first-week-for-a-new-teammate.yaml"
        path.write_text(path.read_text().replace("kind: onboarding-checklist", "kind: onboarding-checklist\naudience: public"))
    site = tmp_path / "site"
    result = cli("build", "--root", project, "--audience", audience, "--site-dir", site)
    assert result.code == 0, result.err
    for name, schema in project_schemas(project).items():
        assert (site / "schemas" / f"{name}.json").read_text() == text_of(schema)
    assert not (site / "it" / "schemas").exists()  # once, at the site's root
    # The kinds' names in each language come from the same schemas (x-titles).
    assert "Checklist di onboarding" in (site / "it" / "kinds" / "onboarding-checklist" / "index.html").read_text()
