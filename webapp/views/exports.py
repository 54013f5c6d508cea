"""Quiz exports for other systems: downloads for teachers (GET: they change nothing)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from ..content_store import get_content
from ..exports import FORMATS, TYPE_MAPS, UnknownExport, build_export, unit_quizzes
from ..exports.readme import NOTES
from ..security import teacher_required

bp = Blueprint("exports", __name__, url_prefix="/teacher/exports")


@bp.before_request
@teacher_required
def _teachers_only():
    """Every view here is for teachers only."""


@bp.get("/")
def index():
    content = get_content()
    return render_template("reports/exports.html", formats=FORMATS, type_maps=TYPE_MAPS, notes=NOTES, content=content,
                           quizzes=unit_quizzes(content))


@bp.get("/unit/<fmt>")
def unit(fmt: str):
    return _download(fmt, None)


@bp.get("/quizzes/<quiz_id>/<fmt>")
def quiz(quiz_id: str, fmt: str):
    return _download(fmt, quiz_id)


def _download(fmt: str, quiz_id: str | None) -> Response:
    try:
        export = build_export(get_content(), fmt, quiz_id)
    except UnknownExport:
        abort(404)
    return Response(export.data, mimetype=export.mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{export.filename}"'})
