"""Markdown written by teachers (assignment instructions), rendered safely."""
from __future__ import annotations

import bleach
import markdown
from markupsafe import Markup

ALLOWED_TAGS = ["p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "blockquote", "h3", "h4"]
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}


def render_teacher_markdown(text: str) -> Markup:
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = bleach.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                         protocols=["http", "https", "mailto"], strip=True)
    return Markup(bleach.linkify(clean, callbacks=[bleach.callbacks.nofollow]))  # nosec B704
