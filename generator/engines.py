"""The engines that turn one generated project into one language's site: MkDocs or Zensical.

Both read the same generated project (Markdown pages, a complete mkdocs.yml, the theme
overrides): emit writes nothing engine-specific, and the overrides choose their markup by engine
(see theme/overrides/partials/search.html). What differs is how an engine is run:

- MkDocs runs in this process (or in a forked one per language), with the in-memory Lean plugin
  that keeps its memory small; `serve` keeps its state for the single-page fast path.
- Zensical runs as a subprocess (`python -m zensical build`), which runs no MkDocs plugin: it gets
  a copy of mkdocs.yml naming the folder to build into. Its warnings are read from its output.

Each engine builds one project into one folder, returns its warnings, and turns a failure into a
BuildError naming the language. Search is not an engine's job: Pagefind indexes the built HTML
afterwards, whichever engine wrote it (search.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Protocol

from .siteconfig import ENGINES

ZENSICAL_CONFIG = ".zensical.yml"  # written next to mkdocs.yml: the same settings, our site_dir
ZENSICAL_SITE = ".zensical-site"  # where Zensical builds, inside the project, before the move


class EngineUnavailable(Exception):
    """The engine asked for is not installed here; the message says how to install it."""


class Engine(Protocol):
    name: str
    #: the engine builds in this process: the caller may fork one process per language after
    #: prepare(); otherwise each build is a subprocess of its own and threads are enough to wait.
    in_process: bool

    def prepare(self, config_file: Path) -> None:
        """Load once what every language's build needs, before they start."""

    def build(self, lang: str, config_file: Path, site_dir: Path, cache: Path | None = None) -> list[str]:
        """Build one generated project into site_dir, reusing what the folder `cache` holds from
        earlier builds of this language (and keeping there what a later one can reuse); returns
        the engine's warnings."""
        ...

    def version(self) -> str:
        """Name and version: part of what a cached page depends on."""
        ...


class MkDocs:
    name = "mkdocs"
    in_process = True

    def prepare(self, config_file: Path) -> None:
        # Loading a configuration imports MkDocs, Material and every Markdown extension: done in
        # the parent, forked children share them instead of importing them again.
        from .build import mkdocs_run
        from .incremental import lean_config
        from .pagecache import environment_digest

        with mkdocs_run(config_file):
            lean_config(config_file)
        environment_digest()  # once, here: the forked language processes share it

    def build(self, lang: str, config_file: Path, site_dir: Path, cache: Path | None = None) -> list[str]:
        from .build import run_mkdocs

        return run_mkdocs(config_file, site_dir, cache) if cache is not None else run_mkdocs(config_file, site_dir)

    def version(self) -> str:
        from importlib.metadata import version

        return f"mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}"


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WHERE = re.compile(r"\[\s*(\S+:\d+:\d+)\s*\]")


