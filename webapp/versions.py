"""Question versions: which version of each question is current, and questions as they were asked.

The answer save needs the current version of a question on every save, so the map from question
id to current version id is read once and kept here, and forgotten when the catalog is synced or
the content reloads (the next save reads it again: one statement, outside the write lock).
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping

from sqlalchemy import event, func, select

from .content.questions import Question
from .content.quizzes import rebuild_question
from .extensions import db
from .models import QuestionVersion, Response
from .models.work import ANSWER_FORMAT

_lock = threading.Lock()
_current: dict[str, int] | None = None


class StoredAnswerError(ValueError):
    """A stored answer in a shape this version of Crossings does not read."""


def check_format(response_id: int, question_id: str, answer_format: int) -> None:
    if answer_format != ANSWER_FORMAT:
        raise StoredAnswerError(
            f"Answer {response_id} (question {question_id}) is stored in answer format {answer_format}; "
            f"this version of Crossings reads format {ANSWER_FORMAT}. Upgrade Crossings, or restore the "
            f"backup made with the version that wrote it.")


@event.listens_for(Response, "load")
def _check_loaded(response: Response, _context) -> None:
    """Every answer the ORM reads is checked: a shape this code does not know is refused, named."""
    check_format(response.id, response.question_id, response.answer_format)


def current_ids() -> dict[str, int]:
    """Question id -> its current version's id (read once, kept until ``forget``)."""
    global _current
    with _lock:
        if _current is None:
            rows = db.session.execute(select(QuestionVersion.question_id, func.max(QuestionVersion.id))
                                      .group_by(QuestionVersion.question_id))
            _current = {question_id: version_id for question_id, version_id in rows}
        return _current


def current_id(question_id: str) -> int | None:
    return current_ids().get(question_id)


def forget() -> None:
    """The catalog changed (a sync, a content reload): read the map again on next use."""
    global _current
    with _lock:
        _current = None


def as_asked(questions: Iterable[Question], responses: Mapping[str, Response]) -> list[Question]:
    """Each question as the student was asked it: from its answer's version when that is not the
    current one (a question nobody answered is shown as it is now)."""
    questions = list(questions)
    current = current_ids()
    older = {r.version_id for q in questions if (r := responses.get(q.id)) is not None
             and r.version_id is not None and r.version_id != current.get(q.id)}
    if not older:
        return questions
    rows = {v.id: v for v in db.session.scalars(select(QuestionVersion).where(QuestionVersion.id.in_(older)))}
    out = []
    for q in questions:
        version = rows.get(getattr(responses.get(q.id), "version_id", None) or 0)
        out.append(q if version is None or version.data is None else
                   rebuild_question(version.data, q.lesson_id, f"question {q.id}, version {version.number}"))
    return out
