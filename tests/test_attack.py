"""Holes found by the second look at issue 13 (an attacker's and a careless editor's), one test each.

Each test failed before its fix: it builds or validates the hostile input the way an editor's
pull request would bring it, and checks what a reader (or the build machine) would get.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import cli
from test_hostile import playbook, write

from generator.kinds import PACKAGE_KINDS

# -- kinds are data: a label's {placeholder} is filled, never evaluated ----------------------------


def test_a_kind_label_cannot_read_python_objects_or_the_environment(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """labels.yaml strings were filled with str.format, whose fields reach attributes and items:
    `{giver.join.__globals__[t].sys.modules[os].environ}` printed the build machine's environment
    (CI tokens included) into the page."""
    monkeypatch.setenv("PLAYBOOK_TEST_SECRET", "hunter2-build-secret")
    shutil.copytree(PACKAGE_KINDS / "handoff", project / "kinds" / "handoff")
    labels = project / "kinds" / "handoff" / "labels.yaml"
    labels.write_text(labels.read_text().replace(
        "from_to: From {giver} to {receiver}",
        "from_to: 'From {giver} to {receiver} {giver.join.__globals__[t].sys.modules[os].environ} {nobody} {'"))
    shutil.copy(PACKAGE_KINDS / "handoff" / "example.yaml", project / "playbooks" / "example-handoff.yaml")
    site = tmp_path / "site"
    result = cli("build", "--root", project, "--site-dir", site)
    assert result.code == 0, result.err
    page = (site / "playbooks" / "example-handoff" / "index.html").read_text()
    assert "hunter2-build-secret" not in page
    assert "From Implementation Specialist to Customer Success Manager" in page
    # What is not a plain {name} of the values given stays as written (the label is Markdown).
    assert "[t].sys.modules[os].environ} {nobody} {" in page


# -- nothing runs: a heading's id is printed by the theme, outside the sanitized page ------------

TOC_PAGE = """---
title: Contents
audience: public
---

# Contents

<h2 markdown id="x&quot;&gt;&lt;a href=&quot;java&#10;script:void(window.__xss=1)&quot; x=&quot;">From raw HTML</h2>

text

## From an attribute list {id='y"><a href="java&#10;script:void(window.__xss=2)" x="'}

text

## A heading of its own {#own-id}

