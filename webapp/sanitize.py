"""Markdown written by teachers (assignment instructions), rendered safely.

nh3 (the Rust sanitiser Ammonia) keeps only the tags, attributes and link schemes below; bleach,
which did this before, is deprecated upstream. Bare web addresses become links first, as Markdown
autolinks, so they are sanitised like any other link.
"""
from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "blockquote", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
SCHEMES = {"http", "https", "mailto"}
BARE_URL = re.compile(r"(?<![<(\[\"'=])\bhttps?://[^\s<>()\"']+")


def render_teacher_markdown(text: str) -> Markup:
    source = BARE_URL.sub(lambda m: f"<{m.group(0)}>", text or "")
    html = markdown.markdown(source, extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=SCHEMES,
                      link_rel="nofollow noopener noreferrer")
    return Markup(clean)  # nosec B704
