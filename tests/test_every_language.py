"""Every page type of the Italian, Russian and Hindi sites, read in Chromium: no interface string of
the English locale anywhere outside text marked as English; untranslated text marked lang="en";
Hindi anchors that keep their vowel signs; hreflang alternates that name the same page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from browser import serving
from conftest import REPO, cli
from test_browser import search

from generator.kinds import PACKAGE_KINDS, discover, kind_labels
from generator.project import load_project
from generator.render import locale

pytestmark = pytest.mark.browser

LANGUAGES = ["it", "ru", "hi"]
MATERIAL_EN = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"
# English a page could show that no locale file holds: Python-Markdown's and Material's defaults.
HARD_CODED = ["Permanent link", "Not found", "Made with", "Switch to dark mode", "Switch to light mode"]


def _fragments(template: str) -> list[str]:
    """The literal words of a locale string: placeholders and Markdown link syntax taken out."""
    parts = re.split(r"\{\w+\}|\[|\]\(|\)", template)
    return [p.strip(" .,:;()!?—-") for p in parts if len(p.strip(" .,:;()!?—-")) >= 3]


def _material(lang: str) -> dict[str, str]:
    text = (MATERIAL_EN / f"{lang}.html").read_text(encoding="utf-8")
    return dict(re.findall(r'"([\w.]+)": "([^"]*)"', text))


def english_strings(lang: str) -> set[str]:
    """Every interface string a reader of `lang` must not meet in English: our locale, each
    kind's labels, titles and descriptions, Material's strings, the sample's site settings."""
    en, own = locale("en"), locale(lang)
    found: set[str] = set(HARD_CODED)
    for key, value in en.items():
        if not key.startswith("starter_") and own.get(key) != value:
            found.update(_fragments(value))
    for kind in discover().values():
        labels = kind_labels(kind.folder)
        for key, value in labels.get("en", {}).items():
            if labels.get(lang, {}).get(key) != value:
                found.update(_fragments(value))
        found.update({kind.title, str(kind.schema.get("description"))})
    material_en, material_own = _material("en"), _material(lang)
    for key, value in material_en.items():
        if key.startswith(("search.config", "language", "direction")) or material_own.get(key) == value:
            continue
        found.update(_fragments(value.replace("#", "")))
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    found.update({config["site_name"], config["extra"]["playbook"]["public_site_name"]})
    found.update(_fragments(config["copyright"].replace("&amp;", "&")))
    # A word the language's own strings use too is a loanword there ("People" in "Playbook CX e
    # People"), not English left behind.
    own_text = " ".join(_own_strings(lang, config))
    return {s for s in found if s and not re.search(rf"(?<!\w){re.escape(s)}(?!\w)", own_text)}


def _own_strings(lang: str, config: dict) -> list[str]:
    texts = list(locale(lang).values()) + list(_material(lang).values())
    texts += list(config["extra"]["playbook"]["lang"][lang].values())
    for folder in PACKAGE_KINDS.iterdir():  # read from the files, not from the code under test
        texts += list(kind_labels(folder).get(lang, {}).values())
        schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
        texts += [schema["x-titles"][lang], schema["x-descriptions"][lang]]
    project, _ = load_project(REPO)
    texts += [role.title_in(lang) + " " + role.summary_in(lang) for role in project.roles.values()]
    return texts


# Text nodes and attributes of the page, except what is marked as another language (an
# untranslated playbook's text) and what is content rather than interface: the headings listed in
# the table of contents and the page title repeated in the header.
VISIBLE_TEXT = """() => {
    const lang = document.documentElement.lang;
    const skip = el => el.closest("script, style, svg, .md-nav--secondary .md-nav__link, .md-nav--secondary .md-nav, [data-md-component=header-topic]")
        || (el.closest("[lang]") && el.closest("[lang]").getAttribute("lang") !== lang);
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (node.textContent.trim() && !skip(node.parentElement)) out.push(node.textContent.trim());
    }
    for (const el of document.querySelectorAll("[title], [aria-label], [placeholder], [alt], [data-labels], [data-template], [data-pb-more]")) {
        if (skip(el)) continue;
        for (const name of ["title", "aria-label", "placeholder", "alt", "data-labels", "data-template", "data-pb-more"]) {
            if (el.hasAttribute(name)) out.push(el.getAttribute(name));
        }
    }
    out.push(document.title);
    return out;
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("languages") / "site"
    result = cli("build", "--root", REPO, "--site-dir", out)
    assert result.code == 0, result.err
    project, _ = load_project(REPO)
    with serving(out) as url:
        yield url, project


def content_titles(project) -> set[str]:
    """Titles of content (playbooks, pages) that are English in every language until translated:
    the nav and the footer's previous/next links show them."""
    titles = {pb.title for pb in project.playbooks.values()}
    titles |= {page.title for page in project.pages.values() if page.title}
    return titles


