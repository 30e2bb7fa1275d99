"""Turn selected playbooks into Markdown pages with each kind's Jinja2 template.

Safety is structural, not a convention templates must remember: MkDocs does not autoescape and
Python-Markdown passes raw HTML and attr_list `{onclick=...}` through, so the environment's
`finalize` escapes every value a template prints, for HTML *and* for Markdown, unless it is
`Markup` produced here: the `md` filter (inline Markdown rendered alone, cleaned by nh3 with an
allow-list, then made inert for the page's own Markdown pass) or a link built from a checked id.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import markdown
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .sanitize import clean_inline

LOCALES = Path(__file__).parent / "locales"
TEMPLATES = Path(__file__).parent / "templates"

_MD_PUNCT = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&\"'~=:^$]")
_NEEDS_MARKDOWN = re.compile(r"[*_`\[\]<>&\\~{}|!]|^\s*([-+#>]|\d+[.)])")
_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

def escape_md(value: Any) -> Markup:
    """Plain text that stays plain text in HTML and in Markdown (every special character an entity)."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    return Markup(_MD_PUNCT.sub(lambda m: f"&#{ord(m.group(0))};", text).replace("\n", " "))


def _inert(fragment: str) -> str:
    """Encode Markdown syntax in the text between tags of sanitized HTML, leaving the tags alone."""
    parts = _TAG_SPLIT.split(fragment)
    out = []
    for part in parts:
        if part.startswith("<"):
            out.append(part)
        else:
            # nh3 already turned < > & " into entities; keep those, encode the rest.
            out.append(
                re.sub(
                    r"&(#?\w+);|([\\`*_{}\[\]()#+\-.!|~=:^$'])",
                    lambda m: m.group(0) if m.group(1) else f"&#{ord(m.group(2))};",
                    part,
                )
            )
    return "".join(out)


_md_engine = markdown.Markdown(extensions=[], output_format="html")


@lru_cache(maxsize=4096)  # a playbook's values, while emit writes it in every language
def render_inline(text: str) -> Markup:
    """Inline Markdown of one YAML value as safe HTML that the page's Markdown pass leaves alone."""
    if not _NEEDS_MARKDOWN.search(text):
        return escape_md(text)
    _md_engine.reset()
    rendered = _md_engine.convert(text)
    clean = clean_inline(rendered).strip()
    if clean.startswith("<p>") and clean.endswith("</p>") and clean.count("<p>") == 1:
        clean = clean[3:-4]
    return Markup(_inert(clean).replace("\n", " "))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, (dt.date, int, float)):
        return escape_md(str(value))
    return escape_md(value)


@lru_cache(maxsize=16)
def locale(lang: str) -> dict[str, str]:
    strings: dict[str, str] = yaml.safe_load((LOCALES / "en.yaml").read_text(encoding="utf-8"))
    path = LOCALES / f"{lang}.yaml"
    if lang != "en" and path.is_file():
        strings = {**strings, **(yaml.safe_load(path.read_text(encoding="utf-8")) or {})}
    return strings


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict[str, Any]) -> Markup:
    """An interface string with its `{name}` placeholders replaced by the values, each escaped.

    Not str.format: a kind's labels.yaml is a project's data, and format fields reach attributes
    and items (`{giver.join.__globals__[t].sys.modules[os].environ}` printed the build machine's
    environment). Only a plain {name} given in `values` is replaced; anything else stays as written."""
    if not values:
        return Markup(template)
    safe = {k: (v if isinstance(v, Markup) else escape_md(v)) for k, v in values.items()}
    return Markup(_PLACEHOLDER.sub(lambda m: str(safe[m.group(1)]) if m.group(1) in safe else m.group(0), template))


def translator(lang: str) -> Callable[..., Markup]:
    strings = locale(lang)

    def t(key: str, **values: Any) -> Markup:
        return fill(strings.get(key, key), values)

    return t


