"""The public site is built from public content only, proved by canaries in every internal field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import cli, new_project

from generator.check import check_leaks, site_file_text
from generator.kinds import discover
from generator.project import load_project

CANARY = "zqxcanary"
IDS = {"roles", "owner", "participants", "speaker", "cx_role", "hr_role", "escalate_to", "from", "to",
       "attendees", "applies_to"}
KEEP = {"kind", "audience", "lang", "translates", "version", "onboards", "link", "review_every", "date", "reviewed"}


def canaried(value: Any, key: str = "") -> Any:
    """Every text gets the canary; role references point at a role only internal content names."""
    if isinstance(value, dict):
        return {k: canaried(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if key in IDS:
            return [f"{CANARY}-role" + (f"-{i}" if i else "") for i in range(len(value))]
        return [canaried(v, key) for v in value]
    if not isinstance(value, str) or key in KEEP:
        return value
    if key in IDS:
        return f"{CANARY}-role"  # a single reference; lists get one role per position above
    if key in ("id", "goto") or key == "tags":
        return f"{CANARY}-{value}"
    return f"{value} {CANARY}"


def all_text(site: Path) -> str:
    parts = []
    for path in site.rglob("*"):
        if path.is_file():
            parts.append(path.relative_to(site).as_posix())
            text = site_file_text(path)
            parts.append(text if text is not None else path.read_bytes().decode("utf-8", errors="ignore"))
    return "\n".join(parts).lower()


def make_canary_project(root: Path) -> Path:
    new_project(root, "en,it")
    roles = yaml.safe_load((root / "playbooks" / "roles.yaml").read_text())
    for suffix in ("", "-1", "-2", "-3"):
        roles["roles"].append({"id": f"{CANARY}-role{suffix}", "title": f"Secret role {CANARY}{suffix}", "team": "cx",
                               "summary": f"Only internal playbooks name it {CANARY}"})
    (root / "playbooks" / "roles.yaml").write_text(yaml.safe_dump(roles, allow_unicode=True))
    kinds = discover()
    for name, kind in kinds.items():
        data = yaml.safe_load(kind.example.read_text())
        data = canaried(data)
        data["id"] = f"{CANARY}-{name}"
        data["tags"] = [f"{CANARY}-tag"]
        data["related"] = ["first-week-for-a-new-teammate"]
        (root / "playbooks" / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        tr = {k: v for k, v in data.items() if k not in ("roles", "owner", "version", "reviewed", "changelog", "tags", "related",
                                                         "review_every", "audience")}
        tr.update(lang="it", translates=data["version"], title=f"Titolo {CANARY}")
        (root / "playbooks" / f"{data['id']}.it.yaml").write_text(yaml.safe_dump(tr, allow_unicode=True, sort_keys=False))
    # The public side: the scaffold's playbook becomes public, with a public page beside it.
    pb = root / "playbooks" / "first-week-for-a-new-teammate.yaml"
    pb.write_text(pb.read_text() + "audience: public\n")
    (root / "content" / "public-page.md").write_text("---\ntitle: Our promise to you\naudience: public\n---\n\n# Our promise to you\n\nWe answer within a day.\n")
    (root / "content" / "secret.md").write_text(
        f"---\ntitle: Secret page {CANARY}\nsummary: Internal summary {CANARY}\ntags: [{CANARY}-tag]\n---\n\n"
        f"# Secret heading {CANARY}\n\nInternal body text that nobody outside may read {CANARY}.\n")
    (root / "content" / "secret.it.md").write_text(f"---\ntitle: Pagina segreta {CANARY}\n---\n\nTesto {CANARY}.\n")
    return root


def test_internal_canaries_reach_no_file_of_the_public_site(tmp_path: Path) -> None:
    root = make_canary_project(tmp_path / "canary")
    check = cli("validate", "--root", root)
    assert check.code == 0, check.out
    public, internal = tmp_path / "public", tmp_path / "internal"
    result = cli("build", "--root", root, "--audience", "public", "--site-dir", public)
    assert result.code == 0, result.err
    text = all_text(public)
    assert CANARY not in text
    assert "first week for a new teammate" in text and "our promise to you" in text
    assert (public / "it" / "index.html").is_file()
    # The same scan on the internal site finds the canary: the test can fail.
    assert cli("build", "--root", root, "--site-dir", internal).code == 0
    assert CANARY in all_text(internal)
    project, _ = load_project(root)
    leaks = check_leaks(project, internal)
    assert leaks and all(d.code == "leak" for d in leaks)
    assert not check_leaks(project, public)


def test_leak_scan_from_the_command_line(tmp_path: Path) -> None:
    root = make_canary_project(tmp_path / "canary")
    internal = tmp_path / "internal"
    assert cli("build", "--root", root, "--site-dir", internal).code == 0
    result = cli("check", "--root", root, "--leaks", internal)
    assert result.code == 1
    assert any("error: internal text from playbooks/zqxcanary-" in line for line in result.lines)


def test_public_page_quoting_internal_text_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    root = make_canary_project(tmp_path / "canary")
    public = tmp_path / "public"
    assert cli("build", "--root", root, "--audience", "public", "--site-dir", public).code == 0
    before = (public / "index.html").read_bytes()
    page = root / "content" / "public-page.md"
    page.write_text(page.read_text() + "\nQuoted by mistake: Internal body text that nobody outside may read zqxcanary.\n")
    result = cli("build", "--root", root, "--audience", "public", "--site-dir", public)
    assert result.code == 1
    assert "would leak internal content" in result.err and "public-page/index.html" in result.err
    assert (public / "index.html").read_bytes() == before
    assert CANARY not in all_text(public)