def pages_of(project, lang: str) -> dict[str, str]:
    """One page of each type: URL path -> what it is."""
    kinds = discover((REPO / "kinds",))
    pages = {f"/{lang}/": "home", f"/{lang}/roles/": "roles", f"/{lang}/tags/": "tags", f"/{lang}/404.html": "404"}
    pages[f"/{lang}/roles/support-representative/"] = "role"
    pages[f"/{lang}/roles/people-ops/"] = "role"
    for name in kinds:
        if any(pb.kind == name for pb in project.playbooks.values()):
            pages[f"/{lang}/kinds/{name}/"] = "kind list"
        # Each kind's playbook: an untranslated one and a translated one where there are both.
        shown = sorted(project.playbooks.values(), key=lambda pb: pb.id)
        for translated in (False, True):
            match = [pb for pb in shown if pb.kind == name and ((pb.id, lang) in project.translations) == translated]
            if match:
                pages[f"/{lang}/playbooks/{match[0].id}/"] = f"{name} ({'translated' if translated else 'untranslated'})"
    untranslated = sorted(p.slug for (slug, pl), p in project.pages.items() if pl == "en" and (slug, lang) not in project.pages)
    pages[f"/{lang}/{untranslated[0]}/"] = "content page (untranslated)"
    return pages


def translator_text(project, path: str, lang: str) -> str:
    """The text of the translation a page shows (a translated playbook or page), as written."""
    parts = path.strip("/").split("/")[1:]
    if len(parts) == 2 and parts[0] == "playbooks" and (parts[1], lang) in project.translations:
        return project.translations[(parts[1], lang)].doc.text
    slug = "/".join(parts) or "index"
    page = project.pages.get((slug, lang))
    return page.body if page is not None else ""


