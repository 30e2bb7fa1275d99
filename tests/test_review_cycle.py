"""The review cycle: `check` grouped by owner, `review` as a one-line edit, and the page that turns
overdue in the reader's browser on the day it falls due."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import cli

from generator.sources import load_yaml_file

SOURCE = "playbooks/first-week-for-a-new-teammate.yaml"


def playbook(project: Path, pid: str, owner: str, reviewed: str, every: str, version: str = "1.0.0") -> Path:
    text = (project / SOURCE).read_text()
    today = load_yaml_file(project / SOURCE, SOURCE).data["reviewed"].isoformat()
    text = text.replace("id: first-week-for-a-new-teammate", f"id: {pid}")
    text = text.replace("title: First week for a new teammate", f"title: Playbook {pid.upper()}")
    text = text.replace("owner: people-ops", f"owner: {owner}").replace(f"reviewed: {today}", f"reviewed: {reviewed}\nreview_every: {every}")
    if version != "1.0.0":
        text = text.replace("\nversion: 1.0.0", f"\nversion: {version}", 1).replace(
            "changelog:\n", f"changelog:\n  - version: {version}\n    date: {reviewed}\n    note: Second version.\n")
    path = project / "playbooks" / f"{pid}.yaml"
    path.write_text(text)
    return path


@pytest.fixture
def due_project(project: Path) -> Path:
    """Checked on 2026-11-23, looking 30 days ahead."""
    (project / SOURCE).rename(project / "playbooks" / "template.txt")  # out of the project, kept as the model
    project.joinpath(SOURCE).write_text((project / "playbooks" / "template.txt").read_text())
    playbook(project, "a", "people-ops", "2026-01-10", "180d")  # due 2026-07-09: overdue
    playbook(project, "b", "people-ops", "2026-06-01", "6m")  # due 2026-12-01: in 8 days
    playbook(project, "c", "customer-success-manager", "2026-11-01", "90d", version="1.1.0")  # due 2027-01-30
    playbook(project, "d", "customer-success-manager", "2026-08-20", "90d")  # due 2026-11-18: overdue
    (project / SOURCE).unlink()
    (project / "playbooks" / "template.txt").unlink()
    c = (project / "playbooks" / "c.yaml").read_text()
    body = c.split("onboards:", 1)[1].split("changelog:", 1)[0]
    (project / "playbooks" / "c.it.yaml").write_text(
        "id: c\nkind: onboarding-checklist\nlang: it\ntranslates: 1.0.0\ntitle: Playbook C in italiano\n"
        "summary: Cosa fare.\nonboards:" + body)
    (project / "content" / "guide.md").write_text(
        "---\ntitle: Guide\nowner: cx-leader\nreviewed: 2026-06-01\nreview_every: 180d\n---\n\n# Guide\n\nText.\n")
    roles = project / "playbooks" / "roles.yaml"
    roles.write_text(roles.read_text().replace("path: [first-week-for-a-new-teammate]", "path: [a]"))
    assert cli("validate", "--root", project).code == 0
    return project


def test_check_groups_by_owner(due_project: Path) -> None:
    result = cli("check", "--root", due_project, "--today", "2026-11-23")
    assert result.code == 0
    assert result.out.splitlines() == [
        "Customer Success Manager (customer-success-manager)",
        "  overdue for review:",
        "    playbooks/d.yaml:9:11: 'Playbook D' was due for review on 2026-11-18 (last reviewed 2026-08-20, every 90d); "
        "check it, then run 'playbook review d'",
        "  translations behind their source:",
        "    playbooks/c.it.yaml:4:13: the it translation of 'Playbook C' translates 1.0.0, the source is at 1.1.0 "
        "(not yet translated: 1.1.0); update the text, then set translates: 1.1.0",
        "",
        "CX Leader (cx-leader)",
        "  due for review in the next 30 days:",
        "    content/guide.md:4:11: 'Guide' is due for review on 2026-11-28 (in 5 days; last reviewed 2026-06-01)",
        "",
        "People Ops (people-ops)",
        "  overdue for review:",
        "    playbooks/a.yaml:9:11: 'Playbook A' was due for review on 2026-07-09 (last reviewed 2026-01-10, every 180d); "
        "check it, then run 'playbook review a'",
        "  due for review in the next 30 days:",
        "    playbooks/b.yaml:9:11: 'Playbook B' is due for review on 2026-12-01 (in 8 days; last reviewed 2026-06-01)",
    ]
    assert "2 overdue, 2 due in the next 30 days, 1 translation behind (3 owners)" in result.err


def test_check_within_and_strict(due_project: Path) -> None:
    short = cli("check", "--root", due_project, "--today", "2026-11-23", "--within", "1w")
    assert "playbooks/b.yaml" not in short.out and "content/guide.md" in short.out
    assert "in the next 7 days" in short.out
    assert cli("check", "--root", due_project, "--today", "2026-11-23", "--strict").code == 1
    assert cli("check", "--root", due_project, "--today", "2026-06-02", "--strict").code == 0
    later = cli("check", "--root", due_project, "--today", "2027-02-01", "--within", "0d")
    assert "'Playbook C' was due for review on 2027-01-30" in later.out
    assert cli("check", "--root", due_project, "--within", "soon").code == 2


def test_check_json_and_github(due_project: Path) -> None:
    data = json.loads(cli("check", "--root", due_project, "--today", "2026-11-23", "--format", "json").out)
    assert [(i["owner"], i["status"], i["id"]) for i in data] == [
        ("customer-success-manager", "overdue", "d"),
        ("customer-success-manager", "translation-behind", "c"),
        ("cx-leader", "due-soon", "guide"),
        ("people-ops", "overdue", "a"),
        ("people-ops", "due-soon", "b"),
    ]
    overdue = data[0]
    assert {"path", "line", "column", "severity", "code", "message"} <= set(overdue)  # still a diagnostic
    assert (overdue["due"], overdue["reviewed"], overdue["review_every"], overdue["severity"]) == (
        "2026-11-18", "2026-08-20", "90d", "warning")
    assert data[1]["not_translated"] == ["1.1.0"] and data[1]["lang"] == "it"
    github = cli("check", "--root", due_project, "--today", "2026-11-23", "--format", "github").lines
    assert github[2] == ("::notice file=content/guide.md,line=4,col=11,title=review-due-soon::CX Leader (cx-leader): "
                         "'Guide' is due for review on 2026-11-28 (in 5 days; last reviewed 2026-06-01)")
    assert [line.split(" ", 1)[0] for line in github] == ["::warning", "::warning", "::notice", "::warning", "::notice"]


def test_check_still_reports_broken_files(due_project: Path) -> None:
    path = due_project / "playbooks" / "a.yaml"
    path.write_text(path.read_text().replace("owner: people-ops", "owner: peple-ops"))
    result = cli("check", "--root", due_project, "--today", "2026-11-23")
    assert result.code == 1
    assert result.lines[0] == "playbooks/a.yaml:7:8: error: unknown role 'peple-ops' (did you mean 'people-ops'?)"


# -- playbook review ----------------------------------------------------------------------------

def test_review_changes_one_line_and_keeps_comments(due_project: Path) -> None:
    path = due_project / "playbooks" / "c.yaml"
    text = path.read_text().replace("reviewed: 2026-11-01", "reviewed: 2026-11-01   # checked with the team")
    text = text.replace("kind: onboarding-checklist", "kind: onboarding-checklist  # do not change\n# a comment line")
    path.write_text(text)
    translation = (due_project / "playbooks" / "c.it.yaml").read_bytes()
    result = cli("review", "c", "--root", due_project, "--today", "2026-12-05")
    assert result.code == 0, result.err
    assert result.out.strip() == "playbooks/c.yaml:10: reviewed 2026-11-01 -> 2026-12-05; next review due 2027-03-05"
    after = path.read_text()
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [("reviewed: 2026-11-01   # checked with the team", "reviewed: 2026-12-05   # checked with the team")]
    assert (due_project / "playbooks" / "c.it.yaml").read_bytes() == translation
    again = cli("review", "c", "--root", due_project, "--today", "2026-12-05")
    assert again.code == 0 and "already reviewed on 2026-12-05" in again.out


def test_review_keeps_quotes_and_line_endings_and_does_pages(due_project: Path) -> None:
    path = due_project / "playbooks" / "a.yaml"
    path.write_bytes(path.read_text().replace("reviewed: 2026-01-10", "reviewed: '2026-01-10'").replace("\n", "\r\n").encode())
    assert cli("review", "a", "--root", due_project, "--today", "2026-11-23").code == 0
    assert b"reviewed: '2026-11-23'\r\n" in path.read_bytes() and b"\n" not in path.read_bytes().replace(b"\r\n", b"")
    assert cli("review", "guide", "--root", due_project, "--today", "2026-11-23").code == 0
    assert "reviewed: 2026-11-23\n" in (due_project / "content" / "guide.md").read_text()
    result = cli("check", "--root", due_project, "--today", "2026-11-23")
    assert "playbooks/a.yaml" not in result.out and "content/guide.md" not in result.out


def test_review_refuses_a_file_with_errors_an_unknown_id_and_an_earlier_date(due_project: Path) -> None:
    path = due_project / "playbooks" / "a.yaml"
    before = path.read_text()
    path.write_text(before.replace("onboards: employee", "onboards: staff"))
    result = cli("review", "a", "--root", due_project, "--today", "2026-11-23")
    assert result.code == 1
    assert "playbooks/a.yaml:12:11: error: 'staff' is not allowed for 'onboards'" in result.out
    assert "fix them first" in result.err
    path.write_text(before.replace("kind: onboarding-checklist", "kind: [onboarding"))  # does not even load
    assert cli("review", "a", "--root", due_project, "--today", "2026-11-23").code == 1
    path.write_text(before)
    unknown = cli("review", "aa", "--root", due_project)
    assert unknown.code == 2 and "no playbook or page with the id 'aa' (did you mean 'a'?)" in unknown.err
    earlier = cli("review", "a", "--root", due_project, "--today", "2025-01-01")
    assert earlier.code == 2 and "reviewed on 2026-01-10, after 2025-01-01" in earlier.err
    assert path.read_text() == before


# -- the page knows its due date ----------------------------------------------------------------

@pytest.mark.browser
def test_the_overdue_notice_appears_in_the_browser_on_the_day(due_project: Path, tmp_path: Path, browser) -> None:
    """Built on 2026-11-23, when 'b' is not yet due (2026-12-01): a reader on 2026-12-02 sees the
    overdue notice, in their language, without a rebuild; a reader on 2026-11-30 does not."""
    from browser import serving

    site = tmp_path / "site"
    assert cli("build", "--root", due_project, "--site-dir", site).code == 0  # PLAYBOOK_TODAY is 2026-11-23
    html = (site / "playbooks" / "b" / "index.html").read_text()
    assert 'data-pb-due="2026-12-01" hidden' in html
    assert "{#" not in html and "{##" not in html  # no template comment reaches the page
    with serving(site) as base:
        for day, lang, shown in (("2026-11-30T10:00:00", "", False), ("2026-12-02T10:00:00", "", True),
                                 ("2026-12-02T10:00:00", "it/", True)):
            context = browser.new_context()
            page = context.new_page()
            page.clock.set_fixed_time(dt.datetime.fromisoformat(day))
            page.goto(f"{base}/{lang}playbooks/b/")
            notice = page.locator(".pb-overdue")
            page.wait_for_function("() => document.querySelector('.pb-meta') !== null")
            page.wait_for_timeout(200)
            assert notice.is_visible() is shown, (day, lang)
            assert page.locator(".pb-due").is_visible() is not shown
            if shown:
                title = "Revisione scaduta" if lang == "it/" else "Review overdue"
                assert notice.locator(".admonition-title").inner_text() == title
                assert "2026" in notice.inner_text()
            context.close()
