"""Template filters shared by every page."""
from __future__ import annotations

from functools import lru_cache

from flask import Flask, url_for

from .content.loader import Content
from .content.questions.written_response import word_count
from .content.render import keep_words, render_inline, render_markdown, upper_first
from .content_store import get_content
from .schedule import describe_zone, format_due, format_local, zone_label


def lesson_markdown(text: str):
    """Lesson Markdown with citations linked and visuals served by the app."""
    return _rendered(text, get_content())


@lru_cache(maxsize=256)
def _rendered(text: str, content: Content):
    """Cached per text and per loaded content (a reload gives a new Content, so new keys)."""
    return render_markdown(text, content.citable,
                           lambda path: url_for("main.visual", name=path.removeprefix("visuals/")))


def points(value: float | None) -> str:
    """12.0 -> "12", 12.5 -> "12.5": scores as a teacher writes them."""
    if value is None:
        return "—"
    return f"{value:.1f}".removesuffix(".0")


# Filters that need no request: the app, the PDF packs and the offline edition share them,
# since the three render the same partials (a partial naming a filter an environment lacks
# fails to compile there). Each environment adds its own ``lesson_md``.
SHARED_FILTERS = {"inline_md": render_inline, "capitalize": upper_first, "points": points,
                  "zone_label": zone_label, "zone": describe_zone, "due": format_due,
                  "local": format_local, "keep_words": keep_words, "word_count": word_count}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(SHARED_FILTERS, lesson_md=lesson_markdown)
    app.add_template_global(lambda: get_content().unit, "get_unit")
