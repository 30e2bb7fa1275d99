"""Whether each kind speaks every language of the site: its name and description (x-titles,
x-descriptions in schema.json) and its own labels (labels.yaml).

A kind without them still builds (readers of that language see the English text), so each gap is
a warning that names the kind, the language and the file to add it to. Checked are the kinds a
playbook uses and every kind the project brings in its own kinds/ folder.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic
from .i18n import english_name
from .kinds import PACKAGE_KINDS, Kind, kind_labels

_WHAT = {"x-titles": "title", "x-descriptions": "description"}


def _shown_path(path: Path, root: Path) -> str:
    for base in (root, PACKAGE_KINDS.parent.parent):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _line_of(path: Path, needle: str) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, line in enumerate(lines, 1) if needle in line), 1)


def kind_language_problems(
    root: Path, kinds: dict[str, Kind], languages: list[str], used: set[str]
) -> list[Diagnostic]:
    own = (root / "kinds").resolve()
    out: list[Diagnostic] = []
    for name, kind in sorted(kinds.items()):
        ours = kind.folder.parent == own
        if name not in used and not ours:
            continue
        # A kind of the package is changed by copying its folder into the project's kinds/.
        copy = "" if ours else " (copy the kind's folder into kinds/ first)"
        schema_file = kind.folder / "schema.json"
        target = _shown_path(schema_file, root) if ours else f"kinds/{name}/schema.json"
        for lang, key in kind.missing_languages(languages):
            shows = f"'{kind.title}'" if key == "x-titles" else "the English one"
            out.append(
                Diagnostic(
                    _shown_path(schema_file, root),
                    _line_of(schema_file, f'"{key}"'),
                    1,
                    "warning",
                    "kind-untranslated",
                    f"kind '{name}' has no {english_name(lang)} {_WHAT[key]} ({lang} pages show {shows}); "
                    f'add "{lang}": "..." to {key} in {target}{copy}',
                )
            )
        labels = kind_labels(kind.folder)
        english = labels.get("en", {})
        labels_file = kind.folder / "labels.yaml"
        target = _shown_path(labels_file, root) if ours else f"kinds/{name}/labels.yaml"
        for lang in languages:
            missing = [key for key in english if key not in labels.get(lang, {})] if lang != "en" else []
            if missing:
                out.append(
                    Diagnostic(
                        _shown_path(labels_file, root),
                        _line_of(labels_file, f"{lang}:"),
                        1,
                        "warning",
                        "kind-untranslated",
                        f"kind '{name}' has no {english_name(lang)} text for {', '.join(missing)} ({lang} pages "
                        f"show the English); add them under '{lang}:' in {target}{copy}",
                    )
                )
    return out
