"""How long the teacher reports take for a class of 1,000 students, against a class of 10.

Run:  .venv/bin/python bench/reports_bench.py  [--students 1000]

Builds two classes in a throwaway SQLite database (set BENCH_DATABASE_URL for PostgreSQL),
each student with a submitted attempt at one 16-question quiz (every third with a retake),
then times, in one run: the class report (gradebook + activity chart), the gradebook CSV,
the item analysis with its charts, and mastery by objective. Prints each timing, the SQL
statements each ran, and the ratio big ÷ small. The statements must be equal; the time may
grow with the class but no faster (a ratio at most 100 for 100 times the students).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from factories import QueryCounter, make_assignment, make_classroom, make_teacher
from test_reports_scale import fill_class

from webapp import create_app
from webapp.catalog_sync import sync_catalog
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models.base import utcnow
from webapp.reports import pages
from webapp.reports.gradebook import gradebook, gradebook_csv

LESSON = "china-repatriation"
REPEATS = 3


def measure(action) -> tuple[float, int]:
    """Best of REPEATS wall-clock seconds, and the statements one run issues."""
    best = float("inf")
    for _ in range(REPEATS):
        db.session.expire_all()
        with QueryCounter(db.engine) as counter:
            start = time.perf_counter()
            action()
            best = min(best, time.perf_counter() - start)
    return best, counter.count


def reports(classroom, assignment, content):
    return {
        "class report (gradebook + chart)": lambda: pages.class_report(classroom, content, utcnow()),
        "gradebook CSV": lambda: gradebook_csv(gradebook(classroom, content, utcnow())),
        "item analysis + charts": lambda: pages.assignment_report(assignment, content),
        "mastery by objective": lambda: pages.mastery_report(classroom, content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{work}/bench.sqlite"
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            db.drop_all()
            db.create_all()
            content = get_content()
            sync_catalog(content)
            teacher = make_teacher()
            results = {}
            for size in (10, args.students):
                classroom = make_classroom(teacher, f"Class of {size}")
                assignment = make_assignment(classroom, LESSON)
                start = time.perf_counter()
                fill_class(classroom, assignment, size)
                print(f"built a class of {size} in {time.perf_counter() - start:.2f} s")
                results[size] = {name: measure(action) for name, action in
                                 reports(classroom, assignment, content).items()}
            db.drop_all()
    small, big = results[10], results[args.students]
    print(f"\n{'report':34} {'10 students':>14} {f'{args.students} students':>16} {'ratio':>7}  statements")
    for name in small:
        (t_small, q_small), (t_big, q_big) = small[name], big[name]
        print(f"{name:34} {t_small * 1000:11.1f} ms {t_big * 1000:13.1f} ms {t_big / t_small:7.1f}  "
              f"{q_small} / {q_big}{'' if q_small == q_big else '  <- NOT FIXED'}")


if __name__ == "__main__":
    main()
