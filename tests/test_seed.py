"""seed_data.py: idempotent, and content edits never touch students' answers."""
from __future__ import annotations

import copy

from factories import make_attempt
from sqlalchemy import func, select

import seed_data
from webapp.catalog_sync import sync_catalog
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Assignment, Attempt, Classroom, Enrollment, LessonRecord, QuestionRecord, Response, User


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m))
            for m in (User, Classroom, Enrollment, Assignment, LessonRecord, QuestionRecord)}


def test_seeding_twice_leaves_one_copy_of_everything(app):
    seed_data.seed_demo()
    first = counts()
    seed_data.seed_demo()
    sync_catalog(get_content())
    assert counts() == first
    assert first["User"] == 1 + len(seed_data.DEMO_STUDENTS) and first["Assignment"] == 2
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == len(seed_data.DEMO_WORK)


def test_content_edits_update_rows_by_id_and_keep_answers(app):
    _, students = seed_data.seed_demo()
    assignment = db.session.scalar(select(Assignment).where(Assignment.lesson_id == "why-people-leave"))
    dev = next(s for s in students if s.display_name == "Dev Patel")  # the demo student with no attempt yet
    attempt = make_attempt(assignment, dev)
    content = get_content()
    question = content.quiz_for("why-people-leave").questions[0]
    db.session.add(Response(attempt_id=attempt.id, question_id=question.id, answer="a", points=0.0))
    db.session.commit()

    edited = copy.deepcopy(content)
    quiz = edited.quiz_for("why-people-leave")
    quiz.questions[0].prompt = "A reworded prompt?"
    removed = quiz.questions.pop()
    report = sync_catalog(edited)

    assert (report.updated, report.retired, report.added) == (1, 1, 0)
    assert db.session.get(QuestionRecord, question.id).prompt == "A reworded prompt?"
    assert db.session.get(QuestionRecord, removed.id).retired
    saved = db.session.scalar(select(Response).where(Response.attempt_id == attempt.id))
    assert (saved.question_id, saved.answer) == (question.id, "a")
    assert sync_catalog(content).retired == 0 and not db.session.get(QuestionRecord, removed.id).retired