text
"""


@pytest.fixture(scope="module")
def toc_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import new_project

    root = new_project(tmp_path_factory.mktemp("toc") / "p", "en")
    write(root / "content" / "contents.md", TOC_PAGE)
    site = root / "site"
    result = cli("build", "--root", root, "--site-dir", site)  # nothing here fails validation
    assert result.code == 0, result.err
    return site


def test_a_heading_id_cannot_break_out_of_the_table_of_contents(toc_site: Path) -> None:
    """Material prints each heading's id into the table of contents (href="#{{ id }}") from the
    Markdown tree, before the sanitizer sees the page: an id holding `">` added a javascript:
    link that the validator and the output audit both missed."""
    page = (toc_site / "contents" / "index.html").read_text()
    toc = page[page.index('data-md-component="toc"'):]
    toc = toc[:toc.index("</nav>")]
    hrefs = [h.split('"', 1)[0] for h in toc.split('href="')[1:]]
    assert hrefs == ["#from-raw-html", "#from-an-attribute-list", "#own-id"]
    assert "script:" not in page


@pytest.mark.browser
def test_table_of_contents_links_run_nothing(toc_site: Path, browser) -> None:
    from browser import serving

    with serving(toc_site) as base:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(base + "/contents/")
        page.wait_for_load_state("networkidle")
        links = page.evaluate("() => document.querySelectorAll('[data-md-component=toc] a').length")
        assert links >= 3
        ran = []
        for index in range(links):  # one at a time: a later click would cancel a javascript: one
            page.goto(base + "/contents/")
            page.evaluate("(i) => document.querySelectorAll('[data-md-component=toc] a')[i].click()", index)
            page.wait_for_timeout(200)
            ran.append(page.evaluate("() => window.__xss"))
        assert ran == [None] * links
        context.close()


@pytest.mark.parametrize("link", [
    'java\nscript:alert(1)', 'java\tscript:alert(1)', 'javascript&colon;alert(1)', '&#106;avascript:alert(1)',
    'jav&#x61;script:alert(1)', 'javascrip&#116;&#58;alert(1)', ' \x01javascript:alert(1)',
])
def test_the_audit_finds_a_script_link_however_it_is_spelled(link: str) -> None:
    """The audit's first pass looked for the text `javascript:`; a browser also runs one spelled
    with a newline, a tab or entities, so a page with such a link outside the article (where
    the table-of-contents hole put it) was never read."""
    from generator.audit import audit_page

    raw = f'<html><body><nav><a href="{link}">Go</a></nav><article>Fine</article></body></html>'.encode()
    found = audit_page(raw, public=False)
    assert len(found) == 1 and found[0].startswith("<a href=") and found[0].endswith("(a link that runs script)")
    assert audit_page(b'<a href="../x/?a=1&amp;b=2#top">x</a><img src="https://example.org/a b.png">', False) == []


def test_a_source_file_name_cannot_add_markup_to_its_edit_link(project: Path, tmp_path: Path) -> None:
    """The edit button prints the page's edit_url as it is; the URL held the source file's name
    unencoded, so a file called `week"><a href="java\\nscript:…" x=".yaml` (only a warning: its
    name differs from its id) put a javascript: link on its page."""
    from generator.build import build_site
    from generator.project import load_project

    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("# repo_url:", "repo_url:"))
    source = project / "playbooks" / "first-week-for-a-new-teammate.yaml"
    source.rename(source.with_name('week"><a href="java\nscript:void(window.__xss=1)" x=".yaml'))
    site = tmp_path / "site"
    result = cli("build", "--root", project, "--site-dir", site)
    assert result.code == 0, result.err
    # A content page's name is refused (see below); built anyway, its edit link is encoded too.
    write(project / "content" / 'notes"><a href="java\nscript:void(window.__xss=2)" x=".md', "# Notes\n\nText.\n")
    loaded, _ = load_project(project)
    build_site(loaded, "internal", site)
    for name in ("playbooks/first-week-for-a-new-teammate/index.html",
                 'notes"><a href="java\nscript:void(window.__xss=2)" x="/index.html'):
        page = (site / name).read_text()
        assert '"><a href="java' not in page
        edit = page.split('rel="edit"')[0].rsplit('<a href="', 1)[1]
        assert edit.startswith("https://git.example.org/team/playbooks/edit/main/") and "%22%3E%3Ca%20href" in edit


def test_a_content_file_name_cannot_add_script_to_its_title(project: Path, tmp_path: Path) -> None:
    """A page without a front-matter title took its name from the nav, and Material prints that
    name through Jinja's striptags, which turns the generator's escaping back into markup:
    content/</title><script>…<\\/script>.md (a folder `<` holding `title><script>…<`) ran script on
    load, through validation and the audit. Such names are refused, and the page's title is
    always written as front matter, which the theme prints escaped."""
    write(project / "content" / "</title><script>window.__xss=8<" / "script>.md", "Just text.\n")
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert "content/</title><script>window.__xss=8</script>.md:1:1: error: the page's name holds '<'" in result.out
    from generator.build import build_site
    from generator.project import load_project

    loaded, _ = load_project(project)
    site = tmp_path / "site"
    build_site(loaded, "internal", site)  # and if validation is passed by: the output is still text
    page = (site / "</title><script>window.__xss=8</script>" / "index.html").read_text()
    assert "<script>window.__xss" not in page
    assert "<title>&lt;/title&gt;&lt;script&gt;window.__xss=8&lt;/script&gt; - Team Playbooks</title>" in page


# -- no hangs: the validator itself stays linear --------------------------------------------------

@pytest.mark.parametrize(("text", "code"), [
    ("{" + "= " * 30000, None),  # an attribute list that never closes: the pattern backtracked
    ("Intro\n\n" + "<a \n\n" * 12000, "markdown-too-complex"),  # tags that never close
])
def test_the_validator_reads_hostile_shapes_in_linear_time(text: str, code: str | None) -> None:
    """Both took the validator minutes (and Python-Markdown as long for the second): 64 KB of
    `{= = =` 35 s, 60 KB of unclosed `<a ` 40 s, growing with the square of the size. The second
    is now an error at the first tag that never closes, as Markdown would take as long."""
    from generator import safety

    found = list(safety.problems(text, allow_html=True))  # before the fix this took minutes
    assert [c for _, c, _ in found if c == "markdown-too-complex"] == ([code] if code else [])
    if code:
        offset, _, message = next(p for p in found if p[1] == code)
        assert offset == text.index("<a")
        assert message.startswith("12000 '<' start HTML tags that never close")


# -- the leak scan: precise both ways ---------------------------------------------------------------

def _public_handoff(project: Path) -> None:
    example = (PACKAGE_KINDS / "handoff" / "example.yaml").read_text()
    write(project / "playbooks" / "example-handoff.yaml", example + "audience: public\n")


def test_no_false_alarm_for_an_internal_id_that_public_text_uses_as_a_word(project: Path, tmp_path: Path) -> None:
    """A hyphenated internal id was a leak wherever it appeared as a word: an internal playbook
    `check-in` refused every public page that books "a short check-in"."""
    _public_handoff(project)
    write(project / "playbooks" / "check-in.yaml", playbook("check-in", title="Weekly chat"))
    write(project / "content" / "faq.md", "---\ntitle: FAQ\naudience: public\n---\n\n# FAQ\n\n"
                                          "We book a short check-in after go-live.\n")
    result = cli("build", "--root", project, "--audience", "public", "--site-dir", tmp_path / "public")
    assert result.code == 0, result.err


def test_no_false_alarm_for_a_kinds_own_labels(project: Path, tmp_path: Path) -> None:
    """A kind's labels (labels.yaml) are the interface's words, like the locales: an internal
    page saying "What the customer hears" refused every public hand-off."""
    _public_handoff(project)
    write(project / "content" / "writing-handoffs.md", "---\ntitle: Writing hand-offs\n---\n\n# Writing hand-offs\n\n"
                                                       "## What the customer hears\n\nWrite it plainly.\n")
    result = cli("build", "--root", project, "--audience", "public", "--site-dir", tmp_path / "public")
    assert result.code == 0, result.err


def test_the_leak_scan_finds_a_one_word_internal_page_in_a_link(project: Path, tmp_path: Path) -> None:
    """A one-word id is a leak only where it names a page; `href="layoffs"` and `href="layoffs#x"`
    name it as much as `layoffs/` does, and were missed."""
    from generator.build import BuildError, build_site
    from generator.project import load_project

    write(project / "content" / "layoffs.md", "---\ntitle: Plan\n---\n\n# Plan\n\nText.\n")
    write(project / "content" / "news.md", "---\ntitle: News\naudience: public\n---\n\n# News\n\n"
                                           "[Plan](layoffs) and [the date](layoffs#when).\n")
    loaded, diagnostics = load_project(project)
    assert [d.code for d in diagnostics] == ["internal-link", "internal-link"]
    with pytest.raises(BuildError) as refused:  # past validation: the scan is the net
        build_site(loaded, "public", tmp_path / "public")
    assert "content/news.md:8: news/index.html holds text of content/layoffs.md ('layoffs')" in str(refused.value)


def test_every_way_markdown_writes_a_link_to_an_internal_page_is_found(project: Path) -> None:
    """Reference definitions inside a quote or a list item, or with their address on the next
    line, and addresses written with entities, made links the validator did not see."""
    write(project / "content" / "layoffs-lisbon-2027.md", "---\ntitle: Lisbon\n---\n\n# Lisbon\n\nText.\n")
    write(project / "content" / "news.md", """---
