"""`playbook build` against the engines building the very projects it generates, in one run.

    python bench/build_speed.py --playbooks 2000
    python bench/build_speed.py --playbooks 5000 --only-playbook [--engine zensical]   # scaling, memory

Four builds alternate, a b c d a b c d ... (--runs rounds):
(a) `playbook build` (load, validate, render, MkDocs for every language, Pagefind, swap), cold: the
    page cache (.playbook/cache) is removed before each run;
(b) plain `mkdocs build` of the projects (a) generated (.playbook/build/internal/<lang>: their
    mkdocs.yml, their nav, their overrides), one language after another, as a user of plain
    Material would build them (no search index: their pages are excluded from lunr, as in (a));
(c) `zensical build -c` of the same projects, one after another;
(d) `playbook build --engine zensical`, cold.
Then, once each, what CI does with the previous build's cache restored: (a) and (d) again with
nothing changed, and after one playbook's text changed; that site is compared with a cold build
of the same sources (the same bytes, or the run fails).
--with-directory-nav adds the old comparison (plain Material with MkDocs' directory nav and
navigation.prune, lunr over every page; about 9 minutes at N = 2,000) as a labelled extra line.
Last line: `ratio: X.XX` = median (a) / median (b).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
from pathlib import Path

import yaml
from common import HERE, PLAYBOOK, PY, measure, median, tree_bytes
from corpus import cached

ENV = {"PLAYBOOK_TODAY": "2026-11-23"}
NAMES = {
    "a": "(a) playbook build",
    "b": "(b) mkdocs build, each language",
    "c": "(c) zensical build, each language",
    "d": "(d) playbook build --engine zensical",
}


def playbook_build(root: Path, site: Path, engine: str, cold: bool = True) -> dict:
    """One `playbook build` as on a fresh CI checkout: no site and no generated projects from
    before (removing them is not timed, as for the plain builds), and, unless warm, no cache."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(root / ".playbook" / "build", ignore_errors=True)
    if cold:
        shutil.rmtree(root / ".playbook" / "cache" / engine, ignore_errors=True)
    return measure([PLAYBOOK, "build", "--root", str(root), "--site-dir", str(site), "--engine", engine], ENV)


def generated_projects(root: Path, work: Path) -> list[Path]:
    """A copy of the projects the last `playbook build` generated, one per language."""
    dest = work / "projects"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(root / ".playbook" / "build" / "internal", dest, ignore=shutil.ignore_patterns(".cache", "site"))
    return sorted(dest.glob("*/mkdocs.yml"))


