"""Reading aids without a browser: timings in words, step names, reading time, the printable
path's anchors, which roles customers see, and which page is the public front door."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import cli

from generator.printing import separate
from generator.project import load_project
from generator.reading import first_words, reading_minutes, when_in_words
from generator.render import translator
from generator.select import public_roles, select
from generator.vocabulary import words_of


@pytest.mark.parametrize(("lang", "when", "words"), [
    ("en", "day -7", "7 days before the start"),
    ("en", "day -1", "1 day before the start"),
    ("en", "Day 1", "Day 1"),
    ("en", "week 2", "Week 2"),
    ("en", "weeks 2-4", "Weeks 2–4"),
    ("en", "weeks 2–3", "Weeks 2–3"),
    ("it", "day -7", "7 giorni prima dell'inizio"),
    ("it", "week -1", "1 settimana prima dell'inizio"),
    ("ru", "day -1", "За 1 день до начала"),
    ("ru", "day -3", "За 3 дня до начала"),
    ("ru", "day -7", "За 7 дней до начала"),
    ("ru", "day -21", "За 21 день до начала"),
    ("ru", "week -2", "За 2 недели до начала"),
    ("ru", "weeks 2-4", "Недели 2–4"),
    ("hi", "week -2", "शुरुआत से 2 हफ़्ते पहले"),
    ("hi", "week 1", "हफ़्ता 1"),
])
def test_a_phase_timing_in_the_readers_words(lang: str, when: str, words: str) -> None:
    assert str(when_in_words(when, lang, translator(lang))) == words


@pytest.mark.parametrize("when", ["three days before the support day", "week", "days -7 to -3", "", None, "day 1.5"])
def test_an_editors_own_timing_is_shown_as_written(when) -> None:
    assert when_in_words(when, "en", translator("en")) is None


def test_a_step_is_named_by_its_first_words() -> None:
    assert first_words("Thanks for making the time. I asked for this call because...") == "Thanks for making the time"
    assert first_words("To be honest, we stopped sending feedback because nothing happened.") == \
        "To be honest, we stopped sending…"
    assert first_words("Say the *no* as plainly as the *yes*, always and to everyone.") == "Say the no as plainly as…"
    assert first_words("शुरुआत करते हैं। बाक़ी बाद में।") == "शुरुआत करते हैं"


def test_reading_time_counts_what_a_reader_reads() -> None:
    words = " ".join(["word"] * 450)
    data = {"id": "x", "title": "Two words", "summary": words, "roles": ["a"] * 1000, "tags": ["t"] * 1000}
    assert reading_minutes(data) == 3  # 452 words at 200 a minute
    assert reading_minutes({"title": "Short"}) == 1


def test_a_playbook_on_a_shared_page_keeps_its_own_anchors() -> None:
    body = (
        "## Step one {#step-open}\n\n[go](#step-close){: .pb-goto }\n\n"
        '<a class="pb-goto" href="#step-close">x</a>\n\n### Detail {#step-open-detail}\n\n'
        "Text with an escaped &#35;hash and [elsewhere](../roles/x.md#reading-path)\n"
    )
    out = separate(body, "talk--")
    assert "### Step one {#talk--step-open}" in out
    assert "#### Detail {#talk--step-open-detail}" in out
    assert "](#talk--step-close)" in out and 'href="#talk--step-close"' in out
    assert "&#35;hash" in out and "(../roles/x.md#reading-path)" in out


def test_customers_see_only_roles_written_for_them(project: Path) -> None:
    roles_file = project / "playbooks" / "roles.yaml"
    roles = yaml.safe_load(roles_file.read_text())
    first = roles["roles"][0]
    first["public_summary"] = "Your contact from the first day."
    first.setdefault("lang", {})["it"] = {"public_summary": "Il tuo contatto dal primo giorno."}
    roles_file.write_text(yaml.safe_dump(roles, allow_unicode=True))
    loaded, diagnostics = load_project(project)
    assert not [d for d in diagnostics if d.severity == "error"]
    shown = public_roles(loaded)
    assert list(shown) == [first["id"]]
    role = shown[first["id"]]
    assert role.summary_in("en") == "Your contact from the first day."
    assert role.summary_in("it") == "Il tuo contatto dal primo giorno."
    assert role.summary_in("ru") == "Your contact from the first day."  # not the staff summary
    assert select(loaded, "public", "en").roles.keys() == shown.keys()
    assert select(loaded, "internal", "en").roles[first["id"]].summary == first["summary"]


def home_page(project: Path, name: str, front: str, body: str = "Hello, customers.\n\n## More\n\nText.\n") -> None:
    (project / "content" / f"{name}.md").write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")


def internal_index(project: Path) -> None:
    """`playbook init` makes content/index.md public; a project with a public home makes it the staff's."""
    index = project / "content" / "index.md"
    index.write_text(index.read_text().replace("audience: public\n", ""))


