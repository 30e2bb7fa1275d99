"""The sample handbook: valid, every kind, role and language present, both audiences build."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, cli

from generator.kinds import discover
from generator.project import load_project


@pytest.fixture(scope="module")
def sample():
    project, diagnostics = load_project(REPO)
    return project, diagnostics


def test_sample_validates_clean(sample) -> None:
    _, diagnostics = sample
    assert [d.text() for d in diagnostics] == []


def test_every_kind_role_and_language_is_used(sample) -> None:
    project, _ = sample
    kinds = {pb.kind for pb in project.playbooks.values()}
    assert kinds == set(discover())
    for kind in kinds:
        assert sum(1 for pb in project.playbooks.values() if pb.kind == kind) >= 2, kind
    named = {r for pb in project.playbooks.values() for r in pb.roles}
    assert set(project.roles) <= named | {r for role in project.roles.values() for r in role.pairs_with}
    for role in project.roles.values():
        assert role.path, f"{role.id} has no reading path"
    for lang in ("it", "ru", "hi"):
        translated = [pid for (pid, tl) in project.translations if tl == lang]
        assert len(translated) >= 5, lang
        assert ("index", lang) in project.pages
    assert len(project.playbooks) >= 16
    public = [pb for pb in project.playbooks.values() if pb.audience == "public"]
    assert 0.25 <= len(public) / len(project.playbooks) <= 0.45


def test_one_translation_is_behind_and_one_playbook_overdue(sample) -> None:
    project, _ = sample
    import datetime as dt

    from generator.check import check_project
    codes = {d.code for d in check_project(project, dt.date(2026, 11, 23))}
    assert {"translation-behind", "review-overdue"} <= codes


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_sample_builds_in_every_language(audience: str, tmp_path: Path) -> None:
    site = tmp_path / audience
    result = cli("build", "--root", REPO, "--audience", audience, "--site-dir", site)
    assert result.code == 0, result.err
    for prefix in ("", "it/", "ru/", "hi/"):
        assert (site / prefix / "index.html").is_file()
        assert (site / prefix / "playbooks/transparent-not-translucent/index.html").is_file()
    if audience == "public":
        assert not (site / "playbooks/employee-first-weeks").exists()
        assert not (site / "roles/people-ops").exists() or "employee-first-weeks" not in (site / "roles/people-ops/index.html").read_text()
