"""The load benchmark's world: teachers, classes of students and one quiz assignment each.

Made straight through the app's models (the way ``tests/factories.py`` does it) into the
database that ``DATABASE_URL`` names, then described in a JSON plan that the locustfile
reads, so the load generator needs neither the app nor its database.

Every account shares one argon2id hash of one passphrase: hashing is deliberately slow
(tens of milliseconds), and 500 separate hashes would only slow the set-up, not the app.

    DATABASE_URL=sqlite:////tmp/x/bench.sqlite SECRET_KEY=... \\
        .venv/bin/python bench/load/world.py --students 500 --plan /tmp/x/plan.json
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from webapp import create_app
from webapp.accounts import hash_password
from webapp.backup import upgrade_database
from webapp.catalog_sync import sync_catalog
from webapp.content.questions import Question
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Assignment, Classroom, Enrollment, User
from webapp.models.accounts import STUDENT, TEACHER
from webapp.models.base import utcnow

LESSON = "why-people-leave"
PASSPHRASE = "harbor-lantern-maple-42"


def form_fields(question: Question, answer: Any) -> dict[str, list[str]]:
    """The quiz page's form fields for ``answer``, as quiz.js sends them ({name: [values]}).

    The inverse of each question type's ``from_form``.
    """
    name = question.field_name
    if question.type_name == "ordering":
        return {f"{name}-{item}": [str(pos)] for pos, item in enumerate(answer, start=1)}
    if question.type_name == "matching":
        return {f"{name}-{left}": [right] for left, right in answer.items()}
    if isinstance(answer, bool):
        return {name: [str(answer).lower()]}
    if isinstance(answer, list):
        return {name: [str(v) for v in answer]}
    if isinstance(answer, float) and answer.is_integer():
        return {name: [str(int(answer))]}
    return {name: [str(answer)]}


def quiz_answers(lesson_id: str = LESSON) -> list[dict[str, Any]]:
    """Every question of the lesson's quiz with its right answer, as a save request's body."""
    quiz = get_content().quiz_for(lesson_id)
    return [{"question_id": q.id, "fields": form_fields(q, q.correct_answer())} for q in quiz.questions]


def build_world(students: int, class_size: int, lesson_id: str = LESSON,
                extra_students: int = 0) -> dict[str, Any]:
    """Create the accounts and classes (in the app context's database); return the plan.

    ``extra_students`` go in one more class of their own, for the capacity phase, so that
    their repeated saves never touch the class morning's attempts.
    """
    password_hash = hash_password(PASSPHRASE)
    due = utcnow() + timedelta(days=7)
    plan: dict[str, Any] = {"passphrase": PASSPHRASE, "students": [], "teachers": [], "extra_students": [],
                            "answers": quiz_answers(lesson_id)}
    sizes = [class_size] * (students // class_size) + ([students % class_size] if students % class_size else [])
    for number, size in enumerate(sizes + ([extra_students] if extra_students else []), start=1):
        extra = number > len(sizes)
        teacher = User(role=TEACHER, email=f"teacher{number}@bench.invalid", display_name=f"Teacher {number}",
                       password_hash=password_hash)
        db.session.add(teacher)
        db.session.flush()
        room = Classroom(teacher_id=teacher.id, name=f"Period {number}", join_code=f"BENCH{number:04d}")
        db.session.add(room)
        db.session.flush()
        assignment = Assignment(classroom_id=room.id, lesson_id=lesson_id, due_at=due, attempts_allowed=1,
                                show_answers="immediately")
        db.session.add(assignment)
        accounts = [User(role=STUDENT, username=f"c{number:03d}s{i:03d}", display_name=f"Student {number}-{i}",
                         password_hash=password_hash) for i in range(1, size + 1)]
        db.session.add_all(accounts)
        db.session.flush()
        db.session.add_all(Enrollment(classroom_id=room.id, student_id=s.id) for s in accounts)
        entries = [{"username": s.username, "assignment_id": assignment.id} for s in accounts]
        plan["extra_students" if extra else "students"].extend(entries)
        if not extra:
            plan["teachers"].append({"email": teacher.email, "classroom_id": room.id})
    db.session.commit()
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--class-size", type=int, default=25)
    parser.add_argument("--extra-students", type=int, default=0,
                        help="students in one more class, for the capacity phase")
    parser.add_argument("--plan", type=Path, required=True, help="where to write the JSON plan")
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        upgrade_database()  # the schema as deployed: migrations, not create_all
        sync_catalog(get_content())
        plan = build_world(args.students, args.class_size, extra_students=args.extra_students)
    args.plan.write_text(json.dumps(plan, indent=1))
    print(f"world: {len(plan['students'])} students in {len(plan['teachers'])} classes"
          f" (+{len(plan['extra_students'])} for the capacity phase) -> {args.plan}")


if __name__ == "__main__":
    main()
