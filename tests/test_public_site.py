"""The sample handbook's public site: no link leads to a missing page, and it faces customers."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from browser import serving
from conftest import REPO, cli

pytestmark = pytest.mark.browser
HREF = re.compile(r"""(?:href|src)="([^"]+)\"""")


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("public") / "site"
    result = cli("build", "--root", REPO, "--audience", "public", "--site-dir", out)
    assert result.code == 0, result.err
    return out


def target_exists(site: Path, page: Path, href: str) -> bool:
    base = "/" + page.relative_to(site).as_posix()
    url = urlparse(urljoin(base, html.unescape(href)))
    path = site / unquote(url.path).lstrip("/")
    return path.is_file() or (path / "index.html").is_file()


def test_no_link_in_any_page_leads_to_a_missing_page(public_site: Path) -> None:
    broken = []
    pages = list(public_site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        for href in HREF.findall(page.read_text(encoding="utf-8")):
            if href.startswith(("http://", "https://", "mailto:", "#", "data:", "javascript:")):
                continue
            if not target_exists(public_site, page, href.split("#")[0] or "./"):
                broken.append((page.relative_to(public_site).as_posix(), href))
    assert broken == []


def test_public_site_faces_customers(public_site: Path) -> None:
    home = (public_site / "index.html").read_text()
    assert "Our best practices" in home  # the public site name from extra.playbook.public_site_name
    assert "edit/main" not in home and "Also on the public site" not in home
    # Staff roles are on the public site only with a public_summary written for customers
    # (roles.yaml), as people customers work with; People Operations, named by public playbooks
    # but with nothing written for customers, is not, and neither is the customers' own role,
    # whose path the home page lists.
    for role in ("employee-relations", "talent-development", "people-ops", "cx-leader", "customer"):
        assert not (public_site / "roles" / role).exists()
        assert f"roles/{role}/" not in home
    for role in ("customer-success-manager", "support-representative", "implementation-specialist"):
        assert (public_site / "roles" / role / "index.html").is_file()
        assert f"roles/{role}/" in home


def test_browser_follows_every_link_of_the_public_home(public_site: Path, browser) -> None:
    with serving(public_site) as base:
        page = browser.new_page()
        page.goto(base + "/")
        links = page.evaluate("() => [...document.links].map(a => a.href).filter(h => h.startsWith(location.origin))")
        assert len(links) > 10
        for link in sorted(set(links)):
            response = page.request.get(link)
            assert response.status == 200, link
