"""Which git branch each audience's releases go to, and which release the branch root opens.

The internal handbook must never be served to the world by accident. GitHub Pages serves
`gh-pages` by default, so the internal site never goes there, and the two audiences never share a
branch: a public release on the internal branch would put customers' pages next to staff-only
ones, and an internal release on the public branch would publish it. The defaults are
`playbook-internal` and `gh-pages`; a project can name others in mkdocs.yml:

    extra:
      playbook:
        publish:
          internal_branch: handbook-internal   # never gh-pages, never the public branch
          public_branch: gh-pages
          default: latest                      # the alias the branch root redirects to

The settings are checked with the rest of mkdocs.yml (an error at their line), and `publish`
checks the branch itself before it writes (publish.py: a branch that holds the other audience's
releases is refused).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

INTERNAL_BRANCH = "playbook-internal"
PUBLIC_BRANCH = "gh-pages"
DEFAULT_ALIAS = "latest"
SERVED_BY_DEFAULT = "gh-pages"  # what GitHub Pages publishes unless told otherwise
KEYS = ("internal_branch", "public_branch", "default")
# A branch name git accepts (git check-ref-format --branch), kept to the plain characters
# a branch of releases needs: no "..", no leading "-" or "/", no ".lock" ending.
_BRANCH = re.compile(r"^(?!-)(?!.*\.\.)(?!.*//)(?!.*\.lock$)[A-Za-z0-9][A-Za-z0-9._/-]*(?<![./])$")
_ALIAS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class PublishSettings:
    internal_branch: str = INTERNAL_BRANCH
    public_branch: str = PUBLIC_BRANCH
    default: str = DEFAULT_ALIAS

    def branch(self, audience: str) -> str:
        return self.public_branch if audience == "public" else self.internal_branch

    def other_branch(self, audience: str) -> str:
        return self.internal_branch if audience == "public" else self.public_branch


def _section(config: dict[str, Any]) -> Any:
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    ours = extra.get("playbook") if isinstance(extra, dict) else None
    return ours.get("publish") if isinstance(ours, dict) else None


def publish_settings(config: dict[str, Any]) -> PublishSettings:
    """The project's publish settings (defaults for what it does not say, or says wrongly:
    a wrong setting is an error reported by `publish_problems`, which stops a publish first)."""
    section = _section(config)
    if not isinstance(section, dict):
        return PublishSettings()
    values = {k: str(section[k]).strip() for k in KEYS if isinstance(section.get(k), str) and section[k].strip()}
    return PublishSettings(**values)


def publish_problems(config: dict[str, Any], problem: Callable[[str, str], None]) -> None:
    """extra.playbook.publish: known keys, valid names, two different branches, and the internal
    one never gh-pages. `problem(key, message)` reports one at the key's line."""
    section = _section(config)
    if section is None:
        return
    if not isinstance(section, dict):
        problem("publish", "extra.playbook.publish must be a mapping, e.g. publish: {internal_branch: "
                f"{INTERNAL_BRANCH}, public_branch: {PUBLIC_BRANCH}}}")
        return
    for key, value in section.items():
        if key not in KEYS:
            problem(str(key), f"extra.playbook.publish.{key} is not a setting; use {', '.join(KEYS)}")
        elif not isinstance(value, str) or not value.strip():
            problem(str(key), f"extra.playbook.publish.{key} must be a name")
        elif key.endswith("_branch") and not _BRANCH.match(value.strip()):
            problem(key, f"extra.playbook.publish.{key} '{value}' is not a git branch name; use letters, digits, "
                    "'-', '_', '.' and '/', e.g. playbook-internal")
        elif key == "default" and not _ALIAS.match(value.strip()):
            problem(key, f"extra.playbook.publish.default '{value}' is not a version or alias name; "
                    "use letters, digits, '-', '_' and '.', e.g. latest")
    chosen = publish_settings(config)
    if chosen.internal_branch == chosen.public_branch:
        problem("publish", f"extra.playbook.publish: the internal and the public releases would share the "
                f"branch '{chosen.internal_branch}', so one could publish the other; give them different branches")
    if chosen.internal_branch == SERVED_BY_DEFAULT:
        problem("internal_branch", f"extra.playbook.publish.internal_branch may not be {SERVED_BY_DEFAULT}, which "
                f"GitHub Pages serves to everyone by default; keep the internal site on {INTERNAL_BRANCH} "
                "(or another branch name)")
