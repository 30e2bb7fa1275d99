"""The two engines: the same generated project built by MkDocs and by Zensical gives the same
handbook (pages, headings, anchors, links); the setting, the flag and their errors."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import REPO, cli

from generator import engines

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Page(HTMLParser):
    """What a reader gets from one built page: inside the article (the page's own content) its
    headings with their ids and text, every id, every link as written; outside it (header, nav,
    footer: the theme's) every link, resolved."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside <article class="md-content__inner">
        self.headings: list[tuple[str, str | None, str]] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.theme_links: list[str] = []
        self.heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self.depth == 0 and tag == "article" and "md-content__inner" in (found.get("class") or ""):
            self.depth = 1
            return
        if self.depth == 0:
            if tag == "a" and found.get("href") is not None:
                self.theme_links.append(str(found["href"]))
            return
        if tag not in VOID:
            self.depth += 1
        # Tolerated: Zensical's theme puts its skip-link target (#__skip) inside the article,
        # Material's puts it outside. It is the theme's, not the page's.
        if found.get("id") and found["id"] != "__skip":
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("href") is not None:
            self.links.append(str(found["href"]))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = [tag, found.get("id") or "", ""]

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0:
            return
        if self.heading and tag == self.heading[0]:
            self.headings.append((self.heading[0], self.heading[1], " ".join(self.heading[2].split())))
            self.heading = None
        if tag not in VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading[2] += data


def read_site(site: Path) -> dict[str, _Page]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.split("/")[0] in ("assets", "pagefind", "search"):
            continue
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[rel] = page
    return pages


def resolved(rel: str, hrefs: list[str]) -> set[str]:
    """Where the theme's links lead, whatever their spelling: Material writes `..` where Zensical
    writes `./..`, and `#the-first-heading` where Zensical writes `#__skip` (in-page targets are
    left out: the skip link's and the table of contents', which the article's ids cover)."""
    page = "http://site/" + rel
    return {urljoin(page, href).removesuffix("index.html") for href in hrefs if not href.startswith("#")}


@pytest.fixture(scope="module")
def built(sample_sites) -> dict[str, dict[str, _Page]]:
    return {engine: read_site(sample_sites(engine)) for engine in ("mkdocs", "zensical")}


def test_both_engines_build_the_same_pages(built) -> None:
    mkdocs, zensical = built["mkdocs"], built["zensical"]
    assert len(mkdocs) > 100
    assert mkdocs.keys() == zensical.keys()


def test_both_engines_give_each_page_the_same_headings_anchors_and_links(built) -> None:
    mkdocs, zensical = built["mkdocs"], built["zensical"]
    checked = 0
    for rel, page in mkdocs.items():
        other = zensical[rel]
        assert other.headings == page.headings, rel
        assert other.ids == page.ids, rel
        # The same targets: a link to a file beside the page (the What changed page's feed) is
        # spelt from the page's URL by MkDocs and from its Markdown file by Zensical.
        assert [urljoin("http://site/" + rel, h) for h in other.links] == [
            urljoin("http://site/" + rel, h) for h in page.links
        ], rel
        checked += len(page.headings) + len(page.links)
    assert checked > 1000
    ru = mkdocs["ru/index.html"]
    assert any(any("\u0400" <= ch <= "\u04ff" for ch in anchor) for _tag, anchor, _text in ru.headings)


def test_the_theme_links_lead_to_the_same_places(built) -> None:
    """Header, navigation, footer and language switch: the same targets, spelled each theme's way."""
    mkdocs, zensical = built["mkdocs"], built["zensical"]
    for rel, page in mkdocs.items():
        assert resolved(rel, zensical[rel].theme_links) == resolved(rel, page.theme_links), rel
    switch = resolved("it/playbooks/customer-first-weeks/index.html", zensical["it/playbooks/customer-first-weeks/index.html"].theme_links)
    assert "http://site/ru/playbooks/customer-first-weeks/" in switch


def test_each_engine_gets_its_own_search_box(sample_sites) -> None:
    mkdocs, zensical = sample_sites("mkdocs"), sample_sites("zensical")
    material = (mkdocs / "index.html").read_text(encoding="utf-8")
    assert 'class="md-search__input"' in material and "search-worker.js" in material
    assert "pb-search" not in material
    assert not (mkdocs / "pagefind/0/pagefind-ui.js").exists()
    page = (zensical / "ru/index.html").read_text(encoding="utf-8")
    assert 'class="pb-search"' in page and 'class="md-search' not in page
    assert "Результатов по запросу «[SEARCH_TERM]»: [COUNT]" in page  # Pagefind's texts, in Russian
    assert (zensical / "ru/pagefind/0/pagefind-ui.js").is_file()
    assert not (zensical / "ru/pagefind/0/pagefind-modular-ui.js").exists()


def test_the_engine_setting_and_the_flag(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  playbook:\n", "  playbook:\n    engine: zensical\n", 1))
    result = cli("build", "--root", project, "--site-dir", tmp_path / "a")
    assert result.code == 0, result.err
    assert "Zensical" in result.out and 'class="pb-search"' in (tmp_path / "a/index.html").read_text()
    result = cli("build", "--root", project, "--site-dir", tmp_path / "b", "--engine", "mkdocs")  # the flag wins
    assert result.code == 0, result.err
    assert "MkDocs" in result.out and 'class="md-search__input"' in (tmp_path / "b/index.html").read_text()


def test_a_wrong_engine_is_a_located_error_or_a_usage_error(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text().replace("  playbook:\n", "  playbook:\n    engine: hugo\n", 1)
    config.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "engine: hugo" in row)
    result = cli("build", "--root", project, "--site-dir", tmp_path / "site")
    assert result.code == 1
    assert (f"mkdocs.yml:{line}:1: error: extra.playbook.engine 'hugo' is not an engine; "
            "write mkdocs or zensical (default: mkdocs)") in result.lines
    assert not (tmp_path / "site").exists()
    for command in ("build", "serve", "publish"):
        args = ("1.0",) if command == "publish" else ()
        result = cli(command, *args, "--root", project, "--engine", "hugo")
        assert result.code == 2 and "invalid choice: 'hugo'" in result.err, command


def test_a_missing_engine_is_an_environment_error(project: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(self) -> str:
        raise engines.EngineUnavailable("the zensical engine is not installed; pip install ...")

    monkeypatch.setattr(engines.Zensical, "version", missing)
    result = cli("build", "--root", project, "--site-dir", tmp_path / "site", "--engine", "zensical")
    assert result.code == 2
    assert result.err.strip() == "playbook: error: the zensical engine is not installed; pip install ..."


def test_a_zensical_failure_names_the_language_and_keeps_the_previous_site(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site, "--engine", "zensical").code == 0
    before = (site / "index.html").read_bytes()
    # A Zensical that fails on what playbook's own checks accept (they reject a broken mkdocs.yml
    # before any engine runs): found first on the path of the engine's process.
    shim = tmp_path / "shim" / "zensical"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("")
    (shim / "__main__.py").write_text("import sys\nsys.stderr.write('Error: the page could not be rendered\\n')\nsys.exit(1)\n")
    monkeypatch.setenv("PYTHONPATH", str(shim.parent))
    result = cli("build", "--root", project, "--site-dir", site, "--engine", "zensical")
    assert result.code == 1
    assert "playbook: error: Zensical could not build en: " in result.err
    assert "the page could not be rendered" in result.err and "Traceback" not in result.err
    assert "left as it was" in result.err
    assert (site / "index.html").read_bytes() == before
    assert not list(project.glob(".playbook/build/*/*/.zensical*"))  # nothing of the failed run left


def test_zensical_warnings_become_one_line_each() -> None:
    output = (
        "Build started\n"
        "Warning: page does not exist\n"
        "   ╭─[ playbooks/a.md:3:10 ]\n"
        "   │\n"
        " 3 │ [broken](nope.md)\n"
        "───╯\n"
        "Warning: something without a place\n"
        "1 issue found\n"
    )
    assert engines.zensical_warnings(output) == [
        "playbooks/a.md:3:10: page does not exist",
        "something without a place",
    ]


def test_the_generated_project_builds_with_plain_zensical(tmp_path: Path) -> None:
    """What `playbook build` hands an engine is an ordinary project: Zensical's own command builds
    it (a copy of it, into a folder of our choosing) with no plugin of ours."""
    import shutil
    import subprocess
    import sys

    assert cli("build", "--root", REPO, "--site-dir", tmp_path / "site").code == 0
    project = tmp_path / "project"
    shutil.copytree(REPO / ".playbook/build/internal/it", project)
    done = subprocess.run([sys.executable, "-m", "zensical", "build", "-c", "-f", str(project / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    pages = {p.relative_to(project / "site/it").as_posix() for p in (project / "site/it").rglob("index.html")}
    assert "playbooks/customer-first-weeks/index.html" in pages
    assert len(pages) == sum(1 for _ in (tmp_path / "site/it").rglob("index.html") if "pagefind" not in _.parts)