def test_the_public_home_is_the_page_that_says_so(project: Path, tmp_path: Path) -> None:
    internal_index(project)
    home_page(project, "welcome", "title: Working with us\naudience: public\nhome: public\nhome_roles: meet\n")
    public, internal = tmp_path / "public", tmp_path / "internal"
    assert cli("build", "--root", project, "--audience", "public", "--site-dir", public).code == 0
    assert "Working with us" in (public / "index.html").read_text()
    assert not (public / "welcome").exists()
    assert cli("build", "--root", project, "--site-dir", internal).code == 0
    assert "Working with us" in (internal / "welcome" / "index.html").read_text()
    assert "Working with us" not in (internal / "index.html").read_text().split("<article")[1]


@pytest.mark.parametrize(("pages", "expected"), [
    ({"a": "audience: public\nhome: public\n", "b": "audience: public\nhome: public\n"},
     "content/b.md:4:7: error: content/a.md is already the public site's home; only one page may say 'home: public'"),
    ({"a": "home: public\n"},
     "content/a.md:3:7: error: home: public makes this page the public site's front page, but the page is internal; "
     "add 'audience: public' or remove 'home'"),
    ({"a": "audience: public\nhome_path: customer-success-manager\n"},
     "content/a.md:4:1: warning: 'home_path' only changes a home page (content/index.md or a page with "
     "'home: public'); remove it or add 'home: public'"),
    ({"a": "audience: public\nhome: public\nhome_path: custmer-success-manager\n"},
     "content/a.md:5:12: error: unknown role 'custmer-success-manager' (did you mean 'customer-success-manager'?)"),
])
def test_which_page_is_the_front_door_is_checked(project: Path, pages: dict[str, str], expected: str) -> None:
    internal_index(project)
    for name, front in pages.items():
        home_page(project, name, f"title: {name}\n{front}")
    result = cli("validate", "--root", project)
    assert expected in result.lines, result.out


def test_a_public_index_and_a_public_home_are_one_too_many(project: Path) -> None:
    home_page(project, "a", "title: A\naudience: public\nhome: public\n")
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert any(line.startswith("content/index.md:1:1: error: this page is public and content/a.md says 'home: public'")
               for line in result.lines), result.out


def test_the_spelling_fallbacks_words_keep_every_script_whole() -> None:
    assert words_of("फ़ीडबैक लूप पूरा करना। Closing the feedback-loop, «обратной» связи! 2026 ok") == [
        "फ़ीडबैक", "लूप", "पूरा", "करना", "closing", "the", "feedback", "loop", "обратной", "связи"]


def test_an_edit_is_followed_on_every_page_that_shows_it() -> None:
    """What `serve` writes again after one playbook's edit besides its own page (followers.py)."""
    from conftest import REPO

    from generator.build import build_context
    from generator.emit import Emitter

    project, _ = load_project(REPO)
    emitter = Emitter(build_context(project), select(project, "internal", "en"))
    shown = emitter.pages_showing("frontline-decision-boundaries")
    roles = {r.id for r in project.roles.values() if "frontline-decision-boundaries" in
             select(project, "internal", "en").path_of(r.id)}
    assert {p for p in shown if p.startswith("roles/") and not p.endswith("/print.md")} == {f"roles/{r}.md" for r in roles}
    assert {p for p in shown if p.endswith("/print.md")} == {f"roles/{r}/print.md" for r in roles}
    # The playbook before it in the support representatives' path names it as next, with its reading time.
    assert "playbooks/pairing-support-employee-relations.md" in shown
    assert "frontline-decision-boundaries.md" in shown["playbooks/pairing-support-employee-relations.md"]()
