"""Forked workers: one fresh process per piece of work, results in order, errors after every child."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator import audit
from generator.audit import audit_site
from generator.processes import run_forked
from generator.sources import parse_yaml


def _note(folder: Path, name: str, pause: float = 0.3) -> tuple[int, int]:
    """A piece of work that records when it ran, in a file its parent reads afterwards."""
    start = time.monotonic()
    time.sleep(pause)
    (folder / name).write_text(f"{start} {time.monotonic()}")
    return os.getpid(), os.getppid()


def test_each_work_runs_in_its_own_fresh_process_and_results_keep_their_order(tmp_path: Path) -> None:
    works = [lambda i=i: (i, *_note(tmp_path, f"w{i}")) for i in range(5)]
    results = run_forked(works, 2)
    assert [r[0] for r in results] == [0, 1, 2, 3, 4]
    pids = {r[1] for r in results}
    assert len(pids) == 5 and os.getpid() not in pids  # a fresh process for each, never this one
    assert {r[2] for r in results} == {os.getpid()}
    spans = [tuple(map(float, (tmp_path / f"w{i}").read_text().split())) for i in range(5)]
    most = max(sum(1 for s, e in spans if s <= t < e) for t, _ in spans)
    assert most == 2  # two at a time, never more


def test_an_error_is_raised_after_the_running_children_and_stops_new_work(tmp_path: Path) -> None:
    def fails() -> None:
        raise ValueError("broken page")

    works = [lambda: _note(tmp_path, "slow", 1.0), fails, lambda: _note(tmp_path, "never")]
    with pytest.raises(ValueError, match="broken page"):
        run_forked(works, 2)
    assert (tmp_path / "slow").exists()  # waited for, not abandoned
    assert not (tmp_path / "never").exists()  # nothing new starts after a failure


def test_the_audit_in_several_processes_finds_what_one_process_finds(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    for i in range(12):
        page = site / f"p{i:02d}" / "index.html"
        page.parent.mkdir(parents=True)
        body = '<img src=x onerror="alert(1)">' if i in (3, 10) else "<p>fine</p>"
        page.write_text(f"<html><body><article>{body}</article></body></html>")
    monkeypatch.setenv("PLAYBOOK_SERIAL", "1")
    alone = audit_site(site, public=False)
    monkeypatch.delenv("PLAYBOOK_SERIAL")
    monkeypatch.setattr(audit, "PAGES_PER_PROCESS", 2)
    forks = []
    real = run_forked
    monkeypatch.setattr("generator.processes.run_forked", lambda works, n: (forks.append(len(works)), real(works, n))[1])
    shared = audit_site(site, public=False)
    assert forks and forks[0] >= 2 or (os.cpu_count() or 1) < 2
    assert [f.page for f in alone] == ["p03/index.html", "p10/index.html"]
    assert shared == alone


def test_repeated_keys_and_short_values_are_one_object_across_files() -> None:
    """A loaded project keeps each repeated name once: forked processes copy what they read."""
    first = parse_yaml("title: Onboarding\nowner: team-lead\n", "a.yaml").data
    second = parse_yaml("title: Something else\nowner: team-lead\n", "b.yaml").data
    assert [k for k in first] == [k for k in second]
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert first["owner"] is second["owner"]
    long = "word " * 20
    assert parse_yaml(f"summary: {long}\n", "c.yaml").data["summary"] is not parse_yaml(
        f"summary: {long}\n", "d.yaml").data["summary"]  # long text is left as it is
