"""One printable page per role: the role's whole reading path, in order, behind a cover.

A new hire asked to read their path before day one prints it, or saves it as a PDF. The page
is the playbooks' own pages one after another, under a cover that says whose path it is, when it
was made and which version of each playbook it holds (a printout cannot update itself: the
version tells its reader whether what they hold is still current). It is made from the same
Selection as every other page, so a public role's printable path holds public playbooks only.

Each playbook's body comes from its kind's template as on its own page; on the shared page its
headings go one level down (the playbook's title is the section's heading) and its anchors get
the playbook's id in front, so two scripts' `#step-open` stay apart and each script's branch
links still lead to its own steps.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from .emit import Emitter

PRINT_NAME = "print"  # roles/<role>/print.md: a page beside the role's own, under its URL
# A path longer than this is printed up to it (the cover says how many are left out): the path
# of a role that thousands of playbooks name would be one page of hundreds of playbooks, which
# no one prints and which would cost the build as much as all those playbooks' own pages.
PRINT_LIMIT = 30
_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)
# Anchors a template writes: a heading's {#id}, a Markdown link's (#id), an HTML href="#id".
_ANCHOR_ID = re.compile(r"\{#([A-Za-z0-9_-]+)")
_ANCHOR_LINK = re.compile(r"(\]\(|href=\")#([A-Za-z0-9_-]+)")


def print_path(rid: str) -> str:
    return f"roles/{rid}/{PRINT_NAME}.md"


def separate(body: str, prefix: str) -> str:
    """A playbook's rendered Markdown made to sit among others: headings one level down, anchors
    prefixed. Template values reach the Markdown with `#` escaped (render.escape_md), so only the
    template's own headings and anchors match."""
    body = _HEADING.sub(lambda m: "#" + m.group(1) + " ", body)
    body = _ANCHOR_ID.sub(lambda m: "{#" + prefix + m.group(1), body)
    return _ANCHOR_LINK.sub(lambda m: m.group(1) + "#" + prefix + m.group(2), body)


def print_page(emitter: Emitter, rid: str) -> str:
    """The Markdown of a role's printable path (front matter included)."""
    from .emit import _front_matter, _title  # the page-writing helpers every page uses
    from .i18n import as_date

    sel = emitter.sel
    role = sel.roles[rid]
    emitter.current = print_path(rid)
    path = sel.path_of(rid)
    entries = [sel.playbooks[pid] for pid in path[:PRINT_LIMIT]]
    items = []
    for number, entry in enumerate(entries, start=1):
        body = separate(emitter.playbook_body(entry), f"{entry.id}--")
        kind = emitter.ctx.kinds[entry.kind]
        items.append(
            {
                "number": number,
                "entry": entry,
                "body": Markup(body),
                "kind_title": emitter.kind_title(kind),
                "minutes": emitter.minutes_of(entry),
                "online": emitter.link_to(entry.path),
            }
        )
    title = str(emitter.t("print_title", role=role.title_in(emitter.lang)))
    text = emitter.render(
        "print-path.md.j2",
        role=role,
        rid=rid,
        title=Markup(title),
        items=items,
        today=as_date(emitter.ctx.today, emitter.lang),
        total_minutes=sum(item["minutes"] for item in items),
        site_name=emitter.settings.site_name_in(emitter.lang, public=sel.audience == "public"),
        role_page=emitter.link_to(f"roles/{rid}.md"),
        left_out=len(path) - len(entries),
    )
    plain_title = Markup(title).striptags()
    meta = emitter.reported({"title": _title(plain_title), "hide": ["navigation", "toc"]}, plain_title)
    return _front_matter(meta) + text
