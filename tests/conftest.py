"""Small helpers that build a project or run the CLI in one line, as MkDocs' own tests do."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = Path(__file__).parent / "examples"
PROJECTS = Path(__file__).parent / "projects"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line]


def cli(*args: str | Path) -> Run:
    """Run `playbook ARGS` in this process (fast); stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def cli_process(*args: str | Path, cwd: Path | None = None, timeout: float = 120) -> Run:
    """Run the installed console script in a new process: what an editor's shell does."""
    exe = Path(sys.executable).with_name("playbook")
    proc = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    return Run(proc.returncode, proc.stdout, proc.stderr)


def new_project(path: Path, languages: str = "en,it,ru,hi") -> Path:
    result = cli("init", path, "--languages", languages)
    assert result.code == 0, result.err
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh project made by `playbook init`, as the contract's users make them."""
    return new_project(tmp_path / "proj")


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    """A copy of this repository's sample handbook, to edit."""
    root = tmp_path / "handbook"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("playbooks", "content", "theme", "schemas"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture
def fixture_project(tmp_path: Path):
    def copy(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(PROJECTS / name, dest)
        return dest
    return copy


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-23")


ENGINES = ["mkdocs", "zensical"]


@pytest.fixture(scope="session")
def sample_sites(tmp_path_factory):
    """The sample handbook built by an engine, once per engine per session (per test worker)."""
    built: dict[str, Path] = {}

    def site(engine: str) -> Path:
        if engine not in built:
            out = tmp_path_factory.mktemp(f"sample-{engine}") / "site"
            result = cli("build", "--root", REPO, "--site-dir", out, "--engine", engine)
            assert result.code == 0, result.err
            built[engine] = out
        return built[engine]

    return site


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (see tests/browser.py for how it is started)."""
    from browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def search_fragments(site: Path) -> dict[str, tuple[str, str]]:
    """Page URL -> (Pagefind bundle, the text indexed for it), read from every bundle's fragments."""
    from generator.check import site_file_text

    found = {}
    for path in (site / "pagefind").glob("*/fragment/*.pf_fragment"):
        text = site_file_text(path) or ""
        data = json.loads(text[text.index("{") :])
        found[data["url"]] = (path.parent.parent.name, data["content"])
    return found
