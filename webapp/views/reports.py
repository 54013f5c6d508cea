"""Teacher insights: the gradebook, item analysis and mastery by objective, with charts."""
from __future__ import annotations

from flask import Blueprint, Response, render_template
from flask_login import current_user

from .. import classes
from ..content_store import get_content
from ..models.base import utcnow
from ..reports import pages
from ..reports.gradebook import gradebook, gradebook_csv
from ..security import teacher_required
from .teacher import own_assignment

bp = Blueprint("reports", __name__, url_prefix="/teacher/reports")


@bp.before_request
@teacher_required
def _teachers_only():
    """Every view here is for teachers only."""


@bp.get("/classes/<int:classroom_id>")
def classroom(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    return render_template("reports/classroom.html", classroom=room,
                           report=pages.class_report(room, get_content(), utcnow()))


@bp.get("/classes/<int:classroom_id>/gradebook.csv")
def gradebook_download(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    data = gradebook_csv(gradebook(room, get_content(), utcnow()))
    filename = f"gradebook-{room.id}-{utcnow():%Y%m%d}.csv"
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/classes/<int:classroom_id>/mastery")
def mastery(classroom_id: int):
    room = classes.own_classroom(current_user, classroom_id)
    return render_template("reports/mastery.html", classroom=room,
                           report=pages.mastery_report(room, get_content()))


@bp.get("/assignments/<int:assignment_id>")
def assignment(assignment_id: int):
    found = own_assignment(assignment_id)
    return render_template("reports/assignment.html", assignment=found, classroom=found.classroom,
                           report=pages.assignment_report(found, get_content()))
