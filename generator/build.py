"""Run MkDocs on the generated projects into a temporary folder, then swap it into place.

A build that fails at any point (a template error, a MkDocs error, a full disk) leaves the
previous site in --site-dir exactly as it was: the new site is only ever moved into place whole.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .emit import SOURCES_LIST, BuildContext, compare_with_release, emit_languages, prefix_of
from .kinds import discover
from .model import Project
from .render import TemplateProblem
from .search import EXCLUDED_LIST, SearchIndexError, index_site
from .select import select
from .sitedir import (
    SiteDirError,
    check_site_dir,
    is_own_folder,
    made_by_playbook,
    remove_leftovers,
    write_marker,
)
from .watchdog import PageTooSlow

log = logging.getLogger("playbook")


class BuildError(Exception):
    """The site could not be built; the message says why in one line.

    `status` is the exit status the command line gives: 1 for what the content caused, 2 for the
    environment (a full or read-only disk, a missing program)."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:  # raised again after a forked worker
        return (type(self), (str(self), self.status))


def environment_error(exc: OSError, what: str) -> BuildError:
    """An OSError as one line an editor can act on, with the environment's exit status."""
    reason = {
        errno.ENOSPC: "the disk is full; free some space and build again",
        errno.EDQUOT: "the disk quota is used up; free some space and build again",
        errno.EROFS: "the disk is read-only; choose --site-dir on a writable disk",
        errno.EACCES: "permission denied; choose a folder you can write to",
        errno.EPERM: "permission denied; choose a folder you can write to",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    where = f" ({exc.filename})" if exc.filename else ""
    return BuildError(f"could not {what}{where}: {reason}", status=2)


@dataclass
class BuildResult:
    pages: int
    languages: list[str]
    seconds: float
    warnings: list[str] = field(default_factory=list)
    states: dict[str, Any] = field(default_factory=dict)  # lang -> incremental.LanguageState, when kept
    phases: dict[str, float] = field(default_factory=dict)  # step -> seconds, for whoever waits on a build

    def __str__(self) -> str:
        steps = ", ".join(f"{name} {secs:.1f}" for name, secs in self.phases.items())
        return f"{self.pages} pages in {len(self.languages)} languages, {self.seconds:.1f} s" + (
            f": {steps}" if steps else ""
        )


def build_today() -> dt.date:
    """The date reviews are judged against; PLAYBOOK_TODAY pins it for tests and previews."""
    pinned = os.environ.get("PLAYBOOK_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def work_dir(project: Project, audience: str) -> Path:
    """Where the generated projects of the last successful build stay, for inspection and tests."""
    return project.root / ".playbook" / "build" / audience


def cache_dir(project: Project, engine: str, audience: str) -> Path:
    """What the next build can reuse of this one (built pages, search bundles): keep it between
    CI runs to make a build after a small change fast. Deleting it only makes the next build cold."""
    return project.root / ".playbook" / "cache" / engine / audience


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_context(
    project: Project, today: dt.date | None = None, versioned: bool = False, engine: str = "mkdocs"
) -> BuildContext:
    return BuildContext(
        project=project,
        kinds=discover((project.root / "kinds",)),
        today=today or build_today(),
        languages=project.settings.languages,
        versioned=versioned,
        engine=engine,
    )


def emit_projects(
    project: Project,
    audience: str,
    out_dir: Path,
    today: dt.date | None = None,
    versioned: bool = False,
    release: Any = None,
    engine: str = "mkdocs",
    parallel: bool = False,
) -> list[tuple[str, Path]]:
    """Write one MkDocs project per language into out_dir/LANG; returns (language, mkdocs.yml).

    `release` (release.Release) is what a published build is; a build that is not published is
    compared with the last published release of its audience (published.preview_release).
    `parallel`: each language is written by a forked process of its own, as many at once as
    there are cores (`build`; `serve` keeps one process, whose threads serve pages meanwhile).
    This process then never holds the pages' rendering state, so the engine's processes forked
    after it start smaller. (Two languages per process let an untranslated playbook's rendered
    values serve both, but each process then held two languages' state: at 5,000 playbooks this
    step peaked at 529 MB, with one language per process at 486 MB, about 1 s slower.)"""
    ctx = build_context(project, today, versioned, engine)
    if release is None:
        from .published import preview_release

        release = preview_release(project, audience, ctx.today)
    ctx.release = release
    default = project.settings.default_language
    languages = project.settings.languages
    places = [(lang, out_dir / lang, Path("site") / prefix_of(lang, default)) for lang in languages]
    compare_with_release(ctx, [select(project, audience, lang) for lang in languages])
    workers = min(len(places), os.cpu_count() or 1)
    if not parallel or workers < 2 or os.environ.get("PLAYBOOK_SERIAL") == "1":
        return list(zip(languages, _emit_selected(ctx, audience, places), strict=True))
    import gc

    from .processes import run_forked

    shares = [[place] for place in places]  # one fresh process per language (processes.run_forked)
    gc.collect()
    gc.freeze()  # shared with the children as it is: the collector's passes would copy it
    try:
        written = run_forked([functools.partial(_emit_selected, ctx, audience, share) for share in shares], workers)
    finally:
        gc.unfreeze()
    configs = {lang: config for share, done in zip(shares, written, strict=True)
               for (lang, _out, _site), config in zip(share, done, strict=True)}  # fmt: skip
    return [(lang, configs[lang]) for lang in languages]


def _emit_selected(ctx: BuildContext, audience: str, places: list[tuple[str, Path, Path]]) -> list[Path]:
    """The languages' projects, selected here: in a forked writer the selections are its own,
    and the parent, which never holds them, stays smaller while the writers run."""
    jobs = [(select(ctx.project, audience, lang), out, site) for lang, out, site in places]
    return emit_languages(ctx, jobs)


@contextmanager
def mkdocs_run(config_file: Path) -> Iterator[list[str]]:
    """Collect MkDocs' warnings and turn its errors into one BuildError naming the language (and
    the source file, when one page was the cause)."""
    from mkdocs.exceptions import MkDocsException

    name = config_file.parent.name
    capture = _Capture()
    mk_log = logging.getLogger("mkdocs")
    mk_log.addHandler(capture)
    try:
        yield capture.messages
    except PageTooSlow as exc:
        origin = source_of(config_file, exc.src_uri)
        raise BuildError(
            f"{origin}:1:1: error: {exc.reason}; simplify it (long runs of brackets or emphasis markers are "
            "the usual cause) or split it into smaller pages"
        ) from exc
    except MkDocsException as exc:
        raise BuildError(f"MkDocs could not build {name}: {exc}") from exc
    except SystemExit as exc:  # mkdocs' Abort
        raise BuildError(f"MkDocs stopped building {name}: {exc}") from exc
    finally:
        mk_log.removeHandler(capture)


def source_of(config_file: Path, docs_path: str) -> str:
    """The project file a generated docs page came from (emit lists them beside mkdocs.yml)."""
    listed = config_file.parent / SOURCES_LIST
    try:
        origins: dict[str, str] = json.loads(listed.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        origins = {}
    return origins.get(docs_path, f"docs/{docs_path}")


def run_mkdocs(config_file: Path, site_dir: Path | None = None, cache: Path | None = None) -> list[str]:
    """Build one generated project (into site_dir when given, reusing pages from the page cache
    folder when given); returns MkDocs' warnings."""
    from mkdocs.commands import build as mkdocs_build

    from .incremental import lean_config

    with mkdocs_run(config_file) as warnings:
        mkdocs_build.build(lean_config(config_file, site_dir, cache))
    return warnings


def _build_one(job: tuple[str, Path, Path, str, Path | None]) -> tuple[str, list[str]]:
    from .engines import get_engine

    lang, config, out, engine, cache = job
    return lang, get_engine(engine).build(lang, config, out, cache)


def build_languages(
    configs: list[tuple[str, Path]], staging: Path, default: str, engine: str = "mkdocs", cache: Path | None = None
) -> list[str]:
    """Build each language's site into its own folder, in parallel processes when there are cores
    to spare (one build uses one), then nest the other languages under the default's. `cache`
    is the folder of the engine's cache of built pages (engines.py), when one is kept."""
    from .engines import get_engine

    jobs = [
        (
            lang,
            config,
            staging if lang == default else staging.with_name(f"{staging.name}-{lang}"),
            engine,
            None if cache is None else cache / lang,
        )
        for lang, config in configs
    ]
    warnings: list[str] = []
    workers = min(len(jobs), os.cpu_count() or 1, 4)
    runner = get_engine(engine)
    try:
        if workers > 1 and os.environ.get("PLAYBOOK_SERIAL") != "1" and not runner.in_process:
            import concurrent.futures

            runner.prepare(jobs[0][1])
            with concurrent.futures.ThreadPoolExecutor(workers) as threads:  # each build is a process
                for _lang, found in threads.map(_build_one, jobs):
                    warnings += found
        elif workers > 1 and os.environ.get("PLAYBOOK_SERIAL") != "1":
            import gc

            from .processes import run_forked

            # Share rather than copy: MkDocs, Material and the Markdown extensions imported once
            # here (loading a configuration imports them all), and everything made so far moved
            # out of the garbage collector's reach, whose passes would copy each page it touches.
            # One fresh process per language (processes.run_forked says why).
            runner.prepare(jobs[0][1])
            gc.collect()
            gc.freeze()
            try:
                for _lang, found in run_forked([functools.partial(_build_one, job) for job in jobs], workers):
                    warnings += found
            finally:
                gc.unfreeze()  # this process goes on (serve, tests): its garbage is collected again
        else:
            for job in jobs:
                warnings += _build_one(job)[1]
        for lang, _config, out, _engine, _cache in jobs:
            if lang != default:
                out.rename(staging / lang)
    finally:
        for lang, _config, out, _engine, _cache in jobs:
            if lang != default and out.exists():
                shutil.rmtree(out, ignore_errors=True)
    return warnings


def search_scope(config: Path, lang: str, languages: list[str], default: str) -> dict[str, list[str]]:
    """What Pagefind skips in one language's built site: the other languages' folders nested
    under the default one, and the pages whose front matter left them out of search (emit
    lists their URLs next to the generated mkdocs.yml)."""
    listed = config.parent / EXCLUDED_LIST
    return {
        "skip_dirs": [other for other in languages if other != default] if lang == default else [],
        "excluded": listed.read_text(encoding="utf-8").split() if listed.is_file() else [],
    }


def index_languages(
    configs: list[tuple[str, Path]], staging: Path, default: str, ui: bool = False, cache: Path | None = None
) -> None:
    """Pagefind over each built language, one after another: it uses every core by itself, and
    running after the MkDocs processes have ended keeps their memory and its own apart. `ui`
    keeps Pagefind's own search UI (what the Zensical engine's pages search with); `cache` holds
    bundles of earlier builds, reused when their pages are the same."""
    languages = [lang for lang, _ in configs]
    for lang, config in configs:
        try:
            index_site(
                staging / prefix_of(lang, default),
                **search_scope(config, lang, languages, default),
                ui=ui,
                cache=cache / lang if cache else None,
            )
        except SearchIndexError as exc:
            raise BuildError(f"Pagefind could not index the {lang} site: {exc}") from exc


def refuse_unsafe_pages(project: Project, staging: Path, audience: str) -> None:
    """The built pages read back (audit.py): anything that could run script stops the build."""
    from .audit import audit_site
    from .leaks import source_file

    findings = audit_site(staging, public=audience == "public")
    if findings:
        where = "; ".join(
            f"{source_file(project, f.page) or f.page}: {f.what} in {f.page}" for f in findings[:5]
        )
        raise BuildError(f"the built site holds what could run script or should not be there ({len(findings)} "
                         f"finds): {where}; remove it from the source (the sanitizer should have: please report it)")


def swap_into_place(new_site: Path, site_dir: Path, *, check: bool = True) -> None:
    """Replace site_dir by new_site with two renames on one file system; restore on failure.

    Only a folder this tool made is ever moved aside and removed (sitedir.made_by_playbook), or
    an empty one; anything else stops the build with the previous folder untouched."""
    backup = None
    if site_dir.exists() or site_dir.is_symlink():
        if check and not (site_dir.is_dir() and (made_by_playbook(site_dir) or not any(site_dir.iterdir()))):
            raise BuildError(f"{site_dir} holds files playbook did not write; it was left as it was", status=2)
        backup = site_dir.with_name(f".{site_dir.name}.previous-{os.getpid()}")
        if backup.exists():
            shutil.rmtree(backup)
        site_dir.rename(backup)
    try:
        new_site.rename(site_dir)
    except OSError:
        if backup is not None:
            backup.rename(site_dir)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def build_site(
    project: Project,
    audience: str,
    site_dir: Path,
    today: dt.date | None = None,
    versioned: bool = False,
    *,
    work: Path | None = None,
    keep_state: bool = False,
    release: Any = None,
    engine: str | None = None,
) -> BuildResult:
    """Build every language into a staging folder, leak-scan a public site, then swap it in.

    `serve` passes its own `work` folder (the generated projects stay where MkDocs' kept state
    points) and `keep_state`, which builds the languages one after another in this process and
    returns what `incremental.rebuild_pages` needs (MkDocs only); `build` uses a fresh work folder
    and parallel processes. `engine` is "mkdocs" or "zensical" (engines.py); by default the
    project's extra.playbook.engine."""
    started = time.perf_counter()
    # What the caches held before this build is older than this (a second early: a file system's
    # clock may lag a little behind time.time(), and a fresh entry must never look old).
    started_wall = time.time() - 1
    engine = engine or project.settings.engine
    keep_state = keep_state and engine == "mkdocs"
    try:
        site_dir = check_site_dir(project.root, site_dir, internal=True)
    except SiteDirError as exc:
        raise BuildError(str(exc), status=2) from None
    final_work = work_dir(project, audience)
    if not is_own_folder(project.root, project.root / ".playbook"):
        raise BuildError(f"{project.root / '.playbook'} is a link or lies outside the project; the tool keeps its "
                         "own files there and replaces them on every build: remove the link", status=2)
    pid = os.getpid()
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        final_work.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(site_dir.parent, site_dir.name)  # what a killed build left behind
        remove_leftovers(final_work.parent, final_work.name)
        # Each build has its own staging folders, so two builds of one project never collide;
        # the process id in their names tells the next build whether their build is still alive.
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-{pid}-", dir=site_dir.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; a site is read by the web server's user
        own_work = work is None
        if work is None:
            work = Path(tempfile.mkdtemp(prefix=f".{audience}.building-{pid}-", dir=final_work.parent))
    except OSError as exc:
        raise environment_error(exc, "prepare the build folders") from exc
    default = project.settings.default_language
    states: dict[str, Any] = {}
    phases: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases[name] = now - clock
        clock = now

    try:
        try:
            configs = emit_projects(project, audience, work, today, versioned, release, engine, parallel=not keep_state)
        except OSError as exc:
            raise environment_error(exc, f"write the {audience} project") from exc
        except BuildError:
            raise
        except TemplateProblem as exc:  # a kind's template: the project's to fix, at its line
            raise BuildError(str(exc)) from exc
        except Exception as exc:  # a template error: a bug, never half a site
            raise BuildError(f"could not write the {audience} project: {type(exc).__name__}: {exc}") from exc
        lap("pages")
        cache = None if keep_state else cache_dir(project, engine, audience)
        if keep_state:
            states, warnings = _build_keeping_state(configs, staging, default)
        else:
            warnings = build_languages(configs, staging, default, engine, cache / "pages" if cache else None)
        lap("Zensical" if engine == "zensical" else "MkDocs")
        index_languages(configs, staging, default, ui=engine == "zensical", cache=cache / "search" if cache else None)
        lap("search")
        # Every page, every build, never from a record in the cache: a cache CI restores could be
        # written by someone else, and this audit is what would notice a poisoned page cache.
        refuse_unsafe_pages(project, staging, audience)
        lap("audit")
        if audience == "public":
            from .leaks import describe, find_leaks, traceable_first

            leaks = find_leaks(project, staging)
            lap("leak scan")
            if leaks:
                where = "; ".join(describe(project, leak) for leak in traceable_first(project, leaks)[:5])
                raise BuildError(f"the public site would leak internal content ({len(leaks)} finds): {where}")
        pages = sum(1 for _ in staging.rglob("index.html"))
        write_marker(staging, audience)
        swap_into_place(staging, site_dir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if own_work:
            shutil.rmtree(work, ignore_errors=True)
        raise environment_error(exc, f"build the {audience} site") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if own_work:
            shutil.rmtree(work, ignore_errors=True)
        raise
    if own_work:
        try:
            swap_into_place(work, final_work, check=False)  # .playbook/build/<audience>: the tool's own
        except OSError:  # another build of this project finished first; its projects stay
            shutil.rmtree(work, ignore_errors=True)
    lap("swap")
    if cache is not None:
        from .pagecache import prune

        # Zensical's own cache (engines.py) keeps what it keeps; ours hold what this build used.
        prune(cache if engine == "mkdocs" else cache / "search", started_wall)
        lap("cache")
    return BuildResult(
        pages=pages,
        languages=[lang for lang, _ in configs],
        seconds=time.perf_counter() - started,
        warnings=warnings,
        states=states,
        phases=phases,
    )


def _build_keeping_state(
    configs: list[tuple[str, Path]], staging: Path, default: str
) -> tuple[dict[str, Any], list[str]]:
    from .incremental import full_build

    states: dict[str, Any] = {}
    warnings: list[str] = []
    for lang, config in configs:  # the default language first: its build cleans the staging root
        with mkdocs_run(config) as found:
            states[lang] = full_build(config, staging / prefix_of(lang, default))
        warnings += found
    return states, warnings
