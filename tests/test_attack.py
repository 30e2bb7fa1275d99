"""Holes found by the second look at issue 13 (an attacker's and a careless editor's), one test each.

Each test failed before its fix: it builds or validates the hostile input the way an editor's
pull request would bring it, and checks what a reader (or the build machine) would get.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import cli
from test_hostile import playbook, write

from generator.kinds import PACKAGE_KINDS

# -- kinds are data: a label's {placeholder} is filled, never evaluated ----------------------------


def test_a_kind_label_cannot_read_python_objects_or_the_environment(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """labels.yaml strings were filled with str.format, whose fields reach attributes and items:
    `{giver.join.__globals__[t].sys.modules[os].environ}` printed the build machine's environment
    (CI tokens included) into the page."""
    monkeypatch.setenv("PLAYBOOK_TEST_SECRET", "hunter2-build-secret")
    shutil.copytree(PACKAGE_KINDS / "handoff", project / "kinds" / "handoff")
    labels = project / "kinds" / "handoff" / "labels.yaml"
    labels.write_text(labels.read_text().replace(
        "from_to: From {giver} to {receiver}",
        "from_to: 'From {giver} to {receiver} {giver.join.__globals__[t].sys.modules[os].environ} {nobody} {'"))
    shutil.copy(PACKAGE_KINDS / "handoff" / "example.yaml", project / "playbooks" / "example-handoff.yaml")
    site = tmp_path / "site"
    result = cli("build", "--root", project, "--site-dir", site)
    assert result.code == 0, result.err
    page = (site / "playbooks" / "example-handoff" / "index.html").read_text()
    assert "hunter2-build-secret" not in page
    assert "From Implementation Specialist to Customer Success Manager" in page
    # What is not a plain {name} of the values given stays as written (the label is Markdown).
    assert "[t].sys.modules[os].environ} {nobody} {" in page
