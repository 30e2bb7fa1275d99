"""`playbook init` and `playbook new`: start a project or a playbook from files that validate.

The files come from package data (generator/scaffold/ and each kind's example.yaml), so what a
new user gets is the same data the tests validate and build.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .kinds import discover

SCAFFOLD = Path(__file__).parent / "scaffold"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def init_project(target: Path, languages: list[str], today: dt.date | None = None) -> Path:
    target = target.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} exists and is not empty; choose a new folder")
    stamp = (today or dt.date.today()).isoformat()
    for src in sorted(SCAFFOLD.rglob("*")):
        if src.is_dir():
            continue
        dest = target / src.relative_to(SCAFFOLD)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src.name == ".keep":
            continue
        text = src.read_text(encoding="utf-8")
        text = text.replace("__LANGUAGES__", "[" + ", ".join(languages) + "]").replace("__TODAY__", stamp)
        dest.write_text(text, encoding="utf-8")
    (target / ".gitignore").write_text("site/\nsite-public/\n.playbook/\n", encoding="utf-8")
    return target


def new_playbook(root: Path, kind_name: str, pid: str, today: dt.date | None = None) -> Path:
    kinds = discover((root / "kinds",))
    if kind_name not in kinds:
        raise ValueError(f"unknown kind '{kind_name}'; the kinds are: {', '.join(kinds)}")
    if not _ID.match(pid):
        raise ValueError(f"'{pid}' is not a valid id: use lowercase letters a-z, digits and hyphens")
    dest = root.resolve() / "playbooks" / f"{pid}.yaml"
    if dest.exists():
        raise FileExistsError(f"{dest} exists already")
    text = kinds[kind_name].example.read_text(encoding="utf-8")
    stamp = (today or dt.date.today()).isoformat()
    text = re.sub(r"(?m)^id: .*$", f"id: {pid}", text, count=1)
    text = re.sub(r"(?m)^reviewed: .*$", f"reviewed: {stamp}", text, count=1)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return dest
