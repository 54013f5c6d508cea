"""The student's side: assignments, the lesson reader, quizzes and results."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import answer_saves, progress, quizzing
from ..content_store import get_content, lesson_or_404
from ..errors import json_error
from ..extensions import db
from ..forms import EmptyForm
from ..models import Assignment, Attempt, Enrollment
from ..models.base import utcnow
from ..sanitize import render_teacher_markdown
from ..security import student_required

bp = Blueprint("student", __name__, url_prefix="/student")


@bp.before_request
@student_required
def _students_only():
    """Every view here is for students only."""


def my_assignment(assignment_id: int) -> Assignment:
    assignment = db.session.scalar(
        select(Assignment).join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
        .where(Assignment.id == assignment_id, Enrollment.student_id == current_user.id))
    if assignment is None or assignment.classroom.archived:
        abort(404)
    return assignment


def my_attempt(attempt_id: int, to_change: bool = False) -> Attempt:
    """The signed-in student's attempt; ``to_change`` also needs an open class they are still in."""
    row = db.session.execute(select(Attempt, quizzing.may_change().label("open")).where(Attempt.id == attempt_id)
                             .options(joinedload(Attempt.assignment))).first()  # every view needs its lesson
    if row is None or row.Attempt.student_id != current_user.id or (to_change and not row.open):
        abort(404)
    return row.Attempt


@bp.get("/")
def dashboard():
    content = get_content()
    items = progress.student_assignments(current_user, content, utcnow())
    groups = {g: [i for i in items if i.group == g] for g in ("overdue", "in_progress", "due", "done")}
    return render_template("student/dashboard.html", groups=groups, content=content,
                           modules=_module_progress(items, content))


def _module_progress(items, content):
    best: dict[str, int] = {}
    for item in items:
        if item.cell.percent is not None:
            best[item.assignment.lesson_id] = max(best.get(item.assignment.lesson_id, 0), item.cell.percent)
    read = progress.sections_read(current_user)
    return [(lesson, len(read.get(lesson.id, set())), len(lesson.student_sections), best.get(lesson.id))
            for lesson in content.lessons]


@bp.get("/assignments/<int:assignment_id>")
def read(assignment_id: int):
    assignment = my_assignment(assignment_id)
    lesson, content = lesson_or_404(assignment.lesson_id)
    attempts = quizzing.attempts_for(assignment, current_user)
    return render_template("student/read.html", assignment=assignment, lesson=lesson, content=content,
                           read=progress.sections_read(current_user).get(lesson.id, set()),
                           attempts=attempts, can_start=quizzing.can_start_new(assignment, attempts),
                           instructions=render_teacher_markdown(assignment.instructions),
                           form=EmptyForm())


@bp.post("/assignments/<int:assignment_id>/read/<section>")
def mark_read(assignment_id: int, section: str):
    assignment = my_assignment(assignment_id)
    lesson = get_content().lesson(assignment.lesson_id)
    if lesson is None or section not in {s.slug for s in lesson.student_sections}:
        abort(404)
    if EmptyForm().validate_on_submit():
        progress.mark_read(current_user, lesson.id, section)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(section=section, read=True)
    return redirect(url_for(".read", assignment_id=assignment.id) + f"#{section}")


