"""Time from saving an edit to the served site showing it everywhere, with `playbook serve` running.

    python bench/serve_latency.py --playbooks 2000 [--edit body|title|new|delete ...] [--edits 5]

Starts `playbook serve` on the corpus, waits for the first build, then makes each kind of edit
several times, as an editor would, and polls until every page that must show it does (nothing
stale), through the server, as a browser would:
- body: a task's text in one playbook; its page.
- title: one playbook's title; its page, its kind's page, the page of each of its roles, the tags
  page, and its page in Italian (it is not translated, so every language shows the new title).
- new: a new playbook file; its page, and its title on its kind's and its roles' pages.
- delete: that new playbook deleted; its page gone (404) and its title gone from those pages.
Each line says one edit's time; per kind, the median; the last line, `edit-to-served: X.XX s`, is
the slowest kind's median.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import yaml
from common import PLAYBOOK, median
from corpus import cached

KINDS = ("body", "title", "new", "delete")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def wait_until(checks: list[Callable[[], bool]], timeout: float) -> float:
    """Seconds until every check holds at once (each polled through the server)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if all(check() for check in checks):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise SystemExit(f"timed out after {timeout:.0f} s")


def shows(url: str, needle: str) -> Callable[[], bool]:
    return lambda: needle in fetch(url)[1]


def lacks(url: str, needle: str) -> Callable[[], bool]:
    def check() -> bool:
        status, body = fetch(url)
        return status == 200 and needle not in body

    return check


def gone(url: str) -> Callable[[], bool]:
    return lambda: fetch(url)[0] == 404


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--playbooks", type=int, default=2000)
    parser.add_argument("--edit", choices=KINDS, action="append", help="the kinds of edit to time (default: all)")
    parser.add_argument("--edits", type=int, default=5, help="edits of each kind")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    kinds = args.edit or list(KINDS)
    root = cached(args.playbooks)
    playbooks = root / "playbooks"
    target = playbooks / "pb-00006.yaml"  # an onboarding checklist, untranslated: shown in every language
    original = target.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    model = (playbooks / "pb-00018.yaml").read_text(encoding="utf-8")  # also an onboarding checklist
    model_data = yaml.safe_load(model)
    # The last run's served site would answer before this run's first build has finished.
    shutil.rmtree(root / ".playbook" / "serve", ignore_errors=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    page = f"{base}/playbooks/pb-00006/"
    proc = subprocess.Popen(
        [PLAYBOOK, "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    made: list[Path] = []

    def save(path: Path, text: str) -> float:
        time.sleep(1.0)  # let the watcher settle, as between an editor's saves
        path.write_text(text, encoding="utf-8")
        return time.perf_counter()

    try:
        first = wait_until([shows(page, "pb-00006")], args.timeout)
        print(f"first build served after {first:.1f} s", flush=True)
        for i in range(args.edits):
            token = f"Edited{i}x{int(time.time())}"
            if "body" in kinds:
                save(target, re.sub(r"(- task: )", rf"\g<1>{token} ", original, count=1))
                times["body"].append(wait_until([shows(page, token)], args.timeout))
                print(f"body {i + 1}: {times['body'][-1]:.2f} s", flush=True)
            if "title" in kinds:
                title = f"{token} {data['title']}"
                save(target, original.replace(f"title: {data['title']}", f"title: {title}", 1))
                where = [page, f"{base}/kinds/{data['kind']}/", f"{base}/tags/", f"{base}/it/playbooks/pb-00006/"]
                where += [f"{base}/roles/{rid}/" for rid in data["roles"]]
                times["title"].append(wait_until([shows(url, token) for url in where], args.timeout))
                print(f"title {i + 1}: {times['title'][-1]:.2f} s ({len(where)} pages)", flush=True)
            if "new" in kinds or "delete" in kinds:
                pid = f"pb-new-{i}-{int(time.time())}"
                path = playbooks / f"{pid}.yaml"
                title = f"New{token} {model_data['title']}"
                text = model.replace("id: pb-00018", f"id: {pid}").replace(
                    f"title: {model_data['title']}", f"title: {title}", 1
                )
                text = re.sub(r"(?m)^related: .*$", "related: []", text)
                where = [f"{base}/kinds/{model_data['kind']}/"] + [f"{base}/roles/{r}/" for r in model_data["roles"]]
                save(path, text)
                made.append(path)
                took = wait_until([shows(f"{base}/playbooks/{pid}/", title)] + [shows(u, title) for u in where],
                                  args.timeout)
                if "new" in kinds:
                    times["new"].append(took)
                    print(f"new {i + 1}: {took:.2f} s", flush=True)
                if "delete" in kinds:
                    time.sleep(1.0)
                    path.unlink()
                    start = time.perf_counter()
                    wait_until([gone(f"{base}/playbooks/{pid}/")] + [lacks(u, title) for u in where], args.timeout)
                    times["delete"].append(time.perf_counter() - start)
                    made.remove(path)
                    print(f"delete {i + 1}: {times['delete'][-1]:.2f} s", flush=True)
            if "title" in kinds or "body" in kinds:
                save(target, original)
                time.sleep(1.0)
    finally:
        target.write_text(original, encoding="utf-8")
        for path in made:
            path.unlink(missing_ok=True)
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    medians = {kind: median(values) for kind, values in times.items() if values}
    for kind, value in medians.items():
        print(f"{kind}: median {value:.2f} s (min {min(times[kind]):.2f}, max {max(times[kind]):.2f})")
    print(f"edit-to-served: {max(medians.values()):.2f} s")


if __name__ == "__main__":
    main()