def english_in(texts: list[str], strings: set[str], allowed: set[str]) -> list[tuple[str, str]]:
    """English interface strings in the page's texts, once the content they repeat is taken out:
    titles of untranslated playbooks and pages (nav, previous/next, <title>)."""
    content = sorted(allowed, key=len, reverse=True)
    hits = []
    for text in texts:
        for title in content:
            text = text.replace(title, " ")
        for s in strings:
            if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text):
                hits.append((s, text[:120]))
    return hits


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_interface_string_on_any_page_type(page, built, lang: str) -> None:
    base, project = built
    strings = english_strings(lang)
    allowed = content_titles(project)
    site_name = project.settings.site_name_in(lang)
    found: dict[str, list[tuple[str, str]]] = {}
    for path, what in pages_of(project, lang).items():
        page.goto(base + path)
        assert page.locator("html").get_attribute("lang") == lang
        texts = page.evaluate(VISIBLE_TEXT)
        written = translator_text(project, path, lang)  # a word the translator chose is content
        hits = [hit for hit in english_in(texts, strings, allowed) if not re.search(rf"(?<!\w){re.escape(hit[0])}(?!\w)", written)]
        if hits:
            found[f"{what} {path}"] = hits
        assert page.title().endswith(site_name), (path, page.title())
    # Search results: Material's box answered by Pagefind, counted in the page's language.
    page.goto(f"{base}/{lang}/")
    search(page, {"it": "cliente", "ru": "клиент", "hi": "ग्राहक"}[lang])
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    texts = page.evaluate(VISIBLE_TEXT)
    written = " ".join([tr.doc.text for (_, tl), tr in project.translations.items() if tl == lang]
                       + [pg.body for (_, pl), pg in project.pages.items() if pl == lang])
    hits = [hit for hit in english_in(texts, strings, allowed) if not re.search(rf"(?<!\w){re.escape(hit[0])}(?!\w)", written)]
    assert page.locator(".md-search-result__meta").inner_text().strip()
    if hits:
        found["search results"] = hits
    assert not found, "\n".join(f"{where}: {hits}" for where, hits in found.items())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_untranslated_text_is_marked_english(page, built, lang: str) -> None:
    base, project = built
    pid = next(pid for pid in sorted(project.playbooks) if (pid, lang) not in project.translations)
    page.goto(f"{base}/{lang}/playbooks/{pid}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("article h1").get_attribute("lang") == "en"
    assert page.locator("article .pb-summary").get_attribute("lang") == "en"
    block = page.locator("article .pb-source-text")
    assert block.get_attribute("lang") == "en" and len(block.inner_text()) > 200
    # The notice and the meta line stay in the page's language, outside the English block.
    assert page.locator("article .pb-notice").first.evaluate("e => e.closest('[lang]').lang") == lang
    assert page.locator("article .pb-meta").evaluate("e => e.closest('[lang]').lang") == lang
    # ...and so do the controls the page's script draws inside it.
    for control in (".pb-progress", ".pb-walk-controls"):
        if page.locator(control).count():
            assert page.locator(control).first.evaluate("e => e.closest('[lang]').lang") == lang
    # The labels and role names inside that English block are marked with the page's language.
    own = set(locale(lang).values()) | {role.title_in(lang) for role in project.roles.values()}
    for kind in discover().values():
        own |= set(kind_labels(kind.folder).get(lang, {}).values())
    for pid in sorted(p for p in project.playbooks if (p, lang) not in project.translations):
        page.goto(f"{base}/{lang}/playbooks/{pid}/")
        marks = page.locator("article .pb-source-text span[lang]").evaluate_all(
            "els => els.map(e => [e.getAttribute('lang'), e.textContent.trim()])")
        assert marks and all(mark == lang for mark, _ in marks), pid
        texts = page.evaluate("""() => [...document.querySelectorAll('article .pb-source-text *')]
            .filter(e => e.children.length === 0 && e.textContent.trim())
            .map(e => [e.closest('[lang]').getAttribute('lang'), e.textContent.trim().replace(/:$/, '')])""")
        assert all(mark == lang for mark, text in texts if text in own and text not in locale("en").values()), (pid, [
            t for t in texts if t[1] in own and t[0] != lang])
    slug = next(slug for (slug, pl) in sorted(project.pages) if pl == "en" and (slug, lang) not in project.pages)
    page.goto(f"{base}/{lang}/{slug}/")
    assert page.locator("article .pb-notice.info").count() == 1
    assert page.locator("article > div[lang=en] h1").count() == 1
    paragraphs = page.locator("article p").evaluate_all("ps => ps.map(p => p.closest('[lang]').lang)")
    assert paragraphs.count("en") >= 3 and lang in paragraphs  # the page's text, and the notice


def test_a_hindi_heading_keeps_its_vowel_signs(page, built) -> None:
    base, _ = built
    page.goto(f"{base}/hi/")
    ids = page.locator("article h2[id]").evaluate_all("els => els.map(e => e.id)")
    assert "स्वागत-है" in ids, ids  # virama and vowel signs kept (pymdownx made it "सवगत-ह")
    page.goto(f"{base}/hi/#स्वागत-है")
    assert page.evaluate("() => decodeURIComponent(location.hash)") == "#स्वागत-है"
    assert page.locator("[id='स्वागत-है']").count() == 1
    link = page.locator("article h2[id='स्वागत-है'] a.headerlink")
    assert link.get_attribute("title") == locale("hi")["permalink"]


@pytest.mark.parametrize(
    "path",
    ["", "playbooks/closing-the-feedback-loop/", "playbooks/day-in-support/", "roles/cx-leader/", "kinds/handoff/",
     "tags/", "feedback-wall/"],
)
def test_hreflang_alternates_and_the_selector_name_the_same_page(page, built, path: str) -> None:
    base, project = built
    languages = project.settings.languages
    for lang in ("ru", "en"):
        here = f"{base}/{'' if lang == 'en' else lang + '/'}{path}"
        page.goto(here)
        alternates = dict(page.locator("head link[rel=alternate][hreflang]").evaluate_all(
            "els => els.map(e => [e.hreflang, e.href])"))
        selector = dict(page.locator("a.md-select__link[hreflang]").evaluate_all(
            "els => els.map(e => [e.hreflang, e.href])"))
        assert set(alternates) == {*languages, "x-default"}
        assert alternates["x-default"] == alternates["en"]
        assert {k: v for k, v in alternates.items() if k != "x-default"} == selector
        for other in languages:
            expected = f"{base}/{'' if other == 'en' else other + '/'}{path}"
            assert alternates[other] == expected
            response = page.request.get(expected)
            assert response.ok, expected
            assert f'<html lang="{other}"' in response.text()
