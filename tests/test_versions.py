"""Two releases published into a temporary git repository, read back from their branches.

Both audiences, both versions, the alias, the root redirect, each language's selector data, and
the What changed page, feed and manifest listing exactly what changed between 1.0 and 1.1
(versions_fixture.EXPECTED); internal and public releases never on one branch.
"""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from versions_fixture import CHECKLIST, EXPECTED, SITE_URL, Published, git, publish_two_releases

from generator.leaks import find_leaks
from generator.project import load_project

LANGS = {"en": "", "it": "it/", "ru": "ru/", "hi": "hi/"}
BRANCHES = {"internal": "playbook-internal", "public": "gh-pages"}


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return publish_two_releases(tmp_path_factory.mktemp("releases"))


def site_of(releases: Published, audience: str) -> Path:
    return releases.internal if audience == "internal" else releases.public


class _Changes(HTMLParser):
    """The What changed page's sections: playbook ids linked (and texts of unlinked items)."""

    def __init__(self) -> None:
        super().__init__()
        self.section = ""
        self.found: dict[str, list[str]] = {}
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "h2" and a.get("id"):
            self.section = str(a["id"])
            self.found.setdefault(self.section, [])
        elif tag == "a" and a.get("data-pb-id") and self.section and self.depth == 1:
            self.found[self.section].append(str(a["data-pb-id"]))
        elif tag == "ul":
            self.depth += 1
        elif tag == "li" and self.depth == 1:
            self.text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self.depth -= 1
        elif tag == "li" and self.depth == 1 and self.section:
            self.found.setdefault(self.section + ":text", []).append("".join(self.text).strip())

    def handle_data(self, data: str) -> None:
        if self.depth >= 1:
            self.text.append(data)


def changes_page(site: Path, version: str, lang: str) -> dict[str, list[str]]:
    html = (site / version / LANGS[lang] / "changes" / "index.html").read_text()
    article = html[html.index('<div class="pb-changes"'):]
    parser = _Changes()
    parser.feed(article)
    return parser.found


def page_config(page: Path) -> dict:
    html = page.read_text()
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert found, page
    return json.loads(found.group(1))


# -- branches --------------------------------------------------------------------------------

@pytest.mark.parametrize("audience", ["internal", "public"])
def test_each_branch_holds_both_releases_the_alias_and_a_root_redirect(releases: Published, audience: str) -> None:
    branch, site = BRANCHES[audience], site_of(releases, audience)
    versions = json.loads(git(releases.root, "show", f"{branch}:versions.json"))
    assert [v["version"] for v in versions] == ["1.1", "1.0"]
    assert versions[0]["aliases"] == ["latest"] and versions[1]["aliases"] == []
    tree = git(releases.root, "ls-tree", branch)
    assert re.search(r"^120000 blob \w+\tlatest$", tree, re.M)  # mike's alias: a link to the release
    assert git(releases.root, "show", f"{branch}:latest") == "1.1"
    assert (site / "latest" / "index.html").read_text() == (site / "1.1" / "index.html").read_text()
    root_page = (site / "index.html").read_text()
    assert 'window.location.replace(\n      "latest/"' in root_page and 'url=latest/' in root_page
    assert json.loads((site / "playbook-branch.json").read_text()) == {"audience": audience}
    for version in ("1.0", "1.1"):
        for prefix in LANGS.values():
            assert (site / version / prefix / "index.html").is_file()


def test_internal_and_public_releases_never_share_a_branch(releases: Published) -> None:
    branches = git(releases.root, "branch", "--format=%(refname:short)").split()
    assert sorted(branches) == ["gh-pages", "main", "playbook-internal"]
    public_files = git(releases.root, "ls-tree", "-r", "--name-only", "gh-pages")
    internal_files = git(releases.root, "ls-tree", "-r", "--name-only", "playbook-internal")
    for internal_only in ("steady-handoff-guide", "retiring-guide", "fresh-internal-guide", CHECKLIST):
        assert f"playbooks/{internal_only}/" in internal_files
        assert internal_only not in public_files
    assert "1.0/playbooks/going-private-guide/" in public_files  # public then
    assert "1.1/playbooks/going-private-guide/" not in public_files  # internal now
    public_manifest = json.loads((releases.public / "1.1" / "changes" / "release.json").read_text())
    assert public_manifest["audience"] == "public"
    assert set(public_manifest["playbooks"]) == {"public-promise-guide", "fresh-public-guide"}


