"""Pull requests: the workflow `init` writes (and this repository's), the pre-commit hook, the guide
for editors and the format reference: each parses, and names only commands and options that exist."""

from __future__ import annotations

import argparse
import re
import shlex
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from conftest import REPO, cli

from generator.cli import build_parser
from generator.fieldtables import rendered

SCAFFOLD_WORKFLOW = REPO / "generator" / "scaffold" / ".github" / "workflows" / "playbook.yml"
REPO_WORKFLOW = REPO / ".github" / "workflows" / "playbook.yml"
# A command: at the start of a line, or after ; && || | ( if then (not the word inside a message).
INVOCATION = re.compile(r"(?:^|[;&|(]|\bif|\bthen)\s*playbook ([a-z]+(?: [^|;&>\n]*)?)", re.M)


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def invocations(script: str) -> list[str]:
    """Each `playbook ...` command line of a shell script, with shell and Actions variables made plain."""
    script = re.sub(r"\$\{\{[^}]*\}\}", "X", script)
    script = re.sub(r'"?\$(\{\w+\}|\w+|\([^)]*\))"?', "X", script)
    return [m.group(1).strip() for m in INVOCATION.finditer(script)]


@pytest.mark.parametrize("path", [SCAFFOLD_WORKFLOW, REPO_WORKFLOW], ids=["init", "repository"])
def test_the_workflow_parses_and_names_only_commands_that_exist(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text())
    assert set(workflow["jobs"]) == {"check", "publish"}
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as true
    commands = subcommands()
    seen = []
    for step in steps(workflow):
        for line in invocations(step.get("run", "")):
            name = line.split()[0]
            seen.append(name)
            if name == "changes" and name not in commands:
                # issue 14's command: the step must skip itself cleanly where it does not exist yet
                assert "playbook changes --help >/dev/null 2>&1" in step["run"], step["run"]
                continue
            assert name in commands, f"{path.name} runs 'playbook {line}', which does not exist"
            try:
                commands[name].parse_args(shlex.split(line)[1:])
            except SystemExit:
                pytest.fail(f"{path.name}: 'playbook {line}' has arguments playbook does not take")
    for needed in ("validate", "check", "build", "publish", "changes"):
        assert needed in seen
    text = path.read_text()
    assert "validate --format github" in text and "--audience public" in text
    uploads = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert {s["with"]["name"] for s in uploads} == {"site-internal", "site-public"}
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "check" and "default_branch" in publish["if"]


def test_the_repository_runs_the_workflow_init_writes() -> None:
    """One workflow, two copies: the same steps, except how playbook is installed."""
    def shape(path: Path) -> list[tuple[str, str]]:
        workflow = yaml.safe_load(path.read_text())
        return [(s.get("name", s.get("uses", "")), s.get("run", "") if s.get("name") != "Install playbook" else "")
                for s in steps(workflow)]

    assert shape(SCAFFOLD_WORKFLOW) == shape(REPO_WORKFLOW)


def test_init_writes_the_workflow_and_the_guide(tmp_path: Path) -> None:
    root = tmp_path / "handbook"
    assert cli("init", root).code == 0
    workflow = (root / ".github" / "workflows" / "playbook.yml").read_text()
    assert f"PLAYBOOK: playbook=={version('playbook')}" in workflow
    assert "__" not in workflow
    assert (root / "CONTRIBUTING.md").read_text() == (REPO / "CONTRIBUTING.md").read_text()


def test_the_pre_commit_hook_runs_validate() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "playbook-validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False
    program, command, *rest = shlex.split(hook["entry"])
    assert program in tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    subcommands()[command].parse_args(rest)
    assert re.search(hook["files"], "playbooks/x.yaml") and re.search(hook["files"], "content/a/b.md")
    assert re.search(hook["files"], "mkdocs.yml") and not re.search(hook["files"], "README.md")


def test_contributing_is_for_editors() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text()
    steps_ = re.findall(r"^(\d)\. \*\*", text, re.M)
    assert steps_ == ["1", "2", "3", "4", "5"]
    for message in ("YAML syntax error", "unknown field", "missing required field", "unknown role", "is not a real date",
                    "still says 'Fill in'", "review overdue", "would leak internal content"):
        assert message in text
    for word in ("pytest", "virtualenv", "make test"):  # not an engineers' document
        assert word not in text


def test_the_format_reference_is_complete_and_current() -> None:
    text = (REPO / "docs" / "format.md").read_text()
    assert rendered(text) == text, "docs/format.md is out of date: run python -m generator.fieldtables docs/format.md"
    for name, parser in subcommands().items():
        assert f"`playbook {name}" in text, f"docs/format.md does not describe 'playbook {name}'"
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in text, f"docs/format.md does not mention {name} {option}"
    from generator.kinds import discover
    for kind in discover():
        assert f"<!-- fields: {kind} -->" in text


def test_the_readme_links_the_reference_and_the_guide() -> None:
    readme = (REPO / "README.md").read_text()
    assert "docs/format.md" in readme and "CONTRIBUTING.md" in readme
    assert "shared/design" not in readme
    assert (REPO / "docs" / "format.md").is_file()
