"""Load the lessons and quizzes into the database, plus a demo class to explore.

Idempotent: run it twice and there is still one copy of everything. Run it after editing
content and lessons and questions are updated by their stable ids; students' stored
answers are never touched.

    python seed_data.py            # content and the demo class
    python seed_data.py --no-demo  # content only
"""
from __future__ import annotations

import argparse
import random
from datetime import timedelta

from sqlalchemy import select

from webapp import answer_saves, create_app, progress, quizzing
from webapp.accounts import add_student, create_teacher, hash_password
from webapp.backup import upgrade_database
from webapp.catalog_sync import sync_catalog
from webapp.content.questions import Question
from webapp.content_store import get_content
from webapp.database import writing
from webapp.extensions import db
from webapp.models import Assignment, Attempt, Classroom, Enrollment, User
from webapp.models.base import utcnow

DEMO_TEACHER = ("teacher@example.org", "crossings-demo", "Ms. Rivera (demo)")
DEMO_STUDENT_PASSPHRASE = "maple-river-lantern-42"
DEMO_STUDENTS = ["Ana Lopez", "Ben Okafor", "Chloe Nguyen", "Dev Patel", "Eun-ji Park", "Farah Haddad",
                 "Gabriel Santos", "Hana Kim", "Isaac Cohen", "Jade Wu", "Kofi Mensah", "Lucía Romero"]
DEMO_CLASS = "Period 3 World History (demo)"
# How the demo students get on with the first assignment: share of answers right, and
# how far they got (None = submitted).
DEMO_WORK = {"Ana Lopez": (0.9, None), "Ben Okafor": (0.55, None), "Chloe Nguyen": (0.7, 5),
             "Eun-ji Park": (0.8, None), "Farah Haddad": (0.35, None), "Gabriel Santos": (0.6, None),
             "Hana Kim": (0.75, None), "Isaac Cohen": (0.45, None), "Jade Wu": (0.85, None),
             "Kofi Mensah": (0.5, None)}


def seed_demo() -> tuple[User, list[User]]:
    """The demo teacher, a class with six students and two assignments (made once)."""
    email, password, name = DEMO_TEACHER
    teacher = db.session.scalar(select(User).where(User.email == email))
    if teacher is None:
        teacher = create_teacher(email, password, name)
    passphrase_hash = hash_password(DEMO_STUDENT_PASSPHRASE)  # once, and before the write transaction
    with writing():
        classroom = db.session.scalar(select(Classroom).where(Classroom.teacher_id == teacher.id,
                                                              Classroom.name == DEMO_CLASS))
        if classroom is None:
            classroom = Classroom(teacher_id=teacher.id, name=DEMO_CLASS, join_code="DEMO42", allow_join=True)
            db.session.add(classroom)
            db.session.flush()
        students = [_demo_student(classroom, display_name, passphrase_hash) for display_name in DEMO_STUDENTS]
        _demo_assignments(classroom)
    seed_demo_work(classroom, students)
    return teacher, students


def _demo_student(classroom: Classroom, display_name: str, passphrase_hash: str) -> User:
    student = db.session.scalar(select(User).join(Enrollment, Enrollment.student_id == User.id).where(
        Enrollment.classroom_id == classroom.id, User.display_name == display_name))
    if student is None:
        student = add_student(display_name, passphrase_hash)
        db.session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
    return student


def _demo_assignments(classroom: Classroom) -> None:
    if not db.session.scalar(select(Assignment.id).where(Assignment.classroom_id == classroom.id)):
        db.session.add_all([
            Assignment(classroom_id=classroom.id, lesson_id="why-people-leave", due_at=utcnow() + timedelta(days=7),
                       attempts_allowed=2, show_answers="immediately",
                       instructions="Read the lesson first, then take the quiz. **Take your time.**"),
            Assignment(classroom_id=classroom.id, lesson_id="the-route", due_at=utcnow() + timedelta(days=14),
                       attempts_allowed=0, show_answers="after_due", shuffle=True),
        ])


def seed_demo_work(classroom: Classroom, students: list[User]) -> None:
    """Some reading, answers and submissions, so the teacher's reports have something to show."""
    assignment = db.session.scalar(select(Assignment).where(Assignment.classroom_id == classroom.id,
                                                            Assignment.lesson_id == "why-people-leave"))
    if assignment is None or db.session.scalar(select(Attempt.id).where(Attempt.assignment_id == assignment.id)):
        return
    content = get_content()
    lesson = content.lesson(assignment.lesson_id)
    rng = random.Random(42)
    for student in students:
        if student.display_name == "Dev Patel":
            for section in lesson.student_sections[:2]:
                progress.mark_read(student, lesson.id, section.slug)
        if student.display_name not in DEMO_WORK:
            continue
        skill, stop_after = DEMO_WORK[student.display_name]
        for section in lesson.student_sections:
            progress.mark_read(student, lesson.id, section.slug)
        attempt = quizzing.start_or_resume(assignment, student)
        questions = quizzing.ordered_questions(attempt, content)[:stop_after]
        for question in questions:
            answer_saves.store(attempt.id, question, demo_answer(question, rng.random() < skill, rng))
        if stop_after is None:
            quizzing.submit(attempt, content)


def demo_answer(question: Question, right: bool, rng: random.Random):
    """A right answer, or a wrong one of the kind students really give."""
    if samples := getattr(question, "samples", None):  # a written answer: one of the rubric's samples
        return rng.choice(samples).text
    answer = question.correct_answer()
    if right:
        return answer
    if spans := getattr(question, "spans", None):  # a highlight: one right sentence and one wrong
        return answer[:1] + [s.id for s in spans if s.id not in answer][:1]
    if hasattr(question, "choices"):
        wrong = [c.id for c in question.choices if c.id not in (answer if isinstance(answer, list) else [answer])]
        return [rng.choice(wrong)] if isinstance(answer, list) else rng.choice(wrong)
    if isinstance(answer, bool):
        return not answer
    if isinstance(answer, list):
        return list(reversed(answer))
    if isinstance(answer, dict):
        keys = list(answer)
        return dict(zip(keys, keys[1:] + keys[:1]))
    if isinstance(answer, float):
        return answer * 2 + 10
    return "I don't know"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-demo", action="store_true", help="load content only, no demo class")
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        upgrade_database()
        report = sync_catalog(get_content())
        print(f"Content: {report}.")
        if not args.no_demo:
            _, students = seed_demo()
            print("Demo teacher:  email teacher@example.org   password crossings-demo")
            print(f"Demo students: username {students[0].username} (or any of "
                  f"{', '.join(s.username for s in students[1:])})   passphrase {DEMO_STUDENT_PASSPHRASE}")


if __name__ == "__main__":
    main()
