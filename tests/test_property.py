"""Whatever an editor types, validate ends with exit 0 or 1 and only located messages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import cli, new_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

LINE = re.compile(r"^(playbooks|content)/[^:]+:\d+:\d+: (error|warning): \S.*$")
TEMPLATE_ROOT: dict[str, Path] = {}

SEED = """id: seed
kind: conversation-script
title: A talk
summary: Something to say.
roles: [customer-success-manager]
owner: people-ops
version: 1.0.0
reviewed: 2026-10-01
purpose: Talk.
participants: [customer-success-manager, customer]
steps:
  - id: open
    speaker: customer-success-manager
    say: Hello.
    branches:
      - if: They answer
        goto: open
changelog:
  - version: 1.0.0
    date: 2026-10-01
    note: First.
"""

YAML_BITS = st.sampled_from(["\n", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/object ", "'", '"', "#",
                             "\t", "yes", "1.10", "2026-02-30", "<script>", "javascript:", "---\n", "  ", "|\n  ",
                             "\x00", "\u200f", "é", "id", "kind", "owner", "goto", "?", ",", "%YAML 1.1\n"])


def mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        bit = data.draw(YAML_BITS)
        if action == "insert":
            text = text[:pos] + bit + text[pos:]
        elif action == "delete":
            text = text[:pos] + text[pos + data.draw(st.integers(1, 20)):]
        else:
            text = text[:pos] + bit + text[pos + len(bit):]
    return text


def check(root: Path, payload: bytes, name: str = "fuzz.yaml") -> None:
    path = root / "playbooks" / name
    path.write_bytes(payload)
    result = cli("validate", "--root", root)
    assert result.code in (0, 1), (payload, result.err)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    for line in result.lines:
        assert LINE.match(line), (payload, line)
    path.unlink()


def fresh(tmp_path_factory) -> Path:
    if "root" not in TEMPLATE_ROOT:
        TEMPLATE_ROOT["root"] = new_project(tmp_path_factory.mktemp("fuzz") / "p")
    return TEMPLATE_ROOT["root"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_playbooks(tmp_path_factory, data) -> None:
    check(fresh(tmp_path_factory), mutate(SEED, data).encode("utf-8", "surrogatepass"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.binary(max_size=400))
def test_arbitrary_bytes(tmp_path_factory, payload: bytes) -> None:
    check(fresh(tmp_path_factory), payload)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_arbitrary_text_as_page_front_matter(tmp_path_factory, text: str) -> None:
    root = fresh(tmp_path_factory)
    page = root / "content" / "fuzz.md"
    page.write_text("---\n" + text + "\n---\n\nBody\n", encoding="utf-8", errors="surrogatepass")
    result = cli("validate", "--root", root)
    page.unlink()
    assert result.code in (0, 1)
    for line in result.lines:
        assert LINE.match(line), (text, line)
    shutil.rmtree(root / ".playbook", ignore_errors=True)


@given(st.text() | st.text(alphabet=st.sampled_from(["a", " ", "\ufeff", "\x0c", "\x01", "\u2028", "\x85", '"', "'"])))
@example("\ufeffHeading")
@settings(max_examples=400, deadline=None)
def test_text_the_sanitizer_skips_is_text_nh3_gives_back_unchanged(text: str) -> None:
    """The sanitizer returns plain text (sanitize.PLAIN) without asking nh3: nh3 would give it
    back as it is."""
    from generator.sanitize import PLAIN, clean_page

    if PLAIN.fullmatch(text):
        assert clean_page(text) == text