def run_each(configs: list[Path], command: str) -> dict:
    """Build every language one after another in one child process, as a user's script would."""
    flag = "-q" if command == "mkdocs" else "-c"  # mkdocs: quiet; zensical: no cache of an earlier run
    script = (
        "import subprocess, sys\n"
        "for cfg in sys.argv[3:]:\n"
        "    subprocess.run([sys.executable, '-m', sys.argv[1], 'build', sys.argv[2], '-f', cfg], check=True,\n"
        "                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    )
    for cfg in configs:
        shutil.rmtree(cfg.parent / "site", ignore_errors=True)
        shutil.rmtree(cfg.parent / ".cache", ignore_errors=True)
    return measure([PY, "-c", script, command, flag, *map(str, configs)])


def directory_nav_projects(configs: list[Path], work: Path) -> list[Path]:
    """The old comparison: plain Material over the same pages with MkDocs' directory nav,
    navigation.prune and lunr over every page."""
    out = []
    for generated in configs:
        src = yaml.load(generated.read_text(), Loader=yaml.Loader)  # noqa: S506 - our own file
        dest = work / "directory-nav" / generated.parent.name
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(generated.parent / "docs", dest / "docs")
        for page in (dest / "docs").rglob("*.md"):
            page.write_text(page.read_text(encoding="utf-8").replace("search:\n  exclude: true\n", "", 1),
                            encoding="utf-8")
        config = {
            "site_name": "Plain Material",
            "theme": {"name": "material", "language": src["theme"]["language"], "font": False,
                      "features": ["navigation.prune"]},
            "markdown_extensions": src["markdown_extensions"],
            "plugins": [p for p in src["plugins"] if isinstance(p, dict) and "search" in p],
        }
        (dest / "mkdocs.yml").write_text(yaml.dump(config, allow_unicode=True))
        out.append(dest / "mkdocs.yml")
    return out


def edit_one(root: Path) -> tuple[Path, str]:
    """Change one playbook's text as an editor would (a word in its body, not its title or
    summary, which other pages show); returns the file and its old text."""
    import re

    path = root / "playbooks" / "pb-00001.yaml"
    old = path.read_text(encoding="utf-8")
    body = old.index("\nrelated:")
    match = re.compile(r"^(\s+(?:- )?\w+: )([A-Z])", re.M).search(old, body)
    assert match, f"no text to edit in {path}"
    path.write_text(old[: match.start(2)] + "Revised. " + old[match.start(2) :], encoding="utf-8")
    return path, old


def digest(site: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        h.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def rebuilds(root: Path, work: Path, sites: dict[str, Path], results: dict[str, list[dict]],
             names: dict[str, str]) -> None:
    """What CI gets with the previous build's cache restored (the last build of that engine left
    it): nothing changed, then one playbook's text; the second site is compared, byte for byte,
    with a cold build of the same sources."""
    for key, engine in (("a", "mkdocs"), ("d", "zensical")):
        if key not in results:
            continue
        cold = median([r["seconds"] for r in results[key]])
        same = playbook_build(root, sites[key], engine, cold=False)
        path, old = edit_one(root)
        try:
            one = playbook_build(root, sites[key], engine, cold=False)
            warm_digest = digest(sites[key])
            playbook_build(root, work / "site-fresh", engine)
            identical = digest(work / "site-fresh") == warm_digest
        finally:
            path.write_text(old, encoding="utf-8")
        cold_cpu = median([r["cpu"] for r in results[key]])
        print(f"{names[key]} with the previous build's cache: nothing changed {same['seconds']:.2f} s "
              f"({same['seconds'] / cold:.0%} of cold; CPU {same['cpu']:.1f} s, {same['cpu'] / cold_cpu:.0%}); "
              f"one playbook changed {one['seconds']:.2f} s ({one['seconds'] / cold:.0%} of cold; "
              f"CPU {one['cpu']:.1f} s, {one['cpu'] / cold_cpu:.0%}), peak {one['rss_kb'] / 1024:.0f} MB, "
              f"same bytes as a cold build: {'yes' if identical else 'NO'}")
        print(f"  {steps(one)}")
        if not identical:
            sys.exit("the build with the cache differs from a cold build")


def steps(result: dict) -> str:
    """The build's own line: its steps and their seconds."""
    line = result["out"].strip().splitlines()[-1]
    return line[line.find("(") :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--playbooks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--only-playbook", action="store_true", help="time `playbook build` alone (cold)")
    parser.add_argument("--engine", choices=["mkdocs", "zensical"], default="mkdocs", help="with --only-playbook")
    parser.add_argument("--with-directory-nav", action="store_true", help="add the old comparison (slow)")
    parser.add_argument("--only-rebuild", action="store_true",
                        help="one cold build per engine, then the rebuilds with its cache")
    args = parser.parse_args()
    root = cached(args.playbooks)
    work = HERE / "out" / f"build-{args.playbooks}"
    work.mkdir(parents=True, exist_ok=True)
    sites = {key: work / f"site-{key}" for key in "abcd"}

    if args.only_playbook:
        runs = [playbook_build(root, sites["a"], args.engine) for _ in range(args.runs)]
        pages = sum(1 for _ in sites["a"].rglob("index.html"))
        secs = median([r["seconds"] for r in runs])
        print(f"corpus: {args.playbooks} playbooks, {pages} pages; playbook build --engine {args.engine}, cold, "
              f"median {secs:.2f} s ({secs * 1000 / pages:.2f} ms/page), peak memory "
              f"{max(r['rss_kb'] for r in runs) / 1024:.0f} MB, site {tree_bytes(sites['a']) / 1e6:.0f} MB")
        for r in runs:
            print(f"  {r['seconds']:.1f} s (CPU {r['cpu']:.1f} s), {r['rss_kb'] / 1024:.0f} MB: {steps(r)}")
        print(f"build: {secs:.2f} s")
        return

    if args.only_rebuild:
        cold = {"a": [playbook_build(root, sites["a"], "mkdocs")], "d": [playbook_build(root, sites["d"], "zensical")]}
        for key in cold:
            print(f"{NAMES[key]}, cold: {cold[key][0]['seconds']:.2f} s (CPU {cold[key][0]['cpu']:.1f} s): "
                  f"{steps(cold[key][0])}")
        rebuilds(root, work, sites, cold, NAMES)
        return

    playbook_build(root, sites["a"], "mkdocs")  # generates the projects (b) and (c) build
    configs = generated_projects(root, work)
    results: dict[str, list[dict]] = {key: [] for key in "abcd"}
    for _ in range(args.runs):
        results["a"].append(playbook_build(root, sites["a"], "mkdocs"))
        results["b"].append(run_each(configs, "mkdocs"))
        results["c"].append(run_each(configs, "zensical"))
        results["d"].append(playbook_build(root, sites["d"], "zensical"))
    pages = sum(1 for _ in sites["a"].rglob("index.html"))
    built_b = sum(sum(1 for _ in (c.parent / "site").rglob("index.html")) for c in configs)
    print(f"corpus: {args.playbooks} playbooks, {pages} pages in {len(configs)} languages "
          f"(plain builds: {built_b}); {args.runs} rounds a b c d, alternating; {os.cpu_count()} cores")
    names = NAMES
    print(f"{'':38} {'median s':>9} {'runs':>15} {'ms/page':>8} {'CPU s':>7} {'peak MB':>8}")
    for key in "abcd":
        secs = [r["seconds"] for r in results[key]]
        peak = max(r["rss_kb"] for r in results[key]) / 1024
        runs = " ".join(f"{s:.1f}" for s in secs)
        cpu = median([r["cpu"] for r in results[key]])
        print(f"{names[key]:38} {median(secs):9.2f} {runs:>15} {median(secs) * 1000 / pages:8.2f} {cpu:7.1f} "
              f"{peak:8.0f}")
    for key in "ad":
        for r in results[key]:
            print(f"  {names[key]}: {steps(r)}")

    rebuilds(root, work, sites, results, names)
    if args.with_directory_nav:
        old_configs = directory_nav_projects(configs, work)
        extra = run_each(old_configs, "mkdocs")
        versus = median([r["seconds"] for r in results["a"]]) / extra["seconds"]
        print(f"extra: plain Material with the directory nav + prune, lunr over every page (the old comparison): "
              f"{extra['seconds']:.2f} s; (a) / that = {versus:.2f}")
    cpu_ratio = median([r["cpu"] for r in results["a"]]) / median([r["cpu"] for r in results["b"]])
    print(f"CPU seconds (a) / (b): {cpu_ratio:.2f}")
    ratio = median([r["seconds"] for r in results["a"]]) / median([r["seconds"] for r in results["b"]])
    print(f"ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
