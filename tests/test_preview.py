"""The live preview tells the editor: an overlay listing the errors on every served page, live."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.preview import overlay

PLAYBOOK = "playbooks/first-week-for-a-new-teammate.yaml"


def test_the_overlay_lists_each_problem_escaped_in_the_page_language() -> None:
    problems = [Diagnostic("playbooks/x.yaml", 3, 8, "error", "bad", "unknown role '<b>x</b>'")]
    text = overlay(problems, "it")
    assert "playbooks/x.yaml:3:8: unknown role &#x27;&lt;b&gt;x&lt;/b&gt;&#x27;" in text
    assert "Non aggiornato" in text and "<b>x</b>" not in text
    assert overlay([], "en") == ""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_served(url: str, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing served at {url}")


@pytest.mark.browser
def test_the_overlay_appears_on_a_broken_save_and_clears_on_the_fix(project: Path, browser) -> None:
    port = _port()
    exe = Path(sys.executable).with_name("playbook")
    proc = subprocess.Popen([str(exe), "serve", "--root", str(project), "--dev-addr", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    path = project / PLAYBOOK
    good = path.read_text()
    context = browser.new_context()
    try:
        _wait_served(f"http://127.0.0.1:{port}/playbooks/first-week-for-a-new-teammate/")
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/it/roles/people-ops/")  # any page, in any language
        assert page.locator("#pb-preview-errors").count() == 0
        time.sleep(0.5)
        path.write_text(good.replace("owner: people-ops", "owner: peeple-ops", 1))
        page.wait_for_selector("#pb-preview-errors", timeout=30000)
        box = page.locator("#pb-preview-errors")
        assert box.locator("h2").inner_text() == "Non aggiornato: ci sono problemi nei file"
        assert box.locator("li").all_inner_texts() == [
            f"{PLAYBOOK}:7:8: unknown role 'peeple-ops' (did you mean 'people-ops'?)"]
        # A second mistake while the first is still there: the list follows.
        path.write_text(good.replace("owner: people-ops", "owner: peeple-ops", 1).replace("onboards: employee", "onboards: staff"))
        page.wait_for_function("() => document.querySelectorAll('#pb-preview-errors li').length === 2", timeout=30000)
        path.write_text(good)
        page.wait_for_selector("#pb-preview-errors", state="detached", timeout=30000)
        assert page.locator("h1").first.inner_text()  # the page itself is back, without the overlay
    finally:
        context.close()
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
