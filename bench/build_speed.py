"""`playbook build` against plain Material on the very same rendered pages, in one run.

    python bench/build_speed.py --playbooks 2000

(a) `playbook build` of the corpus (validate, render, every language, leak-free internal site);
(b) plain Material building the Markdown pages (a) rendered, every language, with its default
    config (the directory-based nav MkDocs makes when none is given);
(c) the same with `navigation.prune`.
Runs alternate a, b, c, a, b, c... Prints medians, ms per page, peak memory, site size and the
search bytes a reader downloads before the first result; last line `ratio: X.XX` = (a) / (c).
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import yaml
from common import HERE, PLAYBOOK, PY, measure, median, tree_bytes
from corpus import cached

SEARCH_EXCLUDED = "search:\n  exclude: true\n"  # our pages' front matter: Pagefind indexes them instead


def plain_projects(root: Path, work: Path, prune: bool) -> list[Path]:
    """One plain Material project per language over the pages `playbook build` rendered."""
    configs = []
    for generated in sorted((root / ".playbook" / "build" / "internal").iterdir()):
        src = yaml.load((generated / "mkdocs.yml").read_text(), Loader=yaml.Loader)  # noqa: S506 - our own file
        dest = work / ("prune" if prune else "default") / generated.name
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(generated / "docs", dest / "docs")
        for page in (dest / "docs").rglob("*.md"):  # plain Material indexes every page with lunr
            page.write_text(page.read_text(encoding="utf-8").replace(SEARCH_EXCLUDED, "", 1), encoding="utf-8")
        plugins = [p for p in src["plugins"] if isinstance(p, dict) and "search" in p]
        config = {
            "site_name": "Plain Material",
            "theme": {
                "name": "material",
                "language": src["theme"]["language"],
                "font": False,
                "features": ["navigation.prune"] if prune else [],
            },
            "markdown_extensions": src["markdown_extensions"],
            "plugins": plugins,
        }
        (dest / "mkdocs.yml").write_text(yaml.dump(config, allow_unicode=True))
        configs.append(dest / "mkdocs.yml")
    return configs


def run_plain(configs: list[Path], out: Path) -> dict:
    """Build every language one after another in one child process, as `mkdocs build` would."""
    script = (
        "import sys, subprocess\n"
        "for cfg, dest in zip(sys.argv[1::2], sys.argv[2::2]):\n"
        "    subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '-q', '-f', cfg, '-d', dest], check=True)\n"
    )
    args = []
    for cfg in configs:
        args += [str(cfg), str(out / cfg.parent.name)]
    if out.exists():
        shutil.rmtree(out)
    return measure([PY, "-c", script, *args])


def search_bytes(site: Path) -> int:
    """lunr: what a reader of the default language downloads before the first result, the whole
    index. (Pagefind's bytes depend on the query: bench/search_speed.py measures them.)"""
    index = site / "search" / "search_index.json"
    return index.stat().st_size if index.exists() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--playbooks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only-playbook", action="store_true",
                        help="time (a) alone, for scaling and memory figures at large N")
    args = parser.parse_args()
    root = cached(args.playbooks)
    work = HERE / "out" / f"build-{args.playbooks}"
    work.mkdir(parents=True, exist_ok=True)
    site_a = work / "site-a"
    env = {"PLAYBOOK_TODAY": "2026-11-23"}
    first = measure([PLAYBOOK, "build", "--root", str(root), "--site-dir", str(site_a)], env)  # renders pages for b, c
    if args.only_playbook:
        runs = [first] + [measure([PLAYBOOK, "build", "--root", str(root), "--site-dir", str(site_a)], env)
                          for _ in range(args.runs - 1)]
        pages = sum(1 for _ in site_a.rglob("index.html"))
        secs = median([r["seconds"] for r in runs])
        print(f"corpus: {args.playbooks} playbooks, {pages} pages; playbook build median {secs:.2f} s "
              f"({secs * 1000 / pages:.2f} ms/page), peak memory {max(r['rss_kb'] for r in runs) / 1024:.0f} MB, "
              f"site {tree_bytes(site_a) / 1e6:.0f} MB")
        for r in runs:
            print("  " + r["out"].strip().splitlines()[-1])  # the build's own steps
        print(f"build: {secs:.2f} s")
        return
    configs_b = plain_projects(root, work, prune=False)
    configs_c = plain_projects(root, work, prune=True)
    results: dict[str, list[dict]] = {"a": [], "b": [], "c": []}
    for _ in range(args.runs):
        results["a"].append(measure([PLAYBOOK, "build", "--root", str(root), "--site-dir", str(site_a)], env))
        results["b"].append(run_plain(configs_b, work / "site-b"))
        results["c"].append(run_plain(configs_c, work / "site-c"))
    sites = {"a": site_a, "b": work / "site-b", "c": work / "site-c"}
    pages = sum(1 for _ in site_a.rglob("index.html"))
    names = {"a": "playbook build", "b": "plain Material", "c": "plain Material + prune"}
    print(
        f"corpus: {args.playbooks} playbooks, {pages} pages in all languages; {args.runs} runs each, "
        f"alternating; {os.cpu_count()} cores"
    )
    print(f"{'':26} {'median s':>9} {'ms/page':>8} {'peak MB':>8} {'site MB':>8} {'search MB':>10}")
    for key in "abc":
        secs = median([r["seconds"] for r in results[key]])
        peak = max(r["rss_kb"] for r in results[key]) / 1024
        site = sites[key] if key == "a" else sites[key] / "en"
        size = tree_bytes(sites[key]) / 1e6
        searched = "Pagefind" if key == "a" else f"{search_bytes(site) / 1e6:.2f}"
        print(f"{names[key]:26} {secs:9.2f} {secs * 1000 / pages:8.2f} {peak:8.0f} {size:8.1f} {searched:>10}")
    ratio = median([r["seconds"] for r in results["a"]]) / median([r["seconds"] for r in results["c"]])
    print(f"ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
