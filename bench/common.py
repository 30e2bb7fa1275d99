"""Timing helpers shared by the benchmarks: run a command, report wall time and peak memory.

Peak memory is the largest sum of proportional set size (PSS) over the command's whole process tree,
sampled from /proc every 50 ms: `playbook build` builds languages in forked processes, so the
largest single process would understate what the machine needs and a sum of RSS would count the
pages a fork shares with its parent twice.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
PLAYBOOK = str(Path(PY).with_name("playbook"))


def _pss_kb(pid: int, fallback: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return fallback


def _tree_rss_kb(root_pid: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = _pss_kb(int(entry), int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024))
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict:
    """Wall seconds, CPU seconds and peak memory (all processes of the command together).

    CPU seconds (user + system of the command and every process it waited for) say what the
    work costs whatever else the machine runs; wall seconds are what a user waits."""
    cpu = _cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return {"seconds": seconds, "cpu": _cpu() - cpu, "rss_kb": peak[0], "code": proc.returncode,
            "out": out.decode(errors="replace")}


def median(values: list[float]) -> float:
    return statistics.median(values)


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
