"""What a template prints is inert: escaped for HTML and for Markdown, or sanitized by nh3."""

from __future__ import annotations

import markdown
import pytest

from generator.render import escape_md, render_inline


def page_html(fragment: str) -> str:
    """What the page's own Markdown pass makes of a fragment, with the site's extensions."""
    return markdown.markdown(f"Text: {fragment}", extensions=["attr_list", "md_in_html", "tables", "admonition"])


PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "\\[click\\](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "**bold** {onclick=alert(1)}",
    "[x](https://example.org){onclick=alert(1)}",
    "<svg onload=alert(1)>",
    "\"><script>alert(1)</script>",
    "<iframe src=javascript:alert(1)>",
    "![x](x \"onerror=alert(1)\")",
    "<details open ontoggle=alert(1)>",
    "`code` <style>body{display:none}</style>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("render", [render_inline, escape_md], ids=["md", "text"])
def test_payloads_stay_inert_after_the_page_pass(payload: str, render) -> None:
    out = page_html(str(render(payload))).lower()
    assert "<script" not in out and "<iframe" not in out and "<svg" not in out and "<style" not in out
    assert "javascript:" not in out.replace("&#106;", "j") or "href=\"javascript" not in out
    assert " onerror=" not in out and " onclick=" not in out and " onload=" not in out and "ontoggle=" not in out
    assert "href=\"data:" not in out


def test_markdown_in_values_still_works() -> None:
    out = str(render_inline("Say **no** early, see [the guide](https://example.org/a_b) and `code`"))
    html = page_html(out)
    assert "<strong>no</strong>" in html and "<code>code</code>" in html
    assert 'href="https://example.org/a_b"' in html and 'rel="noopener noreferrer"' in html


def test_plain_text_cannot_become_markdown() -> None:
    for text in ("1. not a list", "# not a heading", "*not emphasis*", "a | b", "{: .x }", ":smile:"):
        html = page_html(str(escape_md(text)))
        assert "<ol>" not in html and "<h1" not in html and "<em>" not in html and 'class="x"' not in html
        import html as h
        assert text in h.unescape(html)
