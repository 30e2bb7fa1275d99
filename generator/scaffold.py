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
    for lang in languages:
        home = starter_home(lang, default=languages[0])
        if home is not None:
            name, text = home
            (target / "content").mkdir(exist_ok=True)
            (target / "content" / name).write_text(text, encoding="utf-8")
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
