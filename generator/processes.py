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
    (`build` writes the languages' projects in two processes), MkDocs' kept state (`serve`
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
