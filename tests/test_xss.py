"""A payload corpus that reaches the templates through a test-only bypass of the validator runs nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from browser import serving
from conftest import new_project

from generator.build import build_site
from generator.project import load_project

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss=(window.__xss||0)+1</script>",
    "<img src=x onerror=\"window.__xss=1\">",
    "[click me](javascript:window.__xss=1)",
    "[click me](JAVASCRIPT:window.__xss=1)",
    "<a href=\"javascript:window.__xss=1\">click</a>",
    "Hello {onclick=\"window.__xss=1\"}",
    "[x](https://example.org){onmouseover=\"window.__xss=1\"}",
    "<svg onload=\"window.__xss=1\"></svg>",
    "\"><script>window.__xss=1</script>",
    "<iframe src=\"javascript:window.__xss=1\"></iframe>",
    "<details open ontoggle=\"window.__xss=1\">x</details>",
    "[x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
    "{: onclick=\"window.__xss=1\" }",
    "<style>body{display:none}</style>",
]


def payload(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)] + f" p{i}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = new_project(tmp_path_factory.mktemp("xss") / "p", "en")
    n = iter(range(10_000))
    roles = yaml.safe_load((root / "playbooks" / "roles.yaml").read_text())
    roles["roles"][0]["title"] = payload(next(n))
    roles["roles"][0]["summary"] = payload(next(n))
    (root / "playbooks" / "roles.yaml").write_text(yaml.safe_dump(roles))
    checklist = {
        "id": "evil-checklist", "kind": "onboarding-checklist", "title": payload(next(n)), "summary": payload(next(n)),
        "roles": ["customer-success-manager"], "owner": "people-ops", "version": "1.0.0", "reviewed": "2026-10-01",
        "onboards": "employee", "tags": ["safe-tag"],
        "phases": [{"name": payload(next(n)), "when": payload(next(n)), "items": [
            {"task": payload(next(n)), "details": payload(next(n)), "link": "javascript:window.__xss=1",
             "owner": "people-ops"} for _ in range(len(PAYLOADS))]}],
        "changelog": [{"version": "1.0.0", "date": "2026-10-01", "note": payload(next(n))}],
    }
    script = {
        "id": "evil-script", "kind": "conversation-script", "title": payload(next(n)), "summary": payload(next(n)),
        "roles": ["customer-success-manager"], "owner": "people-ops", "version": "1.0.0", "reviewed": "2026-10-01",
        "purpose": payload(next(n)), "participants": ["customer-success-manager", "customer"],
        "steps": [{"id": f"s{i}", "speaker": "customer", "say": payload(next(n)), "listen_for": [payload(next(n))],
                   "tips": [payload(next(n))], "branches": [{"if": payload(next(n)), "goto": "s0"}]}
                  for i in range(len(PAYLOADS))],
        "never_say": [payload(next(n)) for _ in range(3)],
    }
    guide = {
        "id": "evil-guide", "kind": "transparency-guide", "title": payload(next(n)), "summary": payload(next(n)),
        "roles": ["customer-success-manager"], "owner": "people-ops", "version": "1.0.0", "reviewed": "2026-10-01",
        "principles": [{"name": payload(next(n)), "why": payload(next(n)), "practices": [payload(next(n))],
                        "avoid": [payload(next(n))]} for _ in range(len(PAYLOADS))],
        "expectations": [{"situation": payload(next(n)), "say": payload(next(n)), "avoid": payload(next(n))}
                         for _ in range(len(PAYLOADS))],
    }
    for data in (checklist, script, guide):
        (root / "playbooks" / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    project, diagnostics = load_project(root)
    assert any(d.code in ("unsafe-html", "unsafe-url") for d in diagnostics)  # the validator would stop them
    out = root / "site"
    build_site(project, "internal", out)  # the bypass: build without honouring validation
    return out


@pytest.mark.parametrize("path", ["/playbooks/evil-checklist/", "/playbooks/evil-script/", "/playbooks/evil-guide/",
                                  "/roles/customer-success-manager/", "/", "/kinds/onboarding-checklist/"])
def test_payloads_run_nothing(site: Path, path: str, browser) -> None:
    with serving(site) as base:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        for link in page.locator("article a").all()[:40]:
            try:
                link.click(timeout=500, modifiers=["Alt"], no_wait_after=True)
            except Exception:
                pass
            if page.url.split("#")[0] != (base + path).split("#")[0]:
                page.goto(base + path)
        page.locator("article").hover()
        assert page.evaluate("() => window.__xss") is None
        assert dialogs == []
        bad = page.evaluate("""() => {
            const found = [];
            for (const el of document.querySelectorAll('article *')) {
                for (const a of el.attributes) {
                    if (/^on/i.test(a.name)) found.push(el.tagName + ' ' + a.name);
                    if (/^(href|src|action)$/i.test(a.name) && /^\\s*(javascript|data|vbscript):/i.test(a.value)) found.push(el.tagName + ' ' + a.value);
                }
                if (['SCRIPT', 'IFRAME', 'SVG', 'STYLE', 'OBJECT', 'EMBED'].includes(el.tagName.toUpperCase())) found.push(el.tagName);
            }
            return found;
        }""")
        assert bad == []
        assert "p1" in page.content() or path != "/playbooks/evil-checklist/"  # the text itself is still shown
