"""Reports run a fixed number of SQL statements, whether the class has 10 students or 1,000."""
from __future__ import annotations

import pytest
from factories import (
    QueryCounter,
    login,
    make_assignment,
    make_classroom,
    make_teacher,
    password_hash,
)
from sqlalchemy import insert, select

from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Assignment, Attempt, Classroom, Enrollment, Response, User
from webapp.models.accounts import STUDENT
from webapp.models.base import utcnow
from webapp.reports import pages

LESSON = "china-repatriation"


def fill_class(classroom, assignment, students: int) -> None:
    """Bulk-insert students who each submitted one attempt (every third also a retake)."""
    quiz = get_content().quiz_for(LESSON)
    hashed, now = password_hash(), utcnow()
    db.session.execute(insert(User), [{"role": STUDENT, "username": f"bulk{classroom.id}-{i}", "password_hash": hashed,
                                       "display_name": f"Student {i:04d}"} for i in range(students)])
    ids = db.session.scalars(select(User.id).where(User.username.like(f"bulk{classroom.id}-%"))).all()
    db.session.execute(insert(Enrollment), [{"classroom_id": classroom.id, "student_id": i} for i in ids])
    attempts = [{"assignment_id": assignment.id, "student_id": sid, "number": n, "status": "submitted",
                 "submitted_at": now, "score": float(k % 16), "max_score": 16.0}
                for k, sid in enumerate(ids) for n in ((1, 2) if k % 3 == 0 else (1,))]
    db.session.execute(insert(Attempt), attempts)
    rows = db.session.execute(select(Attempt.id, Attempt.student_id).where(Attempt.assignment_id == assignment.id))
    responses = []
    for attempt_id, student_id in rows:
        for j, question in enumerate(quiz.questions):
            right = (student_id + j) % 3 != 0
            answer = question.correct_answer() if right else None
            if answer is not None:
                responses.append({"attempt_id": attempt_id, "question_id": question.id, "answer": answer,
                                  "points": 1.0})
    db.session.execute(insert(Response), responses)
    db.session.commit()


def run_report(report: str, room_id: int, assignment_id: int, size: int) -> int:
    """The statements one report runs, from a session that has nothing cached."""
    content = get_content()
    db.session.expire_all()
    with QueryCounter(db.engine) as counter:
        room = db.session.get(Classroom, room_id)
        if report == "class":
            pages.class_report(room, content, utcnow())
        elif report == "assignment":
            result = pages.assignment_report(db.session.get(Assignment, assignment_id), content)
            assert len(result.analysis.attempts) == size
        else:
            pages.mastery_report(room, content)
    return counter.count


@pytest.mark.parametrize("report", ["class", "assignment", "mastery"])
def test_reports_use_the_same_number_of_queries_for_10_and_1000_students(app, report):
    teacher = make_teacher()
    counts = []
    for size in (10, 1000):
        classroom = make_classroom(teacher, f"Class of {size}")
        assignment = make_assignment(classroom, LESSON)
        fill_class(classroom, assignment, size)
        counts.append(run_report(report, classroom.id, assignment.id, size))
    assert 0 < counts[0] == counts[1], f"{report}: {counts[0]} statements for 10 students, {counts[1]} for 1,000"


def test_report_pages_render_for_a_big_class_with_fixed_queries(app, client):
    teacher = make_teacher()
    login(client, teacher)
    counts = []
    for size in (10, 1000):
        classroom = make_classroom(teacher, f"Big {size}")
        assignment = make_assignment(classroom, LESSON)
        fill_class(classroom, assignment, size)
        with QueryCounter(db.engine) as counter:
            for url in (f"/teacher/reports/classes/{classroom.id}", f"/teacher/reports/assignments/{assignment.id}",
                        f"/teacher/reports/classes/{classroom.id}/mastery"):
                assert client.get(url).status_code == 200
        counts.append(counter.count)
    assert 0 < counts[0] == counts[1], counts
