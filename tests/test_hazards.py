"""Every YAML hazard an editor can type gives one exact, located line, exit 1, no traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, cli, cli_process

HAZARDS = sorted((EXAMPLES / "hazards").glob("*.yaml"))
LINE = re.compile(r"^playbooks/[^:]+\.yaml:\d+:\d+: (error|warning): .+$")


def expected(path: Path) -> str:
    return path.with_suffix(".expected").read_text(encoding="utf-8").strip("\n")


@pytest.mark.parametrize("hazard", HAZARDS, ids=[h.stem for h in HAZARDS])
def test_each_hazard_gives_its_exact_line(project: Path, hazard: Path) -> None:
    shutil.copy(hazard, project / "playbooks" / hazard.name)
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert expected(hazard) in result.lines
    assert "Traceback" not in result.err + result.out
    assert all(LINE.match(line) for line in result.lines), result.out


def test_all_hazards_at_once_each_reported_and_sorted(project: Path) -> None:
    for hazard in HAZARDS:
        shutil.copy(hazard, project / "playbooks" / hazard.name)
    result = cli("validate", "--root", project)
    assert result.code == 1
    for hazard in HAZARDS:
        assert expected(hazard) in result.lines, hazard.stem
    keys = []
    for line in result.lines:
        path, line_no, col, _ = line.split(":", 3)
        keys.append((path, int(line_no), int(col)))
    assert keys == sorted(keys)


def test_hazards_in_a_real_process_never_crash(project: Path) -> None:
    """The C parser and deep nesting in a separate process: a segfault would show as a signal."""
    for name in ("deep-nesting", "alias-bomb", "invalid-utf8", "too-large"):
        shutil.copy(EXAMPLES / "hazards" / f"{name}.yaml", project / "playbooks" / f"{name}.yaml")
    result = cli_process("validate", "--root", project)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    for name in ("deep-nesting", "alias-bomb", "invalid-utf8", "too-large"):
        assert expected(EXAMPLES / "hazards" / f"{name}.yaml") in result.lines
