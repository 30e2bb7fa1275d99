"""Where a site may be written, and how the tool knows that a folder holds a site it made.

`build` replaces its output folder whole. Pointed at the wrong place (`--site-dir .`, a source
folder, someone's own folder) that would delete what the tool never made, so the folder is
checked before anything is built, and again just before the swap:

- it must not be the project, hold the project, or lie inside a source folder;
- if it exists, it must be a folder that is empty or holds a site this tool wrote. Every site
  the tool writes carries MARKER at its top, a small JSON file saying so; a folder without it is
  someone else's and is never replaced. (Sites written before the marker existed are recognised
  by the two files only this tool writes at their top: assets/playbook/playbook.js and
  pagefind/bundles.json.)

Staging and backup folders carry the building process's id in their name, so the next build
can remove those a killed build left behind without touching a build that is still running (a
backup whose site is missing, the build killed mid-swap, is put back instead).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

MARKER = ".playbook-site.json"
SOURCE_FOLDERS = ("playbooks", "content", "kinds", "theme")
TOOL_FOLDERS = (".playbook", ".git")
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?:building|previous)-(?P<pid>[0-9]+)(?:-.*)?$")


class SiteDirError(Exception):
    """The output folder cannot be used; the message says why and what to do instead (exit 2)."""


def write_marker(site: Path, audience: str) -> None:
    (site / MARKER).write_text(json.dumps({"generator": "playbook", "audience": audience}) + "\n", encoding="utf-8")


def made_by_playbook(folder: Path) -> bool:
    """Whether `folder` holds a site this tool wrote (see the module docstring for how it knows)."""
    marker = folder / MARKER
    if marker.is_file() and not marker.is_symlink():
        try:
            return json.loads(marker.read_text(encoding="utf-8")).get("generator") == "playbook"
        except (OSError, ValueError, AttributeError):
            return False
    return (folder / "assets/playbook/playbook.js").is_file() and (folder / "pagefind/bundles.json").is_file()


def check_site_dir(root: Path, site_dir: Path, custom_dir: Path | None = None, *, internal: bool = False) -> Path:
    """The resolved output folder, or SiteDirError when writing there could lose anything.

    `internal` is for the tool's own folders (serve's site under .playbook/), which the user's
    --site-dir may not name."""
    root = root.resolve()
    site = site_dir.resolve()
    shown = str(site_dir)
    if site == root:
        raise SiteDirError(f"--site-dir {shown} is the project folder itself; building there would replace "
                           "your sources. Use a folder of its own, such as site/")
    if site in root.parents:
        raise SiteDirError(f"--site-dir {shown} contains the project ({root}); building there would replace "
                           "your sources. Use a folder of its own, such as site/")
    protected = [root / name for name in SOURCE_FOLDERS] + ([custom_dir.resolve()] if custom_dir else [])
    if not internal:
        protected += [root / name for name in TOOL_FOLDERS]
    for folder in protected:
        if site == folder or folder in site.parents:
            what = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)
            raise SiteDirError(f"--site-dir {shown} is inside the project's {what}; the site would mix with "
                               "what the tool reads or keeps. Use a folder of its own, such as site/")
    if site.exists() or site.is_symlink():
        if not site.is_dir():
            raise SiteDirError(f"--site-dir {shown} is a file, not a folder; choose a new folder for the site")
        if any(site.iterdir()) and not made_by_playbook(site):
            raise SiteDirError(
                f"--site-dir {shown} holds files that playbook did not write (it has no {MARKER}); "
                "playbook only ever replaces a site it built. Choose a new or empty folder, "
                "or move that folder away yourself"
            )
    probe = site.parent
    while not probe.exists():
        probe = probe.parent
    if not os.access(probe, os.W_OK | os.X_OK):
        raise SiteDirError(f"cannot write the site: {probe} is not writable; choose --site-dir on a writable disk")
    return site


def is_own_folder(root: Path, folder: Path) -> bool:
    """Whether the tool's own folder (.playbook) is a real folder of the project, or not there yet:
    a link committed in its place would make every build replace and clean up through it."""
    if folder.is_symlink():
        return False
    return not folder.exists() or (folder.is_dir() and folder.resolve().parent == root.resolve())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_leftovers(parent: Path, name: str) -> list[Path]:
    """Remove the staging and backup folders of `name` in `parent` that a killed build left
    (their process is gone); returns what was removed.

    A build killed between its two renames (the old site moved aside, the new one not yet in
    place) leaves no site at all, only its backup: that backup is put back first, so the site
    stays the previous one until a build succeeds."""
    removed: list[Path] = []
    if not parent.is_dir():
        return removed
    for path in sorted(parent.iterdir(), key=lambda p: ".previous-" not in p.name):  # backups first
        m = _LEFTOVER.match(path.name)
        if not m or m.group("name") != name or path.is_symlink() or not path.is_dir():
            continue
        if int(m.group("pid")) == os.getpid() or _alive(int(m.group("pid"))):
            continue
        site = parent / name
        if ".previous-" in path.name and not (site.exists() or site.is_symlink()) and made_by_playbook(path):
            path.rename(site)
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed
