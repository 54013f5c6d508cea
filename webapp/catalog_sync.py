"""Keep the database's lesson and question rows in step with the content files.

Rows are matched by stable id, so re-running after an edit updates them in place and
never touches students' responses; a question that left the files is marked retired.

A question whose content changed gets a new version (``QuestionVersion``): answers given
before keep pointing at the version they answered. A replaced version that nobody answered
(and no regrade names) is dropped, so the table holds every version that has answers.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, exists, func, or_, select

from .content.loader import Content
from .database import writing
from .extensions import db
from .models import LessonRecord, QuestionRecord, QuestionVersion, Regrade, Response
from .versions import fingerprint, forget


@dataclass
class SyncReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    new_versions: int = 0

    def __str__(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.retired} retired, {self.new_versions} new question versions")


def sync_catalog(content: Content) -> SyncReport:
    try:
        with writing():
            report = _sync(content)
            _sync_versions(content, report)
            return report
    finally:
        forget()


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


def _sync_versions(content: Content, report: SyncReport) -> None:
    """A first version for a new question, a new one for a changed question (see the docstring)."""
    db.session.flush()
    latest: dict[str, QuestionVersion] = {}
    for row in db.session.scalars(select(QuestionVersion).order_by(QuestionVersion.number)):
        latest[row.question_id] = row
    for quiz in content.quizzes.values():
        for q in quiz.questions:
            data = quiz.data[q.id]
            digest, version = fingerprint(data), latest.get(q.id)
            if version is not None and version.data is None:  # back-filled by migration 0006
                version.data, version.content_hash = data, digest
            elif version is None or version.content_hash != digest:
                number = version.number + 1 if version else 1
                db.session.add(QuestionVersion(question_id=q.id, number=number, content_hash=digest, data=data))
                report.new_versions += version is not None
    db.session.flush()
    current = select(func.max(QuestionVersion.id)).group_by(QuestionVersion.question_id)
    unused = delete(QuestionVersion).where(
        QuestionVersion.id.not_in(current),
        ~exists().where(Response.version_id == QuestionVersion.id),
        ~exists().where(or_(Regrade.from_version_id == QuestionVersion.id, Regrade.to_version_id == QuestionVersion.id)))
    db.session.execute(unused.execution_options(synchronize_session=False))


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