def relative(from_page: str, to_page: str) -> Markup:
    """A Markdown link target from one docs file to another (MkDocs checks and rewrites it)."""
    return _relative(posixpath.dirname(from_page) or ".", to_page)


@lru_cache(maxsize=65536)
def _relative(base: str, to_page: str) -> Markup:
    # Thousands of pages in a few folders link to the same role, kind and tag pages.
    return Markup(quote(posixpath.relpath(to_page, base), safe="/#-._~"))


def slug(value: Any) -> Markup:
    text = str(value)
    if not _SLUG.match(text):
        raise ValueError(f"'{text}' is not a slug and cannot be used in a URL or anchor")
    return Markup(text)


def md_filter(value: Any) -> Markup:
    if value is None:
        return Markup("")
    return render_inline(str(value))


class _OptionalUndefined(jinja2.StrictUndefined):
    """Printing a missing value is an error (a template typo); testing or looping over one is not,
    because most fields of a playbook are optional."""

    def __bool__(self) -> bool:  # type: ignore[override]
        return False

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]
        return iter(())

    def __len__(self) -> int:  # type: ignore[override]
        return 0


class TemplateProblem(Exception):
    """A page template failed: the message starts with the template's file and line."""


def located(exc: Exception, project_root: Path | None = None) -> TemplateProblem:
    """A template's error as `file:line: error: what`, the template's own line found in the
    traceback (Jinja rewrites tracebacks so each template frame carries its file and line)."""
    where, line = "a page template", 1
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where, line = exc.filename, exc.lineno or 1
    else:
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith(".j2"):
                where, line = name, tb.tb_lineno
            tb = tb.tb_next
    if project_root is not None and Path(where).is_relative_to(project_root):
        where = Path(where).relative_to(project_root).as_posix()
    what = {
        "SecurityError": "the template does something a kind template may not (kinds are data: no Python "
        "attributes, no changing values, no files)",
        "UndefinedError": "the template prints a value that is not there",
        "TemplateSyntaxError": "the template is not valid Jinja",
    }.get(type(exc).__name__, f"the template failed ({type(exc).__name__})")
    return TemplateProblem(f"{where}:{line}:1: error: {what}: {exc}")


def make_environment(kind_folders: dict[str, Path], theme_templates: Path | None = None) -> jinja2.Environment:
    """The environment every page template renders in, ours and a project's kinds alike.

    Jinja's immutable sandbox, because a kind is data (a folder a project adds or copies from
    elsewhere), and data must not run code: a template cannot reach Python internals
    (`''.__class__`), call what changes a value it was given, or read files other than the
    templates these loaders serve (which refuse `..`). The project's own theme overrides, which
    MkDocs renders, are code in the project's hands, as its hooks are."""
    loaders: list[jinja2.BaseLoader] = []
    if theme_templates is not None and theme_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(theme_templates), followlinks=False))
    # `<kind>/page.md.j2` from that kind's own folder: a project's copy of a package kind is used
    # whole (its template with its schema and labels), never the package's template beside it.
    loaders.append(jinja2.PrefixLoader({
        name: jinja2.FileSystemLoader(str(folder), followlinks=False) for name, folder in kind_folders.items()
    }))  # fmt: skip
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=_OptionalUndefined,
        autoescape=False,  # Markdown output: finalize does the escaping, for HTML and Markdown both
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown's heading ids ({#step-open}) would read as Jinja comments.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["md"] = md_filter
    env.filters["md_join"] = lambda items, sep=", ": Markup(escape_md(sep)).join(md_filter(x) for x in items or [])
    env.filters["join_safe"] = lambda items, sep=", ": Markup(escape_md(sep)).join(items or [])
    env.filters["slug"] = slug
    env.filters["e"] = escape_md
    env.filters["escape"] = escape_md
    env.filters["attr"] = lambda v: Markup(html.escape(str(v), quote=True))
    return env
