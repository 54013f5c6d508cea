"""Template filters shared by every page."""
from __future__ import annotations

from functools import lru_cache

from flask import Flask, url_for

from .content.loader import Content
from .content.render import render_inline, render_markdown, upper_first
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


def init_app(app: Flask) -> None:
    app.add_template_filter(lesson_markdown, "lesson_md")
    app.add_template_filter(render_inline, "inline_md")
    app.add_template_filter(upper_first, "capitalize")
    app.add_template_filter(lambda dt: dt.strftime("%a %d %b %Y, %H:%M") if dt else "—", "when")
    app.add_template_filter(points, "points")
    app.add_template_filter(zone_label, "zone_label")
    app.add_template_filter(describe_zone, "zone")
    app.add_template_filter(format_due, "due")
    app.add_template_filter(format_local, "local")
    app.add_template_global(lambda: get_content().unit, "get_unit")


def points(value: float | None) -> str:
    """12.0 -> "12", 12.5 -> "12.5": scores as a teacher writes them."""
    if value is None:
        return "—"
    return f"{value:.1f}".removesuffix(".0")
