"""mkdocs.yml checked by MkDocs' own rules before anything is built, each error at its line.

A typo in mkdocs.yml (a plugin `serach`, an extension `admonitoin`, a theme `materail`, a value
of the wrong type) otherwise surfaces halfway through a build as MkDocs' abort, with no line.
MkDocs validates a configuration option by option (plugins are looked up, Markdown extensions
loaded, the theme found) and returns every failure with the option's name; what we add is the
line: the option's key in the project's mkdocs.yml, or the very entry the message names.

The configuration checked is the one the generated projects will have, minus what the generator
sets itself (docs and site folders, the navigation, the theme's overrides folder), so the rules
are MkDocs' and the settings are the editor's.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Severity
from .siteconfig import dump
from .validate import did_you_mean

_GENERATED_KEYS = ("nav", "docs_dir", "site_dir", "INHERIT")
_QUOTED = re.compile(r"['\"]([^'\"\s]{2,})['\"]")


class _Composer(yaml.SafeLoader):
    """Composes nodes (with their lines) for any tag MkDocs' YAML may hold; constructs nothing."""


def _node_lines(text: str) -> Any:
    try:
        return yaml.compose(text, Loader=_Composer)  # noqa: S506 - composes nodes only
    except yaml.YAMLError:
        return None


def _key_node(root: Any, key: str) -> tuple[Any, Any] | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for k, v in root.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _scalar_named(node: Any, names: list[str]) -> Any:
    """The first scalar (key or value) below `node` whose text is one of `names`."""
    stack = [node]
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode) and current.value in names:
            return current
        if isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                stack += [k, v]
        elif isinstance(current, yaml.SequenceNode):
            stack += list(current.value)
    return None


def _where(root: Any, key: str, message: str) -> tuple[int, int]:
    found = _key_node(root, key.split(".")[0])
    if found is None:
        return 1, 1
    key_node, value_node = found
    named = _scalar_named(value_node, _QUOTED.findall(message))
    node = named if named is not None else key_node
    return node.start_mark.line + 1, node.start_mark.column + 1


def checked_config(raw: dict[str, Any], root: Path, docs: Path) -> dict[str, Any]:
    """The settings MkDocs will see in a generated project, without the generator's own."""
    config = {k: v for k, v in raw.items() if k not in _GENERATED_KEYS}
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(docs.parent / "site")
    theme = config.get("theme")
    if isinstance(theme, dict):
        config["theme"] = {k: v for k, v in theme.items() if k != "custom_dir"}
    if isinstance(config.get("hooks"), list):
        config["hooks"] = [str(root / h) if isinstance(h, str) else h for h in config["hooks"]]
    return config


ROUNDS = 8  # MkDocs stops at an option's first error; each round sets one aside and goes on


def config_problems(root: Path, raw: dict[str, Any], text: str) -> list[Diagnostic]:
    """Every error (and warning) MkDocs' validation finds in the project's settings.

    MkDocs stops validating at the first failing option (later options may depend on it), so
    after each failure the offending entry (a plugin or extension the message names) or option
    is set aside and the rest validated again: an editor sees every mistake in one run."""
    nodes = _node_lines(text)
    out: list[Diagnostic] = []
    seen: set[tuple[str, str]] = set()
    with tempfile.TemporaryDirectory(prefix="playbook-config-") as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        config = checked_config(raw, root, docs)
        for _round in range(ROUNDS):
            try:
                failed, warnings = _validate(config, Path(tmp) / "mkdocs.yml")
            except Exception as exc:  # MkDocs' YAML loader on a tag it cannot resolve, and the like
                why = f"MkDocs cannot read the settings: {exc}"
                out.append(Diagnostic("mkdocs.yml", 1, 1, "error", "bad-config", why))
                break
            for sev, found in (("error", failed), ("warning", warnings)):
                for key, problem in found:
                    message = _plain(str(problem).replace(str(docs.parent), "…"))
                    if (key, message) in seen:
                        continue
                    seen.add((key, message))
                    line, column = _where(nodes, key, message)
                    severity: Severity = "error" if sev == "error" else "warning"
                    out.append(Diagnostic("mkdocs.yml", line, column, severity, "config", f"{key}: {message}"))
            if not failed:
                break
            for key, problem in failed:
                _set_aside(config, key, str(problem))
    return out


def _validate(config: dict[str, Any], config_file: Path) -> tuple[list[Any], list[Any]]:
    from mkdocs.config.defaults import MkDocsConfig

    config_file.write_text(dump(config), encoding="utf-8")
    checked = MkDocsConfig(config_file_path=str(config_file))
    quiet = logging.getLogger("mkdocs")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # the same findings come back as values
    try:
        with contextlib.redirect_stderr(io.StringIO()), config_file.open(encoding="utf-8") as fh:
            checked.load_file(fh)
            return checked.validate()
    finally:
        quiet.setLevel(level)


def _set_aside(config: dict[str, Any], key: str, message: str) -> None:
    """Take out what failed: the list entries the message names, else the option."""
    top = key.split(".")[0]
    value = config.get(top)
    named = set(_QUOTED.findall(message))
    if isinstance(value, list):
        kept = [item for item in value if _entry_name(item) not in named]
        if len(kept) < len(value):
            config[top] = kept
            return
    if top == "theme":
        config["theme"] = {"name": "material"}
        return
    config.pop(top, None)


def _entry_name(item: Any) -> str:
    if isinstance(item, dict) and item:
        return str(next(iter(item)))
    return str(item)


_TYPES = {"bool": "true or false", "str": "text", "int": "a whole number", "list": "a list", "dict": "a mapping"}


def _plain(message: str) -> str:
    """MkDocs' message in an editor's words, with the closest known name when it names an unknown one."""
    text = re.sub(r"<class '(\w+)'>", lambda m: _TYPES.get(m.group(1), m.group(1)), " ".join(message.split()))
    unknown = re.search(r'The "([^"]+)" plugin is not installed', text)
    if unknown:
        return text + did_you_mean(unknown.group(1), _installed("mkdocs.plugins"))
    unknown = re.search(r"Failed to load extension '([^']+)'", text)
    if unknown:
        return text.split(". ModuleNotFoundError")[0] + did_you_mean(unknown.group(1), _extensions())
    unknown = re.search(r"Unrecognised theme name: '([^']+)'", text)
    if unknown:
        return text + did_you_mean(unknown.group(1), _installed("mkdocs.themes"))
    return text


def _installed(group: str) -> list[str]:
    from importlib.metadata import entry_points

    return sorted({ep.name for ep in entry_points(group=group)})


def _extensions() -> list[str]:
    """Names an editor may mean: Python-Markdown's own extensions and PyMdown Extensions'."""
    import pkgutil

    import markdown.extensions

    names = [m.name for m in pkgutil.iter_modules(markdown.extensions.__path__)]
    try:
        import pymdownx

        names += [f"pymdownx.{m.name}" for m in pkgutil.iter_modules(pymdownx.__path__) if not m.name.startswith("_")]
    except ImportError:  # pragma: no cover - a dependency
        pass
    return names
