"""The generated nav: playbooks listed while few, in alphabetical groups when more, and only the
kind's page (with a heading per letter) when a kind has too many for a sidebar."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import cli, new_project

from generator import emit
from generator.build import emit_projects
from generator.project import load_project

TITLES = ["Apology that lands", "Billing questions", "Bug triage", "Call notes", "Churn warning signs",
          "Data requests", "Escalation paths", "Feature requests", "Handover to support", "Kickoff agenda",
          "Login trouble", "Outage updates"]


def project_with(root: Path, count: int) -> Path:
    new_project(root, "en")
    source = root / "playbooks" / "first-week-for-a-new-teammate.yaml"
    template = yaml.safe_load(source.read_text())
    source.unlink()
    roles = root / "playbooks" / "roles.yaml"
    roles.write_text(roles.read_text().replace("first-week-for-a-new-teammate", "play-00"))
    for n, title in enumerate(TITLES[:count]):
        data = dict(template, id=f"play-{n:02d}", title=title)
        (root / "playbooks" / f"play-{n:02d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    return root


def kind_nav(root: Path, tmp_path: Path) -> object:
    project, diagnostics = load_project(root)
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    [(_lang, config)] = emit_projects(project, "internal", tmp_path / "work")
    nav = yaml.load(config.read_text(), Loader=yaml.Loader)["nav"]  # noqa: S506 - our own file
    playbooks = next(item["Playbooks"] for item in nav if "Playbooks" in item)
    return next(iter(playbooks[0].values()))


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emit, "NAV_CHUNK", 4)
    monkeypatch.setattr(emit, "NAV_KIND_LIMIT", 10)
    monkeypatch.setattr(emit.nav_chunks, "__defaults__", (4,))


def test_a_few_playbooks_are_listed_in_the_nav(tmp_path: Path, small_limits: None) -> None:
    entry = kind_nav(project_with(tmp_path / "p", 3), tmp_path)
    assert entry == ["kinds/onboarding-checklist.md", {"Apology that lands": "playbooks/play-00.md"},
                     {"Billing questions": "playbooks/play-01.md"}, {"Bug triage": "playbooks/play-02.md"}]


def test_more_are_grouped_alphabetically(tmp_path: Path, small_limits: None) -> None:
    entry = kind_nav(project_with(tmp_path / "p", 9), tmp_path)
    assert isinstance(entry, list) and entry[0] == "kinds/onboarding-checklist.md"
    groups = entry[1:]
    assert [next(iter(g)) for g in groups] == ["A–C (1–4)", "C–F (5–8)", "H (9–9)"]
    assert all(len(next(iter(g.values()))) <= 4 for g in groups)


def test_too_many_leave_the_kind_page_as_the_only_entry(tmp_path: Path, small_limits: None) -> None:
    root = project_with(tmp_path / "p", 12)
    assert kind_nav(root, tmp_path) == "kinds/onboarding-checklist.md"
    site = tmp_path / "site"
    result = cli("build", "--root", root, "--site-dir", site)
    assert result.code == 0, result.err
    assert "warning" not in result.err.lower()  # pages left out of the nav on purpose are not news
    page = (site / "kinds/onboarding-checklist/index.html").read_text()
    for letter in "ABCDEFHKLO":
        assert f'<h2 id="{letter.lower()}">{letter}' in page
    assert page.count('href="../../playbooks/play-') == 12
    assert "pb:raw" not in page and "pbraw" not in page  # the list set aside and put back, nothing else
    # A playbook page still builds and carries the short nav, not the 12 playbooks.
    playbook = (site / "playbooks/play-05/index.html").read_text()
    assert "Data requests" in playbook and "Outage updates" not in playbook
