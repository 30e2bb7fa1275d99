"""The hostile corpus of test_hostile, built without honouring validation, opened in Chromium:
no dialog, no navigation, no console error, nothing run."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import serving
from test_hostile import hostile_project

from generator.build import build_site
from generator.project import load_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile_project(tmp_path_factory.mktemp("hostile-browser") / "p")
    project, _ = load_project(root)
    out = root / "site"
    build_site(project, "internal", out)
    return out


@pytest.mark.parametrize("path", ["/hostile/", "/it/hostile/", "/playbooks/hostile-guide/", "/"])
def test_hostile_pages_run_nothing(site: Path, path: str, browser) -> None:
    with serving(site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        requests: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("request", lambda req: requests.append(req.url))
        missing: list[str] = []
        page.on("response", lambda res: missing.append(res.url) if res.status == 404 else None)
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        for element in page.locator("article a").all()[:60]:
            try:
                element.hover(timeout=300)  # a mouseover handler would run now
            except Exception:
                pass
        for element in page.locator("article a:not([href]), article a[href^='#'], article summary").all()[:40]:
            try:
                element.click(timeout=300, no_wait_after=True)  # links that were made inert stay inert
            except Exception:
                pass
        page.wait_for_timeout(1500)  # a <meta refresh> of 0 s would have gone by now
        assert page.url.split("#")[0] == base + path
        # The corpus's <img src=x> asks for a file that is not there: that is the only error allowed.
        assert {url.rsplit("/", 1)[-1] for url in missing} <= {"x"}, missing
        errors = [e for e in errors if not e.startswith("Failed to load resource") or len(missing) > errors.count(e)]
        assert dialogs == [] and errors == [], errors
        assert page.evaluate("() => window.__xss") is None
        assert page.evaluate("() => document.querySelectorAll('meta[http-equiv]').length") == 0
        assert not [url for url in requests if "evil.example" in url]
        # Material still reads its own configuration: search works from the clobbering page.
        assert page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).search").endswith(
            "assets/playbook/search-worker.js")
        context.close()
