"""Read the project's mkdocs.yml and write the generated ones, keeping MkDocs' own YAML tags.

mkdocs.yml may hold tags such as `!!python/name:material.extensions.emoji.twemoji` or `!ENV`;
a safe loader rejects them and MkDocs' loader resolves them to objects that cannot be written
back. We keep each tagged value as it was written, so the generated config says exactly what the
editor's config said, for MkDocs today and for Zensical (which reads the same file) tomorrow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic
from .model import SiteSettings

DEFAULT_LANGUAGES = ["en", "it", "ru", "hi"]
DEFAULT_REVIEW_EVERY = "180d"
# What extra.playbook.lang may give per language: the settings a reader sees.
LOCALIZED_SETTINGS = ("site_name", "public_site_name", "site_description", "copyright")
ENGINES = ("mkdocs", "zensical")  # extra.playbook.engine; generator/engines.py runs them


@dataclass(frozen=True)
class Tagged:
    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return Tagged(node.tag, value)


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Dumper.add_representer(Tagged, _represent_tagged)


def dump(config: dict[str, Any]) -> str:
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class ConfigError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def load_text(text: str) -> dict[str, Any]:
    """A mkdocs.yml's settings with its tagged values kept as written (see Tagged)."""
    data = yaml.load(text, Loader=_Loader)  # noqa: S506 - safe loader subclass
    return data if isinstance(data, dict) else {}


def read_config(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    if not path.is_file():
        raise ConfigError(
            Diagnostic(
                "mkdocs.yml",
                1,
                1,
                "error",
                "no-config",
                "no mkdocs.yml in the project root; run 'playbook init DIR' to create a project, or pass --root",
            )
        )
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ConfigError(
            Diagnostic("mkdocs.yml", line, col, "error", "yaml-syntax", f"YAML syntax error: {exc.problem}")
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(
            Diagnostic("mkdocs.yml", 1, 1, "error", "yaml-syntax", f"cannot read mkdocs.yml: {exc}")
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(
            Diagnostic(
                "mkdocs.yml",
                1,
                1,
                "error",
                "bad-config",
                "mkdocs.yml must be a mapping of settings (site_name: ..., theme: ...)",
            )
        )
    return data


_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_INTERVAL = re.compile(r"^[1-9][0-9]*[dwm]$")


def _line_of(text: str, key: str) -> int:
    """The line where `key:` is written (the settings are read without positions)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(f"{key}:"):
            return number
    return 1


def settings_problems(config: dict[str, Any], text: str) -> list[Diagnostic]:
    """Our own settings under extra.playbook: wrong ones are errors, not silently replaced."""
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    ours = extra.get("playbook") if isinstance(extra, dict) else None
    if ours is None:
        return []
    out = []

    def problem(key: str, message: str) -> None:
        out.append(Diagnostic("mkdocs.yml", _line_of(text, key), 1, "error", "bad-setting", message))

    if not isinstance(ours, dict):
        problem("playbook", "extra.playbook must be a mapping of settings (languages:, review_every:, ...)")
        return out
    languages = ours.get("languages")
    if languages is not None and (
        not isinstance(languages, list)
        or not languages
        or len(set(map(str, languages))) != len(languages)
        or not all(isinstance(x, str) and _LANGUAGE.match(x) for x in languages)
    ):
        problem(
            "languages",
            "extra.playbook.languages must be a list of different language codes, the default "
            "first, e.g. [en, it, ru, hi]",
        )
    interval = ours.get("review_every")
    if interval is not None and not (isinstance(interval, str) and _INTERVAL.match(interval)):
        problem(
            "review_every",
            f"extra.playbook.review_every '{interval}' is not an interval; write a number and d, w or m, e.g. 180d",
        )
    _localized_problems(ours.get("lang"), languages if isinstance(languages, list) else None, problem)
    from .branches import publish_problems

    publish_problems(config, problem)
    engine = ours.get("engine")
    if engine is not None and engine not in ENGINES:
        problem(
            "engine",
            f"extra.playbook.engine '{engine}' is not an engine; write {' or '.join(ENGINES)} (default: mkdocs)",
        )
    return out


def _localized_problems(value: Any, languages: list[Any] | None, problem: Callable[[str, str], None]) -> None:
    """extra.playbook.lang: {it: {site_name: ...}}: known languages, known keys, text values."""
    if value is None:
        return
    example = "e.g. lang: {it: {site_name: Playbook del team}}"
    if not isinstance(value, dict):
        problem("lang", f"extra.playbook.lang must map languages to their settings, {example}")
        return
    known = [str(x) for x in languages] if languages else DEFAULT_LANGUAGES
    for lang, fields in value.items():
        if lang not in known:
            problem(
                "lang",
                f"extra.playbook.lang names language '{lang}', which is not one of the site's languages "
                f"({', '.join(known)})",
            )
        elif not isinstance(fields, dict):
            problem("lang", f"extra.playbook.lang.{lang} must be a mapping of settings, {example}")
        else:
            for key, text in fields.items():
                if key not in LOCALIZED_SETTINGS:
                    problem(
                        str(key),
                        f"extra.playbook.lang.{lang}.{key} is not a setting that has a language; "
                        f"use {', '.join(LOCALIZED_SETTINGS)}",
                    )
                elif not isinstance(text, str) or not text.strip():
                    problem(str(key), f"extra.playbook.lang.{lang}.{key} must be text")


def settings(config: dict[str, Any]) -> SiteSettings:
    extra: dict[str, Any] = config["extra"] if isinstance(config.get("extra"), dict) else {}
    ours: dict[str, Any] = extra["playbook"] if isinstance(extra.get("playbook"), dict) else {}
    languages = ours.get("languages") or DEFAULT_LANGUAGES
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        languages = DEFAULT_LANGUAGES
    site_name = str(config.get("site_name") or "Playbooks")
    return SiteSettings(
        site_name=site_name,
        languages=[str(x) for x in languages],
        review_every=str(ours.get("review_every") or DEFAULT_REVIEW_EVERY),
        repo_url=config.get("repo_url") if isinstance(config.get("repo_url"), str) else None,
        edit_uri=config.get("edit_uri") if isinstance(config.get("edit_uri"), str) else None,
        public_site_name=str(ours.get("public_site_name") or site_name),
        raw=config,
        localized=_localized(ours.get("lang")),
        engine=ours["engine"] if ours.get("engine") in ENGINES else ENGINES[0],
    )


def _localized(value: Any) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        return {}
    return {
        str(lang): {
            key: text.strip()
            for key, text in fields.items()
            if key in LOCALIZED_SETTINGS and isinstance(text, str) and text.strip()
        }
        for lang, fields in value.items()
        if isinstance(fields, dict)
    }
