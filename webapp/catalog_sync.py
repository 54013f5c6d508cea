"""Keep the database's lesson and question rows in step with the content files.

Rows are matched by stable id, so re-running after an edit updates them in place and
never touches students' responses; a question that left the files is marked retired.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from sqlalchemy import select

from .content.loader import Content
from .database import writing
from .extensions import db
from .models import LessonRecord, QuestionRecord


@dataclass
class SyncReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0

    def __str__(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.retired} retired")


def fingerprint(obj) -> str:
    data = asdict(obj) if hasattr(obj, "__dataclass_fields__") else obj
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def sync_catalog(content: Content) -> SyncReport:
    with writing():
        return _sync(content)


def _sync(content: Content) -> SyncReport:
    report = SyncReport()
    lessons = {r.id: r for r in db.session.scalars(select(LessonRecord))}
    questions = {r.id: r for r in db.session.scalars(select(QuestionRecord))}
    for lesson in content.lessons:
        values = dict(title=lesson.title, position=lesson.order, kind=lesson.kind,
                      content_hash=fingerprint(lesson), retired=False)
        _upsert(LessonRecord, lessons, lesson.id, values, report)
    db.session.flush()
    for quiz in content.quizzes.values():
        for position, q in enumerate(quiz.questions, start=1):
            values = dict(lesson_id=quiz.lesson_id, position=position, type=q.type_name,
                          objective=q.objective, skill=q.skill, prompt=q.prompt,
                          content_hash=fingerprint(q), retired=False)
            _upsert(QuestionRecord, questions, q.id, values, report)
    live_lessons = {lesson.id for lesson in content.lessons}
    live_questions = {q.id for quiz in content.quizzes.values() for q in quiz.questions}
    for rows, live in ((lessons, live_lessons), (questions, live_questions)):
        for row_id, row in rows.items():
            if row_id not in live and not row.retired:
                row.retired = True
                report.retired += 1
    return report


def _upsert(model, existing: dict, row_id: str, values: dict, report: SyncReport) -> None:
    row = existing.get(row_id)
    if row is None:
        db.session.add(model(id=row_id, **values))
        report.added += 1
    elif any(getattr(row, k) != v for k, v in values.items()):
        for key, value in values.items():
            setattr(row, key, value)
        report.updated += 1
    else:
        report.unchanged += 1
