"""`serve` updates the site page by page after any playbook edit, and nothing is left stale: after
each kind of edit, every page served is exactly what a full build of the same files writes."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from generator.build import build_site
from generator.project import load_project
from generator.serve import Session

HUMAN = "playbooks/human-check-in.yaml"


def pages(site: Path) -> dict[str, str]:
    """Every page and file a reader gets, but the search index (it follows in the background)."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not any("pagefind" in part for part in p.parts) and not p.name.endswith(".gz")
    }


def assert_like_a_full_build(root: Path, site: Path, audience: str, tmp_path: Path) -> None:
    project, diagnostics = load_project(root)
    assert not [d for d in diagnostics if d.severity == "error"]
    fresh = tmp_path / f"fresh-{audience}"
    shutil.rmtree(fresh, ignore_errors=True)
    build_site(project, audience, fresh)
    served, built = pages(site), pages(fresh)
    assert served.keys() == built.keys(), (sorted(served.keys() - built.keys()), sorted(built.keys() - served.keys()))
    stale = [path for path in served if served[path] != built[path]]
    # Printable paths and the What changed page follow at the next full build (live.py says why).
    stale = [p for p in stale if not p.endswith("/print/index.html") and "changes/" not in p]
    assert stale == []


def near(root: Path, pid: str) -> set[str]:
    """The pages of a playbook and of those that show it: the one before it in each path, and
    those naming it in `related`."""
    from generator.select import select

    project, _ = load_project(root)
    sel = select(project, "internal", project.settings.default_language)
    found = {f"playbooks/{pid}.md"}
    for rid in sel.roles:
        path = sel.path_of(rid)
        if pid in path and path.index(pid) > 0:
            found.add(f"playbooks/{path[path.index(pid) - 1]}.md")
    found |= {e.path for e in sel.playbooks.values() if pid in (e.data.get("related") or [])}
    return found


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


EDITS = {
    "body": lambda r: edit(r, HUMAN, "Thanks for making the time.", "Thank you for making the time."),
    "title": lambda r: edit(r, HUMAN, "title: A human check-in with a customer", "title: A human check-in, with care"),
    "roles and tags": lambda r: (edit(r, HUMAN, "roles: [customer-success-manager, implementation-specialist]",
                                      "roles: [customer-success-manager, support-representative]"),
                                 edit(r, HUMAN, "tags: [conversation, check-in, relationships]", "tags: [check-in]")),
    "new": lambda r: (shutil.copy(r / "playbooks/your-request-shipped.yaml", r / "playbooks/your-request-shipped-again.yaml"),
                      edit(r, "playbooks/your-request-shipped-again.yaml", "id: your-request-shipped",
                           "id: your-request-shipped-again")),
    "delete": lambda r: (r / "playbooks/your-request-shipped-again.yaml").unlink(),
    "translation": lambda r: edit(r, "playbooks/customer-first-weeks.it.yaml", "title:", "title: Nuovo —"),
    "new translation": lambda r: (r / "playbooks/human-check-in.it.yaml").write_text(
        "id: human-check-in\nkind: conversation-script\nlang: it\ntranslates: 1.0.2\ntitle: Un check-in umano\n"
        "summary: In italiano.\n" + (r / HUMAN).read_text().split("purpose:", 1)[1].join(["purpose:", ""])),
    "made internal": lambda r: edit(r, "playbooks/handoff-sales-to-success.yaml", "audience: public", "audience: internal"),
}


# Languages rendered in two processes, as on a two-core machine (in a project this small the nav
# lists playbook titles, so a title, a new or a deleted playbook renders every page again).
FORKED = ("body", "title", "new", "delete")
CASES = [(change, "one process") for change in EDITS] + [(change, "forked") for change in FORKED]


@pytest.mark.parametrize(("change", "how"), CASES)
def test_every_edit_is_served_without_a_full_build_and_nothing_is_stale(
    handbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, how: str
) -> None:
    audience = "internal"  # the public preview is built whole: its leak scan reads the whole site
    if how == "one process":
        monkeypatch.setenv("PLAYBOOK_SERIAL", "1")
    else:
        monkeypatch.delenv("PLAYBOOK_SERIAL", raising=False)
        monkeypatch.setattr("os.cpu_count", lambda: 2)
    from generator import live

    forks = []
    start = live.Forked.start
    monkeypatch.setattr(live.Forked, "start", classmethod(lambda cls, work: (forks.append(work), start(work))[1]))
    if change == "delete":  # a playbook no other file names, so deleting it is not an error
        EDITS["new"](handbook)
    site = handbook / ".playbook" / "serve" / audience
    session = Session(handbook, audience, site)
    assert session.rebuild()
    full = []
    real = Session._everything
    monkeypatch.setattr(Session, "_everything", lambda self, p: (full.append(1), real(self, p)))
    EDITS[change](handbook)
    assert session.rebuild()
    assert full == [], "a full build ran"
    assert bool([w for w in forks if w is not None]) == (how == "forked")
    assert_like_a_full_build(handbook, site, audience, tmp_path)


