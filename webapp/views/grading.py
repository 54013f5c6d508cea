"""The teacher grades written responses: by question across the class, one answer at a time."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import grading
from ..content.questions.written_response import WrittenResponse
from ..content_store import get_content
from ..errors import render_error
from ..forms import EmptyForm
from ..lti import outbox as lti_outbox
from ..models import Assignment
from ..security import safe_next, teacher_required
from .teacher import own_assignment

bp = Blueprint("grading", __name__, url_prefix="/teacher/grading")


@bp.before_request
@teacher_required
def _teachers_only():
    """Every view here is for teachers only."""


def own_question(assignment_id: int, question_id: str) -> tuple[Assignment, WrittenResponse]:
    """The teacher's assignment and one of its quiz's written questions, else 404."""
    assignment = own_assignment(assignment_id)
    question = next((q for q in grading.written_questions(assignment, get_content()) if q.id == question_id), None)
    if question is None:
        abort(404)
    return assignment, question


def _hidden() -> bool:
    return request.values.get("names") == "hidden"


def _paper_url(assignment: Assignment, question: WrittenResponse, number: int, hidden: bool,
               saved: int | None = None) -> str:
    """``saved`` names the answer whose grade the server now holds: the page's script drops its draft."""
    return url_for(".paper", assignment_id=assignment.id, question_id=question.id, n=number,
                   names="hidden" if hidden else None, saved=saved)


@bp.get("/assignments/<int:assignment_id>")
def index(assignment_id: int):
    assignment = own_assignment(assignment_id)
    content = get_content()
    questions = [(q, grading.papers(assignment, q)) for q in grading.written_questions(assignment, content)]
    return render_template("grading/index.html", assignment=assignment, questions=questions,
                           lesson_title=content.lesson_title(assignment.lesson_id))


@bp.get("/assignments/<int:assignment_id>/questions/<question_id>")
def paper(assignment_id: int, question_id: str):
    assignment, question = own_question(assignment_id, question_id)
    return _paper_page(assignment, question, request.args.get("n", "1"), _hidden(), paper_id=request.args.get("paper"))


def _paper_page(assignment: Assignment, question: WrittenResponse, number: str, hidden: bool,
                error: str = "", status: int = 200, paper_id: str | None = None):
    """``paper`` (a response id, sent by the names toggle) wins over ``n``: hiding or showing names
    changes the order, and the teacher must stay on the same answer."""
    papers = grading.papers(assignment, question, anonymous=hidden)
    at = next((i for i, p in enumerate(papers, start=1) if str(p.response.id) == paper_id), None)
    number = str(at) if at else number
    n = int(number) if number.isascii() and number.isdigit() else 1
    n = min(max(n, 1), max(len(papers), 1))
    current = papers[n - 1] if papers else None
    return render_template("grading/paper.html", assignment=assignment, question=question, papers=papers, n=n,
                           paper=current, hidden=hidden, bank=grading.bank(current_user), form=EmptyForm(),
                           error=error, paper_url=lambda k: _paper_url(assignment, question, k, hidden),
                           lesson_title=get_content().lesson_title(assignment.lesson_id)), status


@bp.post("/assignments/<int:assignment_id>/questions/<question_id>/responses/<int:response_id>")
def save(assignment_id: int, question_id: str, response_id: int):
    assignment, question = own_question(assignment_id, question_id)
    hidden = _hidden()
    papers = grading.papers(assignment, question, anonymous=hidden)
    number = next((i for i, p in enumerate(papers, start=1) if p.response.id == response_id), None)
    if number is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        return render_error(400, "This form had expired. Please reload the page and try again.")
    levels = {c.id: _whole(request.form.get(f"level-{c.id}")) for c in question.rubric}
    try:
        grade = grading.save_grade(papers[number - 1], question, levels, request.form.get("comment", ""), current_user)
    except grading.GradingError as problem:
        return _paper_page(assignment, question, str(number), hidden, str(problem), 400)
    if grade.is_released:
        lti_outbox.after_release([papers[number - 1].attempt.id])
    who = f"Student {number}" if hidden else papers[number - 1].student.display_name
    flash(f"Grade saved for {who}.", "success")
    go = number + 1 if request.form.get("action") == "next" and number < len(papers) else number
    return redirect(_paper_url(assignment, question, go, hidden, saved=response_id))


def _whole(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 4 else None


@bp.post("/assignments/<int:assignment_id>/questions/<question_id>/release")
def release(assignment_id: int, question_id: str):
    assignment, question = own_question(assignment_id, question_id)
    if EmptyForm().validate_on_submit():
        released = grading.release(assignment, question)
        lti_outbox.after_release(released)
        count = len(released)
        flash(f"Released {count} grade{'s' if count != 1 else ''}: those students now see their rubric, comment "
              f"and score." if count else "There were no new grades to release.", "success" if count else "info")
    return redirect(url_for(".paper", assignment_id=assignment.id, question_id=question.id,
                            n=request.form.get("n", "1"), names="hidden" if _hidden() else None))


@bp.post("/comments")
def add_comment():
    back = safe_next(request.form.get("next")) or url_for("teacher.dashboard")
    if EmptyForm().validate_on_submit():
        try:
            grading.add_to_bank(current_user, request.form.get("text", ""))
        except grading.GradingError as problem:
            return render_error(400, f"{problem} Go back to the grading page and try again.")
        flash("Comment added to your bank.", "success")
    return redirect(back)


@bp.route("/comments/<int:comment_id>/delete", methods=["GET", "POST"])
def delete_comment(comment_id: int):
    """Asks first (a page with the comment, Delete and Cancel), then deletes it from the bank."""
    back = safe_next(request.values.get("next")) or url_for("teacher.dashboard")
    if request.method == "GET":
        comment = grading.own_comment(current_user, comment_id)
        if comment is None:
            abort(404)
        return render_template("grading/delete_comment.html", comment=comment, back=back, form=EmptyForm())
    if EmptyForm().validate_on_submit():
        if not grading.remove_from_bank(current_user, comment_id):
            abort(404)
        flash("Comment removed from your bank.", "success")
    return redirect(back)
