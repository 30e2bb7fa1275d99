"""`playbook publish`: what it refuses before anything is written, and all or nothing after.

The two-release walk through both audiences is in test_versions.py; these are the single steps.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import cli


def git(root: Path, *args: str, input: str | None = None) -> str:  # noqa: A002
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True,
                          input=input).stdout


@pytest.fixture
def repo(project: Path) -> Path:
    """The `playbook init` project, committed in a git repository of its own."""
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "Editor")
    git(project, "config", "user.email", "editor@example.org")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "handbook")
    return project


def set_publish(root: Path, settings: str) -> None:
    config = root / "mkdocs.yml"
    text = "".join(line for line in config.read_text().splitlines(True) if not line.startswith("    publish:"))
    config.write_text(text.replace("  playbook:\n", f"  playbook:\n    publish: {settings}\n", 1))


def test_publish_two_versions_on_the_internal_branch(repo: Path) -> None:
    for version in ("1.0", "1.1"):
        result = cli("publish", version, "--alias", "latest", "--root", repo)
        assert result.code == 0, result.err
    assert "on branch playbook-internal" in result.out and "the branch root opens latest/" in result.out
    versions = json.loads(git(repo, "show", "playbook-internal:versions.json"))
    assert [v["version"] for v in versions] == ["1.1", "1.0"]
    assert versions[0]["aliases"] == ["latest"] and versions[1]["aliases"] == []
    assert "it/index.html" in git(repo, "ls-tree", "-r", "--name-only", "playbook-internal")
    assert "gh-pages" not in git(repo, "branch")  # the internal site never goes to what Pages serves
    assert git(repo, "status", "--porcelain") == ""  # mike commits to the branch, not the working tree


def test_publish_refuses_invalid_content(project: Path) -> None:
    (project / "playbooks" / "bad.yaml").write_text("id: bad\nkind: nope\n")
    result = cli("publish", "1.0", "--root", project)
    assert result.code == 1
    assert "nothing was published" in result.err


def test_uncommitted_sources_are_refused_with_what_to_do(repo: Path) -> None:
    path = repo / "playbooks" / "first-week-for-a-new-teammate.yaml"
    path.write_text(path.read_text().replace("First week", "First weeks"))
    (repo / "content" / "new-page.md").write_text("# New\n")
    result = cli("publish", "1.0", "--root", repo)
    assert result.code == 2
    assert "the sources have changes that are not committed (content/new-page.md, " \
           "playbooks/first-week-for-a-new-teammate.yaml)" in result.err
    assert "commit them ('git add -A && git commit') or put them aside ('git stash')" in result.err
    assert "playbook-internal" not in git(repo, "branch")
    (repo / "site").mkdir()  # what a build leaves (ignored or not) is not a source
    (repo / "site" / "index.html").write_text("built")
    git(repo, "stash", "-u", "-q")
    (repo / "notes.txt").write_text("not a source either")
    assert cli("publish", "1.0", "--root", repo).code == 0


@pytest.mark.parametrize("name", ["../x", "versions.json", "index.html", ".hidden", "a/b"])
def test_a_version_or_alias_that_names_no_folder_is_refused(repo: Path, name: str) -> None:
    for args in (("publish", name), ("publish", "1.0", "--alias", name)):
        result = cli(*args, "--root", repo)
        assert result.code == 2, args
        assert f"'{name}' cannot be a" in result.err
    assert "playbook-internal" not in git(repo, "branch")


def test_the_internal_site_never_goes_to_gh_pages_or_to_the_public_branch(repo: Path) -> None:
    set_publish(repo, "{internal_branch: gh-pages, public_branch: gh-pages}")
    result = cli("validate", "--root", repo)
    assert result.code == 1
    assert "the internal and the public releases would share the branch 'gh-pages'" in result.out
    assert "extra.playbook.publish.internal_branch may not be gh-pages, which GitHub Pages serves to everyone" \
        in result.out
    set_publish(repo, "{internal_branch: 'bad..name', sideways: x}")
    out = cli("validate", "--root", repo).out
    assert "'bad..name' is not a git branch name" in out
    assert "extra.playbook.publish.sideways is not a setting; use internal_branch, public_branch, default" in out


def test_a_branch_that_holds_the_other_audience_is_refused(repo: Path) -> None:
    assert cli("publish", "1.0", "--root", repo).code == 0  # internal, marked as such
    set_publish(repo, "{internal_branch: staff-handbook, public_branch: playbook-internal}")
    git(repo, "commit", "-qam", "publish the public site to the internal branch, by mistake")
    head = git(repo, "rev-parse", "playbook-internal")
    result = cli("publish", "1.0", "--audience", "public", "--root", repo)
    assert result.code == 2
    assert "the branch 'playbook-internal' holds the internal releases; the public site never goes there" in result.err
    assert git(repo, "rev-parse", "playbook-internal") == head


def test_gh_pages_from_an_earlier_playbook_is_not_taken_for_public(repo: Path) -> None:
    """Earlier versions published the internal site to gh-pages, without a mark."""
    blob = git(repo, "hash-object", "-w", "--stdin", input='[{"version": "0.9", "title": "0.9", "aliases": []}]')
    tree = git(repo, "mktree", input=f"100644 blob {blob.strip()}\tversions.json\n").strip()
    commit = git(repo, "commit-tree", tree, "-m", "an internal release, as published before").strip()
    git(repo, "update-ref", "refs/heads/gh-pages", commit)
    result = cli("publish", "1.0", "--audience", "public", "--root", repo)
    assert result.code == 2
    assert "the branch 'gh-pages' already holds a site that playbook did not mark as public" in result.err
    assert git(repo, "rev-parse", "gh-pages").strip() == commit
    changes = cli("changes", "--audience", "public", "--root", repo)  # a release without a manifest
    assert changes.code == 0
    assert "release 0.9 on 'gh-pages' has no changes/release.json" in changes.err
    assert changes.out.startswith("No public release has been published yet")
    assert cli("changes", "--audience", "public", "--since", "0.9", "--root", repo).code == 2


def test_publishing_from_the_publish_branch_itself_is_refused(repo: Path) -> None:
    set_publish(repo, "{internal_branch: main}")
    git(repo, "commit", "-qam", "publish into the sources' own branch")
    result = cli("publish", "1.0", "--root", repo)
    assert result.code == 2
    assert "the internal releases go to the branch 'main', which is the branch you are working on" in result.err


def test_a_failure_after_the_first_commit_leaves_the_branch_as_it_was(repo: Path, monkeypatch) -> None:
    assert cli("publish", "1.0", "--alias", "latest", "--root", repo).code == 0
    before = git(repo, "rev-parse", "playbook-internal")
    from mike import commands

    def broken(*args, **kwargs):
        raise ValueError("the disk went away")

    monkeypatch.setattr(commands, "set_default", broken)
    set_publish(repo, "{default: stable}")  # the root must move, so set_default runs (and fails)
    git(repo, "commit", "-qam", "open stable at the root")
    result = cli("publish", "1.1", "--alias", "stable", "--root", repo)
    assert result.code == 2
    assert "could not publish with mike: the disk went away; the branch 'playbook-internal' was left as it was" \
        in result.err
    assert git(repo, "rev-parse", "playbook-internal") == before
    assert [v["version"] for v in json.loads(git(repo, "show", "playbook-internal:versions.json"))] == ["1.0"]


def test_changes_without_any_release_lists_everything_as_added(project: Path) -> None:
    result = cli("changes", "--root", project)
    assert result.code == 0, result.err
    assert result.out.startswith("No internal release has been published yet (branch playbook-internal): "
                                 "everything is added.")
    assert "first-week-for-a-new-teammate: First week for a new teammate (1.0.0)" in result.out
    data = json.loads(cli("changes", "--root", project, "--format", "json").out)
    assert data["compared_with"] is None
    assert [c["id"] for c in data["added"]] == ["first-week-for-a-new-teammate"]
    assert data["changed"] == data["retired"] == data["behind"] == []
    assert cli("changes", "--root", project, "--since", "1.0").code == 2  # not even a repository
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
    page = git(project, "show", "playbook-internal:2.0/index.html")
    assert '"provider":"playbook"' in page.replace(" ", "")  # our selector (versions.js), on both engines
    assert "assets/playbook/versions.js" in page
    assert 'class="pb-search"' in page  # Zensical's pages: Pagefind's own search UI
    assert "2.0/ru/pagefind/0/pagefind-ui.js" in git(project, "ls-tree", "-r", "--name-only", "playbook-internal")
