"""Question versions: which version of each question is current, and questions as they were asked.

The answer save needs the current version of a question on every save, so the map from question
id to current version id is read once and kept here, and forgotten when the catalog is synced or
the content reloads (the next save reads it again: one statement, outside the write lock). Until
the database has the versions of the files this process loaded (another process syncs them), the
map is read again at most once a second.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from typing import Any

from sqlalchemy import event, func, select

from .content.problems import ContentError
from .content.questions import Question
from .content.quizzes import rebuild_question
from .extensions import db
from .models import QuestionVersion, Response
from .models.work import ANSWER_FORMAT

_lock = threading.Lock()
_current: dict[str, int] | None = None
_settled = False  # the map matches the content this process has loaded
_read_at = 0.0
RECHECK_SECONDS = 1.0


class StoredAnswerError(ValueError):
    """A stored answer in a shape this version of Crossings does not read."""


def fingerprint(obj: Any) -> str:
    """A content hash: of a dataclass's fields, or of plain data (a question's file mapping)."""
    data = asdict(obj) if is_dataclass(obj) and not isinstance(obj, type) else obj
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


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
    """Question id -> its current version's id.

    Read once and kept. Versions change only when the files do, and a content reload or a sync
    forgets the map; if the map read does not match the files this process has loaded (another
    process has not synced them yet), it is read again at most once a second until it does.
    """
    global _current, _settled, _read_at
    with _lock:
        if _current is not None and (_settled or time.monotonic() - _read_at < RECHECK_SECONDS):
            return _current
    wanted = _file_hashes()  # first: loading the content may forget the map
    latest = select(func.max(QuestionVersion.id)).group_by(QuestionVersion.question_id)
    rows = db.session.execute(select(QuestionVersion.question_id, QuestionVersion.id, QuestionVersion.content_hash)
                              .where(QuestionVersion.id.in_(latest))).all()
    with _lock:
        _current = {question_id: version_id for question_id, version_id, _ in rows}
        _settled = wanted is not None and all(
            wanted.get(question_id, content_hash) == content_hash for question_id, _, content_hash in rows) and \
            set(wanted) <= set(_current)
        _read_at = time.monotonic()
        return _current


def _file_hashes() -> dict[str, str] | None:
    """Each question's hash as the files this process has loaded give it (None: they don't load)."""
    from .content_store import get_content  # the content store forgets this map when it reloads

    try:
        quizzes = get_content().quizzes.values()
    except ContentError:
        return None
    return {question_id: fingerprint(data) for quiz in quizzes for question_id, data in quiz.data.items()}


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
