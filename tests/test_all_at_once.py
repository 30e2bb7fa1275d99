"""Every problem at once, no echoes: one run names each mistake once, in the file that has it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import cli

from generator import sources

HUMAN = "playbooks/human-check-in.yaml"  # named in related and in role paths by other files


def change(root: Path, rel: str, *edits: tuple[str, str]) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def test_three_mistakes_in_one_file_are_three_lines_and_nothing_else(handbook: Path) -> None:
    change(
        handbook,
        HUMAN,
        ("roles: [customer-success-manager,", "roles: [custmer-success-manager,"),
        ("reviewed: 2026-11-23", "reviewed: 2026-02-30"),
        ("review_every: 180d\n", "review_every: 180d\nreviewd_by: anna\n"),
    )
    result = cli("validate", "--root", handbook)
    assert result.code == 1
    assert result.lines == [
        f"{HUMAN}:6:9: error: unknown role 'custmer-success-manager' (did you mean 'customer-success-manager'?)",
        f"{HUMAN}:9:11: error: '2026-02-30' is not a real date; write an existing date as YYYY-MM-DD",
        f"{HUMAN}:11:1: error: unknown field 'reviewd_by' (did you mean 'reviewed'?)",
    ]


def test_a_file_that_does_not_parse_still_holds_its_id(handbook: Path) -> None:
    """Two syntax mistakes: both reported, and no file naming human-check-in hears of it."""
    change(
        handbook,
        HUMAN,
        ("title: A human check-in with a customer", "title: Check-in: a human conversation"),
        ("version: 1.0.2", 'version: "1.0.2'),
    )
    result = cli("validate", "--root", handbook)
    assert result.code == 1
    assert result.lines == [
        f"{HUMAN}:4:8: error: YAML syntax error: the value contains ': ', which YAML reads as a new key; "
        'quote it: title: "Check-in: a human conversation"',
        f'{HUMAN}:8:10: error: YAML syntax error: the quoted text that starts here is never closed; end it with a matching "',
    ]


def test_a_file_of_an_unknown_kind_still_holds_its_id(handbook: Path) -> None:
    change(handbook, HUMAN, ("kind: conversation-script", "kind: conversation-scrpt"))
    lines = cli("validate", "--root", handbook).lines
    assert len(lines) == 1 and lines[0].startswith(f"{HUMAN}:3:7: error: unknown kind 'conversation-scrpt'")


def test_a_misspelt_field_is_not_also_missing(handbook: Path) -> None:
    change(handbook, HUMAN, ("summary: A regular", "sumary: A regular"))
    assert cli("validate", "--root", handbook).lines == [
        f"{HUMAN}:5:1: error: unknown field 'sumary' (did you mean 'summary'?)"
    ]


def test_a_duplicate_key_does_not_hide_the_rest_of_the_file(handbook: Path) -> None:
    change(
        handbook,
        HUMAN,
        ("owner: customer-success-manager\n", "owner: customer-success-manager\nowner: people-ops\n"),
        ("review_every: 180d", "review_every: 3 months"),
    )
    assert cli("validate", "--root", handbook).lines == [
        f"{HUMAN}:8:1: error: duplicate key 'owner' (first at line 7); keep only one of them",
        f"{HUMAN}:11:15: error: '3 months' is not an interval; write a number and d, w or m, e.g. 90d, 12w or 6m",
    ]


def test_a_broken_translation_source_is_reported_once(handbook: Path) -> None:
    """The Italian, Russian and Hindi translations of a source that does not parse: no
    'translation of a playbook that does not exist' for each of them."""
    change(handbook, "playbooks/customer-first-weeks.yaml", ("kind: onboarding-checklist", "kind: [onboarding"))
    lines = cli("validate", "--root", handbook).lines
    assert len(lines) == 1 and lines[0].startswith("playbooks/customer-first-weeks.yaml:")


HINTS = {
    "unquoted colon": (
        "title: Escalation: when to call\n",
        "2:8: error: YAML syntax error: the value contains ': ', which YAML reads as a new key; "
        'quote it: title: "Escalation: when to call"',
    ),
    "unquoted colon in a list item": (
        "items:\n  - task: Call them: today\n    owner: x\n",
        "3:11: error: YAML syntax error: the value contains ': ', which YAML reads as a new key; "
        'quote it: task: "Call them: today"',
    ),
    "tab": (
        "roles:\n\t- a\n",
        "3:1: error: YAML syntax error: found character that cannot start any token (while scanning for the next "
        "token); indent with spaces, not tabs",
    ),
    "no space after the dash": (
        "roles:\n  - customer\n  -people\nowner: x\n",
        "4:3: error: YAML syntax error: a list item needs a space after '-': write '- people'",
    ),
    "unclosed double quote": (
        'title: "Hello\nsummary: s\n',
        '2:8: error: YAML syntax error: the quoted text that starts here is never closed; end it with a matching "',
    ),
    "unclosed single quote": (
        "title: 'Hello\nsummary: s\n",
        "2:8: error: YAML syntax error: the quoted text that starts here is never closed; end it with a matching '",
    ),
    "quote closed too early": (
        "title: 'Don't say'\n",
        "2:13: error: YAML syntax error: the text goes on after its closing '; quote the whole value "
        "(write a ' inside '...' as '')",
    ),
    "a value starting with a star": (
        "title: *Never* promise dates\n",
        "2:8: error: YAML syntax error: a value starting with * is read as a YAML alias or anchor; "
        "put the value in quotes",
    ),
    "a value starting with a backtick": (
        "title: `code` words\n",
        "2:8: error: YAML syntax error: a value cannot start with ` unless it is quoted; put the value in quotes",
    ),
    "unclosed bracket": (
        "roles: [a, b\nsummary: s\n",
        "2:8: error: YAML syntax error: the [ that starts here is not closed; end it with ] on the same line, "
        "and quote any item that contains a comma, [ ] or { }",
    ),
}


@pytest.mark.parametrize("case", HINTS)
def test_syntax_errors_say_how_to_fix_them(case: str) -> None:
    body, expected = HINTS[case]
    with pytest.raises(sources.LoadError) as caught:
        sources.parse_yaml("id: x\n" + body, "playbooks/x.yaml")
    assert caught.value.diagnostic.text() == f"playbooks/x.yaml:{expected}"


def test_a_list_written_without_spaces_gets_the_dash_hint(project: Path) -> None:
    path = project / "playbooks" / "first-week-for-a-new-teammate.yaml"
    path.write_text(path.read_text().replace("roles: [customer-success-manager]", "roles:\n  -customer-success-manager"))
    assert cli("validate", "--root", project).lines == [
        "playbooks/first-week-for-a-new-teammate.yaml:7:3: error: 'roles' must be a list, found the text "
        "'-customer-success-manager'; a list item needs a space after '-': '- item', one per line"
    ]


def test_several_syntax_errors_in_one_file_each_once() -> None:
    text = "id: x\ntitle: A: b\nsummary: ok\nowner: 'never closed\nversion: 1.0.0\n"
    with pytest.raises(sources.LoadError) as caught:
        sources.parse_yaml(text, "playbooks/x.yaml")
    assert [d.line for d in caught.value.diagnostics] == [2, 4]