@pytest.mark.parametrize("audience", ["internal", "public"])
@pytest.mark.parametrize("lang", list(LANGS))
def test_every_language_finds_the_selector_data_of_its_release(releases: Published, audience: str, lang: str) -> None:
    site = site_of(releases, audience)
    for version in ("1.0", "1.1"):
        page_dir = f"{version}/{LANGS[lang]}playbooks/public-promise-guide"
        config = page_config(site / page_dir / "index.html")
        assert config["version"] == {"provider": "playbook", "release": version, "lang_prefix": LANGS[lang],
                                     "default": "latest"}
        # What playbook.js computes: the language's root from Material's base, up to the
        # version's folder, up to the branch root, where mike's versions.json is.
        language_root = posixpath.normpath(posixpath.join(page_dir, config["base"]))
        version_root = posixpath.normpath(posixpath.join(language_root, *[".."] * LANGS[lang].count("/")))
        assert version_root == version
        branch_root = site / posixpath.normpath(posixpath.join(version_root, ".."))
        assert [v["version"] for v in json.loads((branch_root / "versions.json").read_text())] == ["1.1", "1.0"]
        html = (site / page_dir / "index.html").read_text()
        assert 'data-md-component="outdated" hidden' in html  # Material's banner, shown by versions.js
        assert "assets/playbook/versions.js" in html
        assert "pb-outdated__link" in html


# -- What changed, feeds, manifests -----------------------------------------------------------

