"""Languages without a browser: anchors, dates, kind titles and their warnings, per-language
settings, what `init` writes per language, the generated projects, and `check --translations`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import unicodedata
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import REPO, cli, new_project
from pymdownx.slugs import slugify as pymdownx_slugify

from generator.build import emit_projects
from generator.i18n import format_date
from generator.kinds import PACKAGE_KINDS, discover, kind_labels
from generator.project import load_project
from generator.render import LOCALES, locale
from generator.slugs import slug, slugify


def sample_headings() -> list[str]:
    headings = []
    for path in sorted((REPO / "content").glob("*.md")):
        headings += [line.lstrip("#").strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.startswith("#")]
    return headings


def test_a_devanagari_heading_keeps_its_vowel_signs_and_viramas() -> None:
    assert slug("स्वागत है") == "स्वागत-है"
    assert slug("दो ऑडियंस, एक ही तरीका") == "दो-ऑडियंस-एक-ही-तरीका"
    assert pymdownx_slugify(case="lower")("स्वागत है", "-") == "सवगत-ह"  # what it was


def test_anchors_in_other_scripts_stay_exactly_as_they_were() -> None:
    """Only marks are kept in addition: an anchor someone linked to before does not move."""
    before = pymdownx_slugify(case="lower")
    headings = sample_headings() + ["Что мы делаем — и зачем", "Cosa è cambiato?", "<em>Hi</em> & bye", "a  b"]
    for heading in headings:
        if not any(unicodedata.category(ch).startswith("M") for ch in heading):
            assert slug(heading) == before(heading, "-"), heading


def test_the_same_heading_typed_two_ways_gets_one_anchor() -> None:
    composed = "Café की चाय"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed and slug(composed) == slug(decomposed)


def test_markdown_uses_it_through_the_toc_option_form() -> None:
    md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"slugify": slugify(case="lower")}})
    html = md.convert("## स्वागत है\n\n## स्वागत है\n")
    assert 'id="स्वागत-है"' in html and 'id="स्वागत-है_1"' in html


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "October 14, 2026"), ("it", "14 ottobre 2026"), ("ru", "14 октября 2026\u202fг."), ("hi", "14 अक्टूबर 2026"),
    ("xx", "2026-10-14"),
])
def test_dates_in_the_readers_language(lang: str, expected: str) -> None:
    assert format_date(dt.date(2026, 10, 14), lang) == expected


def test_locales_are_complete() -> None:
    english = set(locale("en"))
    for lang in ("it", "ru", "hi"):
        own = set(yaml.safe_load((LOCALES / f"{lang}.yaml").read_text(encoding="utf-8")))
        assert english - own == set(), lang
    for kind in discover().values():
        labels = kind_labels(kind.folder)
        for lang in labels:
            assert set(labels["en"]) == set(labels[lang]), (kind.name, lang)


def test_every_kind_is_named_in_every_sample_language() -> None:
    for kind in discover().values():
        assert kind.missing_languages(["en", "it", "ru", "hi"]) == [], kind.name
        assert kind.title_in("ru") != kind.title and kind.title_in("en") == kind.title
        assert kind.description_in("hi") != kind.schema["description"]


def test_a_kind_added_as_data_brings_its_own_titles_and_is_warned_about_a_missing_one(project: Path) -> None:
    folder = project / "kinds" / "meeting-notes"
    shutil.copytree(PACKAGE_KINDS / "handoff", folder)
    schema = json.loads((folder / "schema.json").read_text())
    schema["title"] = "Meeting notes"
    schema["x-titles"] = {"it": "Appunti di riunione", "ru": "Заметки со встречи"}  # no Hindi
    del schema["x-descriptions"]["ru"]
    (folder / "schema.json").write_text(json.dumps(schema, ensure_ascii=False, indent=2))
    labels = yaml.safe_load((folder / "labels.yaml").read_text())
    del labels["hi"]["promise"]
    (folder / "labels.yaml").write_text(yaml.safe_dump(labels, allow_unicode=True))
    result = cli("validate", "--root", project)
    assert result.code == 0
    line = next(n for n, text in enumerate((folder / "schema.json").read_text().splitlines(), 1) if '"x-titles"' in text)
    assert (f"kinds/meeting-notes/schema.json:{line}:1: warning: kind 'meeting-notes' has no Hindi title "
            "(hi pages show 'Meeting notes'); add \"hi\": \"...\" to x-titles in kinds/meeting-notes/schema.json"
            ) in result.lines
    assert any("kind 'meeting-notes' has no Russian description" in line for line in result.lines)
    assert any(line.startswith("kinds/meeting-notes/labels.yaml:") and "no Hindi text for promise" in line
               for line in result.lines)
    # (and the IDE schemas in schemas/, which `init` wrote, do not know the new kind yet)
    assert len([line for line in result.lines if "schemas-stale" not in line and "playbook schemas" not in line]) == 3
    kinds = discover((project / "kinds",))
    assert kinds["meeting-notes"].title_in("it") == "Appunti di riunione"
    assert kinds["meeting-notes"].title_in("hi") == "Meeting notes"


def test_the_sample_has_no_language_warnings() -> None:
    _, diagnostics = load_project(REPO)
    assert [d for d in diagnostics if d.code == "kind-untranslated"] == []


def test_site_names_per_language_with_the_default_as_fallback(project: Path) -> None:
    text = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(text.replace(
        "    public_site_name: Our best practices\n",
        "    public_site_name: Our best practices\n"
        "    lang:\n      it: {site_name: Playbook del team, public_site_name: Le nostre buone pratiche}\n"
        "      ru: {site_name: Плейбуки команды}\n"))
    project_data, diagnostics = load_project(project)
    assert diagnostics == []
    settings = project_data.settings
    assert settings.site_name_in("it") == "Playbook del team"
    assert settings.site_name_in("it", public=True) == "Le nostre buone pratiche"
    assert settings.site_name_in("ru", public=True) == "Our best practices"  # the default's public name
    assert settings.site_name_in("hi") == "Team Playbooks"
    out = project / "gen"
    configs = dict(emit_projects(project_data, "public", out))
    config = yaml.load(configs["it"].read_text(), Loader=yaml.Loader)  # noqa: S506 - our own file
    assert config["site_name"] == "Le nostre buone pratiche"


def test_wrong_per_language_settings_are_errors(project: Path) -> None:
    text = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(text.replace(
        "    public_site_name: Our best practices\n",
        "    public_site_name: Our best practices\n"
        "    lang:\n      de: {site_name: Team}\n      it:\n        site_title: Team\n        copyright: 3\n"))
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert any("extra.playbook.lang names language 'de', which is not one of the site's languages" in line
               for line in result.lines)
    assert any("extra.playbook.lang.it.site_title is not a setting that has a language; use site_name, "
               "public_site_name, site_description, copyright" in line for line in result.lines)
    assert any("extra.playbook.lang.it.copyright must be text" in line for line in result.lines)


def test_init_writes_a_home_page_per_language_in_that_language(tmp_path: Path) -> None:
    root = new_project(tmp_path / "p", "it,en,hi")
    home = (root / "content" / "index.md").read_text()
    assert "title: Benvenuto" in home and "audience: public" in home and "`content/index.md`" in home
    assert "punto di partenza" in home
    english = (root / "content" / "index.en.md").read_text()
    assert "lang: en" in english and "starting point" in english and "`content/index.en.md`" in english
    assert "स्वागत है" in (root / "content" / "index.hi.md").read_text()
    assert cli("validate", "--root", root).lines == []


def test_init_says_when_a_language_has_no_interface_text(tmp_path: Path) -> None:
    result = cli("init", tmp_path / "p", "--languages", "en,de")
    assert result.code == 0
    assert "no interface text in 'de'" in result.err
    assert sorted(p.name for p in (tmp_path / "p" / "content").iterdir()) == ["index.md"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    project, _ = load_project(REPO)
    out = tmp_path_factory.mktemp("generated")
    emit_projects(project, "internal", out)
    return out


def config_of(generated: Path, lang: str) -> dict:
    return yaml.load((generated / lang / "mkdocs.yml").read_text(), Loader=yaml.Loader)  # noqa: S506 - our own file


@pytest.mark.parametrize("lang", ["it", "ru", "hi"])
def test_generated_config_speaks_the_language(generated: Path, lang: str) -> None:
    config = config_of(generated, lang)
    own = locale(lang)
    sample = yaml.safe_load((REPO / "mkdocs.yml").read_text())["extra"]["playbook"]["lang"][lang]
    assert config["site_name"] == sample["site_name"] and config["copyright"] == sample["copyright"]
    assert [o["toggle"]["name"] for o in config["theme"]["palette"]] == [own["palette_to_dark"], own["palette_to_light"]]
    toc = next(e["toc"] for e in config["markdown_extensions"] if isinstance(e, dict) and "toc" in e)
    assert toc["permalink_title"] == own["permalink"]
    assert toc["slugify"]("स्वागत है", "-") == "स्वागत-है"
    assert config["extra"]["playbook_ui"]["not_found_title"] == own["not_found_title"]
    kinds = next(item[own["playbooks"]] for item in config["nav"] if own["playbooks"] in item)
    used = {pb.kind for pb in load_project(REPO)[0].playbooks.values()}
    assert {next(iter(k)) for k in kinds} == {discover()[name].title_in(lang) for name in used}


def test_english_config_keeps_what_the_project_wrote(generated: Path) -> None:
    config = config_of(generated, "en")
    assert config["site_name"] == "CX &amp; People Playbooks"  # text: Material prints it as it is
    assert config["theme"]["palette"][0]["toggle"]["name"] == "Switch to dark mode"


def test_a_stale_translation_says_which_version_it_translates(generated: Path) -> None:
    text = (generated / "ru" / "docs" / "playbooks" / "closing-the-feedback-loop.md").read_text()
    assert "**Версия:** 1&#46;1&#46;0 <span class=\"pb-translates pb-translates--behind\">(перевод версии 1&#46;0&#46;0)</span>" in text
    assert "14 октября 2026\u202fг&#46;" in text  # the changelog's date, in Russian
    current = (generated / "it" / "docs" / "playbooks" / "customer-first-weeks.md").read_text()
    assert "traduzione della versione" in current
    original = (generated / "en" / "docs" / "playbooks" / "customer-first-weeks.md").read_text()
    assert "pb-translates" not in original


def test_untranslated_text_is_wrapped_in_its_language(generated: Path) -> None:
    page = (generated / "it" / "docs" / "cx-cannot-exceed-ex.md").read_text()
    assert page.count('<div lang="en" markdown>') == 2  # the heading, then the text after the notice
    assert "Questa pagina non è ancora stata tradotta" in page
    playbook = (generated / "hi" / "docs" / "playbooks" / "day-in-support.md").read_text()
    assert '{: lang="en" }' in playbook and '<div lang="en" class="pb-source-text"' in playbook
    kind = (generated / "hi" / "docs" / "kinds" / "onboarding-checklist.md").read_text()
    assert '<a href="../../playbooks/day-in-support/" lang="en">A day in support</a>' in kind


def test_check_translations_lists_stale_first_then_the_most_read(tmp_path: Path) -> None:
    result = cli("check", "--root", REPO, "--translations", "--language", "ru")
    assert result.code == 0, result.err
    lines = result.lines
    assert lines[0].startswith("ru: 1 to update, ")
    assert lines[1] == ("  update playbooks/closing-the-feedback-loop.ru.yaml: translates 1.0.0, "
                        "playbooks/closing-the-feedback-loop.yaml is at 1.1.0")
    assert lines[2].startswith("      1.1.0 (2026-10-14): Added the principle")
    translate = [line for line in lines if line.startswith("  translate playbooks/")]
    counts = [int(line.split("(read by ")[1].split(" ")[0]) for line in translate if "(read by" in line]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 4
    data = json.loads(cli("check", "--root", REPO, "--translations", "--format", "json").out)
    assert [entry["language"] for entry in data["languages"]] == ["it", "ru", "hi"]
    ru = data["languages"][1]
    assert ru["items"][0]["action"] == "update" and ru["items"][0]["missing"][0]["version"] == "1.1.0"
    assert ru["items"][1]["action"] == "translate" and ru["items"][1]["roles"]
    assert ru["translate"] == sum(1 for item in ru["items"] if item["action"] == "translate")
    assert cli("check", "--root", REPO, "--translations", "--language", "de").code == 2


def test_check_without_translations_keeps_its_report(tmp_path: Path) -> None:
    result = cli("check", "--root", REPO, "--today", "2026-11-23")
    assert "translation-behind" not in result.out  # the text format prints messages, not codes
    assert "the ru translation of 'Closing the feedback loop' translates 1.0.0, the source is at 1.1.0" in result.out
    assert "translations: ru: 5 of 17 playbooks translated, 1 behind the source" in result.err
