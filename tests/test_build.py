"""Building: a site per language, atomic replacement, and nothing written on bad input."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import cli

from generator import build as build_module


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_writes_every_language(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = cli("build", "--root", project, "--site-dir", site)
    assert result.code == 0, result.err
    for prefix in ("", "it/", "ru/", "hi/"):
        assert (site / prefix / "index.html").is_file()
        assert (site / prefix / "playbooks/first-week-for-a-new-teammate/index.html").is_file()
        assert (site / prefix / "pagefind/0/pagefind-entry.json").is_file()  # each language's own index
        assert json.loads((site / prefix / "search/search_index.json").read_text())["docs"] == []  # not lunr
    assert 'lang="it"' in (site / "it/index.html").read_text()
    assert site.stat().st_mode & 0o755 == 0o755  # readable by a web server running as another user


def test_invalid_project_builds_nothing(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (project / "playbooks" / "broken.yaml").write_text("id: broken\nkind: nope\n")
    result = cli("build", "--root", project, "--site-dir", site)
    assert result.code == 1
    assert "playbooks/broken.yaml:2:7: error: unknown kind 'nope'" in result.out
    assert not site.exists()


def test_failure_midway_leaves_the_previous_site_byte_for_byte(project: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    before = tree_digest(site)
    real = build_module.run_mkdocs

    def failing(config: Path, site_dir: Path | None = None, cache: Path | None = None) -> list[str]:
        if config.parent.name == "ru":  # en and it build; ru fails (in whichever process builds it)
            raise build_module.BuildError("simulated failure while building ru")
        return real(config, site_dir, cache)

    monkeypatch.setattr(build_module, "run_mkdocs", failing)
    text = (project / "content" / "index.md").read_text()
    (project / "content" / "index.md").write_text(text.replace("Welcome", "Changed"))
    result = cli("build", "--root", project, "--site-dir", site)
    assert result.code == 1
    assert "simulated failure" in result.err and "left as it was" in result.err
    assert tree_digest(site) == before
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site.")]  # no staging left behind


def test_public_build_excludes_internal_and_has_no_edit_links(project: Path, tmp_path: Path) -> None:
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text().replace(
        "# repo_url: https://git.example.org/team/playbooks", "repo_url: https://git.example.org/team/playbooks"))
    internal, public = tmp_path / "internal", tmp_path / "public"
    assert cli("build", "--root", project, "--site-dir", internal).code == 0
    assert cli("build", "--root", project, "--audience", "public", "--site-dir", public).code == 0
    page = (internal / "playbooks/first-week-for-a-new-teammate/index.html").read_text()
    assert "https://git.example.org/team/playbooks/edit/main/playbooks/first-week-for-a-new-teammate.yaml" in page
    assert not (public / "playbooks").exists()
    everything = "".join(p.read_text(errors="ignore") for p in public.rglob("*") if p.is_file())
    assert "first-week-for-a-new-teammate" not in everything
    assert "git.example.org" not in everything


def test_generated_project_is_plain_mkdocs(project: Path, tmp_path: Path) -> None:
    """The emitted folder builds with the `mkdocs` command itself, no playbook code involved."""
    import subprocess
    import sys

    assert cli("build", "--root", project, "--site-dir", tmp_path / "site").code == 0
    generated = project / ".playbook" / "build" / "internal" / "en"
    out = tmp_path / "by-mkdocs"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(generated / "mkdocs.yml"),
                           "-d", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (out / "playbooks/first-week-for-a-new-teammate/index.html").is_file()


def test_public_build_of_a_new_project_has_no_empty_sections(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "public"
    result = cli("build", "--root", project, "--audience", "public", "--site-dir", site)
    assert result.code == 0, result.err
    home = (site / "index.html").read_text()
    assert "Welcome" in home
    assert "who-are-you" not in home and not (site / "roles").exists()


def test_mkdocs_warnings_reach_the_editor(project: Path, tmp_path: Path) -> None:
    (project / "content" / "guide.md").write_text("# Guide\n\nSee [the missing page](missing.md).\n")
    result = cli("build", "--root", project, "--site-dir", tmp_path / "site")
    assert result.code == 0
    assert "playbook: warning (from MkDocs):" in result.err and "missing.md" in result.err