@pytest.mark.parametrize("audience", ["internal", "public"])
def test_the_what_changed_page_lists_exactly_the_changes_between_the_releases(releases: Published,
                                                                                audience: str) -> None:
    expected = EXPECTED[audience]
    site = site_of(releases, audience)
    for lang in LANGS:
        found = changes_page(site, "1.1", lang)
        assert set(found.get("added", [])) == expected["added"], lang
        assert set(found.get("changed", [])) == expected["changed"], lang
        behind = {pid for pid, tl in expected["behind"] if lang in ("en", tl)}
        assert set(found.get("behind", [])) == behind, lang
        retired_texts = found.get("retired:text", [])
        assert len(retired_texts) == len(expected["retired"]) + (1 if expected["withdrawn"] else 0), lang
    english = changes_page(site, "1.1", "en")
    if audience == "internal":
        assert any(text.startswith("Retiring escalation ladder") for text in english["retired:text"])
    else:
        assert english["retired:text"] == ["Other playbooks no longer on this site: 1"]
    page = (site / "1.1" / "changes" / "index.html").read_text()
    assert "Release 1.1, published December 1, 2026. Changes since release 1.0:" in page
    assert "Dates now come as a range." in page  # the changelog note between the two releases
    assert "version 1.0.0 → 1.1.0" in page
    italian = (site / "1.1" / "it" / "changes" / "index.html").read_text()
    assert "Edizione 1.1, pubblicata il 1 dicembre 2026" in italian
    assert '<span lang="en">Dates now come as a range.</span>' in italian  # notes are not translated
    first = (site / "1.0" / "changes" / "index.html").read_text()
    assert "the first release, so every playbook is new" in first


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_each_language_has_a_valid_atom_feed_of_the_same_changes(releases: Published, audience: str) -> None:
    expected = EXPECTED[audience]
    site = site_of(releases, audience)
    for lang, prefix in LANGS.items():
        feed = feedparser.parse((site / "1.1" / prefix / "changes" / "feed.xml").read_bytes())
        assert not feed.bozo, (lang, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert feed.feed.language == lang
        assert feed.feed.id.startswith("urn:uuid:")
        this_release = [e for e in feed.entries if e.link.startswith(f"{SITE_URL}1.1/")]
        older = [e for e in feed.entries if e.link.startswith(f"{SITE_URL}1.0/")]
        assert len(this_release) + len(older) == len(feed.entries)  # every link absolute (site_url)
        linked = {e.link.removeprefix(f"{SITE_URL}1.1/{prefix}").strip("/") for e in this_release}
        ids = {pid for kind in ("added", "changed") for pid in expected[kind]}
        ids |= {pid for pid, tl in expected["behind"] if lang in ("en", tl)}
        assert linked == {f"playbooks/{pid}" for pid in ids} | ({"changes"} if expected["retired"] else set()), lang
        behind = {pid for pid, tl in expected["behind"] if lang in ("en", tl)}
        assert len(this_release) == len(expected["added"]) + len(expected["changed"]) + len(behind) + len(
            expected["retired"]), lang
        assert all(e.updated.startswith("2026-12-01") for e in this_release)
        assert len({e.id for e in feed.entries}) == len(feed.entries)
        assert feed.feed.links[-1].rel == "self"
        assert feed.feed.links[-1].href == f"{SITE_URL}1.1/{prefix}changes/feed.xml"
    english = feedparser.parse((site / "1.1" / "changes" / "feed.xml").read_bytes())
    titles = [e.title for e in english.entries]
    assert "Changed: Promises we keep (version 1.1.0)" in titles
    assert "Added: Fresh public status page" in titles
    promise = next(e for e in english.entries if e.title.startswith("Changed: Promises"))
    assert "Dates now come as a range." in promise.summary


def test_the_public_what_changed_page_feed_and_manifest_pass_the_leak_scan(releases: Published) -> None:
    project, _ = load_project(releases.root)
    release = releases.public / "1.1"
    assert find_leaks(project, release) == []
    for path in [release / "changes" / "index.html", release / "changes" / "feed.xml", release / "changes" / "release.json",
                 *release.glob("*/changes/*")]:
        text = path.read_text()
        assert "Discount approval matrix".lower() not in text.lower(), path  # internal now: not named
        assert "going-private-guide" not in text, path
        assert "steady-handoff-guide" not in text and "Retiring escalation" not in text, path


def test_the_manifest_remembers_each_release_so_none_is_rebuilt(releases: Published) -> None:
    manifest = json.loads((releases.internal / "1.1" / "changes" / "release.json").read_text())
    assert manifest["release"] == "1.1" and manifest["audience"] == "internal"
    assert [r["release"] for r in manifest["history"]] == ["1.1", "1.0"]
    assert manifest["playbooks"][CHECKLIST]["version"] == "1.1.0"
    assert manifest["playbooks"][CHECKLIST]["translations"]["it"] == {"translates": "1.0.0", "behind": True}
    assert manifest["playbooks"]["public-promise-guide"]["titles"]["ru"] == "Обещания, которые мы выполняем"
    this = manifest["history"][0]
    assert this["previous"] == "1.0"
    assert {c["id"] for c in this["changes"] if c["type"] == "retired"} == {"retiring-guide"}


def test_changes_compares_the_project_with_the_last_published_release(releases: Published) -> None:
    from conftest import cli

    result = cli("changes", "--root", releases.root)
    assert result.code == 0, result.err
    assert "compared with release 1.1" in result.out
    assert "Nothing changed since release 1.1." in result.out
    data = json.loads(cli("changes", "--root", releases.root, "--since", "1.0", "--format", "json").out)
    assert data["compared_with"] == "1.0"
    assert {c["id"] for c in data["added"]} == EXPECTED["internal"]["added"]
    assert {c["id"] for c in data["changed"]} == EXPECTED["internal"]["changed"]
    assert {c["id"] for c in data["retired"]} == EXPECTED["internal"]["retired"]
    assert {(c["id"], c["lang"]) for c in data["behind"]} == EXPECTED["internal"]["behind"]
    checklist = next(c for c in data["changed"] if c["id"] == CHECKLIST)
    assert checklist["from"] == "1.0.0" and checklist["version"] == "1.1.0"
    assert checklist["notes"] == [{"version": "1.1.0", "date": "2026-11-30",
                                   "note": "A lunch with the team on the first day."}]
    public = json.loads(cli("changes", "--root", releases.root, "--since", "latest", "--format", "json",
                            "--audience", "public").out)
    assert public["branch"] == "gh-pages" and public["compared_with"] == "1.1"
    unknown = cli("changes", "--root", releases.root, "--since", "0.9")
    assert unknown.code == 2
    assert "no release '0.9' on the branch 'playbook-internal' (published: 1.1, 1.0)" in unknown.err
