"""`playbook serve`: edits show up, a single-playbook edit takes the fast path, broken edits don't."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import search_fragments

from generator.serve import Session

PLAYBOOK = "playbooks/first-week-for-a-new-teammate.yaml"
PAGE = "playbooks/first-week-for-a-new-teammate/index.html"


def search_texts(site: Path) -> dict[str, str]:
    return {url: text for url, (_bundle, text) in search_fragments(site).items()}


def edit(project: Path, old: str, new: str) -> None:
    path = project / PLAYBOOK
    text = path.read_text()
    assert old in text
    time.sleep(0.01)
    path.write_text(text.replace(old, new, 1))


def test_a_text_edit_rerenders_only_that_page_everywhere(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = project / ".playbook" / "serve" / "internal"
    session = Session(project, "internal", site)
    assert session.rebuild()
    before = search_texts(site)
    full_builds = []
    real = Session._everything
    monkeypatch.setattr(Session, "_everything", lambda self, p: (full_builds.append(1), real(self, p)))
    edit(project, "Say who their onboarding buddy is.", "Say who their onboarding buddy is, by name.")
    assert session.rebuild()
    assert full_builds == []  # the fast path
    for prefix in ("", "it/", "ru/", "hi/"):  # untranslated: every language shows the English text
        assert "onboarding buddy is, by name" in (site / prefix / PAGE).read_text()
    session.reindexer.wait()  # search follows in the background
    after = search_texts(site)
    url = "/playbooks/first-week-for-a-new-teammate/"
    assert after.keys() == before.keys()
    assert "by name" in after[url] and "by name" not in before[url]
    assert {u: t for u, t in after.items() if u != url} == {u: t for u, t in before.items() if u != url}
    assert "by name" in search_texts(site / "it")["/playbooks/first-week-for-a-new-teammate/"]


def test_a_title_edit_rebuilds_everything(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = project / ".playbook" / "serve" / "internal"
    session = Session(project, "internal", site)
    assert session.rebuild()
    edit(project, "title: First week for a new teammate", "title: First fortnight for a new teammate")
    assert session.rebuild()
    assert "First fortnight for a new teammate" in (site / "roles/customer-success-manager/index.html").read_text()
    assert "First fortnight for a new teammate" in (site / "kinds/onboarding-checklist/index.html").read_text()


def test_a_broken_edit_keeps_the_last_good_site(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = project / ".playbook" / "serve" / "internal"
    session = Session(project, "internal", site)
    assert session.rebuild()
    good = (site / PAGE).read_bytes()
    edit(project, "owner: people-ops", "owner: peeple-ops")
    assert not session.rebuild()
    assert (site / PAGE).read_bytes() == good
    err = capsys.readouterr().err
    assert f"{PLAYBOOK}:7:8: error: unknown role 'peeple-ops' (did you mean 'people-ops'?)" in err
    assert "still serving the last good site" in err


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.read().decode()
    except OSError:
        return ""


def _until(url: str, needle: str, timeout: float = 60) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        body = _get(url)
        if needle in body:
            return body
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} never served at {url}")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_serve_process_shows_edits_and_survives_broken_ones(project: Path, engine: str) -> None:
    """With Zensical every edit is a full build (it keeps no state in our process)."""
    port = _port()
    exe = Path(sys.executable).with_name("playbook")
    proc = subprocess.Popen([str(exe), "serve", "--root", str(project), "--dev-addr", f"127.0.0.1:{port}",
                             "--engine", engine],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    url = f"http://127.0.0.1:{port}/playbooks/first-week-for-a-new-teammate/"
    try:
        _until(url, "First week for a new teammate")
        edit(project, "Meet your buddy", "Meet your onboarding buddy")
        _until(url, "Meet your onboarding buddy")
        edit(project, "kind: onboarding-checklist", "kind: onboarding-checklst")
        time.sleep(2)
        assert "Meet your onboarding buddy" in _get(url)  # the last good site, not an error
        edit(project, "kind: onboarding-checklst", "kind: onboarding-checklist")
        edit(project, "Meet your onboarding buddy", "Meet your buddy again")
        _until(url, "Meet your buddy again")
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, err = proc.communicate()
    assert "unknown kind 'onboarding-checklst' (did you mean 'onboarding-checklist'?)" in err
    assert "Traceback" not in err
    assert bool(re.search(r"built the internal site \(.*, Zensical \d", err)) == (engine == "zensical")
    if engine == "zensical":
        assert "rebuilt playbooks/" not in err  # no single-page path: full builds only
