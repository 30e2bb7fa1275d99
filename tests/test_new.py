"""`playbook new KIND ID`: a skeleton that validates at once, says what to fill in, refuses odd ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import cli

from generator.kinds import discover
from generator.project import load_project
from generator.skeleton import PLACEHOLDER
from generator.sources import load_yaml_file

KINDS = sorted(discover())


@pytest.mark.parametrize("kind", KINDS)
def test_new_then_validate_passes_for_every_kind(project: Path, kind: str) -> None:
    pid = f"our-{kind}"
    result = cli("new", kind, pid, "--root", project)
    assert result.code == 0, result.err
    assert result.out.strip() == f"created playbooks/{pid}.yaml"
    check = cli("validate", "--root", project, "--format", "json")
    assert check.code == 0, check.out
    import json
    found = json.loads(check.out)
    assert found and {d["code"] for d in found} == {"placeholder"}  # only "write this text" reminders
    assert all(d["path"] == f"playbooks/{pid}.yaml" for d in found)

    path = project / "playbooks" / f"{pid}.yaml"
    data = load_yaml_file(path, path.name).data
    today = dt.date.today()
    assert data["id"] == pid and data["kind"] == kind
    assert data["title"] == pid.replace("-", " ").capitalize()
    assert data["reviewed"] == today
    assert data["version"] == "0.1.0"
    assert data["changelog"] == [{"version": "0.1.0", "date": today, "note": "First version."}]
    assert data["summary"] == PLACEHOLDER

    lines = path.read_text().splitlines()
    assert lines[0] == f"# yaml-language-server: $schema=../schemas/{kind}.json"
    schema = discover()[kind].schema
    for field in schema["required"]:
        line = next(x for x in lines if x.startswith(f"{field}:"))
        if field not in ("id", "kind", "version", "reviewed", "changelog"):  # `new` fills these in itself
            assert "# fill in" in line, line
    for field in set(schema["properties"]) - set(schema["required"]) - {"lang", "translates", "changelog"}:
        assert any(x.startswith(f"# {field}:") for x in lines), f"optional field {field} is not shown commented out"
        assert field not in data


def test_optional_fields_uncommented_validate_too(project: Path) -> None:
    """The commented-out optional fields are valid YAML of the right shape: an editor who removes
    the '# ' before one (and writes the text) gets no error."""
    assert cli("new", "handoff", "sales-to-success", "--root", project).code == 0
    path = project / "playbooks" / "sales-to-success.yaml"
    text = path.read_text()
    for field in ("promise", "review_every", "tags"):
        text = text.replace(f"# {field}:", f"{field}:", 1)
    text = text.replace("    # meeting:", "    meeting:").replace("    #   attendees:", "      attendees:")
    text = text.replace("    #   purpose:", "      purpose:")
    path.write_text(text)
    project_, diagnostics = load_project(project)
    assert [d for d in diagnostics if d.severity == "error"] == []
    assert project_.playbooks["sales-to-success"].data["stages"][0]["meeting"]["purpose"] == PLACEHOLDER


@pytest.mark.parametrize(
    ("pid", "says"),
    [
        ("2027", "looks like a number, a date or a yes/no"),
        ("1e5", "looks like a number"),
        ("yes", "looks like a number, a date or a yes/no"),
        ("2026-01-01", "looks like a number, a date"),
        ("Not_An_Id", "is not a valid id"),
        ("-start", "is not a valid id"),
        ("two words", "is not a valid id"),
        ("first-week-for-a-new-teammate", "a playbook with the id 'first-week-for-a-new-teammate' exists already"),
    ],
)
def test_new_refuses_odd_and_existing_ids(project: Path, pid: str, says: str) -> None:
    before = sorted(p.name for p in (project / "playbooks").iterdir())
    result = cli("new", "handoff", "--root", project, "--", pid)  # "--": an id may start with "-"
    assert result.code == 2
    assert says in result.err and result.err.startswith("playbook: error: ")
    assert sorted(p.name for p in (project / "playbooks").iterdir()) == before


def test_new_refuses_an_id_used_by_a_file_of_another_name(project: Path) -> None:
    path = project / "playbooks" / "first-week-for-a-new-teammate.yaml"
    path.rename(project / "playbooks" / "week-one.yaml")
    result = cli("new", "handoff", "first-week-for-a-new-teammate", "--root", project)
    assert result.code == 2 and "exists already (playbooks/week-one.yaml)" in result.err


def test_new_names_the_closest_kind(project: Path) -> None:
    result = cli("new", "hand-off", "x-y", "--root", project)
    assert result.code == 2 and "unknown kind 'hand-off' (did you mean 'handoff'?)" in result.err
