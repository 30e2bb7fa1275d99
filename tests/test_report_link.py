"""Report a problem: a plain link on every page, naming the page, its version and its owner; on the
public site only when a public contact is set."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from conftest import cli

LINK = re.compile(r'<p class="pb-report"><a href="([^"]+)" rel="nofollow noopener">([^<]+)</a></p>')


def settings(project: Path, extra: str = "", top: str = "") -> None:
    config = project / "mkdocs.yml"
    text = config.read_text()
    text = text.replace("    public_site_name: Our best practices", "    public_site_name: Our best practices" + extra)
    config.write_text(top + text)


def links(site: Path) -> dict[str, list[tuple[str, str]]]:
    import html

    return {p.relative_to(site).as_posix(): [(html.unescape(h), t) for h, t in LINK.findall(p.read_text())]
            for p in site.rglob("index.html") if "pagefind" not in p.parts}


def test_every_internal_page_links_to_a_new_issue(project: Path, tmp_path: Path) -> None:
    settings(project, top="repo_url: https://github.com/example/handbook\n")
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    found = links(site)
    assert found and all(len(v) == 1 for v in found.values()), {k: v for k, v in found.items() if len(v) != 1}
    href, text = found["playbooks/first-week-for-a-new-teammate/index.html"][0]
    assert text == "Report a problem with this page"
    url = urlsplit(href)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://github.com/example/handbook/issues/new"
    query = parse_qs(url.query)
    assert query["title"] == ["Problem with “First week for a new teammate”"]
    assert query["body"] == ["Page: First week for a new teammate (/playbooks/first-week-for-a-new-teammate/)\n"
                             "File: playbooks/first-week-for-a-new-teammate.yaml\nVersion: 1.0.0\n"
                             "Owner: People Ops (people-ops)\n\nWhat is wrong, and what should it say?\n"]
    it_href, it_text = found["it/playbooks/first-week-for-a-new-teammate/index.html"][0]
    assert it_text == "Segnala un problema in questa pagina"
    assert "Versione: 1.0.0" in parse_qs(urlsplit(it_href).query)["body"][0]
    assert "/it/playbooks/first-week-for-a-new-teammate/" in parse_qs(urlsplit(it_href).query)["body"][0]


def test_a_mail_address_instead_and_nothing_on_the_public_site(project: Path, tmp_path: Path) -> None:
    settings(project, "\n    report_to: mailto:handbook@example.org")
    site, public = tmp_path / "site", tmp_path / "public"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    href, _ = links(site)["index.html"][0]
    assert href.startswith("mailto:handbook@example.org?subject=") and "&body=" in href
    assert cli("build", "--root", project, "--audience", "public", "--site-dir", public).code == 0
    assert all(v == [] for v in links(public).values())
    assert "pb-report" not in "".join(p.read_text() for p in public.rglob("*.html"))


def test_the_public_site_links_to_its_public_contact(project: Path, tmp_path: Path) -> None:
    settings(project, "\n    report_to: mailto:internal@example.org\n    public_report_to: mailto:hello@example.org",
             top="repo_url: https://github.com/example/handbook\n")
    public = tmp_path / "public"
    assert cli("build", "--root", project, "--audience", "public", "--site-dir", public).code == 0
    found = links(public)
    assert found["index.html"][0][0].startswith("mailto:hello@example.org?subject=")
    text = "".join(p.read_text() for p in public.rglob("*.html"))
    assert "internal@example.org" not in text and "github.com/example/handbook" not in text


def test_no_tracking(project: Path, tmp_path: Path) -> None:
    """A plain link: no script handles it, nothing is fetched when the page loads."""
    settings(project, "\n    report_to: mailto:handbook@example.org")
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    page = (site / "index.html").read_text()
    link = page[page.index('<p class="pb-report">'):]
    link = link[: link.index("</p>")]
    assert "onclick" not in link and "<script" not in link and "<img" not in link
    assert "pb-report" not in "".join(p.read_text() for p in (site / "assets" / "playbook").glob("*.js"))


def test_a_wrong_report_setting_is_an_error(project: Path) -> None:
    settings(project, "\n    report_to: handbook@example.org")
    lines = cli("validate", "--root", project).lines
    assert len(lines) == 1 and "extra.playbook.report_to 'handbook@example.org' is not an https:// address" in lines[0]
