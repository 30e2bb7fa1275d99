"""Every YAML hazard an editor can type gives one exact, located line, exit 1, no traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, cli, cli_process

from generator import sources

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


# -- the nesting rule is ours, whatever the YAML parser ------------------------------------------

_REAL_PARSE = yaml.parse


def _parser_with_a_limit(limit: int):
    """A parser that, like libyaml in PyYAML 6.0.4, reads flow collections ahead and stops at a
    nesting limit of its own before it hands out a single event."""

    def parse(text: str, Loader):  # noqa: N803 - yaml.parse's own argument name
        depth = 0
        for index, char in enumerate(text):
            depth += char in "[{"
            if depth > limit:
                mark = yaml.Mark("<text>", index, 0, index, None, None)
                raise yaml.MarkedYAMLError("while increasing flow level", mark, "exceeded maximum nesting depth", mark)
        return _REAL_PARSE(text, Loader=Loader)

    return parse


PARSERS = {
    "libyaml": lambda mp: mp.setattr(sources, "_Loader", yaml.CSafeLoader),
    "pure-python": lambda mp: mp.setattr(sources, "_Loader", yaml.SafeLoader),
    "limit-1000": lambda mp: mp.setattr(sources.yaml, "parse", _parser_with_a_limit(1000)),
    "limit-40": lambda mp: mp.setattr(sources.yaml, "parse", _parser_with_a_limit(40)),
}
NESTED = {
    "flow": ("[" * 2000 + "]" * 2000, (1, 33)),
    "flow-in-a-mapping": ("id: x\nsteps: " + "{a: " * 600 + "1" + "}" * 600, (2, 8 + 4 * 31)),
    "flow-after-a-quoted-bracket": ('title: "[[[["\nx: ' + "[" * 1200, (2, 35)),
    "block": ("".join("  " * i + "k:\n" for i in range(40)) + "  " * 40 + "v\n", (33, 65)),
    "block-then-flow": ("".join("  " * i + "k:\n" for i in range(20)) + "  " * 20 + "k: " + "[" * 1500, (21, 55)),
}


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("shape", NESTED)
def test_nesting_rule_is_ours_whatever_the_parser(monkeypatch: pytest.MonkeyPatch, parser: str, shape: str) -> None:
    """PyYAML 6.0.3's libyaml has no nesting limit, 6.0.4's stops at 1,000 flow levels after reading
    ahead; the pure-Python parser has none. Every one gives our message at the 33rd level."""
    PARSERS[parser](monkeypatch)
    text, (line, column) = NESTED[shape]
    with pytest.raises(sources.LoadError) as caught:
        sources.parse_yaml(text, "playbooks/x.yaml")
    assert caught.value.diagnostic.text() == (
        f"playbooks/x.yaml:{line}:{column}: error: nesting is deeper than 32 levels; "
        "no playbook needs that, check the indentation and the brackets"
    )


@pytest.mark.parametrize("parser", PARSERS)
def test_nesting_at_the_limit_is_allowed(monkeypatch: pytest.MonkeyPatch, parser: str) -> None:
    PARSERS[parser](monkeypatch)
    doc = sources.parse_yaml("x: " + "[" * 31 + "]" * 31, "playbooks/x.yaml")
    assert doc.data["x"] is not None
