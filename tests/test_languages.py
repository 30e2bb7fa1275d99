"""Languages in the browser: the switcher, per-language search with stemming, and the notices."""

from __future__ import annotations

import time

import pytest
from browser import RESULT_LINKS, search, serving
from conftest import ENGINES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    """Every test here runs on the sample as each engine built it."""
    return request.param


@pytest.fixture(scope="module")
def base(engine: str, sample_sites):
    with serving(sample_sites(engine)) as url:
        yield url


def switch_to(page, lang: str) -> None:
    """Open the language selector and follow its link, as a reader does, once Material has loaded
    every language's sitemap (that is when Material starts intercepting these clicks)."""
    page.wait_for_load_state("networkidle")
    page.locator(".md-header__option .md-select button").click()
    link = page.locator(f"a.md-select__link[hreflang={lang}]")
    target = link.evaluate("a => a.href")
    with page.expect_navigation():
        link.click()
    assert page.url == target


def test_switch_from_english_to_italian_and_back(page, base: str) -> None:
    # Material rewrites language links using each language's sitemap; when the English sitemap
    # arrives last, its rewrite sent readers to the Italian home page. Force that order.
    def late_root_sitemap(route) -> None:
        if route.request.url == f"{base}/sitemap.xml":
            time.sleep(0.5)
        route.continue_()

    page.route("**/sitemap.xml", late_root_sitemap)
    page.goto(f"{base}/playbooks/transparent-not-translucent/")
    english = page.locator("h1").inner_text()
    switch_to(page, "it")
    assert page.url.endswith("/it/playbooks/transparent-not-translucent/")
    assert page.locator("html").get_attribute("lang") == "it"
    assert page.locator("h1").inner_text() != english
    assert "Trasparenti" in page.locator("h1").inner_text()
    switch_to(page, "en")
    assert page.url == f"{base}/playbooks/transparent-not-translucent/"
    assert page.locator("h1").inner_text() == english


def test_russian_search_finds_another_form_of_the_word(page, base: str, engine: str) -> None:
    page.goto(f"{base}/ru/")
    search(page, "обходного", engine)  # the pages say "обходной"/"обходное"; the stemmer joins them
    first = page.locator(RESULT_LINKS[engine]).first
    first.wait_for(timeout=10000)
    hrefs = page.locator(RESULT_LINKS[engine]).evaluate_all("els => els.map(e => e.href)")
    assert any("/ru/playbooks/" in h for h in hrefs)
    assert all("/ru/" in h for h in hrefs), hrefs  # a Russian search never returns other languages
    first.click()
    page.wait_for_load_state()
    text = page.locator("article").inner_text().lower()
    assert "обходн" in text and "обходного" not in text


def test_hindi_search_finds_a_hindi_playbook(page, base: str, engine: str) -> None:
    page.goto(f"{base}/hi/")
    search(page, "पारदर्शी", engine)
    first = page.locator(RESULT_LINKS[engine]).first
    first.wait_for(timeout=10000)
    hrefs = page.locator(RESULT_LINKS[engine]).evaluate_all("els => els.map(e => e.href)")
    assert any("/hi/playbooks/transparent-not-translucent/" in h for h in hrefs), hrefs


def test_stale_translation_shows_its_notice_and_missing_changes(page, base: str) -> None:
    page.goto(f"{base}/ru/playbooks/closing-the-feedback-loop/")
    notice = page.locator(".admonition.warning").first
    assert notice.is_visible()
    text = notice.inner_text()
    assert "1.0.0" in text and "1.1.0" in text
    link = notice.locator("a").first
    link.click()
    page.wait_for_load_state()
    assert page.url == f"{base}/playbooks/closing-the-feedback-loop/"
    assert page.locator(".admonition.warning").count() == 0


def test_fallback_notice_on_an_untranslated_playbook(page, base: str) -> None:
    page.goto(f"{base}/it/playbooks/day-in-support/")
    notice = page.locator(".admonition.info").first
    assert notice.is_visible()
    assert "italiano" in notice.inner_text().lower()
    assert page.locator("html").get_attribute("lang") == "it"


def test_devanagari_and_cyrillic_headings_get_working_anchors(page, base: str) -> None:
    page.goto(f"{base}/hi/")
    ids = page.locator("article h2[id]").evaluate_all("els => els.map(e => e.id)")
    assert ids and not any(i.startswith("_") for i in ids), ids
    assert any(any("\u0900" <= ch <= "\u097f" for ch in i) for i in ids), ids
    page.goto(f"{base}/ru/")
    ids = page.locator("article h2[id]").evaluate_all("els => els.map(e => e.id)")
    assert any(any("\u0400" <= ch <= "\u04ff" for ch in i) for i in ids), ids
    target = ids[-1]
    page.goto(f"{base}/ru/#{target}")
    assert page.locator(f"[id='{target}']").count() == 1


def test_no_web_fonts_are_requested(browser, base: str) -> None:
    context = browser.new_context()
    fonts = []
    context.on("request", lambda req: fonts.append(req.url) if req.resource_type == "font" else None)
    page = context.new_page()
    for path in ("/hi/", "/ru/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    context.close()
    assert fonts == []
