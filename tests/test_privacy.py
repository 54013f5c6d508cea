"""A teacher can export everything stored about a student, and delete it leaving no rows."""
from __future__ import annotations

from factories import login, make_assignment, make_attempt, make_classroom, make_student, make_teacher, post
from sqlalchemy import text

from webapp.extensions import db
from webapp.models import AssignmentException, ReadingProgress, Response


def student_with_work():
    teacher = make_teacher()
    classroom = make_classroom(teacher)
    student = make_student(classroom, "zoe.n", name="Zoë Ñúñez")
    assignment = make_assignment(classroom)
    attempt = make_attempt(assignment, student, status="submitted", score=1.0, max_score=16.0)
    db.session.add_all([Response(attempt_id=attempt.id, question_id="leave-main-reason", answer="b", points=1.0),
                        ReadingProgress(student_id=student.id, lesson_id="why-people-leave", section="voices"),
                        AssignmentException(assignment_id=assignment.id, student_id=student.id, extra_attempts=1)])
    db.session.commit()
    return teacher, classroom, student


def test_export_has_the_students_answers_reading_and_says_what_is_not_kept(client):
    teacher, classroom, student = student_with_work()
    login(client, teacher)
    response = client.get(f"/teacher/classes/{classroom.id}/students/{student.id}/export")
    data = response.json
    assert "attachment" in response.headers["Content-Disposition"]
    assert data["student"]["display_name"] == "Zoë Ñúñez"
    assert [a["question"] for a in data["answers"]] == ["leave-main-reason"]
    assert data["reading"][0]["section"] == "voices" and "argon2id" in data["not_stored"]
    assert data["exceptions"][0]["extra_attempts"] == 1


def rows_mentioning(student_id: int) -> dict[str, int]:
    checks = {"users": "id", "enrollments": "student_id", "attempts": "student_id",
              "reading_progress": "student_id", "assignment_exceptions": "student_id"}
    counts = {table: db.session.execute(text(f"SELECT count(*) FROM {table} WHERE {column} = :id"),  # nosec B608
                                        {"id": student_id}).scalar() for table, column in checks.items()}
    counts["responses"] = db.session.execute(text("SELECT count(*) FROM responses r JOIN attempts a ON "
                                                  "a.id = r.attempt_id WHERE a.student_id = :id"),
                                             {"id": student_id}).scalar()
    return counts


def test_deleting_a_student_and_their_work_leaves_no_rows(client):
    teacher, classroom, student = student_with_work()
    student_id = student.id
    login(client, teacher)
    assert sum(rows_mentioning(student_id).values()) == 6
    post(client, f"/teacher/classes/{classroom.id}/students/{student_id}/remove", {"delete_work": "delete"})
    db.session.expire_all()
    assert rows_mentioning(student_id) == {"users": 0, "enrollments": 0, "attempts": 0, "reading_progress": 0,
                                           "assignment_exceptions": 0, "responses": 0}
