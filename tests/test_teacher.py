"""A teacher's day: classes, rosters, assignments, previews and progress."""
from __future__ import annotations

import re
from datetime import timedelta

from factories import (
    QueryCounter,
    login,
    make_assignment,
    make_attempt,
    make_classroom,
    make_student,
    make_teacher,
    post,
)
from sqlalchemy import func, select

from webapp import accounts
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Assignment, Attempt, Classroom, Enrollment, Response, User
from webapp.models.base import utcnow


def signed_in_teacher(client):
    teacher = make_teacher()
    login(client, teacher)
    return teacher


def test_create_rename_and_archive_a_class(client):
    teacher = signed_in_teacher(client)
    response = post(client, "/teacher/classes", {"name": "Period 3"})
    classroom = db.session.scalar(select(Classroom).where(Classroom.teacher_id == teacher.id))
    assert response.headers["Location"].endswith(f"/teacher/classes/{classroom.id}")
    assert re.fullmatch(r"[A-Z2-9]{6}", classroom.join_code)
    post(client, f"/teacher/classes/{classroom.id}/rename", {"name": "Period 3 — History"})
    post(client, f"/teacher/classes/{classroom.id}/archive")
    db.session.refresh(classroom)
    assert classroom.name == "Period 3 — History" and classroom.archived


def test_blank_class_name_re_renders_with_a_message(client):
    signed_in_teacher(client)
    response = post(client, "/teacher/classes", {"name": "  "})
    assert response.status_code == 400 and "Give the class a name, such as “Period 3 History”." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Classroom)) == 0


def test_pasting_names_creates_logins_shown_once(client):
    teacher = signed_in_teacher(client)
    classroom = make_classroom(teacher)
    response = post(client, f"/teacher/classes/{classroom.id}/students",
                    {"names": "María José Núñez\n\nTom Li\nTom Li\n"})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    students = db.session.scalars(select(User).join(Enrollment, Enrollment.student_id == User.id)).all()
    assert sorted(s.username for s in students) == ["maria.n", "tom.l"]
    passphrases = re.findall(r"<code>([a-z]+-[a-z]+-[a-z]+-\d\d)</code>", html)
    assert len(passphrases) == 2 and "Print login cards" in html
    assert all(accounts.check_password(s, p) for s, p in zip(sorted(students, key=lambda s: s.display_name),
                                                              passphrases))
    roster_page = client.get(f"/teacher/classes/{classroom.id}").get_data(as_text=True)
    assert "María José Núñez" in roster_page and passphrases[0] not in roster_page


def test_reset_passphrase_signs_the_student_out(app, client):
    teacher = signed_in_teacher(client)
    classroom = make_classroom(teacher)
    student = make_student(classroom)
    student_device = app.test_client()
    login(student_device, student)
    response = post(client, f"/teacher/classes/{classroom.id}/students/{student.id}/reset")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    new = re.search(r"<code>([a-z]+-[a-z]+-[a-z]+-\d\d)</code>", html).group(1)
    db.session.refresh(student)
    assert accounts.check_password(student, new)
    assert student_device.get("/student/").status_code == 302


def test_removing_a_student_asks_about_their_work(client):
    teacher = signed_in_teacher(client)
    classroom = make_classroom(teacher)
    keep, drop = make_student(classroom, "keep.me"), make_student(classroom, "drop.me")
    keep_id, drop_id = keep.id, drop.id
    assignment = make_assignment(classroom)
    for student in (keep, drop):
        make_attempt(assignment, student, status="submitted", score=3.0, max_score=16.0)
    page = client.get(f"/teacher/classes/{classroom.id}/students/{keep.id}/remove").get_data(as_text=True)
    assert "Keep their work" in page and "Delete their work for good" in page
    post(client, f"/teacher/classes/{classroom.id}/students/{keep_id}/remove", {"delete_work": "keep"})
    post(client, f"/teacher/classes/{classroom.id}/students/{drop_id}/remove", {"delete_work": "delete"})
    assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 0
    assert db.session.scalar(select(Attempt.student_id)) == keep_id
    assert db.session.scalar(select(User.id).where(User.id == drop_id)) is None


def test_assign_a_lesson_with_settings(client):
    teacher = signed_in_teacher(client)
    classroom = make_classroom(teacher)
    form = {"lesson_ids": "the-route", "due_date": "2030-05-01", "due_time": "09:30", "attempts_allowed": "0",
            "show_answers": "after_due", "shuffle": "y", "instructions": "Read *carefully*."}
    assert post(client, f"/teacher/classes/{classroom.id}/assign", form).status_code == 302
    assignment = db.session.scalar(select(Assignment))
    assert (assignment.lesson_id, assignment.attempts_allowed, assignment.show_answers, assignment.shuffle) == \
        ("the-route", 0, "after_due", True)
    assert assignment.due_at.isoformat() == "2030-05-01T09:30:00"


