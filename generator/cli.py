"""The `playbook` command: parses arguments, calls the steps, maps errors to exit codes.

Exit status is the contract: 0 nothing wrong (warnings allowed), 1 the content has errors,
2 a usage error. Nothing an editor can write produces a traceback; an unexpected one is a bug,
shown in full only with --debug.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, format_report, has_errors, summary
from .siteconfig import ENGINES

if TYPE_CHECKING:
    from .model import Project

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong arguments or a project that is not there: exit 2 with one line."""


def _root(value: str) -> Path:
    return Path(value).expanduser()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; write YYYY-MM-DD") from None


def _within(value: str) -> dt.timedelta:
    from .due import parse_within

    try:
        return parse_within(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _languages(value: str) -> list[str]:
    langs = [x.strip() for x in value.split(",") if x.strip()]
    bad = [x for x in langs if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", x)]
    if not langs or bad:
        raise argparse.ArgumentTypeError(f"'{value}' is not a list of language codes such as en,it,ru,hi")
    if len(set(langs)) != len(langs):
        raise argparse.ArgumentTypeError(f"'{value}' names a language twice")
    return langs


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="playbook",
        description="Write, check and publish CX and HR playbooks as a static site.",
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback for unexpected errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def with_root(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--root",
            type=_root,
            default=Path("."),
            metavar="DIR",
            help="the project directory (default: the current directory)",
        )

    p = sub.add_parser("init", help="create a new, working project")
    p.add_argument("dir", type=_root, metavar="DIR")
    p.add_argument(
        "--languages",
        type=_languages,
        default=["en", "it", "ru", "hi"],
        help="comma-separated language codes; the first is the default (default: en,it,ru,hi)",
    )

    p = sub.add_parser("validate", help="check every file and report every problem")
    with_root(p)
    p.add_argument("--format", choices=["text", "github", "json"], default="text")

    def with_engine(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--engine",
            choices=list(ENGINES),
            default=None,
            help="what builds the site (default: extra.playbook.engine in mkdocs.yml, else mkdocs)",
        )

    for name, helptext in (("build", "validate, then build the site"), ("serve", "build, serve and rebuild on change")):
        p = sub.add_parser(name, help=helptext)
        with_root(p)
        p.add_argument("--audience", choices=["internal", "public"], default="internal")
        with_engine(p)
        if name == "build":
            p.add_argument(
                "--site-dir",
                type=_root,
                default=None,
                metavar="DIR",
                help="where the site goes (default: ROOT/site, or ROOT/site-public for --audience public)",
            )
            p.add_argument("--format", choices=["text", "github", "json"], default="text")
        else:
            p.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")

    p = sub.add_parser("new", help="start a playbook: a skeleton of KIND that validates at once, with what to fill in")
    p.add_argument("kind", metavar="KIND")
    p.add_argument("id", metavar="ID")
    with_root(p)

    p = sub.add_parser(
        "check", help="what each owner has to do: reviews overdue or due soon, translations behind their source"
    )
    with_root(p)
    p.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD")
    p.add_argument(
        "--within",
        type=_within,
        default=dt.timedelta(days=30),
        metavar="PERIOD",
        help="how far ahead 'due soon' looks: 30d, 6w or 2m (default: 30d)",
    )
    p.add_argument("--strict", action="store_true", help="exit 1 when any review is overdue")
    p.add_argument("--format", choices=["text", "github", "json"], default="text")
    p.add_argument(
        "--leaks",
        type=_root,
        default=None,
        metavar="SITE",
        help="scan a built public site for any text of internal content",
    )
    p.add_argument(
        "--translations",
        action="store_true",
        help="list, per language, what to translate next: stale translations first, then the most-read "
        "untranslated playbooks (text, or json for translators' tools)",
    )
    p.add_argument("--language", default=None, metavar="LANG", help="with --translations: only this language")

    p = sub.add_parser(
        "schemas", help="write one JSON Schema per kind (and for roles.yaml and page front matter) for editors' IDEs"
    )
    with_root(p)
    p.add_argument(
        "--out", type=_root, default=None, metavar="DIR", help="where to write them (default: ROOT/schemas)"
    )

    p = sub.add_parser("review", help="record that a playbook was checked and is still true: sets its reviewed date")
    p.add_argument("id", metavar="ID")
    with_root(p)
    p.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD", help="the review's date (default: today)")

    p = sub.add_parser("publish", help="build and publish a version of the site with mike")
    p.add_argument("version", metavar="VERSION")
    p.add_argument("--alias", action="append", default=[], metavar="ALIAS")
    p.add_argument("--audience", choices=["internal", "public"], default="internal")
    with_engine(p)
    with_root(p)

    p = sub.add_parser("changes", help="what the next release changes against the last published one")
    with_root(p)
    p.add_argument("--since", default=None, metavar="VERSION",
                   help="compare with this published release (default: the last one published)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--audience", choices=["internal", "public"], default="internal")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except BrokenPipeError:  # stdout closed by the reader (`| head`) after a command's last line
        _stdout_gone()
        return EXIT_OK
    except UsageError as exc:
        print(f"playbook: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a traceback is a bug: say so, plainly
        if args.debug:
            raise
        print(
            f"playbook: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in playbook, not in your files; run again with --debug and report the traceback.",
            file=sys.stderr,
        )
        return 3


def _project_root(root: Path) -> Path:
    if not root.is_dir():
        raise UsageError(f"{root} is not a directory; pass --root with a project folder")
    if not (root / "mkdocs.yml").is_file() and not (root / "playbooks").is_dir():
        raise UsageError(
            f"{root} is not a playbook project (no mkdocs.yml or playbooks/); run 'playbook init DIR' to create one"
        )
    return root


def _require_engine(engine: str) -> None:
    """An engine that is not installed is a problem of this machine, not of the content: exit 2."""
    from .engines import EngineUnavailable, get_engine

    try:
        get_engine(engine).version()
    except EngineUnavailable as exc:
        raise UsageError(str(exc)) from None


def _stdout_gone() -> None:
    """The reader of our output went away (`playbook validate | head -1`): what is left to print
    goes nowhere, quietly, and the command still ends with its own exit status. Python would
    otherwise raise BrokenPipeError on the next write and again when it flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # stdout is not a file (tests capture it)
        pass


def say(text: str) -> None:
    """One result line on stdout; a closed pipe is not an error (see _stdout_gone)."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        _stdout_gone()


def report(diagnostics: list[Diagnostic], fmt: str) -> None:
    text = format_report(diagnostics, fmt)
    if text:
        say(text)  # before the summary on stderr, also when both are piped
    if fmt == "text":
        print(summary(diagnostics), file=sys.stderr)


def _site_dir(project: Any, chosen: Path | None, audience: str) -> Path:
    """The build's output folder, refused (exit 2) before anything is built when writing there
    could replace what the tool did not make (see sitedir.py)."""
    from .sitedir import SiteDirError, check_site_dir

    root = project.root
    site_dir = chosen if chosen is not None else root / ("site" if audience == "internal" else "site-public")
    try:
        return check_site_dir(root, site_dir, project.custom_dir)
    except SiteDirError as exc:
        raise UsageError(f"{exc}; nothing was built") from None


def _translations(project: Project, diagnostics: list[Diagnostic], args: argparse.Namespace) -> int:
    """`check --translations`: the translators' worklist on stdout; content errors on stderr."""
    from . import translations

    others = project.settings.languages[1:]
    if args.language is not None and args.language not in others:
        raise UsageError(f"'{args.language}' is not one of the site's other languages ({', '.join(others) or 'none'})")
    languages = [args.language] if args.language else others
    say(translations.as_json(project, languages) if args.format == "json" else translations.as_text(project, languages))
    if has_errors(diagnostics):
        print(format_report([d for d in diagnostics if d.severity == "error"], "text"), file=sys.stderr)
        print("playbook: the list may be incomplete: fix the errors above first", file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command
    if command == "init":
        from .scaffold import init_project

        try:
            created = init_project(args.dir, args.languages)
        except FileExistsError as exc:
            raise UsageError(str(exc)) from None
        say(f"created a playbook project in {created}; next: cd {created} && playbook serve")
        from .scaffold import has_locale

        for lang in args.languages:
            if not has_locale(lang):
                print(
                    f"playbook: note: there is no interface text in '{lang}' yet (generator/locales/{lang}.yaml), "
                    f"so its pages show English labels and the {args.languages[0]} home page",
                    file=sys.stderr,
                )
        return EXIT_OK
    if command == "new":
        from .scaffold import new_playbook

        root = _project_root(args.root)
        try:
            path = new_playbook(root, args.kind, args.id)
        except (ValueError, FileExistsError) as exc:
            raise UsageError(str(exc)) from None
        say(f"created {path.relative_to(root.resolve()).as_posix()}")
        return EXIT_OK
    if command == "schemas":
        from .kinds import KindError
        from .schemafiles import FOLDER, project_schemas, write_schemas

        root = _project_root(args.root)
        try:
            changed = write_schemas(root, args.out)
            count = len(project_schemas(root))
        except KindError as exc:
            raise UsageError(str(exc)) from None
        where = args.out if args.out is not None else Path(FOLDER)
        say(f"wrote {count} schemas into {where} ({len(changed)} changed)")
        return EXIT_OK
    if command == "publish":
        from .publish import publish

        return publish(_project_root(args.root), args.version, args.alias, args.audience, args.engine)
    if command == "changes":
        from .changes import changes

        return changes(_project_root(args.root), args.since, args.format, args.audience)

    root = _project_root(args.root)
    if command == "serve":  # the address before the project: nothing to wait for if it cannot be served
        from .serve import AddressError, check_address

        try:
            check_address(args.dev_addr)
        except AddressError as exc:
            raise UsageError(str(exc)) from None
    from .project import load_project

    loading = time.perf_counter()
    project, diagnostics = load_project(root)
    loaded = time.perf_counter() - loading
    if command == "build":
        site_dir = _site_dir(project, args.site_dir, args.audience)

    if command == "validate":
        from .schemafiles import stale_schemas

        stale = stale_schemas(root)
        if stale:
            diagnostics.append(
                Diagnostic(
                    stale[0],
                    1,
                    1,
                    "warning",
                    "schemas-stale",
                    f"{len(stale)} of the schemas editors' IDEs read ({', '.join(stale[:3])}"
                    f"{', ...' if len(stale) > 3 else ''}) differ from the playbook format; run 'playbook schemas'",
                )
            )
        report(diagnostics, args.format)
        return EXIT_CONTENT if has_errors(diagnostics) else EXIT_OK
    if command == "check" and args.translations:
        return _translations(project, diagnostics, args)
    if command == "check":
        return _check(args, project, diagnostics)
    if command == "review":
        from .record_review import ReviewRefused, record_review

        try:
            done = record_review(project, diagnostics, args.id, args.today or dt.date.today())
        except ReviewRefused as exc:
            if exc.usage:
                raise UsageError(str(exc)) from None
            report(exc.problems, "text")
            print(f"playbook: error: {exc}", file=sys.stderr)
            return EXIT_CONTENT
        if done.before == done.after:
            say(f"{done.rel}: already reviewed on {done.after}; nothing to change")
        else:
            say(
                f"{done.rel}:{done.line}: reviewed {done.before} -> {done.after}; next review due {done.next_due}"
            )
        return EXIT_OK
    if has_errors(diagnostics):
        report(diagnostics, getattr(args, "format", "text"))
        print("playbook: nothing was built: fix the errors above first", file=sys.stderr)
        return EXIT_CONTENT
    engine = args.engine or project.settings.engine
    _require_engine(engine)
    if command == "build":
        from .build import BuildError, build_site

        if diagnostics:
            report(diagnostics, args.format)
        try:
            result = build_site(project, args.audience, site_dir, engine=engine)
        except BuildError as exc:
            print(f"playbook: error: {exc}", file=sys.stderr)
            print(f"playbook: the previous site in {site_dir} was left as it was", file=sys.stderr)
            return exc.status
        result.phases = {"load": loaded, **result.phases}  # reading and checking every file
        result.seconds += loaded
        source = "Zensical" if engine == "zensical" else "MkDocs"
        for warning in result.warnings:  # e.g. a content page linking to a page that does not exist
            print(f"playbook: warning (from {source}): {warning}", file=sys.stderr)
        say(f"built the {args.audience} site into {site_dir} ({result})")
        return EXIT_OK
    if command == "serve":
        from .serve import serve

        return serve(root, args.audience, args.dev_addr, args.engine)
    raise UsageError(f"unknown command {command}")  # pragma: no cover


def _check(args: argparse.Namespace, project: Any, diagnostics: list[Diagnostic]) -> int:
    """Grouped by owner (due.py); the files' errors, and the leak scan's finds, before it."""
    from . import due
    from .check import check_leaks, coverage

    today = args.today or dt.date.today()
    problems = [d for d in diagnostics if d.severity == "error"]
    if args.leaks is not None:
        if not args.leaks.is_dir():
            raise UsageError(f"{args.leaks} is not a built site folder")
        problems += check_leaks(project, args.leaks)
    items = due.due_items(project, today, args.within)
    if args.format == "json":
        say(due.format_json(items, problems))
    elif args.format == "github":
        text = "\n".join(t for t in (format_report(problems, "github"), due.format_github(items)) if t)
        if text:
            say(text)
    else:
        text = "\n".join(t for t in (format_report(problems, "text"), due.format_text(items, args.within)) if t)
        if text:
            say(text)
        if problems:
            print(summary(problems), file=sys.stderr)
        print(due.summary(items, args.within), file=sys.stderr)
        for line in coverage(project):
            print(f"translations: {line}", file=sys.stderr)
    if has_errors(problems):
        return EXIT_CONTENT
    if args.strict and any(i.status == due.OVERDUE for i in items):
        return EXIT_CONTENT
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
