"""Worker processes that never outlive the build that started them.

Builds fork workers (MkDocs per language, project loading on large projects) and run Pagefind.
If the build is killed (Ctrl-C twice, SIGKILL, a CI timeout), orphaned workers would go on
writing into folders the next build removes. Each worker asks the kernel to kill it when its
parent dies (prctl PR_SET_PDEATHSIG, Linux); elsewhere nothing changes.
"""

from __future__ import annotations

import ctypes
import signal
import sys

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
