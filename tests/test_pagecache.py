"""The cache of built pages and search bundles (.playbook/cache): a build that reuses it gives the
same site, byte for byte, as a build without it, whatever changed in between."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import pytest
from conftest import REPO, cli


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample handbook, built once: its cache holds every page."""
    root = tmp_path / "sample"
    root.mkdir()
    for name in ("content", "playbooks", "theme", "mkdocs.yml"):
        if not (REPO / name).exists():
            continue
        (shutil.copytree if (REPO / name).is_dir() else shutil.copyfile)(REPO / name, root / name)
    result = cli("build", "--root", root, "--site-dir", tmp_path / "first")
    assert result.code == 0, result.err
    return root


def warm_and_cold(root: Path, tmp_path: Path, engine: str = "mkdocs") -> tuple[dict[str, str], dict[str, str], str, str]:
    """Build with the cache of the previous build, then without any cache; both sites' digests
    and both builds' warnings."""
    warm = cli("build", "--root", root, "--site-dir", tmp_path / "warm", "--engine", engine)
    assert warm.code == 0, warm.err
    kept = tmp_path / "kept-cache"
    shutil.rmtree(kept, ignore_errors=True)
    (root / ".playbook/cache").rename(kept)
    cold = cli("build", "--root", root, "--site-dir", tmp_path / "cold", "--engine", engine)
    assert cold.code == 0, cold.err
    shutil.rmtree(root / ".playbook/cache")
    kept.rename(root / ".playbook/cache")
    return digest(tmp_path / "warm"), digest(tmp_path / "cold"), warm.err, cold.err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_build_with_nothing_changed_reuses_every_page_and_bundle(sample: Path, tmp_path: Path) -> None:
    pages = sample / ".playbook/cache/mkdocs/internal/pages"
    entries = {p: p.stat().st_mtime_ns for p in pages.rglob("*") if p.is_file()}
    assert len(entries) == sum(1 for _ in (tmp_path / "first").rglob("index.html") if "pagefind" not in _.parts)
    warm, cold, _, _ = warm_and_cold(sample, tmp_path)
    assert warm == cold == digest(tmp_path / "first")
    assert {p for p in pages.rglob("*") if p.is_file()} == set(entries)  # nothing stored anew


@pytest.mark.parametrize("change", ["body", "title", "content page", "new playbook", "theme"])
def test_after_a_change_the_site_is_byte_for_byte_a_fresh_build(sample: Path, tmp_path: Path, change: str) -> None:
    if change == "body":  # one playbook's text: its page in every language, one search bundle each
        edit(sample / "playbooks/customer-first-weeks.yaml", "Send you a welcome note", "Send you a warm welcome note")
    elif change == "title":  # in the nav, the role pages, the kind page, related playbooks
        edit(sample / "playbooks/customer-first-weeks.yaml", "title: Your first weeks with us",
             "title: Your first weeks with us, step by step")
    elif change == "content page":  # and a broken link: the warning is given again on reuse
        (sample / "content/feedback-wall.md").write_text(
            (sample / "content/feedback-wall.md").read_text() + "\nSee [the missing page](nope.md).\n")
    elif change == "new playbook":
        assert cli("new", "conversation-script", "a-new-script", "--root", sample).code == 0
    else:
        (sample / "theme/partials").mkdir(parents=True, exist_ok=True)
        (sample / "theme/partials/copyright.html").write_text("<p>Changed footer</p>\n")
    warm, cold, warm_err, cold_err = warm_and_cold(sample, tmp_path)
    assert warm == cold
    assert warm_err == cold_err
    if change == "content page":
        assert "contains a link 'nope.md'" in warm_err


def test_the_cache_keeps_only_what_the_last_build_used(sample: Path, tmp_path: Path) -> None:
    cache = sample / ".playbook/cache/mkdocs/internal"
    before = {p.relative_to(cache) for p in cache.rglob("*") if p.is_file()}
    edit(sample / "playbooks/customer-first-weeks.yaml", "Send you a welcome note", "Send you a warm welcome note")
    time.sleep(1.2)  # what was stored in the last second before a build is kept by it (coarse file times)
    assert cli("build", "--root", sample, "--site-dir", tmp_path / "second").code == 0
    after = {p.relative_to(cache) for p in cache.rglob("*") if p.is_file()}
    assert len(after) == len(before)  # the edited page's old versions went, its new ones came
    assert after != before


def test_no_cache_for_a_project_with_other_mkdocs_plugins(sample: Path, tmp_path: Path) -> None:
    """Another plugin might read the page content a reused page skips: build everything."""
    shutil.rmtree(sample / ".playbook/cache")
    config = sample / "mkdocs.yml"
    edit(config, "plugins:\n  - search\n", "plugins:\n  - search\n  - tags\n")
    assert cli("build", "--root", sample, "--site-dir", tmp_path / "site").code == 0
    assert not (sample / ".playbook/cache/mkdocs/internal/pages").exists()
    assert (sample / ".playbook/cache/mkdocs/internal/search").is_dir()  # bundles depend on the HTML only


def test_zensical_reuses_its_own_cache_with_the_same_result(sample: Path, tmp_path: Path) -> None:
    """Zensical's cache is its own (.cache, kept under .playbook/cache/zensical): built in the same
    place each time, so that it applies; the result is still a fresh build's, byte for byte."""
    assert cli("build", "--root", sample, "--site-dir", tmp_path / "first", "--engine", "zensical").code == 0
    place = sample / ".playbook/cache/zensical/internal/pages/en/project"
    assert (place / ".cache").is_dir() and not (place / "docs").exists()  # the project went back
    assert (sample / ".playbook/build/internal/en/docs/index.md").is_file()
    edit(sample / "playbooks/customer-first-weeks.yaml", "Send you a welcome note", "Send you a warm welcome note")
    warm, cold, warm_err, cold_err = warm_and_cold(sample, tmp_path, "zensical")
    assert warm == cold
    assert warm_err == cold_err
