"""Reading the sample handbook in headless Chromium: a script in a live call, a path printed, a
path followed, the public front door, search ranking, and axe on every page type."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from browser import search_timed, serving
from conftest import REPO, cli
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCRIPT = "re-engaging-a-quiet-customer"
ROLE = "support-representative"
AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")
LISTS = ("/tags/", "/roles/", "/kinds/")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    built = {}
    for audience in ("internal", "public"):
        out = tmp_path_factory.mktemp(audience) / "site"
        result = cli("build", "--root", REPO, "--audience", audience, "--site-dir", out)
        assert result.code == 0, result.err
        built[audience] = out
    return built


@pytest.fixture(scope="module")
def base(sites):
    with serving(sites["internal"]) as url:
        yield url


@pytest.fixture(scope="module")
def public(sites):
    with serving(sites["public"]) as url:
        yield url


def source(name: str) -> dict:
    return yaml.safe_load((REPO / "playbooks" / f"{name}.yaml").read_text(encoding="utf-8"))


def steps_shown(page) -> list[str]:
    return page.locator(".pb-step:visible").evaluate_all("els => els.map(e => e.dataset.step)")


def heading(page) -> str:
    """The page's h1 without its permalink sign."""
    return page.locator("article h1").inner_text().rstrip("¶").strip()


def wait_for_step(page, step: str) -> None:
    page.wait_for_function(
        "s => [...document.querySelectorAll('.pb-step')].filter(e => !e.hidden).map(e => e.dataset.step).join() === s",
        arg=step,
    )


# -- conversation scripts -----------------------------------------------------------------------
def test_a_deep_link_opens_step_6_walking_and_back_returns_to_the_previous_step(page, base: str) -> None:
    ids = [s["id"] for s in source(SCRIPT)["steps"]]
    page.goto(f"{base}/playbooks/{SCRIPT}/#step-{ids[5]}")
    assert steps_shown(page) == [ids[5]]
    assert page.locator(".pb-walk-count").inner_text() == f"Step 6 of {len(ids)}"
    page.locator(".pb-walk-next").click()
    assert steps_shown(page) == [ids[6]] and page.url.endswith(f"#step-{ids[6]}")
    page.go_back()
    wait_for_step(page, ids[5])
    assert page.url.endswith(f"#step-{ids[5]}")
    assert page.locator(".pb-walk-count").inner_text() == f"Step 6 of {len(ids)}"
    # The arrow keys move too, and go in the history like the buttons.
    page.keyboard.press("ArrowLeft")
    assert steps_shown(page) == [ids[4]] and page.url.endswith(f"#step-{ids[4]}")
    page.go_back()
    wait_for_step(page, ids[5])
    # The table of contents, while walking, shows the step it names.
    page.locator(f".md-sidebar--secondary a[href='#step-{ids[7]}']").click()
    wait_for_step(page, ids[7])
    # "Show all steps" ends the walk; then a link to a step only scrolls to it...
    page.locator(".pb-walk-all").click()
    assert len(steps_shown(page)) == len(ids)
    page.locator(f".md-sidebar--secondary a[href='#step-{ids[2]}']").click()
    assert len(steps_shown(page)) == len(ids) and page.url.endswith(f"#step-{ids[2]}")
    # ...and going back past "Show all steps" walks again where the reader left.
    page.go_back()
    page.go_back()
    wait_for_step(page, ids[7])


def test_a_script_reads_as_the_conversation(page, base: str) -> None:
    data = source(SCRIPT)
    ids = [s["id"] for s in data["steps"]]
    page.goto(f"{base}/playbooks/{SCRIPT}/")
    # Steps are the page's sections (h1 -> h2), and the contents name each by its first words.
    assert page.locator("article h2[id^='step-']").count() == len(ids)
    assert page.locator("article h3[id^='step-']").count() == 0
    labels = page.locator(".md-sidebar--secondary a[href^='#step-']").all_inner_texts()
    assert labels[0].strip() == "1. Thanks for making the time"
    assert len(set(labels)) == len(ids)
    # A branch reads as the situation, then where it leads.
    first = data["steps"][0]["branches"][0]
    choice = page.locator(f".pb-step[data-step='{ids[0]}'] a.pb-goto").first
    target = ids.index(first["goto"]) + 1
    assert choice.locator(".pb-goto__if").inner_text() == first["if"]
    assert choice.locator(".pb-goto__to").inner_text().startswith(f"→ Step {target}: ")
    choice.click()  # not walking: an ordinary link to the step
    assert page.url.endswith(f"#step-{first['goto']}")
    assert steps_shown(page) == [first["goto"]]  # ...which starts the walk-through there


