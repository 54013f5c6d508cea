"""Pages anyone can read: the lesson catalog, a lesson, the glossary, the sources."""
from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, send_from_directory, url_for
from flask_login import current_user

from ..content.render import render_markdown
from ..content.timeline_svg import render_timeline_svg
from ..content_store import get_content, lesson_or_404

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("teacher.dashboard" if current_user.is_teacher else "student.dashboard"))
    return render_template("home.html", content=get_content())


@bp.get("/lessons")
def catalog():
    return render_template("catalog.html", content=get_content())


@bp.get("/lessons/<lesson_id>")
def lesson(lesson_id: str):
    found, content = lesson_or_404(lesson_id)
    return render_template("lesson.html", lesson=found, content=content,
                           show_teacher_notes=current_user.is_authenticated and current_user.is_teacher)


@bp.get("/lessons/visuals/<path:name>")
def visual(name: str):
    return send_from_directory(get_content().root / "lessons" / "visuals", name)


@bp.get("/glossary")
def glossary():
    return render_template("glossary.html", content=get_content())


@bp.get("/timeline")
def timeline():
    return render_template("timeline.html", content=get_content())


@bp.get("/timeline.svg")
def timeline_svg():
    content = get_content()
    labels = {s.file: s.cite for s in content.catalog.values()}
    svg = render_timeline_svg(content.timeline, source_labels=labels)
    return Response(svg, mimetype="image/svg+xml")


@bp.get("/sources")
def sources():
    return render_template("sources.html", content=get_content())


@bp.get("/changes")
def changes():
    """What changed in this release of the content, and why (docs/errata.md), for teachers."""
    content = get_content()
    errata = content.root / "docs" / "errata.md"
    text = errata.read_text(encoding="utf-8") if errata.is_file() else ""
    return render_template("changes.html", content=content, errata=render_markdown(text))


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