def test_bad_assignment_input_re_renders_and_saves_nothing(client):
    teacher = signed_in_teacher(client)
    classroom = make_classroom(teacher)
    response = post(client, f"/teacher/classes/{classroom.id}/assign",
                    {"lesson_ids": "no-such-lesson", "due_date": "next tuesday", "attempts_allowed": "7",
                     "show_answers": "sometimes"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Not a valid choice" in html and "Not a valid date value" in html
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_instructions_are_sanitised(client):
    teacher = signed_in_teacher(client)
    classroom = make_classroom(teacher)
    student = make_student(classroom)
    assignment = make_assignment(classroom, instructions="**Hi** <script>alert(1)</script> [x](javascript:alert(2))")
    login(client, student)
    html = client.get(f"/student/assignments/{assignment.id}").get_data(as_text=True)
    assert "<strong>Hi</strong>" in html and "<script>alert(1)" not in html and "javascript:" not in html


def test_preview_shows_teacher_notes_and_answer_key(client):
    signed_in_teacher(client)
    html = client.get("/teacher/lessons/china-repatriation").get_data(as_text=True)
    assert "Teacher notes" in html and "Quiz and answer key" in html and "<strong>Answer:</strong>" in html


def test_progress_grid_shows_each_status_in_words(client):
    teacher = signed_in_teacher(client)
    classroom = make_classroom(teacher)
    assignment = make_assignment(classroom, due_at=utcnow() - timedelta(days=1))
    names = ["Ann", "Bo", "Cy", "Di"]
    students = [make_student(classroom, name=n) for n in names]
    make_attempt(assignment, students[1])
    make_attempt(assignment, students[2], status="submitted", score=8.0, max_score=16.0,
                 submitted_at=utcnow() - timedelta(days=2))
    make_attempt(assignment, students[3], status="submitted", score=12.0, max_score=16.0, submitted_at=utcnow())
    html = client.get(f"/teacher/classes/{classroom.id}/progress").get_data(as_text=True)
    for status in ("Not started (overdue)", "In progress (overdue)", "Submitted", "Late"):
        assert status in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" (", " ("), status
    assert "50%" in html and "75%" in html


def test_progress_page_uses_the_same_number_of_queries_for_5_and_200_students(app, client):
    teacher = signed_in_teacher(client)
    counts = []
    for size in (5, 200):
        classroom = make_classroom(teacher, f"Class of {size}")
        assignments = [make_assignment(classroom, lesson) for lesson in ("why-people-leave", "the-route")]
        students = [make_student(classroom, f"s{size}-{i}") for i in range(size)]
        for i, student in enumerate(students):
            make_attempt(assignments[i % 2], student, status="submitted", score=5.0, max_score=16.0,
                         submitted_at=utcnow())
        with QueryCounter(db.engine) as counter:
            assert client.get(f"/teacher/classes/{classroom.id}/progress").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_attempt_page_shows_every_answer(client):
    teacher = signed_in_teacher(client)
    classroom = make_classroom(teacher)
    student = make_student(classroom, name="Ann")
    attempt = make_attempt(make_assignment(classroom), student, status="submitted", score=1.0, max_score=16.0,
                           submitted_at=utcnow())
    db.session.add(Response(attempt_id=attempt.id, question_id="leave-main-reason", answer="b", points=1.0))
    db.session.commit()
    html = client.get(f"/teacher/attempts/{attempt.id}").get_data(as_text=True)
    asked = len(get_content().quiz_for(attempt.assignment.lesson_id).questions)
    assert html.count('class="answer-item') == asked and "Not answered" in html
    assert "Your answer" not in html and html.count("<strong>Ann’s answer:</strong>") >= asked - 1  # Tour 2-8
    assert "Ann’s answer: not picked" in html  # a highlight names whose picks, sentence by sentence


def test_removing_an_assignment_asks_first_and_says_what_goes(client):
    teacher = signed_in_teacher(client)
    classroom = make_classroom(teacher)
    assignment = make_assignment(classroom)
    make_attempt(assignment, make_student(classroom), status="submitted", score=3.0, max_score=16.0)
    page = client.get(f"/teacher/assignments/{assignment.id}/delete").get_data(as_text=True)
    assert "1 quiz attempt on this assignment will be" in page
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 1
    post(client, f"/teacher/assignments/{assignment.id}/delete")
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0
