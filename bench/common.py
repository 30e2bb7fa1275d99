"""Timing helpers shared by the benchmarks: run a command in a child, report wall time and peak RSS."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
PLAYBOOK = str(Path(PY).with_name("playbook"))

_RUNNER = (
    "import resource, subprocess, sys, time, json;"
    "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE);"
    "d = time.perf_counter() - t;"
    "print(json.dumps({'seconds': d, 'rss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " 'code': p.returncode, 'err': p.stderr.decode()[-2000:]}))"
)


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict:
    """Wall seconds and the peak RSS of the command and its children (a fresh runner per call)."""
    out = subprocess.run(
        [PY, "-c", _RUNNER, *cmd],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result['err']}")
    return result


def median(values: list[float]) -> float:
    return statistics.median(values)


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
