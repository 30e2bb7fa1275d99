"""The built sample handbook in headless Chromium, as CX and HR staff use it."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from browser import RESULT_LINKS, search, serving
from conftest import ENGINES, REPO

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    """Every test here runs on the sample as each engine built it."""
    return request.param


@pytest.fixture(scope="module")
def site(engine: str, sample_sites) -> Path:
    return sample_sites(engine)


@pytest.fixture(scope="module")
def base(site: Path):
    with serving(site) as url:
        yield url


def test_ticked_checklist_item_survives_a_reload(page, base: str) -> None:
    page.goto(f"{base}/playbooks/customer-first-weeks/")
    boxes = page.locator(".pb-checklist .task-list-item input[type=checkbox]")
    total = boxes.count()
    assert total >= 10
    progress = page.locator(".pb-progress__text")
    assert progress.inner_text() == f"0 of {total} done"
    page.locator(".pb-checklist .task-list-item").nth(2).click()  # a reader taps the task
    assert progress.inner_text() == f"1 of {total} done"
    page.reload()
    assert page.locator(".pb-checklist .task-list-item input[type=checkbox]").nth(2).is_checked()
    assert not page.locator(".pb-checklist .task-list-item input[type=checkbox]").nth(1).is_checked()
    assert page.locator(".pb-progress__text").inner_text() == f"1 of {total} done"
    page.locator(".pb-reset").click()
    page.reload()
    assert page.locator(".pb-progress__text").inner_text() == f"0 of {total} done"


def test_walk_a_conversation_script_through_a_branch(page, base: str) -> None:
    page.goto(f"{base}/playbooks/re-engaging-a-quiet-customer/")
    steps = page.locator(".pb-step")
    assert steps.count() >= 5
    page.locator(".pb-walk-start").click()
    visible = page.locator(".pb-step:visible")
    assert visible.count() == 1 and visible.first.get_attribute("data-step") == "open"
    branch = page.locator(".pb-step[data-step=open] a.pb-goto").nth(1)
    target = branch.get_attribute("data-goto")
    assert target and target != "nothing-happened"
    branch.click()
    visible = page.locator(".pb-step:visible")
    assert visible.count() == 1 and visible.first.get_attribute("data-step") == target
    page.locator(".pb-walk-next").click()
    assert page.locator(".pb-step:visible").count() == 1
    assert page.locator(".pb-step:visible").first.get_attribute("data-step") != target
    page.locator(".pb-walk-all").click()
    assert page.locator(".pb-step:visible").count() == steps.count()


def test_search_finds_a_word_only_in_a_checklist_task(page, base: str, engine: str) -> None:
    page.goto(f"{base}/")
    search(page, "paperwork", engine)
    section = page.locator(f"{RESULT_LINKS[engine]}[href*='#phase-']").first
    section.wait_for(timeout=10000)
    assert "employee-first-weeks" in section.get_attribute("href")
    section.click()
    page.wait_for_url("**/playbooks/employee-first-weeks/**")
    assert "#phase-" in page.url
    assert "paperwork" in page.locator("article").inner_text().lower()


def test_role_page_lists_its_path_in_order(page, base: str) -> None:
    roles = yaml.safe_load((REPO / "playbooks" / "roles.yaml").read_text())["roles"]
    role = next(r for r in roles if r["id"] == "support-representative")
    page.goto(f"{base}/roles/support-representative/")
    ids = page.locator(".pb-path a[data-pb-id]").evaluate_all("els => els.map(e => e.dataset.pbId)")
    assert ids[: len(role["path"])] == role["path"]
    assert len(ids) > len(role["path"]) or len(ids) == len(role["path"])
    assert page.locator(".pb-path-progress").inner_text().strip().startswith("0 of")
    page.goto(f"{base}/playbooks/{role['path'][0]}/")
    page.goto(f"{base}/roles/support-representative/")
    assert page.locator(".pb-path-progress").inner_text().strip().startswith("1 of")


def test_home_asks_who_you_are_and_sends_each_role_to_its_page(page, base: str) -> None:
    page.goto(f"{base}/")
    cards = page.locator(".pb-roles a")
    assert cards.count() == 9
    cards.first.click()
    page.wait_for_url("**/roles/**")
    assert page.locator(".pb-path").count() == 1


def test_no_request_leaves_the_site(browser, base: str, engine: str) -> None:
    context = browser.new_context()
    hosts: set[str] = set()
    context.on("request", lambda req: hosts.add(urlparse(req.url).netloc))
    page = context.new_page()
    for path in ("/", "/playbooks/customer-first-weeks/", "/roles/customer/", "/ru/", "/hi/playbooks/transparent-not-translucent/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    search(page, "onboarding", engine)
    page.locator(RESULT_LINKS[engine]).first.wait_for(timeout=10000)
    context.close()
    assert hosts == {urlparse(base).netloc}


AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")


@pytest.mark.parametrize("path", ["/playbooks/customer-first-weeks/", "/playbooks/transparent-not-translucent/",
                                  "/playbooks/re-engaging-a-quiet-customer/", "/playbooks/pairing-csm-talent-development/",
                                  "/playbooks/frontline-decision-boundaries/", "/playbooks/handoff-sales-to-success/",
                                  "/roles/customer-success-manager/", "/"])
def test_axe_finds_no_serious_violation(page, base: str, path: str) -> None:
    page.goto(base + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1)
