"""Reading paths seen from a playbook: where it sits in each role's path and what comes next.

A role page lists its path; a reader who follows it lands on a playbook and, at its end, should
be told what to read next without going back. Each playbook page carries one small block per
path it is on (hidden); the page's script shows the block of the reader's path, named in the URL
(`?path=<role>`, which the role page's links carry) or remembered from the last one they
followed. Static blocks rather than a script that works the path out: every link in them is a
link MkDocs checks, and the public build's blocks hold only what its selection holds.

The block's "3 of 12 in your path" is the one part the script fills in, from `paths.json` (each
path's playbook ids, in order, written next to the scripts): a playbook added to a path, or a
title that moves one within it, changes the place of every playbook after it, and with the
numbers in the pages `serve` had to render hundreds of pages again for one new file. Now such an
edit changes only the pages whose next playbook changed, and one small file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .emit import Emitter
    from .select import Entry, Selection


@dataclass(frozen=True)
class Stop:
    """One playbook's place in one role's path."""

    role: str
    next: str | None  # the next playbook's id; None at the end of the path
    back: str  # the page that lists the path: the role's page, or the home page for its home path


def path_roles(sel: Selection, home_path: str | None) -> list[str]:
    """The roles whose paths a reader can follow on this site: those with a page, and the role
    the home page lists the path of (the customers' own on the public site)."""
    roles = list(sel.roles)
    if home_path and home_path not in sel.roles and home_path in sel.project.roles:
        roles.append(home_path)
    return roles


def stops(sel: Selection, home_path: str | None) -> dict[str, list[Stop]]:
    """For every playbook on a path: its stops, one per path it is on."""
    found: dict[str, list[Stop]] = {}
    for rid in path_roles(sel, home_path):
        path = sel.path_of(rid)
        back = f"roles/{rid}.md" if rid in sel.roles else "index.md"
        for i, pid in enumerate(path):
            following = path[i + 1] if i + 1 < len(path) else None
            found.setdefault(pid, []).append(Stop(rid, following, back))
    return found


def paths_json(sel: Selection, home_path: str | None) -> str:
    """Each followable path's playbook ids in order, keyed as the blocks' `data-pb-path`; the
    script counts a playbook's place and the path's length from it (only this selection's ids:
    the public site's file names only public playbooks)."""
    paths = {rid: sel.path_of(rid) for rid in path_roles(sel, home_path)}
    return json.dumps(
        {rid: path for rid, path in paths.items() if path},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )


def next_blocks(emitter: Emitter, entry: Entry, here: list[Stop]) -> str:
    """The hidden "Next in your path" blocks at the end of a playbook's page."""
    if not here:
        return ""
    blocks = []
    for stop in here:
        following = emitter.sel.playbooks[stop.next] if stop.next else None
        role = emitter.ctx.project.roles[stop.role]
        blocks.append(
            {
                "stop": stop,
                "next": following,
                "minutes": emitter.minutes_of(following) if following else 0,
                "back": stop.back,
                "role_title": role.title_in(emitter.lang) if stop.role in emitter.sel.roles else "",
            }
        )
    return "\n" + emitter.render("path-next.md.j2", blocks=blocks, entry=entry)

