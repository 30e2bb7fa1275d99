"""`playbook publish`: a release on a git branch with mike's versions.json and a version selector."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import cli


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_publish_two_versions(project: Path, monkeypatch) -> None:
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "Editor")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "editor@example.org")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "-c", "user.email=editor@example.org", "-c", "user.name=Editor", "commit", "-qm", "handbook")
    for version in ("1.0", "1.1"):
        result = cli("publish", version, "--alias", "latest", "--root", project)
        assert result.code == 0, result.err
    versions = json.loads(git(project, "show", "gh-pages:versions.json"))
    assert [v["version"] for v in versions] == ["1.1", "1.0"]
    assert versions[0]["aliases"] == ["latest"] and versions[1]["aliases"] == []
    page = git(project, "show", "gh-pages:1.1/index.html")
    assert '"provider":"mike"' in page.replace(" ", "")  # Material's version selector reads versions.json
    assert "it/index.html" in git(project, "ls-tree", "-r", "--name-only", "gh-pages")


def test_publish_refuses_invalid_content(project: Path) -> None:
    (project / "playbooks" / "bad.yaml").write_text("id: bad\nkind: nope\n")
    result = cli("publish", "1.0", "--root", project)
    assert result.code == 1
    assert "nothing was published" in result.err


def test_publish_with_zensical(project: Path, monkeypatch) -> None:
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "Editor")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "editor@example.org")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "-c", "user.email=editor@example.org", "-c", "user.name=Editor", "commit", "-qm", "handbook")
    result = cli("publish", "2.0", "--root", project, "--engine", "zensical")
    assert result.code == 0, result.err
    page = git(project, "show", "gh-pages:2.0/index.html")
    assert '"provider":"mike"' in page.replace(" ", "")  # Zensical's version selector reads it too
    assert 'class="pb-search"' in page  # Zensical's pages: Pagefind's own search UI
    assert "2.0/ru/pagefind/0/pagefind-ui.js" in git(project, "ls-tree", "-r", "--name-only", "gh-pages")
