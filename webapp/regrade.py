"""Regrading: when a question's key is corrected, submitted answers are scored again.

``plan`` finds every submitted answer whose version's key differs from the current version's
key and whose score would change; ``apply`` re-scores them, updates their attempts' scores and
keeps a ``Regrade`` record of each, which the attempt page, the results page and the reports
show as "regraded on DATE: key corrected".

An answer is regraded only while it still means the same under the current version: the same
choice, item or pair ids (a renamed choice would otherwise be misread silently). Those are listed
as "can't regrade: choices changed" and left alone, and so are answers the teacher grades
(a type whose ``auto_scored`` is False).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, is_dataclass, replace
from typing import Any

from sqlalchemy import select, update

from .content.loader import Content
from .content.questions import Question
from .content.quizzes import rebuild_question
from .database import writing
from .extensions import db
from .models import Assignment, Attempt, QuestionVersion, Regrade, Response, User
from .models.work import SUBMITTED
from .schedule import to_local
from .versions import check_format, current_ids

KEY_CORRECTED = "key corrected"
CHOICES_CHANGED = "can't regrade: choices changed"
TEACHER_GRADED = "not regraded: the teacher grades this question"
# The fields of a question's file mapping that decide a score, beside what correct_answer() gives.
KEY_FIELDS = ("answer", "accepted", "tolerance", "scoring")


@dataclass(frozen=True)
class Found:
    """One submitted answer the plan looked at: who, where, and what would happen to it."""

    response_id: int
    attempt_id: int
    student: str
    lesson_id: str
    attempt_number: int
    question_id: str
    from_version: int
    to_version: int
    from_number: int
    to_number: int
    old_points: float
    new_points: float = 0.0
    refused: str = ""  # why it is left alone; empty: it is regraded

    def __str__(self) -> str:
        where = (f"{self.student}, {self.lesson_id} attempt {self.attempt_number}, question {self.question_id} "
                 f"(version {self.from_number} → {self.to_number})")
        if self.refused:
            return f"{where}: {self.refused}"
        return f"{where}: {_pts(self.old_points)} → {_pts(self.new_points)} points"


@dataclass
class Plan:
    changes: list[Found]
    refused: list[Found]


def plan(content: Content) -> Plan:
    """What a regrade would change, read-only. The catalog must be synced with ``content`` first."""
    current = current_ids()
    rows = db.session.execute(
        select(Response.id, Response.attempt_id, Response.question_id, Response.answer, Response.points,
               Response.version_id, Response.answer_format, Attempt.number, Assignment.lesson_id,
               User.display_name, User.username)
        .join(Attempt, Attempt.id == Response.attempt_id).join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(User, User.id == Attempt.student_id)
        .where(Attempt.status == SUBMITTED, Response.version_id.is_not(None),
               Response.version_id.not_in(list(current.values()) or [0]))
        .order_by(User.display_name, Attempt.id, Response.id)).all()
    questions = _versions({r.version_id for r in rows} | {current[r.question_id] for r in rows
                                                          if r.question_id in current}, content)
    result = Plan([], [])
    for r in rows:
        check_format(r.id, r.question_id, r.answer_format)
        if r.question_id not in current or content.question(r.question_id) is None:
            continue  # the question left the unit: its answers no longer count
        (old, old_number), (new, new_number) = questions[r.version_id], questions[current[r.question_id]]
        student = f"{r.display_name} ({r.username})" if r.username else r.display_name
        found = Found(r.id, r.attempt_id, student, r.lesson_id, r.number, r.question_id, r.version_id,
                      current[r.question_id], old_number, new_number, r.points or 0.0)
        if not getattr(new, "auto_scored", True):  # its "key" is the teacher's grade: never touched here
            result.refused.append(_with(found, refused=TEACHER_GRADED))
        elif _key(old) == _key(new):
            continue
        elif _ids(old) != _ids(new) or new.normalize(r.answer) != r.answer:
            result.refused.append(_with(found, refused=CHOICES_CHANGED))
        elif (points := new.score(r.answer).points) != found.old_points:
            result.changes.append(_with(found, new_points=points))
    return result


def apply(changes: Iterable[Found]) -> int:
    """Re-score each answer under the current version, move each attempt's score by the difference,
    and keep a record. An answer saved or regraded since the plan was made is left for the next run."""
    count = 0
    with writing():
        for change in changes:
            moved = db.session.execute(
                update(Response).where(Response.id == change.response_id,
                                       Response.version_id == change.from_version)
                .values(points=change.new_points, version_id=change.to_version)
                .returning(Response.id).execution_options(synchronize_session=False)).first()
            if moved is None:
                continue
            db.session.execute(update(Attempt).where(Attempt.id == change.attempt_id)
                               .values(score=Attempt.score + (change.new_points - change.old_points))
                               .execution_options(synchronize_session=False))
            db.session.add(Regrade(response_id=change.response_id, from_version_id=change.from_version,
                                   to_version_id=change.to_version, old_points=change.old_points,
                                   new_points=change.new_points, reason=KEY_CORRECTED))
            count += 1
    return count


def regrades_of(attempt_ids: Iterable[int]) -> dict[int, dict[str, Regrade]]:
    """Attempt id -> question id -> its latest regrade, for the attempts given (one statement)."""
    out: dict[int, dict[str, Regrade]] = {}
    ids = list(attempt_ids)
    if not ids:
        return out
    for regrade, attempt_id, question_id in db.session.execute(
            select(Regrade, Response.attempt_id, Response.question_id).join(Response)
            .where(Response.attempt_id.in_(ids)).order_by(Regrade.regraded_at, Regrade.id)):
        out.setdefault(attempt_id, {})[question_id] = regrade
    return out


def note(regrade: Regrade, zone_name: str) -> str:
    """"regraded on Fri 11 Dec 2026: key corrected", the date in the class's zone."""
    day = to_local(regrade.regraded_at, zone_name)
    return f"regraded on {day:%a} {day.day} {day:%b %Y}: {regrade.reason}"


def _versions(ids: set[int], content: Content) -> dict[int, tuple[Question, int]]:
    """Version id -> (the question as that version asked it, its number)."""
    out = {}
    for version in db.session.scalars(select(QuestionVersion).where(QuestionVersion.id.in_(ids))):
        question = content.question(version.question_id)
        lesson_id = question.lesson_id if question else ""
        rebuilt = (rebuild_question(version.data, lesson_id, f"question {version.question_id}, "
                                    f"version {version.number}") if version.data is not None else question)
        if rebuilt is not None:
            out[version.id] = (rebuilt, version.number)
    return out


def _key(question: Question) -> str:
    """What decides a score: the correct answer and the scoring fields of the question's type."""
    fields = {name: getattr(question, name, None) for name in KEY_FIELDS}
    return json.dumps([question.correct_answer(), fields], sort_keys=True, default=str)


def _ids(part: Any) -> dict[str, list[str]]:
    """The ids an answer refers to (choices, items, pairs, a passage's spans…), by field."""
    out: dict[str, list[str]] = {}
    for name, value in vars(part).items():
        if isinstance(value, list) and value and all(hasattr(x, "id") for x in value):
            out[name] = sorted(str(x.id) for x in value)
        elif is_dataclass(value) and not isinstance(value, type):
            out.update({f"{name}.{inner}": ids for inner, ids in _ids(value).items()})
    return out


def _with(found: Found, **changes: Any) -> Found:
    return replace(found, **changes)


def _pts(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