title: News
audience: public
---

# News

> See [the plan][a] in a quote.
>
> [a]: layoffs-lisbon-2027.md

Next-line reference [plan][b].

[b]:
    layoffs-lisbon-2027.md

Entity [plan](layoffs&#45;lisbon-2027.md) here.

- item

    [c]: layoffs-lisbon-2027.md

    list ref [plan][c]

Footnote[^1].

[^1]: layoffs-lisbon-2027 is not a link here.
""")
    result = cli("validate", "--root", project)
    assert result.code == 1
    found = [line.split(": error: ")[0] for line in result.lines if "internal-link" in line or "links to" in line]
    assert found == ["content/news.md:10:8", "content/news.md:15:5", "content/news.md:17:15", "content/news.md:21:10"]
    assert "content/news.md:17:15: error: this public page links to 'layoffs&#45;lisbon-2027.md', the internal page " \
           "content/layoffs-lisbon-2027.md" in result.out


# -- kinds are data: a broken kind is an error at its file, not a crash ------------------------------

@pytest.mark.parametrize(("file", "text", "expected"), [
    ("schema.json", "{", "kinds/broken/schema.json:1:2: error: not valid JSON: Expecting property name enclosed in "
                         "double quotes; fix the file, or remove the kind's folder"),
    ("schema.json", "[]", "kinds/broken/schema.json:1:1: error: a kind's schema must be a JSON object "
                          "({\"type\": \"object\", \"properties\": {...}}); fix the file, or remove the kind's folder"),
    ("schema.json", '{"properties": {"x": {"type": 5}}}', "kinds/broken/schema.json:1:1: error: not a valid JSON "
                                                           "Schema: 5 is not valid under any of the given schemas"),
    ("page.md.j2", None, "kinds/broken:1:1: error: a kind needs page.md.j2 beside schema.json; copy one from "
                         "another kind's folder"),
    ("labels.yaml", "en: {a: [\n", "kinds/broken/labels.yaml:2:1: error: not valid YAML:"),
    ("labels.yaml", "- a\n", "kinds/broken/labels.yaml:1:1: error: labels.yaml maps each language to its labels "
                             "(en: {label: text}); fix the file"),
])
def test_a_broken_project_kind_is_an_error_at_its_file(project: Path, tmp_path: Path, file: str,
                                                        text: str | None, expected: str) -> None:
    """Each of these stopped every command with 'This is a bug in playbook' (exit 3)."""
    kind = project / "kinds" / "broken"
    shutil.copytree(PACKAGE_KINDS / "handoff", kind)
    if text is None:
        (kind / file).unlink()
    else:
        (kind / file).write_text(text)
    result = cli("validate", "--root", project)
    assert result.code == 1, result.err
    assert any(line.startswith(expected) for line in result.lines), result.out
    assert cli("build", "--root", project, "--site-dir", tmp_path / "site").code == 1


def test_a_project_copy_of_a_kind_uses_its_own_template(project: Path, tmp_path: Path) -> None:
    """Copying a kind's folder into kinds/ is how a project changes it (README); its labels and
    schema were used, but its page.md.j2 lost to the package's, which came first in the loader."""
    shutil.copytree(PACKAGE_KINDS / "handoff", project / "kinds" / "handoff")
    template = project / "kinds" / "handoff" / "page.md.j2"
    template.write_text("Our own hand-off layout.\n\n" + template.read_text())
    shutil.copy(PACKAGE_KINDS / "handoff" / "example.yaml", project / "playbooks" / "example-handoff.yaml")
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    assert "Our own hand-off layout." in (site / "playbooks" / "example-handoff" / "index.html").read_text()


def test_a_page_cannot_take_the_search_index_for_itself(project: Path, tmp_path: Path) -> None:
    """Pagefind reads data-pagefind-* attributes from the page: one page with data-pagefind-body
    took every other page out of search, and data-pagefind-meta rewrote its own result's title."""
    from conftest import search_fragments

    write(project / "content" / "takeover.md", "---\ntitle: Takeover\n---\n\n# Takeover\n\n"
          '<div data-pagefind-body markdown>\nOnly me.\n</div>\n\n<p data-pagefind-meta="title:Fake">x</p>\n\n'
          '<p data-pagefind-filter="kind:Fake" data-pagefind-sort="weight:9">y</p>\n')
    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    urls = {url for url, (bundle, _) in search_fragments(site).items()}
    assert {"/takeover/", "/playbooks/first-week-for-a-new-teammate/", "/roles/people-ops/"} <= urls
    page = (site / "takeover" / "index.html").read_text()
    assert "data-pagefind-body" not in page and "title:Fake" not in page
    # Only the generator's own list mark passes (sanitize.py): no other filter, no sort order.
    assert "kind:Fake" not in page and "data-pagefind-sort" not in page


# -- nothing is lost ----------------------------------------------------------------------------------

def test_a_site_caught_between_the_two_renames_of_a_killed_build_is_restored(project: Path, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A build killed after moving the old site aside and before moving the new one in leaves only
    `.site.previous-<pid>`: the next build deleted it as a leftover, so when that build failed too,
    there was no site at all, while it said the previous one was left as it was."""
    from generator.sitedir import MARKER

    site = tmp_path / "site"
    assert cli("build", "--root", project, "--site-dir", site).code == 0
    dead = 2 ** 22 + 12345  # above pid_max: no such process
    site.rename(tmp_path / f".site.previous-{dead}")
    from generator import build

    def no_search(*args: object, **kwargs: object) -> None:  # the next build fails late, as a full disk would
        raise build.BuildError("Pagefind could not index the en site: disk full")

    monkeypatch.setattr(build, "index_languages", no_search)
    result = cli("build", "--root", project, "--site-dir", site)
    assert result.code == 1 and "the previous site in" in result.err
    assert (site / MARKER).is_file() and (site / "index.html").is_file()
    assert not (tmp_path / f".site.previous-{dead}").exists()


# -- the environment ----------------------------------------------------------------------------------

@pytest.mark.parametrize("addr", ["127.0.0.1:²", "127.0.0.1:٨٠٠٠", "127.0.0.1:8\u00a0"])
def test_serve_refuses_a_port_written_in_other_digits(project: Path, addr: str) -> None:
    """str.isdigit() accepts '²' (and int() then fails: exit 3, 'a bug in playbook')."""
    result = cli("serve", "--root", project, "--dev-addr", addr)
    assert result.code == 2
    assert result.err.strip() == ("playbook: error: --dev-addr must be HOST:PORT with a port from 1 to 65535, "
                                  f"e.g. 127.0.0.1:8000, not '{addr}'")


def test_a_project_kind_cannot_loosen_the_fields_every_playbook_has(project: Path) -> None:
    """A kind's own properties replaced the envelope's: `"id": {"type": "string"}` let any id
    through validation (`../../x`, spaces), to fail the build later with a ValueError."""
    import json

    kind = project / "kinds" / "loose"
    shutil.copytree(PACKAGE_KINDS / "transparency-guide", kind)
    schema = json.loads((kind / "schema.json").read_text())
    schema["properties"]["id"] = {"type": "string"}
    (kind / "schema.json").write_text(json.dumps(schema, indent=2))
    write(project / "playbooks" / "loose.yaml", playbook("../../Loose id", kind="loose"))
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert "playbooks/loose.yaml:1:5: error: '../../Loose id' is not a valid id for 'id': use lowercase letters " \
           "a-z, digits and hyphens, starting with a letter or digit (e.g. 'first-30-days')" in result.lines
    assert any(line.startswith("kinds/loose/schema.json:1:1: warning: the kind redefines 'id'") for line in result.lines)


# -- nothing from outside the sources -----------------------------------------------------------------

def test_a_link_into_the_projects_hidden_files_is_an_error(project: Path, tmp_path: Path) -> None:
    """Links that stay in the project were fine, .git/ included: content/notes.md -> ../.git/config
    published the repository's configuration (in CI, actions/checkout keeps its token there) on
    the site and in its search index."""
    import os

    write(project / ".git" / "config", '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n')
    write(project / ".env", "TOKEN=secret\n")
    os.symlink("../.git/config", project / "content" / "notes.md")
    os.symlink("../.env", project / "content" / "env.md")
    os.symlink("../README.md", project / "content" / "readme.md")  # an ordinary file of the project: fine
    write(project / "README.md", "# Readme\n")
    result = cli("validate", "--root", project)
    assert result.code == 1
    assert sorted(line.split(": error: ")[0] for line in result.lines if ": error: " in line) == [
        "content/env.md:1:1", "content/notes.md:1:1"]
    assert "content/notes.md:1:1: error: content/notes.md is a link to ../.git/config, a hidden file of the project " \
           "(.git, .env, ...); playbook publishes only what the project shows: copy what you need instead" in result.lines
    assert cli("build", "--root", project, "--site-dir", tmp_path / "site").code == 1