def test_an_edit_made_while_another_file_is_broken_is_not_lost(handbook: Path, tmp_path: Path) -> None:
    site = handbook / ".playbook" / "serve" / "internal"
    session = Session(handbook, "internal", site)
    assert session.rebuild()
    edit(handbook, HUMAN, "owner: customer-success-manager", "owner: custmer")
    assert not session.rebuild()
    edit(handbook, "playbooks/day-in-support.yaml", "title: A day in support", "title: A day in support, retold")
    assert not session.rebuild()  # still broken: nothing served changes
    edit(handbook, HUMAN, "owner: custmer", "owner: customer-success-manager")
    assert session.rebuild()
    assert "A day in support, retold" in (site / "playbooks/day-in-support/index.html").read_text()
    assert_like_a_full_build(handbook, site, "internal", tmp_path)


def test_the_serve_listing_of_playbooks_is_the_loaders(tmp_path: Path) -> None:
    """FileCache lists playbooks with os.scandir, for speed: the same files, in the same order,
    as the loader's own listing, whatever the folder holds."""
    from generator.project import _playbook_files, _scan_playbooks

    base = tmp_path / "playbooks"
    (base / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    for rel in ("a.yaml", "roles.yaml", "roles.yml", "b.yml", "notes.txt", "sub/roles.yaml", "sub/c.yaml",
                "sub/deeper/d.it.yaml", "../elsewhere/e.yaml"):
        (base / rel).write_text("id: x\n")
    (base / "dir.yaml").mkdir()
    (base / "linked.yaml").symlink_to(tmp_path / "elsewhere" / "e.yaml")
    (base / "linked-folder").symlink_to(tmp_path / "elsewhere")
    (base / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert _scan_playbooks(tmp_path)[1] == _playbook_files(tmp_path)
    assert _scan_playbooks(REPO)[1] == _playbook_files(REPO)


@pytest.mark.parametrize("change", ["title", "new", "delete", "roles and tags"])
def test_lists_are_patched_when_the_nav_does_not_list_playbooks(
    handbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """As at 2,000 playbooks, where a kind's playbooks are not in the nav: a title, a new or a
    deleted playbook changes lists only, and the lists of kind, role and tags pages are patched
    in their built HTML, not rendered again; the site is still exactly what a full build writes."""
    from generator import emit, live

    monkeypatch.setattr(emit, "NAV_KIND_LIMIT", 0)
    monkeypatch.setenv("PLAYBOOK_SERIAL", "1")
    if change == "delete":
        EDITS["new"](handbook)
    site = handbook / ".playbook" / "serve" / "internal"
    session = Session(handbook, "internal", site)
    assert session.rebuild()
    rendered: list[str] = []
    real = live.rebuild_pages
    monkeypatch.setattr(live, "rebuild_pages", lambda state, where, paths: (rendered.extend(paths), real(state, where, paths)))
    monkeypatch.setattr(Session, "_everything", lambda self, p: pytest.fail("a full build ran"))
    pid = {"new": "your-request-shipped-again", "delete": "your-request-shipped-again"}.get(change, "human-check-in")
    expected = near(handbook, pid)
    EDITS[change](handbook)
    expected |= near(handbook, pid)
    assert session.rebuild()
    # Of the playbooks' pages, only the edited one's and those that show it: the one before it in
    # a path (its "Next"), old place and new, and those naming it in `related`. The playbooks
    # further along a path keep their pages: their place is counted from paths.json.
    assert {p for p in rendered if p.startswith("playbooks/")} <= expected
    # (The tags page may be rendered: where two tags list the same playbooks, its lists are not
    # each found once in the page, or when a tag comes or goes, a heading changes.)
    # (A role's printable path holds its playbooks' text: it is rendered again.)
    lists = [p for p in rendered if p.startswith(("kinds/", "roles/")) and not p.endswith("/print.md")]
    assert not lists, rendered
    assert_like_a_full_build(handbook, site, "internal", tmp_path)