def test_a_script_works_one_handed_on_a_phone(browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    ids = [s["id"] for s in source(SCRIPT)["steps"]]
    page.goto(f"{base}/playbooks/{SCRIPT}/#step-{ids[2]}")
    for name in ("prev", "next"):
        box = page.locator(f".pb-walk-{name}").bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 100
        assert box["y"] + box["height"] <= 844 and box["y"] > 844 / 2  # in the lower half, on screen
    page.locator(".pb-walk-next").tap()
    assert steps_shown(page) == [ids[3]]
    context.close()


def test_print_shows_every_step_and_hides_the_controls(page, base: str) -> None:
    ids = [s["id"] for s in source(SCRIPT)["steps"]]
    page.goto(f"{base}/playbooks/{SCRIPT}/#step-{ids[3]}")
    assert len(steps_shown(page)) == 1
    page.emulate_media(media="print")
    assert len(steps_shown(page)) == len(ids)
    for control in (".pb-walk-controls", ".pb-walk-nav", ".md-header", ".md-sidebar--primary"):
        assert not page.locator(control).first.is_visible(), control
    # A link's address is printed after it.
    link = page.locator("article .pb-meta a[href*='roles/']").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "/roles/" in after and after.startswith('" (')
    # A checklist prints its ticks as boxes and its phases on pages of their own.
    page.goto(f"{base}/playbooks/customer-first-weeks/")
    page.locator(".pb-checklist .task-list-item").nth(1).click()
    assert not page.locator(".pb-reset").is_visible()
    boxes = page.locator(".task-list-indicator").evaluate_all(
        "els => els.map(e => [getComputedStyle(e, '::before').borderTopStyle, getComputedStyle(e, '::before').content])")
    assert all(style == "solid" for style, _ in boxes)
    assert [content for _, content in boxes].count('"✓"') == 1
    breaks = page.locator(".pb-checklist > h2").evaluate_all("els => els.map(e => getComputedStyle(e).breakBefore)")
    assert breaks[0] != "page" and set(breaks[1:]) == {"page"}


# -- reading paths --------------------------------------------------------------------------------
def test_print_this_path_lists_the_path_in_order(page, base: str, tmp_path: Path) -> None:
    role = next(r for r in yaml.safe_load((REPO / "playbooks/roles.yaml").read_text())["roles"] if r["id"] == ROLE)
    page.goto(f"{base}/roles/{ROLE}/")
    listed = page.locator(".pb-path a[data-pb-id]").evaluate_all("els => els.map(e => e.dataset.pbId)")
    assert listed[: len(role["path"])] == role["path"]
    page.locator("a.pb-print-link").click()
    page.wait_for_url(f"**/roles/{ROLE}/print/")
    assert heading(page) == "Support Representative: reading path"
    printed = page.locator(".pb-print-item > h2").evaluate_all("els => els.map(e => e.id.slice(3))")
    assert printed == listed
    rows = page.locator(".pb-print-cover tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")
    assert [r[2] for r in rows] == [source(pid)["version"] for pid in listed]
    assert all(r[4].endswith("min") for r in rows)
    # Each script on the shared page keeps its own steps: anchors carry the playbook's id.
    assert page.locator("[id='pb-compassion-fatigue-check-in'] ~ *").count() > 0
    assert page.locator("[id$='--step-open']").count() >= 1
    pdf = tmp_path / "path.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages > len(listed)  # a cover, then each playbook from a page of its own


def test_next_in_your_path_follows_the_role_in_the_address(browser, base: str) -> None:
    role = next(r for r in yaml.safe_load((REPO / "playbooks/roles.yaml").read_text())["roles"] if r["id"] == ROLE)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/roles/{ROLE}/")
    total = page.locator(".pb-path a[data-pb-id]").count()
    page.locator(".pb-path a[data-pb-id]").first.click()
    page.wait_for_url(f"**/playbooks/{role['path'][0]}/?path={ROLE}")
    block = page.locator(".pb-next:visible")
    assert block.count() == 1
    # The place is counted in the browser from paths.json (paths.py says why).
    expect(block.locator(".pb-next__where")).to_contain_text(re.compile(rf"^\s*1 of {total} in your path"))
    assert block.locator("progress").get_attribute("max") == str(total)
    following = block.locator("a.pb-next__link")
    assert following.get_attribute("data-pb-id") == role["path"][1]
    assert following.inner_text() == source(role["path"][1])["title"]
    following.click()
    page.wait_for_url(f"**/playbooks/{role['path'][1]}/?path={ROLE}")
    expect(page.locator(".pb-next:visible .pb-next__where")).to_contain_text(re.compile(rf"^\s*2 of {total} "))
    context.close()
    # A reader who never followed a path sees no block.
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(f"{base}/playbooks/{role['path'][1]}/")
    assert other.locator(".pb-next").count() >= 1 and other.locator(".pb-next:visible").count() == 0
    fresh.close()


def test_a_checklist_phase_says_when_in_words_in_every_language(page, base: str) -> None:
    expected = {"": "7 days before the start", "it/": "7 giorni prima dell'inizio",
                "ru/": "За 7 дней до начала", "hi/": "शुरुआत से 7 दिन पहले"}
    for prefix, words in expected.items():
        page.goto(f"{base}/{prefix}playbooks/employee-first-weeks/")
        assert page.locator(".pb-when").first.inner_text() == words
        assert "day -7" not in page.locator("article").inner_text()


# -- the public front door and search ------------------------------------------------------------
def test_the_public_home_is_written_for_customers(page, public: str) -> None:
    customer = next(r for r in yaml.safe_load((REPO / "playbooks/roles.yaml").read_text())["roles"]
                    if r["id"] == "customer")
    page.goto(f"{public}/")
    assert heading(page) == "Working with us"
    links = page.locator("article a[href]:not(.headerlink)").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    firsts = [h.split("?")[0].rsplit("playbooks/", 1)[-1] for h in links[: len(customer["path"])]]
    assert firsts == [f"{pid}/" for pid in customer["path"]]
    assert all(h.endswith("?path=customer") for h in links[: len(customer["path"])])
    text = page.locator("article").inner_text()
    assert "Who are you?" not in text and "People Operations" not in text
    assert page.locator("h2#who-you-work-with").count() == 1
    page.goto(f"{public}/ru/")
    assert heading(page) == "Как мы работаем с вами"


def result_urls(page) -> list[str]:
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [h.split("?")[0] for h in hrefs]


@pytest.mark.parametrize(("lang", "query", "first"), [
    ("", "roadmap", "playbooks/not-on-the-roadmap/"),
    ("", "feedback", "playbooks/closing-the-feedback-loop/"),
    ("", "feedbak", "playbooks/closing-the-feedback-loop/"),  # misspelt: the closest indexed word
    ("ru/", "петлю", "ru/playbooks/closing-the-feedback-loop/"),
    ("it/", "trasparenti", "it/playbooks/transparent-not-translucent/"),
])
def test_a_public_search_for_a_title_word_lists_that_playbook_first(page, public: str, lang, query, first) -> None:
    page.goto(f"{public}/{lang}")
    search_timed(page, query)
    urls = result_urls(page)
    assert urls[0].endswith(first), urls
    # Content before lists: once a list page (tags, roles, kinds) is listed, only lists follow.
    kinds = ["list" if any(part in url for part in LISTS) else "content" for url in urls]
    assert kinds == sorted(kinds), urls


# -- accessibility --------------------------------------------------------------------------------
INTERNAL_PAGES = [
    "/", "/roles/", f"/roles/{ROLE}/", f"/roles/{ROLE}/print/", "/tags/", "/kinds/conversation-script/",
    "/playbooks/customer-first-weeks/", "/playbooks/transparent-not-translucent/", f"/playbooks/{SCRIPT}/",
    f"/playbooks/{SCRIPT}/#step-show-what-changed", "/playbooks/pairing-csm-talent-development/",
    "/playbooks/frontline-decision-boundaries/", "/playbooks/handoff-sales-to-success/", "/feedback-wall/",
    "/ru/playbooks/employee-first-weeks/", "/hi/roles/", "/404.html",
]
PUBLIC_PAGES = ["/", "/roles/customer-success-manager/", "/it/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_axe_finds_no_serious_violation_on_any_page_type(browser, base: str, public: str, scheme, device) -> None:
    size = {"width": 1280, "height": 900} if device == "desktop" else {"width": 390, "height": 844}
    context = browser.new_context(viewport=size, color_scheme=scheme, is_mobile=device == "phone")
    page = context.new_page()
    found = {}
    for url in [base + p for p in INTERNAL_PAGES] + [public + p for p in PUBLIC_PAGES]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
            "slate" if scheme == "dark" else "default")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        # Serious and critical, and heading order (moderate for axe, but a script's steps once
        # jumped from h1 to h3 and a screen reader's outline with them).
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in result["violations"] if v["impact"] in ("serious", "critical") or v["id"] == "heading-order"]
        if serious:
            found[url] = serious
    context.close()
    assert found == {}, json.dumps(found, indent=1)
