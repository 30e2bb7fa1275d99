"""Where each source file lands in the site, and what may not land there or come from elsewhere.

Four rules, each reported at the file and line that breaks it, before anything is built:

- Nothing from outside the project. A symbolic link in a source folder that resolves outside the
  project root would publish a file of the build machine (`content/x.md -> /etc/passwd`) or run
  a template from anywhere; one into the project's hidden files would publish `.git/config`
  (where CI keeps its checkout token) or `.env`. Links to the project's other files are fine.
- Generated pages are not overwritten. The site has pages and folders of its own (tags, roles,
  kinds, playbooks, search, assets, 404, a folder per language); a content page whose URL falls
  on one of them would replace it or be replaced. Such a page is an error at its path, and ids
  that would collide with a section's own page (`index`) are errors at the id.
- A page's name is text the theme prints in titles and links: a content file or folder whose
  name holds `<`, `>`, `"`, a backslash or a control character is an error (a folder `<`
  holding `title><script>…<` made the URL `</title><script>…`).
- Front matter names only what exists: an `icon:` or `template:` that the theme does not have
  would stop the engine mid-build with a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from .diagnostics import Diagnostic
from .model import Project

SOURCE_FOLDERS = ("playbooks", "content", "kinds", "theme")
# The first path segment of every page or folder the generator (or the engine) writes itself.
GENERATED = ("tags", "roles", "playbooks", "kinds", "search", "pagefind", "assets", "404", "schemas", "changes")
RESERVED_IDS = ("index",)  # playbooks/index.md and roles/index.md are their sections' own pages
_ICON = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_.-]*)+$")
_TEMPLATE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.html$")
_UNSAFE_NAME = re.compile(r"[<>\"\\\x00-\x1f\x7f]")


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, its links followed, stays in `root` (already resolved)."""
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links
        return False


def readable(path: Path, root: Path) -> bool:
    """Whether a source file may be read: it stays in the project and, if it is a link, does not
    lead into the project's hidden files."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return False
    if not resolved.is_relative_to(root):
        return False
    if resolved == Path(os.path.abspath(path)):  # no link on the way: the project's own file
        return True
    return not any(part.startswith(".") for part in resolved.relative_to(root).parts)


def links_out_of_project(root: Path, folders: Iterable[Path]) -> list[Diagnostic]:
    """Every symbolic link in the source folders that leads outside the project."""
    root = root.resolve()
    found: list[Diagnostic] = []
    for folder in folders:
        links = [folder] if folder.is_symlink() else list(_links_under(folder)) if folder.is_dir() else []
        for path in links:
            rel = _rel(path, root)
            if not inside(path, root):
                found.append(
                    Diagnostic(
                        rel, 1, 1, "error", "outside-project",
                        f"{rel} is a link to {os.readlink(path)}, outside the project; playbook reads nothing "
                        "from outside the project folder: copy what you need into the project instead",
                    )
                )  # fmt: skip
            elif hidden_target(path, root):
                found.append(
                    Diagnostic(
                        rel, 1, 1, "error", "outside-project",
                        f"{rel} is a link to {os.readlink(path)}, a hidden file of the project (.git, .env, ...); "
                        "playbook publishes only what the project shows: copy what you need instead",
                    )
                )  # fmt: skip
    return found


def _links_under(folder: Path) -> Iterator[Path]:
    """The symbolic links under a folder, not followed. By os.scandir, whose entries know
    whether they are links without a system call each: `serve` asks after every save, and
    at 2,500 playbooks one lstat per file was a tenth of a second of each update."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    if entry.is_symlink():
                        yield Path(entry.path)
                    elif entry.is_dir(follow_symlinks=False):
                        pending.append(Path(entry.path))
        except OSError:  # gone or unreadable since it was listed: nothing to follow in it
            continue


def hidden_target(path: Path, root: Path) -> bool:
    """Whether a link (inside the project) leads to a hidden file or folder: .git/config holds
    CI's checkout token, .env the project's secrets, .playbook the tool's own files."""
    try:
        return any(part.startswith(".") for part in path.resolve().relative_to(root).parts)
    except (OSError, RuntimeError, ValueError):
        return True


def _rel(path: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(path))
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else str(path)


def url_collisions(project: Project) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    languages = set(project.settings.languages)
    for (slug, _lang), page in sorted(project.pages.items()):
        unsafe = _UNSAFE_NAME.search(page.rel)
        if unsafe:
            found.append(
                Diagnostic(
                    page.rel, 1, 1, "error", "unsafe-name",
                    f"the page's name holds {unsafe.group(0)!r}, which its URL and title cannot show as text; "
                    "rename the file (or its folder) with letters, digits, spaces and dashes",
                )
            )  # fmt: skip
        first = slug.split("/", 1)[0]
        if first in GENERATED or first in languages:
            what = (
                f"the {first}/ folder of the site in that language" if first in languages
                else f"the site's own {first}/ pages"
            )  # fmt: skip
            found.append(
                Diagnostic(
                    page.rel, 1, 1, "error", "reserved-path",
                    f"this page's URL /{slug}/ falls on {what}, which the generator writes; rename the file "
                    f"or move it into a folder (reserved first names: {', '.join(GENERATED)} and the language codes)",
                )
            )  # fmt: skip
    for pid, pb in sorted(project.playbooks.items()):
        if pid in RESERVED_IDS:
            found.append(pb.doc.problem(("id",), "reserved-id", f"the id '{pid}' is the playbooks section's own page; "
                                        "choose another id (and rename the file)"))
    if project.roles_doc is not None and isinstance(project.roles_doc.data, dict):
        for i, item in enumerate(project.roles_doc.data.get("roles") or []):
            if isinstance(item, dict) and item.get("id") in RESERVED_IDS:
                found.append(project.roles_doc.problem(("roles", i, "id"), "reserved-id",
                                                       f"the role id '{item['id']}' is the roles section's own page; "
                                                       "choose another id"))
    return found


@lru_cache(maxsize=1)
def _material_templates() -> Path | None:
    try:
        import material
    except ImportError:  # pragma: no cover - Material is a dependency
        return None
    return Path(material.__file__).parent / "templates"


def theme_folders(project: Project) -> list[Path]:
    """Where the engine looks for templates and icons: the project's overrides, ours, Material's."""
    from .emit import THEME

    folders = [p for p in (project.custom_dir, THEME / "overrides", _material_templates()) if p is not None]
    return [Path(p) for p in folders]


def front_matter_references(project: Project) -> list[Diagnostic]:
    """`icon:` and `template:` in front matter must name what the theme has."""
    found: list[Diagnostic] = []
    folders = theme_folders(project)
    for page in project.pages.values():
        if page.doc is None:
            continue
        icon = page.meta.get("icon")
        if isinstance(icon, str):
            if not _ICON.match(icon) or not any((f / ".icons" / f"{icon}.svg").is_file() for f in folders):
                found.append(page.doc.problem(("icon",), "unknown-icon",
                                              f"there is no icon '{icon}'; name one of Material's icons such as "
                                              "material/account-group (Material's documentation lists them)"))
        template = page.meta.get("template")
        if isinstance(template, str):
            if not _TEMPLATE.match(template) or ".." in template.split("/") or not any(
                (f / template).is_file() for f in folders
            ):
                found.append(page.doc.problem(("template",), "unknown-template",
                                              f"there is no template '{template}' in the theme; add it to the "
                                              "project's theme/ folder or remove 'template'"))
    return found
