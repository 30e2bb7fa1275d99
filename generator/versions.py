"""What a published page tells its version selector and older-release notice (assets/versions.js).

Material's own selector (`extra.version.provider: mike`) looks for versions.json one folder above
the site's base, and takes the last folder of the base for the current version. Both hold for a
one-language site, not for ours: the other languages live in a folder of each version
(`/1.0/it/`), where it asked for `/1.0/versions.json`, got a 404 and drew nothing; and a switch
landed on the other version's home. So each page carries what it cannot guess: the release it
belongs to (known when it is built; an alias such as `latest` is only a second address of it),
its language's folder inside the version, and the alias the branch root opens. versions.js
draws Material's selector markup from that and mike's versions.json at the branch root, and
shows Material's outdated banner (`extra.version` makes base.html render it, hidden) on every
release but the newest. The provider is ours, so Material's own selector code stays idle.
"""

from __future__ import annotations

from typing import Any

PROVIDER = "playbook"


def version_setting(configured: Any, ctx: Any, lang: str, default_lang: str) -> dict[str, Any]:
    """extra.version of one language's generated mkdocs.yml in a published release."""
    from .branches import publish_settings
    from .emit import prefix_of

    own = dict(configured) if isinstance(configured, dict) else {}
    release = ctx.release.name if ctx.release is not None else None
    own.update(
        provider=PROVIDER,
        release=release or "",
        lang_prefix=prefix_of(lang, default_lang),
        default=publish_settings(ctx.project.settings.raw).default,
    )
    return own
