"""Two releases of one handbook, internal and public, published into a temporary git repository.

Release 1.0: a checklist with an Italian translation, a few guides (internal and public, one
public guide translated into Russian). Release 1.1: the checklist changes (a reworded task, a new
task, a new version), so its translation falls behind; a public guide changes; an internal
guide is retired; a public guide becomes internal; two guides are added, one of each audience.
The tests of test_versions.py and test_versions_browser.py read the branches this leaves.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import cli, new_project

CHECKLIST = "first-week-for-a-new-teammate"
SITE_URL = "https://handbook.example.org/"

# What 1.1 changes against 1.0, per audience (the fixture's whole point: tests compare to this).
EXPECTED = {
    "internal": {
        "added": {"fresh-internal-guide", "fresh-public-guide"},
        "changed": {CHECKLIST, "public-promise-guide", "going-private-guide"},
        "retired": {"retiring-guide"},
        "behind": {(CHECKLIST, "it"), ("public-promise-guide", "ru")},
        "withdrawn": 0,
    },
    "public": {
        "added": {"fresh-public-guide"},
        "changed": {"public-promise-guide"},
        "retired": set(),
        "behind": {("public-promise-guide", "ru")},
        "withdrawn": 1,  # going-private-guide: public in 1.0, internal in 1.1, never named publicly again
    },
}


def git(root: Path, *args: str, check: bool = True) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=check).stdout


def guide(pid: str, title: str, audience: str = "internal", version: str = "1.0.0",
          notes: tuple[tuple[str, str, str], ...] = (("1.0.0", "2026-10-01", "First version."),)) -> str:
    """A transparency guide whose every text is its own (the leak scan must tell them apart)."""
    changelog = "".join(f"  - version: {v}\n    date: {d}\n    note: {n}\n" for v, d, n in notes)
    word = title.lower()
    return (
        f"id: {pid}\nkind: transparency-guide\ntitle: {title}\nsummary: How we keep the {word} promise.\n"
        f"audience: {audience}\nroles: [customer-success-manager]\nowner: cx-leader\nversion: {version}\n"
        "reviewed: 2026-10-01\nprinciples:\n"
        f"  - name: The {word} principle holds\n    why: Readers of the {word} guide count on it daily.\n"
        f"    practices: [Explain the {word} rule before anything else]\n"
        f"expectations:\n  - situation: A customer asks about the {word} rule\n"
        f"    say: We will answer your {word} question by Thursday.\n"
        f"changelog:\n{changelog}"
    )


RU_PROMISE = """id: public-promise-guide
kind: transparency-guide
lang: ru
translates: 1.0.0
title: Обещания, которые мы выполняем
summary: Как мы держим слово перед клиентами.
principles:
  - name: Мы держим обещания
    why: Клиенты рассчитывают на наше слово каждый день.
    practices: [Сначала объясняем правило]
"""

IT_CHECKLIST = """id: first-week-for-a-new-teammate
kind: onboarding-checklist
lang: it
translates: 1.0.0
onboards: employee
title: La prima settimana di un nuovo collega
summary: Cosa fa, chi incontra e cosa impara un nuovo collega nella prima settimana.
phases:
  - name: Prima del primo giorno
    when: giorno -7
    items:
      - task: Invia il messaggio di benvenuto e l'agenda della prima settimana
        owner: people-ops
  - name: Primo giorno
    when: giorno 1
    items:
      - task: Incontra il tuo buddy e sfoglia insieme questo manuale
        owner: onboarding-team
"""


def release_1_0(root: Path) -> None:
    play = root / "playbooks"
    (play / f"{CHECKLIST}.it.yaml").write_text(IT_CHECKLIST)
    (play / "steady-handoff-guide.yaml").write_text(guide("steady-handoff-guide", "Steady handoff habits"))
    (play / "retiring-guide.yaml").write_text(guide("retiring-guide", "Retiring escalation ladder"))
    (play / "public-promise-guide.yaml").write_text(guide("public-promise-guide", "Promises we keep", "public"))
    (play / "public-promise-guide.ru.yaml").write_text(RU_PROMISE)
    (play / "going-private-guide.yaml").write_text(guide("going-private-guide", "Discount approval matrix", "public"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_description:", f"site_url: {SITE_URL}\nsite_description:", 1))


def release_1_1(root: Path) -> None:
    play = root / "playbooks"
    checklist = play / f"{CHECKLIST}.yaml"
    text = checklist.read_text()
    text = text.replace("version: 1.0.0", "version: 1.1.0", 1)
    text = text.replace("changelog:\n", "changelog:\n  - version: 1.1.0\n    date: 2026-11-30\n"
                        "    note: A lunch with the team on the first day.\n", 1)
    # A reworded task (a typo fixed) and a new task before it, in the same phase.
    text = text.replace("      - task: Meet your buddy and walk through this handbook together\n",
                        "      - task: Have lunch with the whole team\n"
                        "      - task: Meet your buddy and walk through this handbook together, slowly\n")
    checklist.write_text(text)
    (play / "retiring-guide.yaml").unlink()
    (play / "public-promise-guide.yaml").write_text(guide(
        "public-promise-guide", "Promises we keep", "public", "1.1.0",
        (("1.1.0", "2026-11-29", "Dates now come as a range."), ("1.0.0", "2026-10-01", "First version."))))
    (play / "going-private-guide.yaml").write_text(guide(
        "going-private-guide", "Discount approval matrix", "internal", "1.0.1",
        (("1.0.1", "2026-11-28", "For staff only from now on."), ("1.0.0", "2026-10-01", "First version."))))
    (play / "fresh-internal-guide.yaml").write_text(guide("fresh-internal-guide", "Fresh internal pairing rota"))
    (play / "fresh-public-guide.yaml").write_text(guide("fresh-public-guide", "Fresh public status page", "public"))


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def publish(root: Path, version: str, audience: str, today: str) -> None:
    os.environ["PLAYBOOK_TODAY"] = today
    result = cli("publish", version, "--alias", "latest", "--audience", audience, "--root", root)
    assert result.code == 0, result.out + result.err


def extract(root: Path, branch: str, dest: Path) -> Path:
    """A branch's files as a web server would serve them (the alias is a symbolic link)."""
    data = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", branch],
                          capture_output=True, check=True).stdout
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


@dataclass
class Published:
    root: Path
    internal: Path  # the playbook-internal branch, extracted
    public: Path  # the gh-pages branch, extracted


def publish_two_releases(base: Path) -> Published:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PLAYBOOK_TODAY", "2026-11-23")
        root = new_project(base / "handbook")
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.name", "Editor")
        git(root, "config", "user.email", "editor@example.org")
        release_1_0(root)
        commit(root, "Handbook 1.0")
        for audience in ("internal", "public"):
            publish(root, "1.0", audience, "2026-11-23")
        release_1_1(root)
        commit(root, "Handbook 1.1")
        for audience in ("internal", "public"):
            publish(root, "1.1", audience, "2026-12-01")
    return Published(root, extract(root, "playbook-internal", base / "internal"), extract(root, "gh-pages", base / "public"))
