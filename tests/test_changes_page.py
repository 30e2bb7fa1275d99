"""The What changed page, feed and manifest of a build that is not published (build, serve).

Without a published release (here: not even a git repository) everything is new, the page says
the build is not published, and the feed's links are relative to the feed, since no site_url
is set. Checklist item keys, which checklist ticks follow, are checked like ids.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import feedparser
import pytest
from conftest import cli

from generator.changespage import shown_here
from generator.release import Change


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import new_project

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLAYBOOK_TODAY", "2026-11-23")
        root = new_project(tmp_path_factory.mktemp("preview") / "proj")
        out = root / "site"
        result = cli("build", "--root", root, "--site-dir", out)
        assert result.code == 0, result.err
    return out


def test_a_build_that_is_not_published_says_so_and_lists_everything_as_new(site: Path) -> None:
    english = (site / "changes" / "index.html").read_text()
    assert "Not published yet, and nothing was published before: every playbook is new." in english
    assert 'data-pb-id="first-week-for-a-new-teammate"' in english
    assert '<a class="pb-feed" href="feed.xml">' in english
    assert '<a href="changes/" class="md-nav__link">' in (site / "index.html").read_text()  # in the navigation
    roles = (site / "roles" / "index.html").read_text()
    assert 'type="application/atom+xml"' in roles  # every page names the feed
    assert "versions.js" not in roles and '"version": null' in roles.replace('"version":null', '"version": null')
    italian = (site / "it" / "changes" / "index.html").read_text()
    assert "Non ancora pubblicata, e non ci sono edizioni precedenti: tutti i playbook sono nuovi." in italian
    assert "Cosa è cambiato" in italian
    assert "Ещё не опубликовано" in (site / "ru" / "changes" / "index.html").read_text()
    assert "अभी प्रकाशित नहीं हुई" in (site / "hi" / "changes" / "index.html").read_text()
    manifest = json.loads((site / "changes" / "release.json").read_text())
    assert manifest["release"] is None and list(manifest["playbooks"]) == ["first-week-for-a-new-teammate"]
    assert not (site / "it" / "changes" / "release.json").exists()  # one manifest per release


@pytest.mark.parametrize("prefix", ["", "it/", "hi/"])
def test_without_site_url_the_feed_links_are_relative_to_the_feed(site: Path, prefix: str) -> None:
    feed_file = site / prefix / "changes" / "feed.xml"
    feed = feedparser.parse(feed_file.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [link.rel for link in feed.feed.links] == ["alternate"]  # no self link without an address
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.link == "../playbooks/first-week-for-a-new-teammate/"
    target = posixpath.normpath(posixpath.join(f"{prefix}changes", entry.link))
    assert (site / target / "index.html").is_file()
    assert entry.id.startswith("urn:uuid:") and entry.updated == "2026-11-23T00:00:00Z"
    title = {"": "Added: ", "it/": "Nuovo: ", "hi/": "नई: "}[prefix]
    assert entry.title == title + "First week for a new teammate"


def test_a_translation_behind_is_news_in_its_language_and_the_default_one_only() -> None:
    change = Change("behind", "x", "1.1.0", {"en": "X"}, lang="it", translates="1.0.0")
    assert [lang for lang in ("en", "it", "ru") if shown_here(change, lang, "en")] == ["en", "it"]
    assert all(shown_here(Change("changed", "x", "1.1.0", {}), lang, "en") for lang in ("en", "it", "ru"))


def test_a_checklist_item_key_is_checked_like_an_id(project: Path) -> None:
    path = project / "playbooks" / "first-week-for-a-new-teammate.yaml"
    text = path.read_text()
    text = text.replace("      - task: Send the welcome note", "      - key: welcome\n        task: Send the welcome note")
    text = text.replace("      - task: Meet your buddy", "      - key: welcome\n        task: Meet your buddy")
    path.write_text(text)
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert "duplicate checklist item id 'welcome'" in result.out
    path.write_text(text.replace("key: welcome\n        task: Meet", "key: buddy-walk\n        task: Meet"))
    assert cli("validate", "--root", project).code == 0


def test_search_finds_the_playbooks_not_the_list_of_changes(site: Path) -> None:
    from conftest import search_fragments

    urls = search_fragments(site)
    assert any("first-week-for-a-new-teammate" in url for url in urls)
    assert not [url for url in urls if "changes" in url]


def test_a_review_that_changed_nothing_is_not_a_change() -> None:
    import datetime as dt

    from generator.release import digest

    data = {"id": "x", "title": "X", "version": "1.0.0", "reviewed": dt.date(2026, 1, 1), "principles": ["a"]}
    assert digest(data) == digest({**data, "reviewed": dt.date(2026, 6, 1), "review_every": "90d"})
    assert digest(data) != digest({**data, "principles": ["b"]})


def test_a_translation_behind_is_listed_when_it_falls_behind_not_in_every_release(project: Path) -> None:
    import datetime as dt

    from generator.project import load_project
    from generator.release import Release, release_changes
    from generator.select import select

    source = project / "playbooks" / "first-week-for-a-new-teammate.yaml"
    translation = source.read_text().replace("id: first-week", "lang: it\ntranslates: 0.9.0\nid: first-week", 1)
    (project / "playbooks" / "first-week-for-a-new-teammate.it.yaml").write_text(translation)

    def changes(baseline: dict | None, name: str) -> tuple[list[tuple[str, str, str]], dict]:
        loaded, problems = load_project(project)
        assert not [p for p in problems if p.severity == "error"], problems
        selections = [select(loaded, "internal", lang) for lang in loaded.settings.languages]
        made = release_changes(Release(name, dt.date(2026, 11, 23), baseline), "internal", selections,
                               loaded.playbooks)
        return [(c.type, c.id, c.lang) for c in made.this.changes], made.manifest

    first, manifest = changes(None, "1.0")
    assert first == [("added", "first-week-for-a-new-teammate", ""), ("behind", "first-week-for-a-new-teammate", "it")]
    again, manifest = changes(manifest, "1.1")
    assert again == []  # still behind, but nothing new to translate: not news
    source.write_text(source.read_text().replace("version: 1.0.0", "version: 1.0.1", 1).replace(
        "changelog:\n", "changelog:\n  - version: 1.0.1\n    date: 2026-11-22\n    note: Clearer agenda.\n", 1))
    moved, _ = changes(manifest, "1.2")
    assert moved == [("changed", "first-week-for-a-new-teammate", ""), ("behind", "first-week-for-a-new-teammate", "it")]
