"""Teacher-written Markdown can format and link, and can never run script (nh3)."""
from __future__ import annotations

import pytest

from webapp.sanitize import render_teacher_markdown


@pytest.mark.parametrize("attack", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(2))",
    "<a href=\"data:text/html,<script>alert(3)</script>\">x</a>", "<iframe src=\"https://example.org\"></iframe>",
    "<p style=\"background:url(javascript:alert(4))\">x</p>", "<svg onload=alert(5)>",
])
def test_no_markup_can_run_script(attack):
    html = str(render_teacher_markdown(attack)).lower()
    for sign in ("<script", "onerror", "javascript:", "data:text", "<iframe", "style=", "onload", "<svg"):
        assert sign not in html, (attack, html)


def test_formatting_and_links_survive_with_nofollow():
    html = str(render_teacher_markdown("**Read** the *Post* at https://example.org/a?b=1 or [here](https://x.org)."))
    assert "<strong>Read</strong>" in html and "<em>Post</em>" in html
    assert '<a href="https://example.org/a?b=1" rel="nofollow noopener noreferrer">' in html
    assert '<a href="https://x.org" rel="nofollow noopener noreferrer">here</a>' in html
