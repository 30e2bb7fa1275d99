"""`playbook init` and `playbook new`: start a project or a playbook from files that validate.

The files come from package data (generator/scaffold/ and each kind's example.yaml), so what a
new user gets is the same data the tests validate and build.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from .kinds import discover
from .render import LOCALES, locale
from .schemafiles import write_schemas
from .skeleton import check_id, project_roles, skeleton
from .validate import did_you_mean

SCAFFOLD = Path(__file__).parent / "scaffold"


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
        text = text.replace("__PLAYBOOK_PACKAGE__", _package_spec())
        dest.write_text(text, encoding="utf-8")
    (target / ".gitignore").write_text("site/\nsite-public/\n.playbook/\n", encoding="utf-8")
    for lang in languages:
        home = starter_home(lang, default=languages[0])
        if home is not None:
            name, text = home
            (target / "content").mkdir(exist_ok=True)
            (target / "content" / name).write_text(text, encoding="utf-8")
    write_schemas(target)
    return target


def has_locale(lang: str) -> bool:
    """Whether generator/locales has this language's interface text (else pages show English)."""
    return (LOCALES / f"{lang}.yaml").is_file()


def starter_home(lang: str, default: str) -> tuple[str, str] | None:
    """(file name, text) of the home page `init` writes for one language, in that language,
    saying it is a starting point to replace. The default language's page is the source and
    public; another's is its translation. A language without a locale gets none: its site
    shows the default language's home page with the untranslated-page notice."""
    if lang != default and not has_locale(lang):
        return None
    strings = locale(lang if has_locale(lang) else "en")
    name = "index.md" if lang == default else f"index.{lang}.md"
    meta: dict[str, str] = {"title": strings["starter_title"], "summary": strings["starter_summary"]}
    if lang == default:
        meta["audience"] = "public"
    else:
        meta["lang"] = lang
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    body = strings["starter_body"].replace("{file}", f"content/{name}").strip()
    return name, f"---\n{front}---\n\n# {strings['starter_title']}\n\n{body}\n"


def _package_spec() -> str:
    """What the project's workflow installs: this very version of playbook."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"playbook=={version('playbook')}"
    except PackageNotFoundError:  # pragma: no cover - run from a source tree that is not installed
        return "playbook"


def new_playbook(root: Path, kind_name: str, pid: str, today: dt.date | None = None) -> Path:
    """Write playbooks/ID.yaml from the kind's schema (see skeleton.py) and refresh schemas/, so
    the editor's IDE checks the new file from its first keystroke."""
    kinds = discover((root / "kinds",))
    if kind_name not in kinds:
        known = ", ".join(kinds)
        raise ValueError(f"unknown kind '{kind_name}'{did_you_mean(kind_name, kinds)}; the kinds are: {known}")
    check_id(pid)
    root = root.resolve()
    dest = root / "playbooks" / f"{pid}.yaml"
    taken = _existing_ids(root)
    if dest.exists() or pid in taken:
        where = taken.get(pid, dest).relative_to(root).as_posix()
        raise FileExistsError(f"a playbook with the id '{pid}' exists already ({where}); choose another id")
    text = skeleton(kinds[kind_name], pid, today or dt.date.today(), project_roles(root))
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    write_schemas(root)
    return dest


def _existing_ids(root: Path) -> dict[str, Path]:
    """Ids already used, by file name (a playbook's file is named after its id) and by the
    `id:` line of any file whose name differs."""
    found: dict[str, Path] = {}
    base = root / "playbooks"
    for path in sorted(base.rglob("*.y*ml")) if base.is_dir() else []:
        if path.parent == base and path.stem == "roles":
            continue
        found.setdefault(path.name.split(".", 1)[0], path)
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            continue
        m = re.search(r"(?m)^id:\s*['\"]?([a-z0-9][a-z0-9-]*)", head)
        if m:
            found.setdefault(m.group(1), path)
    return found