class Zensical:
    name = "zensical"
    in_process = False

    def prepare(self, config_file: Path) -> None:
        self.version()  # fails early, with the install hint, when zensical is missing

    def build(self, lang: str, config_file: Path, site_dir: Path, cache: Path | None = None) -> list[str]:
        """Zensical keeps its own cache of rendered pages (`.cache` next to its configuration),
        but its keys hold the project's absolute path, and each build writes its projects into a
        new folder. So with `cache`, the project is moved into `cache/project` (renames on one
        file system), built there with the cache of the builds before, and moved back."""
        import fcntl

        if cache is None:
            return self._run(lang, config_file, site_dir, clean=True)
        cache.mkdir(parents=True, exist_ok=True)
        with open(cache / "lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # another build of this project is using it: build without
                return self._run(lang, config_file, site_dir, clean=True)
            place = cache / "project"
            place.mkdir(exist_ok=True)
            moved: list[str] = []
            try:
                for name in (*_PROJECT_PARTS, config_file.name):
                    if (place / name).exists() or (place / name).is_symlink():
                        _remove(place / name)
                    if (config_file.parent / name).exists():
                        (config_file.parent / name).rename(place / name)
                        moved.append(name)
                return self._run(lang, place / config_file.name, site_dir, clean=False)
            finally:
                for name in moved:
                    (place / name).rename(config_file.parent / name)

    def _run(self, lang: str, config_file: Path, site_dir: Path, clean: bool) -> list[str]:
        from .build import BuildError

        # Zensical builds only into a folder inside the project (the folder of its config): there,
        # then moved to site_dir (a rename: the projects and the site share a file system).
        inside = config_file.parent / ZENSICAL_SITE
        if inside.exists():
            shutil.rmtree(inside)
        config = config_with_site_dir(config_file, inside)
        # -c: start without the cache of an earlier build of this folder.
        command = [sys.executable, "-m", "zensical", "build", *(["-c"] if clean else []), "-f", str(config)]
        env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        try:
            done = subprocess.run(command, cwd=config.parent, capture_output=True, text=True, env=env, check=False)
        except OSError as exc:
            raise BuildError(f"Zensical could not be started for {lang}: {exc}") from exc
        finally:
            config.unlink(missing_ok=True)
        output = _ANSI.sub("", done.stderr + done.stdout)
        if done.returncode != 0 or not (inside / "index.html").is_file():
            shutil.rmtree(inside, ignore_errors=True)
            raise BuildError(f"Zensical could not build {lang}: {_failure(output)}")
        _move(inside, site_dir)
        return zensical_warnings(output)

    def version(self) -> str:
        try:
            from zensical import version
        except ImportError:
            raise EngineUnavailable(
                "the zensical engine is not installed; pip install 'zensical>=0.0.70,<0.0.74' "
                "(or install playbook with its zensical extra), or use --engine mkdocs"
            ) from None
        return f"zensical {version()}"


def config_with_site_dir(config_file: Path, site_dir: Path) -> Path:
    """A copy of a generated mkdocs.yml that builds into site_dir (Zensical has no option for it).

    It sits next to the original, so docs_dir and custom_dir mean the same folders."""
    from .siteconfig import dump, load_text

    config = load_text(config_file.read_text(encoding="utf-8"))
    config["site_dir"] = str(site_dir)
    target = config_file.with_name(ZENSICAL_CONFIG)
    target.write_text(dump(config), encoding="utf-8")
    return target


_PROJECT_PARTS = ("docs", "overrides")  # what emit writes next to mkdocs.yml that Zensical reads


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _move(built: Path, site_dir: Path) -> None:
    """Put a built folder at site_dir (which may exist, empty: a staging folder made for it)."""
    if site_dir.exists():
        site_dir.rmdir()
    try:
        built.rename(site_dir)
    except OSError:  # another file system
        shutil.copytree(built, site_dir)
        shutil.rmtree(built, ignore_errors=True)
    site_dir.chmod(0o755)


def zensical_warnings(output: str) -> list[str]:
    """`Warning: what` followed by a frame whose first line names `[ page.md:line:col ]`, as
    `page.md:line:col: what`."""
    found: list[str] = []
    lines = output.splitlines()
    for number, line in enumerate(lines):
        text = line.strip()
        if not text.startswith("Warning:"):
            continue
        message = text.removeprefix("Warning:").strip()
        where = next((m.group(1) for m in map(_WHERE.search, lines[number + 1 : number + 3]) if m), None)
        found.append(f"{where}: {message}" if where else message)
    return found


def _failure(output: str) -> str:
    """The line that says what went wrong: Python's exception line when there is one."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^(\w+\.)*\w*(Error|Exception)\b", line) or "error" in line.lower()]
    return (errors[-1] if errors else lines[-1] if lines else "no output")[:500]


def get_engine(name: str) -> Engine:
    if name == "zensical":
        return Zensical()
    if name == "mkdocs":
        return MkDocs()
    raise ValueError(f"unknown engine {name!r}; one of {', '.join(ENGINES)}")
