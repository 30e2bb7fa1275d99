"""Search: Pagefind bundles per language, Material's search box asking them, and re-indexing one bundle."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from browser import search, search_timed, serving
from conftest import REPO, cli, search_fragments

from generator import search as search_module


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small_bundles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_module, "BUNDLE_PAGES", 4)


def test_every_language_has_its_own_index_of_its_own_pages(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    english = search_fragments(site)
    italian = search_fragments(site / "it")
    assert "/playbooks/first-week-for-a-new-teammate/" in english
    assert not any(url.startswith(("/it/", "/ru/", "/hi/")) for url in english)  # not the nested languages
    assert english.keys() == italian.keys()
    assert "/404.html" not in english and "/404/" not in english
    # Page furniture is not indexed: permalinks, the owner line, the changelog.
    text = english["/playbooks/first-week-for-a-new-teammate/"][1]
    assert "¶" not in text and "Last reviewed" not in text and "Changelog" not in text
    assert "buddy" in text


def test_a_page_whose_front_matter_opts_out_is_not_indexed(project: Path, tmp_path: Path) -> None:
    (project / "content" / "draft-notes.md").write_text(
        "---\ntitle: Draft notes\nsearch:\n  exclude: true\n---\n\n# Draft notes\n\nNot for search yet.\n"
    )
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    assert (site / "draft-notes/index.html").is_file()
    assert "/draft-notes/" not in search_fragments(site)
    assert "/" in search_fragments(site)


def test_a_large_language_is_split_into_bundles(project: Path, tmp_path: Path, small_bundles: None) -> None:
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    manifest = json.loads((site / "pagefind/bundles.json").read_text())
    found = search_fragments(site)
    assert manifest["pages"] == len(found)
    assert manifest["count"] == -(-len(found) // 4) > 2
    # Bundles with pages are listed (a page's path names its bundle, so one may be empty).
    assert {b.strip("/") for b in manifest["bundles"]} == {bundle for bundle, _ in found.values()}
    assert len(manifest["bundles"]) > 2
    for bundle in manifest["bundles"]:
        # Only what a reader's browser needs: Pagefind's own UI files are not shipped.
        files = {p.name for p in (site / "pagefind" / bundle).iterdir()}
        assert "pagefind.js" in files and "pagefind-ui.js" not in files
    # Each page in the bundle its path names (search.bundles_of), whatever else the site holds.
    count = manifest["count"]
    for url, (bundle, _text) in found.items():
        html = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
        assert bundle == str(search_module.bundle_of(html, count)), url


def test_a_page_added_or_removed_changes_only_its_own_bundle(
    project: Path, tmp_path: Path, small_bundles: None
) -> None:
    """As `serve` after a new or a deleted playbook: the other bundles stay byte for byte."""
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    from generator.build import search_scope

    scope = search_scope(project / ".playbook/build/internal/en/mkdocs.yml", "en", ["en", "it", "ru", "hi"], "en")
    pages = search_module.indexed_pages(site, **scope)
    count = json.loads((site / "pagefind/bundles.json").read_text())["count"]
    new = next(
        f"playbooks/extra-{n}/index.html"
        for n in range(100)
        if search_module.bundle_of(f"playbooks/extra-{n}/index.html", count) != 0
    )
    bundle = str(search_module.bundle_of(new, count))
    before = {b.name: digest(b) for b in (site / "pagefind").iterdir() if b.is_dir()}
    source = site / pages[0]
    (site / new).parent.mkdir(parents=True)
    (site / new).write_text(source.read_text().replace("</h1>", " quokkaword</h1>", 1))
    search_module.reindex_pages(site, [new], **scope)
    after = {b.name: digest(b) for b in (site / "pagefind").iterdir() if b.is_dir()}
    assert after[bundle] != before[bundle]
    assert {k: v for k, v in after.items() if k != bundle} == {k: v for k, v in before.items() if k != bundle}
    assert json.loads((site / "pagefind/bundles.json").read_text())["pages"] == len(pages) + 1
    assert "/playbooks/extra-" in "".join(search_fragments(site))
    (site / new).unlink()
    search_module.reindex_pages(site, [new], **scope)
    assert {b.name: digest(b) for b in (site / "pagefind").iterdir() if b.is_dir()} == before


def test_reindexing_a_page_rewrites_only_its_bundle(project: Path, tmp_path: Path, small_bundles: None) -> None:
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    page = site / "playbooks/first-week-for-a-new-teammate/index.html"
    bundle = search_fragments(site)["/playbooks/first-week-for-a-new-teammate/"][0]
    before = {b.name: digest(b) for b in (site / "pagefind").iterdir() if b.is_dir()}
    page.write_text(page.read_text().replace("onboarding buddy", "onboarding zeppelin"))
    from generator.build import search_scope

    # As serve calls it: with the pages left out of search (the What changed page, printable paths).
    scope = search_scope(project / ".playbook/build/internal/en/mkdocs.yml", "en", ["en", "it", "ru", "hi"], "en")
    search_module.reindex_pages(site, ["playbooks/first-week-for-a-new-teammate/index.html"], **scope)
    after = {b.name: digest(b) for b in (site / "pagefind").iterdir() if b.is_dir()}
    assert "zeppelin" in search_fragments(site)["/playbooks/first-week-for-a-new-teammate/"][1]
    assert after[bundle] != before[bundle]
    assert {k: v for k, v in after.items() if k != bundle} == {k: v for k, v in before.items() if k != bundle}
    assert not list((site / "pagefind").glob(".*"))  # no half-swapped bundle left behind


@pytest.mark.browser
def test_the_search_box_merges_every_bundle(project: Path, tmp_path: Path, small_bundles: None, page) -> None:
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    found = search_fragments(site)
    owner = {url: bundle for url, (bundle, text) in found.items() if "Talent Development" in text}
    assert len(set(owner.values())) >= 2  # the phrase is in pages of several bundles
    with serving(site) as base:
        page.goto(f"{base}/")
        search(page, "talent development")
        page.locator(".md-search-result__item").first.wait_for(timeout=10000)
        page.wait_for_timeout(300)
        hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.pathname)")
    shown = {owner[h] for h in hrefs if h in owner}
    assert len(shown) >= 2, (hrefs, owner)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("search") / "site"
    result = cli("build", "--root", REPO, "--site-dir", out)
    assert result.code == 0, result.err
    return out


@pytest.mark.browser
def test_first_search_downloads_little_and_answers_from_pagefind(sample_site: Path, page) -> None:
    """What a reader's first search costs. The time is measured and reported, not asserted:
    the benchmark bench/search_speed.py reports it against the target."""
    fetched: list[tuple[str, int]] = []
    page.on("response", lambda r: fetched.append((r.url, len(r.body()))) if r.ok else None)
    with serving(sample_site) as base:
        page.goto(f"{base}/")
        page.wait_for_load_state("networkidle")
        loaded = len(fetched)
        elapsed = search_timed(page, "escalation")
        page.wait_for_load_state("networkidle")
        hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.pathname)")
    search_bytes = sum(size for url, size in fetched if "/pagefind/" in url or "/search" in url)
    after_load = [url for url, _ in fetched[loaded:]]
    print(f"first search: {search_bytes / 1e3:.0f} kB, {elapsed:.0f} ms from the last keystroke")
    assert 0 < search_bytes < 1_000_000
    assert any("/pagefind/" in url and "pf_index" in url for url in after_load)  # words are fetched per query
    assert not any(url.endswith("search_index.json") and size > 2000 for url, size in fetched)  # no lunr index
    assert any("escalation" in h for h in hrefs) or len(hrefs) > 0


@pytest.mark.browser
def test_many_matches_say_how_many_there_are(sample_site: Path, page) -> None:
    with serving(sample_site) as base:
        page.goto(f"{base}/")
        search(page, "the")
        page.locator(".md-search-result__item").first.wait_for(timeout=10000)
        meta = page.locator(".md-search-result__meta")
        meta.filter(has_text="Best 20 of").wait_for(timeout=5000)
        total = int(meta.inner_text().split(" of ")[1].split()[0])
        assert total > 20
        assert page.locator(".md-search-result__item").count() <= 20


def test_a_failing_pagefind_keeps_the_previous_site(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    before = digest(site)
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: could not read site' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setattr(search_module, "pagefind_executable", lambda: str(broken))
    index = project / "content" / "index.md"  # a change, so the bundles kept from the first build do not do
    index.write_text(index.read_text().replace("Welcome", "Changed"))
    result = cli("build", "--root", project, "--site-dir", site)
    assert result.code == 1
    assert "Pagefind could not index the en site: Error: could not read site" in result.err
    assert "the previous site" in result.err
    assert digest(site) == before
    assert not [p for p in site.parent.iterdir() if p.name.startswith((".site.building-", ".pagefind-"))]
