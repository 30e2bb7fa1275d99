"""Time from saving an edit to the served page showing it, with `playbook serve` running.

    python bench/serve_latency.py --playbooks 2000

Starts `playbook serve` on the corpus, waits for the first build, then edits one playbook several
times (a task's text, as an editor would) and polls the page until the new text is served.
Last line: `edit-to-served: X.XX s` (the median).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

from common import PLAYBOOK, median
from corpus import cached


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def wait_for(url: str, needle: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if needle in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {needle!r} at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--playbooks", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    root = cached(args.playbooks)
    target = root / "playbooks" / "pb-00000.yaml"  # an onboarding checklist
    original = target.read_text(encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/playbooks/pb-00000/"
    proc = subprocess.Popen(
        [PLAYBOOK, "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    times = []
    try:
        first = wait_for(url, "pb-00000", args.timeout)
        print(f"first build served after {first:.1f} s")
        for i in range(args.edits):
            token = f"Edited{i}x{int(time.time())}"
            edited = re.sub(r"(- task: )", rf"\g<1>{token} ", original, count=1)
            time.sleep(1.0)  # let the watcher settle, as between an editor's saves
            target.write_text(edited, encoding="utf-8")
            start = time.perf_counter()
            wait_for(url, token, args.timeout)
            times.append(time.perf_counter() - start)
            print(f"edit {i + 1}: {times[-1]:.2f} s")
    finally:
        target.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    print(f"edit-to-served: {median(times):.2f} s")


if __name__ == "__main__":
    main()
