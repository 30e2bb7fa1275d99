"""Two published releases in headless Chromium, served from their branch as a web server would.

Switching versions from a deep Italian page, the older-release notice, a playbook changed since
it was read marked on the role path, and checklist ticks that survive a patch release.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import serving
from versions_fixture import CHECKLIST, Published, publish_two_releases

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return publish_two_releases(tmp_path_factory.mktemp("releases"))


@pytest.fixture(scope="module")
def base(releases: Published):
    with serving(releases.internal) as url:
        yield url


def open_selector(page) -> None:
    selector = page.locator(".md-header__topic .md-version")
    selector.wait_for()
    selector.hover()


def test_switching_version_from_a_deep_italian_page_lands_on_the_same_page(page, base: str) -> None:
    page.goto(f"{base}/1.0/it/playbooks/public-promise-guide/#expectations")
    open_selector(page)
    assert page.locator(".md-version__current").inner_text().startswith("1.0")
    links = page.locator(".md-version__link")
    assert links.evaluate_all("els => els.map(e => e.textContent)") == ["1.1latest", "1.0"]
    links.first.click()
    page.wait_for_url(f"{base}/1.1/it/playbooks/public-promise-guide/#expectations")
    assert page.locator("html").get_attribute("lang") == "it"
    open_selector(page)
    assert page.locator(".md-version__current").inner_text().replace("\n", "") == "1.1latest"
    # A playbook 1.0 did not have: the other release's home, in the same language.
    page.goto(f"{base}/1.1/it/playbooks/fresh-public-guide/")
    open_selector(page)
    page.locator(".md-version__link", has_text="1.0").click()
    page.wait_for_url(f"{base}/1.0/it/")


def test_an_older_release_says_so_in_the_readers_language(page, base: str) -> None:
    page.goto(f"{base}/1.0/it/playbooks/public-promise-guide/")
    banner = page.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible")
    assert banner.locator(".pb-outdated").inner_text() == "Stai leggendo l'edizione 1.0, che non è la più recente."
    link = banner.locator(".pb-outdated__link")
    assert link.inner_text() == "Leggi questa pagina nell'edizione più recente (1.1)"
    assert link.get_attribute("href") == f"{base}/latest/it/playbooks/public-promise-guide/"
    link.click()
    page.wait_for_url(f"{base}/latest/it/playbooks/public-promise-guide/")
    page.locator(".md-version").wait_for()
    assert page.locator("[data-md-component=outdated]").is_hidden()
    page.goto(f"{base}/1.1/ru/")
    page.locator(".md-version").wait_for()
    assert page.locator("[data-md-component=outdated]").is_hidden()
    page.goto(f"{base}/1.0/hi/")
    page.locator("[data-md-component=outdated]").wait_for(state="visible")
    assert "आप रिलीज़ 1.0 पढ़ रहे हैं" in page.locator(".pb-outdated").inner_text()


def test_a_playbook_changed_since_it_was_read_is_marked_on_the_role_path(page, base: str) -> None:
    page.goto(f"{base}/1.0/playbooks/{CHECKLIST}/")
    page.goto(f"{base}/1.0/playbooks/steady-handoff-guide/")
    page.goto(f"{base}/1.1/roles/customer-success-manager/")
    changed = page.locator(".pb-path li.pb-changed")
    assert changed.count() == 1
    assert changed.locator("a").first.get_attribute("data-pb-id") == CHECKLIST
    assert changed.locator(".pb-changed-badge").inner_text() == "Changed since you read version 1.0.0"
    notes = changed.locator(".pb-since__item:visible")
    assert notes.all_inner_texts() == ["1.1.0: A lunch with the team on the first day."]
    steady = page.locator(".pb-path li", has=page.locator("a[data-pb-id=steady-handoff-guide]"))
    assert "pb-read" in steady.get_attribute("class") and steady.locator(".pb-changed-badge").count() == 0
    assert page.locator(".pb-path-progress").inner_text().strip().startswith("2 of")
    # The What changed page marks it too; the playbook's page says what changed, once.
    page.goto(f"{base}/1.1/changes/")
    assert page.locator(".pb-changes li.pb-changed > a").evaluate_all("els => els.map(e => e.dataset.pbId)") == [
        CHECKLIST, CHECKLIST]  # changed, and its Italian translation behind
    page.goto(f"{base}/1.1/playbooks/{CHECKLIST}/")
    notice = page.locator(".pb-changed-notice")
    assert "You last read version 1.0.0; this is version 1.1.0." in notice.inner_text()
    assert "A lunch with the team on the first day." in notice.inner_text()
    page.goto(f"{base}/1.1/roles/customer-success-manager/")
    assert page.locator(".pb-path li.pb-changed").count() == 0
    page.locator(".pb-path-progress .pb-forget").click()
    assert page.locator(".pb-path li.pb-read").count() == 0
    assert page.locator(".pb-path-progress").inner_text().strip().startswith("0 of")
    keys = page.evaluate("() => Object.keys(localStorage)")
    assert not [k for k in keys if k.startswith("playbook:read:")]


def ticks(page) -> list[bool]:
    boxes = page.locator(".pb-checklist .task-list-item input[type=checkbox]")
    return [boxes.nth(i).is_checked() for i in range(boxes.count())]


def tasks(page) -> list[str]:
    return page.locator(".pb-checklist .pb-task").all_inner_texts()


def test_ticks_survive_a_patch_release(page, base: str) -> None:
    page.goto(f"{base}/1.0/playbooks/{CHECKLIST}/")
    assert tasks(page) == ["Send the welcome note and the first-week agenda",
                           "Meet your buddy and walk through this handbook together"]
    page.locator(".pb-checklist .task-list-item").nth(0).click()
    page.locator(".pb-checklist .task-list-item").nth(1).click()
    assert ticks(page) == [True, True]
    page.goto(f"{base}/1.0/it/playbooks/{CHECKLIST}/")  # the translation's tasks are the same tasks
    assert ticks(page) == [True, True]
    page.goto(f"{base}/1.1/playbooks/{CHECKLIST}/")
    # The reworded task keeps its tick; the new task before it starts unticked.
    assert tasks(page) == ["Send the welcome note and the first-week agenda", "Have lunch with the whole team",
                           "Meet your buddy and walk through this handbook together, slowly"]
    assert ticks(page) == [True, False, True]
    assert page.locator(".pb-progress__text").inner_text() == "2 of 3 done"
    page.reload()
    assert ticks(page) == [True, False, True]
    page.goto(f"{base}/1.0/playbooks/{CHECKLIST}/")  # and the older release still shows its own
    assert ticks(page) == [True, True]


def test_ticks_of_the_former_scheme_are_migrated_once(page, base: str) -> None:
    page.goto(f"{base}/1.1/")  # ticks the former playbook.js stored, before this one ran
    page.evaluate("(key) => localStorage.setItem(key, JSON.stringify([0, 2]))",
                  f"playbook:checklist:{CHECKLIST}@1.1.0")
    page.evaluate("(key) => localStorage.setItem(key, JSON.stringify([1]))", f"playbook:checklist:{CHECKLIST}@1.0.0")
    page.goto(f"{base}/1.1/playbooks/{CHECKLIST}/")
    assert ticks(page) == [True, False, True]  # the version on the page, position by position
    saved = json.loads(page.evaluate(f"() => localStorage.getItem('playbook:ticks:{CHECKLIST}')"))
    assert [t["t"]["en"] for t in saved["ticked"]] == ["send the welcome note and the first-week agenda",
                                                       "meet your buddy and walk through this handbook together, slowly"]
    page.locator(".pb-reset").click()
    page.reload()
    assert ticks(page) == [False, False, False]  # once: cleared ticks do not come back from the old entries


def test_no_request_leaves_the_site_and_nothing_is_missing(browser, base: str, releases: Published) -> None:
    context = browser.new_context()
    failed: list[str] = []
    errors: list[str] = []
    context.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in ("/", "/1.0/it/playbooks/public-promise-guide/", "/latest/ru/changes/", "/1.0/hi/roles/customer/"):
        page.goto(base + path)
        page.locator(".md-version").wait_for()
        page.wait_for_load_state("networkidle")
    context.close()
    assert failed == [] and errors == []
    assert Path(releases.internal / "versions.json").is_file()


AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_release_pages(browser, base: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{base}/1.0/playbooks/{CHECKLIST}/")  # read at 1.0: 1.1 marks it as changed
    found = {}
    for path in (f"/1.0/it/playbooks/{CHECKLIST}/", "/1.1/changes/", "/1.1/roles/customer-success-manager/",
                 f"/1.1/playbooks/{CHECKLIST}/"):
        page.goto(base + path)
        page.locator(".md-version").wait_for()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                       for v in result["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    assert found == {path: [] for path in found}
