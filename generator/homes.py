"""Which page is each site's front door, checked before anything is built.

The internal site's home is content/index.md; the public site's is the public page whose front
matter says `home: public` (select.py puts it at the public site's root), so customers are greeted
by a page written for them, not by the staff's "Who are you?". Content decides this, not the
generator: a project without such a page keeps content/index.md (when public) or a generated
front page. These checks make the choice unambiguous.
"""

from __future__ import annotations

from .diagnostics import Diagnostic
from .model import Project


def check_homes(project: Project) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    default = project.settings.default_language
    homes = []
    for (slug, lang), page in sorted(project.pages.items()):
        if lang != default or page.doc is None:
            continue
        if page.meta.get("home") == "public":
            if page.audience != "public":
                found.append(page.doc.problem(
                    ("home",), "home-not-public",
                    "home: public makes this page the public site's front page, but the page is internal; "
                    "add 'audience: public' or remove 'home'",
                ))  # fmt: skip
                continue
            homes.append(page)
        elif slug != "index":
            for key in ("home_path", "home_roles"):
                if key in page.meta:
                    found.append(page.doc.problem(
                        (key,), "not-a-home",
                        f"'{key}' only changes a home page (content/index.md or a page with 'home: public'); "
                        f"remove it or add 'home: public'",
                        "warning", key=True,
                    ))  # fmt: skip
    for extra in homes[1:]:
        assert extra.doc is not None
        found.append(extra.doc.problem(
            ("home",), "two-public-homes",
            f"{homes[0].rel} is already the public site's home; only one page may say 'home: public'",
        ))  # fmt: skip
    index = project.pages.get(("index", default))
    if homes and index is not None and index.audience == "public":
        found.append(Diagnostic(
            index.rel, 1, 1, "error", "two-public-homes",
            f"this page is public and {homes[0].rel} says 'home: public': the public site has one front page; "
            "remove 'audience: public' here (it stays the internal home) or 'home' there",
        ))  # fmt: skip
    return found
