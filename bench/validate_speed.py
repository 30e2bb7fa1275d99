"""How long `playbook validate` takes on N generated playbooks (target at N=2,000: under 2 s).

    python bench/validate_speed.py --playbooks 2000

Last line: `validate: X.XX s` (the median of --runs runs, each a fresh process, as an editor runs it).
"""

from __future__ import annotations

import argparse

from common import PLAYBOOK, measure, median
from corpus import cached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--playbooks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = cached(args.playbooks)
    files = len(list((root / "playbooks").glob("*.yaml")))
    times, rss = [], []
    for _ in range(args.runs):
        r = measure([PLAYBOOK, "validate", "--root", str(root)])
        times.append(r["seconds"])
        rss.append(r["rss_kb"])
    print(f"files: {files} YAML files ({args.playbooks} playbooks and their translations)")
    print(f"runs: {', '.join(f'{t:.2f}' for t in times)} s; peak memory {max(rss) / 1024:.0f} MB")
    print(f"validate: {median(times):.2f} s")


if __name__ == "__main__":
    main()
