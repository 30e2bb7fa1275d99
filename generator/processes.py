"""Worker processes that never outlive the build that started them.

Builds fork workers (MkDocs per language, project loading on large projects) and run Pagefind.
If the build is killed (Ctrl-C twice, SIGKILL, a CI timeout), orphaned workers would go on
writing into folders the next build removes. Each worker asks the kernel to kill it when its
parent dies (prctl PR_SET_PDEATHSIG, Linux); elsewhere nothing changes.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import select
import signal
import sys
import warnings
from collections.abc import Callable
from typing import Any

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Called first thing in a worker process (a pool initializer, a subprocess preexec_fn)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl: the old behaviour
        pass


class Forked:
    """Work done in a forked copy of this process, which sends back its result, or its error,
    pickled through a pipe.

    Why fork rather than a process pool: what the work reads cannot be sent to another process,
    only shared, and a forked child shares it as it is: the loaded project and its selections
    (`build` writes each language's project in a process of its own), MkDocs' kept state (`serve`
    renders half the languages in a child). The child leaves with os._exit, never returning into
    the caller's code; a child that dies without a word fails the wait."""

    def __init__(self, pid: int, read: int) -> None:
        self.pid, self.read = pid, read

    @classmethod
    def start(cls, work: Callable[[], Any]) -> Forked:
        read, write = os.pipe()
        with warnings.catch_warnings():  # Python 3.12 warns about forking a process with threads
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: do the work, report, leave
            os.close(read)
            code = 1
            try:
                die_with_parent()
                try:
                    said = pickle.dumps(("ok", work()))
                except BaseException as exc:  # sent to the parent, which raises it
                    try:
                        said = pickle.dumps(("error", exc))
                    except Exception:  # an error that cannot be pickled: its words
                        said = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(said)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid, read)

    def wait(self) -> Any:
        """The child's result, once it has finished; its error raised here."""
        with os.fdopen(self.read, "rb") as pipe:
            said = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not said:
            raise RuntimeError("a forked worker process died without reporting")
        kind, value = pickle.loads(said)  # noqa: S301 - our own child's bytes
        if kind == "error":
            raise value
        return value


def run_forked(works: list[Callable[[], Any]], at_once: int) -> list[Any]:
    """Each work in a fresh fork of this process, at most `at_once` running; their results in
    order. Every started child is waited for; the first error is raised once they all have
    finished, and no new work starts after it.

    Why a fresh process per work rather than a pool of `at_once` (which would reuse a worker for
    the next language): what a worker freed stays with its allocator, so a worker that built one
    language holds that language's peak while it builds the next (at 5,000 playbooks, 150 MB
    growing to 200 MB per worker); a fresh fork starts again from the pages it shares."""
    results: list[Any] = [None] * len(works)
    todo = list(enumerate(works))
    running: dict[int, tuple[int, Forked]] = {}  # the child's pipe -> (its work's index, the child)
    failure: BaseException | None = None
    while todo or running:
        while todo and failure is None and len(running) < max(1, at_once):
            index, work = todo.pop(0)
            child = Forked.start(work)
            running[child.read] = (index, child)
        if not running:
            break
        ready, _, _ = select.select(list(running), [], [])
        for read in ready:
            index, child = running.pop(read)
            try:
                results[index] = child.wait()
            except BaseException as exc:  # the others are still waited for
                failure = failure or exc
    if failure is not None:
        raise failure
    return results