@bp.post("/assignments/<int:assignment_id>/start")
def start(assignment_id: int):
    assignment = my_assignment(assignment_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".read", assignment_id=assignment.id))
    attempt = quizzing.start_or_resume(assignment, current_user)
    if attempt is None:
        flash("You have used all the attempts your teacher allowed for this quiz.", "info")
        return redirect(url_for(".read", assignment_id=assignment.id))
    return redirect(url_for(".quiz", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
def quiz(attempt_id: int):
    attempt = my_attempt(attempt_id)
    if attempt.is_submitted:
        return redirect(url_for(".results", attempt_id=attempt.id))
    content = get_content()
    responses = quizzing.answers_of(attempt)
    return render_template("student/quiz.html", attempt=attempt, content=content,
                           questions=quizzing.ordered_questions(attempt, content),
                           responses=responses, quizzing=quizzing, last_seq=quizzing.last_seq(responses),
                           lesson=content.lesson(attempt.assignment.lesson_id), form=EmptyForm())


@bp.post("/attempts/<int:attempt_id>/answer")
def save_answer(attempt_id: int):
    """Save one answer (JSON from the quiz page's script). CSRF is checked from the header."""
    try:
        question, saved = answer_saves.save(attempt_id, current_user.id, request.get_json(silent=True), get_content())
    except answer_saves.NotYours:
        abort(404)
    except (quizzing.MalformedSave, answer_saves.NotInQuiz) as error:
        return json_error(400, str(error))
    except quizzing.QuizClosed:
        return json_error(409, "This quiz was already submitted, so answers can't change now.", reason="closed",
                          results=url_for(".results", attempt_id=attempt_id))
    except quizzing.BadAnswer as error:
        return json_error(422, str(error))
    if saved.stale:
        return json_error(409, "A newer answer to this question was saved from another page or device.",
                          reason="stale", fields=question.to_fields(saved.answer), seq=saved.seq,
                          saved_at=saved.answered_at)
    return jsonify(question_id=saved.question_id, saved_at=saved.answered_at, answered=saved.answered,
                   seq=saved.seq)


@bp.post("/attempts/<int:attempt_id>")
def save_all(attempt_id: int):
    """The plain form submit (no script): save every answer given, then go on."""
    attempt = my_attempt(attempt_id, to_change=True)
    content = get_content()
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".quiz", attempt_id=attempt.id))
    if attempt.is_submitted:
        flash("This quiz was already submitted, so answers can't change now.", "info")
        return redirect(url_for(".results", attempt_id=attempt.id))
    problems = []
    for question in quizzing.ordered_questions(attempt, content):
        raw = question.from_form(request.form.getlist)
        if raw in (None, "", [], {}):
            continue
        try:
            answer_saves.store(attempt.id, question, raw)
        except quizzing.BadAnswer:
            problems.append(question)
        except quizzing.QuizClosed:
            return redirect(url_for(".results", attempt_id=attempt.id))
    if problems:
        for question in problems:
            flash(f"Question “{question.prompt[:60]}”: {question.hint}", "error")
        return redirect(url_for(".quiz", attempt_id=attempt.id))
    if request.form.get("action") == "review":
        return redirect(url_for(".confirm", attempt_id=attempt.id))
    flash("Your answers are saved.", "success")
    return redirect(url_for(".quiz", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/submit")
def confirm(attempt_id: int):
    attempt = my_attempt(attempt_id)
    if attempt.is_submitted:
        return redirect(url_for(".results", attempt_id=attempt.id))
    content = get_content()
    questions = quizzing.ordered_questions(attempt, content)
    answered = quizzing.answers_of(attempt)
    unanswered = [q for q in questions if q.id not in answered]
    return render_template("student/confirm.html", attempt=attempt, questions=questions,
                           unanswered=unanswered, form=EmptyForm())


@bp.post("/attempts/<int:attempt_id>/submit")
def submit(attempt_id: int):
    attempt = my_attempt(attempt_id, to_change=True)
    if EmptyForm().validate_on_submit():
        quizzing.submit(attempt, get_content())
    return redirect(url_for(".results", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/results")
def results(attempt_id: int):
    attempt = my_attempt(attempt_id)
    if not attempt.is_submitted:
        return redirect(url_for(".quiz", attempt_id=attempt.id))
    content = get_content()
    assignment = attempt.assignment
    attempts = quizzing.attempts_for(assignment, current_user)
    return render_template("student/results.html", attempt=attempt, content=content,
                           questions=quizzing.ordered_questions(attempt, content),
                           responses=quizzing.answers_of(attempt),
                           show_answers=assignment.answers_visible(utcnow()),
                           can_retry=quizzing.can_start_new(assignment, attempts),
                           mastery=progress.objective_mastery(attempt, content), form=EmptyForm())


@bp.get("/progress")
def my_progress():
    content = get_content()
    items = progress.student_assignments(current_user, content, utcnow())
    latest = {}
    for attempt in db.session.scalars(select(Attempt).where(
            Attempt.student_id == current_user.id, Attempt.status == "submitted")
            .order_by(Attempt.submitted_at)):
        latest[attempt.assignment.lesson_id] = attempt
    now = utcnow()
    mastery = {lesson_id: progress.objective_mastery(a, content) for lesson_id, a in latest.items()
               if a.assignment.answers_visible(now)}  # marks by objective would give hidden keys away
    return render_template("student/progress.html", modules=_module_progress(items, content),
                           mastery=mastery, content=content)
