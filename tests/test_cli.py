"""The command line contract: init, validate's three formats, exit statuses, new, check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import cli, new_project


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_init_makes_a_valid_project_with_the_languages_asked(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p", "it,en")
    assert (root / "mkdocs.yml").is_file() and (root / "playbooks" / "roles.yaml").is_file()
    assert (root / "content" / "index.md").is_file()
    assert "languages: [it, en]" in (root / "mkdocs.yml").read_text()
    result = cli("validate", "--root", root)
    assert result.code == 0 and result.out == ""


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "notes.txt").write_text("mine")
    result = cli("init", tmp_path / "p")
    assert result.code == 2
    assert "not empty" in result.err
    assert (tmp_path / "p" / "notes.txt").read_text() == "mine"


def test_usage_errors_exit_2(tmp_path: Path, project: Path) -> None:
    assert cli("validate", "--format", "xml", "--root", project).code == 2
    assert cli("frobnicate").code == 2
    result = cli("validate", "--root", tmp_path / "nowhere")
    assert result.code == 2 and "not a directory" in result.err
    assert cli("init", tmp_path / "q", "--languages", "EN,,").code == 2


def test_not_a_project_is_a_usage_error(tmp_path: Path) -> None:
    result = cli("validate", "--root", tmp_path)
    assert result.code == 2
    assert "playbook init" in result.err


def test_paths_are_relative_to_the_root_whatever_the_cwd(project: Path, monkeypatch) -> None:
    write(project / "playbooks" / "sub" / "x.yaml", "id: x\nkind: role-pairing\n")
    monkeypatch.chdir(project.parent)
    result = cli("validate", "--root", project.name)
    assert result.code == 1
    assert all(line.startswith("playbooks/sub/x.yaml:") for line in result.lines)


def test_json_and_github_formats(project: Path) -> None:
    write(project / "playbooks" / "bad.yaml", "id: bad\nkind: role-pairing\ntitle: T\nsumary: S\n")
    data = json.loads(cli("validate", "--root", project, "--format", "json").out)
    assert {"path", "line", "column", "severity", "code", "message"} <= set(data[0])
    unknown = [d for d in data if d["code"] == "unknown-field"][0]
    assert (unknown["path"], unknown["line"], unknown["column"]) == ("playbooks/bad.yaml", 4, 1)
    assert unknown["message"] == "unknown field 'sumary' (did you mean 'summary'?)"
    github = cli("validate", "--root", project, "--format", "github")
    assert github.code == 1
    assert "::error file=playbooks/bad.yaml,line=4,col=1,title=unknown-field::unknown field 'sumary' (did you mean 'summary'?)" in github.lines


def test_clean_project_json_is_an_empty_list(project: Path) -> None:
    result = cli("validate", "--root", project, "--format", "json")
    assert result.code == 0 and json.loads(result.out) == []


def test_warnings_alone_exit_0(project: Path) -> None:
    text = (project / "playbooks" / "first-week-for-a-new-teammate.yaml").read_text()
    write(project / "playbooks" / "other-name.yaml", text.replace("id: first-week-for-a-new-teammate", "id: renamed"))
    result = cli("validate", "--root", project)
    assert result.code == 0
    assert result.lines == ["playbooks/other-name.yaml:2:5: warning: id 'renamed' differs from the file name "
                            "'other-name.yaml'; rename the file to 'renamed.yaml' so editors find it by its URL"]


def test_roles_file_problems_are_located(project: Path) -> None:
    roles = project / "playbooks" / "roles.yaml"
    text = roles.read_text().replace("pairs_with: [talent-development]", "pairs_with: [talent-developmnt]", 1)
    text = text.replace("team: cx\n", "team: sales\n", 1)
    roles.write_text(text)
    result = cli("validate", "--root", project)
    assert "playbooks/roles.yaml:8:18: error: unknown role 'talent-developmnt' (did you mean 'talent-development'?)" in result.lines
    assert "playbooks/roles.yaml:6:11: error: 'sales' is not allowed for 'team'; use one of: cx, hr, leadership, customer" in result.lines


def test_missing_roles_file(project: Path) -> None:
    (project / "playbooks" / "roles.yaml").unlink()
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert len(result.lines) == 1
    assert result.lines[0].startswith("playbooks/roles.yaml:1:1: error: playbooks/roles.yaml is missing")


def test_front_matter_problems_are_located_in_the_page(project: Path) -> None:
    write(project / "content" / "guide.md",
          "---\ntitle: Guide\naudience: everyone\nreviewed: 2026-12-01\n---\n\n# Guide\n\nText\n\n<iframe src=x></iframe>\n"
          "[x](javascript:alert(1))\n\nA button {onclick=alert(1)}\n")
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert "content/guide.md:3:11: error: 'everyone' is not allowed for 'audience'; use one of: internal, public" in result.lines
    write(project / "content" / "dated.md", "---\ntitle: Dated\nreviewed: 2026-13-01\n---\n")
    assert "content/dated.md:3:11: error: '2026-13-01' is not a real date; write an existing date as YYYY-MM-DD" in cli("validate", "--root", project).lines
    assert any(line.startswith("content/guide.md:11:1: error: <iframe> elements are not allowed") for line in result.lines)
    assert any(line.startswith("content/guide.md:12:5: error: javascript: links are not allowed") for line in result.lines)
    assert any(line.startswith("content/guide.md:14:11: error: the attribute list sets the event handler onclick=") for line in result.lines)


def test_harmless_html_in_pages_is_allowed(project: Path) -> None:
    write(project / "content" / "ok.md", "# OK\n\n<div class=\"grid\" markdown>\n\n**x**\n\n</div>\n")
    assert cli("validate", "--root", project).code == 0


def source(project: Path) -> str:
    return (project / "playbooks" / "first-week-for-a-new-teammate.yaml").read_text()


def test_translation_rules(project: Path) -> None:
    body = source(project).split("onboards:", 1)[1]
    ok = "id: first-week-for-a-new-teammate\nkind: onboarding-checklist\nlang: it\ntranslates: 1.0.0\ntitle: Prima settimana\nsummary: Cosa fare.\nonboards:" + body
    write(project / "playbooks" / "first-week-for-a-new-teammate.it.yaml", ok)
    assert cli("validate", "--root", project).code == 0
    write(project / "playbooks" / "first-week-for-a-new-teammate.ru.yaml",
          ok.replace("lang: it", "lang: ru").replace("kind: onboarding-checklist", "kind: role-pairing\naudience: public"))
    write(project / "playbooks" / "no-such-playbook.hi.yaml", ok.replace("lang: it", "lang: hi").replace(
        "id: first-week-for-a-new-teammate", "id: no-such-playbook"))
    write(project / "playbooks" / "first-week-for-a-new-teammate.hi.yaml", ok.replace("lang: it", "lang: ru").replace(
        "translates: 1.0.0", "translates: 2.0.0"))
    write(project / "playbooks" / "first-week-for-a-new-teammate.de.yaml", ok.replace("lang: it", "lang: de"))
    lines = cli("validate", "--root", project).lines
    assert "playbooks/first-week-for-a-new-teammate.ru.yaml:2:7: error: the source is a onboarding-checklist but this translation says role-pairing; use kind: onboarding-checklist" in lines
    assert "playbooks/first-week-for-a-new-teammate.ru.yaml:3:11: error: a translation has its source's audience (internal), not public; remove 'audience' from the translation" in lines
    assert any(line.startswith("playbooks/no-such-playbook.hi.yaml:1:5: error: translation of 'no-such-playbook', but there is no playbook with that id") for line in lines)
    assert "playbooks/first-week-for-a-new-teammate.hi.yaml:3:7: error: the file name says language 'hi' but lang is 'ru'; make them agree" in lines
    assert "playbooks/first-week-for-a-new-teammate.hi.yaml:4:13: error: translates 2.0.0, which is newer than the source's version 1.0.0" in lines
    assert any(line.startswith("playbooks/first-week-for-a-new-teammate.de.yaml:1:1: error: the file name says language 'de', which is not one of the site's languages") for line in lines)


def test_source_file_claiming_another_language(project: Path) -> None:
    path = project / "playbooks" / "first-week-for-a-new-teammate.yaml"
    path.write_text(source(project).replace("kind: onboarding-checklist", "kind: onboarding-checklist\nlang: it"))
    assert "playbooks/first-week-for-a-new-teammate.yaml:4:7: error: this file is in the default language (en) but says lang: it; name a translation 'first-week-for-a-new-teammate.it.yaml'" in cli("validate", "--root", project).lines


def from_example(project: Path, kind: str, pid: str) -> Path:
    """A copy of a kind's example.yaml under a new id: line numbers stay the example's."""
    from generator.kinds import PACKAGE_KINDS
    text = (PACKAGE_KINDS / kind / "example.yaml").read_text().replace(f"id: example-{kind}", f"id: {pid}")
    return write(project / "playbooks" / f"{pid}.yaml", text)


def test_conversation_script_checks(project: Path) -> None:
    path = from_example(project, "conversation-script", "talk")
    text = path.read_text().replace("  - id: acknowledge\n    speaker: customer-success-manager", "  - id: open\n    speaker: people-ops")
    path.write_text(text)
    lines = cli("validate", "--root", project).lines
    assert "playbooks/talk.yaml:21:9: error: duplicate step id 'open' (first at line 13); give each one its own id" in lines
    assert "playbooks/talk.yaml:22:14: error: 'people-ops' is not one of the participants (customer-success-manager, customer); add it to 'participants'" in lines
    assert "playbooks/talk.yaml:20:15: error: unknown step 'acknowledge'; use the id of a step of this script" in lines


def test_public_playbook_naming_an_internal_one_warns(project: Path) -> None:
    path = from_example(project, "transparency-guide", "promise")
    path.write_text(path.read_text() + "audience: public\nrelated: [first-week-for-a-new-teammate]\n")
    result = cli("validate", "--root", project)
    assert result.code == 0
    assert result.lines == ["playbooks/promise.yaml:24:11: warning: related playbook 'first-week-for-a-new-teammate' is internal, so the public site will not link to it; make it public or remove it from related"]


def test_new_makes_a_valid_playbook_of_every_kind(project: Path) -> None:
    from generator.kinds import discover
    for kind in discover():
        result = cli("new", kind, f"new-{kind}", "--root", project)
        assert result.code == 0, result.err
    assert cli("validate", "--root", project).code == 0
    again = cli("new", "handoff", "new-handoff", "--root", project)
    assert again.code == 2 and "exists already" in again.err
    assert cli("new", "nonsense", "x", "--root", project).code == 2
    assert cli("new", "handoff", "Not_An_Id", "--root", project).code == 2


def test_changelog_order_warning(project: Path) -> None:
    path = project / "playbooks" / "first-week-for-a-new-teammate.yaml"
    path.write_text(source(project) + "  - version: 1.2.0\n    date: 2026-01-01\n    note: Newer at the bottom.\n")
    lines = cli("validate", "--root", project).lines
    assert any("warning: changelog entry 1.2.0 is not older than the one above it (1.0.0); list entries newest first" in line for line in lines)


def test_broken_site_settings_are_located(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: Team\ntheme:\n  name: material\n   font: false\n")
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert result.lines[0].startswith("mkdocs.yml:4:")
    assert "YAML syntax error" in result.lines[0]
    (project / "mkdocs.yml").write_text("- site_name\n")
    assert cli("validate", "--root", project).lines == [
        "mkdocs.yml:1:1: error: mkdocs.yml must be a mapping of settings (site_name: ..., theme: ...)"]


def test_wrong_generator_settings_are_errors_not_defaults(project: Path) -> None:
    text = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(text.replace("languages: [en, it, ru, hi]", "languages: en")
                                        .replace("review_every: 180d", "review_every: 6 months"))
    lines = cli("validate", "--root", project).lines
    number = next(i for i, line in enumerate(text.splitlines(), 1) if "languages:" in line)
    assert (f"mkdocs.yml:{number}:1: error: extra.playbook.languages must be a list of different language codes, "
            "the default first, e.g. [en, it, ru, hi]") in lines
    assert any("extra.playbook.review_every '6 months' is not an interval" in line for line in lines)


def test_a_closed_pipe_ends_quietly_with_the_usual_status(project: Path) -> None:
    """`playbook validate --format json | head -1`: the reader leaves after one line."""
    for i in range(400):  # far more output than a pipe holds, so the write after `head` left fails
        (project / "playbooks" / f"broken-{i}.yaml").write_text(f"id: broken-{i}\nkind: nonsense\n", encoding="utf-8")
    exe = Path(sys.executable).with_name("playbook")
    proc = subprocess.run(
        ["bash", "-c", f'"{exe}" validate --root "{project}" --format json | head -1; exit ${{PIPESTATUS[0]}}'],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout == "[\n"
    assert proc.returncode == 1, proc.stderr
    assert "BrokenPipe" not in proc.stderr and "internal error" not in proc.stderr and "Exception" not in proc.stderr
