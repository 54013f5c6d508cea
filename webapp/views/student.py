"""The student's side: assignments, the lesson reader, quizzes and results."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import answer_saves, grading, progress, quizzing, schedule
from ..content_store import get_content, lesson_or_404
from ..errors import json_error
from ..extensions import db
from ..forms import EmptyForm
from ..lti import outbox as lti_outbox
from ..models import Assignment, AssignmentException, Attempt, Classroom, Enrollment
from ..models.base import utcnow
from ..sanitize import render_teacher_markdown
from ..security import student_required

bp = Blueprint("student", __name__, url_prefix="/student")


@bp.before_request
@student_required
def _students_only():
    """Every view here is for students only."""


def my_assignment(assignment_id: int) -> tuple[Assignment, schedule.Effective]:
    """The student's assignment and their terms for it (with their exception), in one statement."""
    row = db.session.execute(
        select(Assignment, AssignmentException).join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
        .outerjoin(AssignmentException, schedule.exception_of(current_user.id))
        .where(Assignment.id == assignment_id, Enrollment.student_id == current_user.id)
        .options(joinedload(Assignment.classroom).joinedload(Classroom.teacher))).first()
    if row is None or row.Assignment.classroom.archived:
        abort(404)
    return row.Assignment, schedule.effective(row.Assignment, row.AssignmentException)


def my_attempt(attempt_id: int, to_change: bool = False) -> Attempt:
    """The signed-in student's attempt; ``to_change`` also needs an open class they are still in."""
    row = db.session.execute(select(Attempt, quizzing.may_change().label("open")).where(Attempt.id == attempt_id)
                             .options(joinedload(Attempt.assignment))).first()  # every view needs its lesson
    if row is None or row.Attempt.student_id != current_user.id or (to_change and not row.open):
        abort(404)
    return row.Attempt


def my_attempt_and_terms(attempt_id: int) -> tuple[Attempt, schedule.Effective]:
    """For the pages that show the due date or the answers: the attempt and the student's terms."""
    row = db.session.execute(
        select(Attempt, AssignmentException).outerjoin(AssignmentException, schedule.attempt_exception())
        .where(Attempt.id == attempt_id)
        .options(joinedload(Attempt.assignment).joinedload(Assignment.classroom).joinedload(Classroom.teacher))
    ).first()
    if row is None or row.Attempt.student_id != current_user.id:
        abort(404)
    return row.Attempt, schedule.effective(row.Attempt.assignment, row.AssignmentException)


@bp.get("/")
def dashboard():
    content = get_content()
    items = progress.student_assignments(current_user, content, utcnow())
    groups = {g: [i for i in items if i.group == g] for g in ("overdue", "in_progress", "due", "done")}
    assigned = {i.assignment.lesson_id for i in items}
    return render_template("student/dashboard.html", groups=groups, content=content,
                           others=[m for m in _module_progress(items, content) if m[0].id not in assigned])


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
    assignment, terms = my_assignment(assignment_id)
    lesson, content = lesson_or_404(assignment.lesson_id)
    attempts = quizzing.attempts_for(assignment, current_user)
    return render_template("student/read.html", assignment=assignment, lesson=lesson, content=content,
                           read=progress.sections_read(current_user).get(lesson.id, set()), terms=terms,
                           attempts=attempts, can_start=quizzing.can_start_new(terms, attempts),
                           instructions=render_teacher_markdown(assignment.instructions),
                           form=EmptyForm())


@bp.post("/assignments/<int:assignment_id>/read/<section>")
def mark_read(assignment_id: int, section: str):
    assignment, _ = my_assignment(assignment_id)
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
    assignment, terms = my_assignment(assignment_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".read", assignment_id=assignment.id))
    attempt = quizzing.start_or_resume(assignment, current_user, terms)
    if attempt is None:
        flash("You have used all the attempts your teacher allowed for this quiz.", "info")
        return redirect(url_for(".read", assignment_id=assignment.id))
    return redirect(url_for(".quiz", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
def quiz(attempt_id: int):
    attempt, terms = my_attempt_and_terms(attempt_id)
    if attempt.is_submitted:
        return redirect(url_for(".results", attempt_id=attempt.id))
    content = get_content()
    responses = quizzing.answers_of(attempt)
    return render_template("student/quiz.html", attempt=attempt, content=content,
                           questions=quizzing.ordered_questions(attempt, content),
                           responses=responses, quizzing=quizzing, last_seq=quizzing.last_seq(responses), terms=terms,
                           lesson=content.lesson(attempt.assignment.lesson_id), form=EmptyForm())


@bp.get("/attempts/<int:attempt_id>/answers")
def answers(attempt_id: int):
    """The answers the server holds (JSON): the quiz page shows changes made on another device."""
    attempt = my_attempt(attempt_id)
    return jsonify(answers=quizzing.held_answers(attempt, get_content()), submitted=attempt.is_submitted)


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
                   seq=saved.seq, cleared=saved.cleared, fields=question.to_fields(saved.answer))


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
    given = quizzing.answers_of(attempt)
    for question in quizzing.ordered_questions(attempt, content):
        blank = question.is_blank(request.form.getlist)
        if (blank and question.id not in given) or (not blank and question.from_form(request.form.getlist) is None):
            continue  # nothing to take back, or an ordering not finished
        try:
            answer_saves.give(attempt.id, question, request.form.getlist)
        except quizzing.BadAnswer as error:
            problems.append((question, str(error)))
        except quizzing.QuizClosed:
            return redirect(url_for(".results", attempt_id=attempt.id))
    if problems:
        for question, why in problems:
            flash(f"Question “{question.prompt[:60]}”: {why}", "error")
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
        lti_outbox.after_submit(attempt_id)
    return redirect(url_for(".results", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/results")
def results(attempt_id: int):
    attempt, terms = my_attempt_and_terms(attempt_id)
    if not attempt.is_submitted:
        return redirect(url_for(".quiz", attempt_id=attempt.id))
    content = get_content()
    assignment = attempt.assignment
    attempts = quizzing.attempts_for(assignment, current_user)
    answered = quizzing.as_answered(attempt, content)
    return render_template("student/results.html", attempt=attempt, content=content,
                           questions=answered.questions, responses=answered.responses,
                           regrade_notes=answered.regrade_notes, grades=grading.released_grades(attempt),
                           pending=grading.pending_among(answered.responses),
                           show_answers=terms.answers_visible(utcnow()), terms=terms,
                           can_retry=quizzing.can_start_new(terms, attempts),
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
    now, exceptions = utcnow(), schedule.student_exceptions(current_user)
    # Marks by objective would give hidden keys away: only where this student may see the answers.
    mastery = {lesson_id: progress.objective_mastery(a, content) for lesson_id, a in latest.items()
               if schedule.effective(a.assignment, exceptions.get(a.assignment_id)).answers_visible(now)}
    return render_template("student/progress.html", modules=_module_progress(items, content),
                           mastery=mastery, content=content)
