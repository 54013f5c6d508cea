"""Scores to the LMS: written to an outbox when a student submits, sent by a background thread.

``after_submit`` (the one call the submit view makes) adds a row to ``lti_scores`` right after the
attempt is closed, in its own short transaction, and wakes the sender. The sender claims due rows,
posts each to its line item outside the write lock, and marks it sent, or sets the next try with
backoff (doubling, at most an hour). A row is never dropped: a platform that is down for a day
gets the score when it is back. After a restart, the first request starts the sender, which sends
what waited; a launch from an LMS wakes it too, and ``flask --app webapp lti send-scores`` sends
from a cron job.
"""
from __future__ import annotations

import threading
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import delete, exists, func, select

from ..database import writing
from ..extensions import db
from ..grading import pending_count
from ..models import Attempt, LtiAssignment, LtiCourse, LtiPlatform, LtiScore, LtiUser
from ..models.base import utcnow
from ..models.work import SUBMITTED as SUBMITTED_STATUS
from . import services

COMPLETED, FULLY_GRADED = "Completed", "FullyGraded"
# Written answers are graded by the teacher after submitting: such an attempt is sent as
# ("Submitted", "Pending") by grading_state, and again (``after_release``) once its grades are released.
SUBMITTED, PENDING = "Submitted", "Pending"
KEEP_SENT = timedelta(days=30)  # sent rows are kept a while for the admin page, then go
LEASE = timedelta(minutes=2)  # a claimed row another worker may take over if this one died mid-send
MAX_WAIT = timedelta(hours=1)


def grading_state(attempt: Attempt) -> tuple[str, str]:
    """(activity progress, grading progress) for a submitted attempt: pending while written answers
    await the teacher's released grade (the score sent leaves them out, as the app's does)."""
    if pending_count([attempt.id]):
        return SUBMITTED, PENDING
    return COMPLETED, FULLY_GRADED


def after_submit(attempt_id: int) -> None:
    """Queue a submitted attempt's score for its LMS grade column, if it has one (once); then wake the sender.

    One query when the assignment did not come from an LMS (most submits)."""
    _queue(attempt_id, again=False)


def after_release(attempt_ids: list[int]) -> None:
    """Queue the new scores of attempts whose written answers' grades were just released (or changed)."""
    for attempt_id in dict.fromkeys(attempt_ids):
        _queue(attempt_id, again=True)


def _queue(attempt_id: int, again: bool) -> None:
    already = exists().where(LtiScore.attempt_id == Attempt.id)  # not twice for a second submit
    found = db.session.execute(
        select(Attempt, LtiAssignment.lineitem_url, LtiCourse.platform_id, LtiUser.sub)
        .join(LtiAssignment, LtiAssignment.assignment_id == Attempt.assignment_id)
        .join(LtiCourse, LtiCourse.id == LtiAssignment.course_id)
        .join(LtiPlatform, LtiPlatform.id == LtiCourse.platform_id)
        .join(LtiUser, (LtiUser.issuer == LtiPlatform.issuer) & (LtiUser.user_id == Attempt.student_id))
        .where(Attempt.id == attempt_id, Attempt.status == SUBMITTED_STATUS, Attempt.score.is_not(None),
               LtiAssignment.lineitem_url.is_not(None), *(() if again else (~already,)))).first()
    if found is None:
        return
    attempt = found.Attempt
    activity, grading = grading_state(attempt)
    row = dict(platform_id=found.platform_id, lineitem_url=found.lineitem_url, sub=found.sub, attempt_id=attempt.id,
               score_given=attempt.score, score_maximum=attempt.max_score or 0.0, activity_progress=activity,
               grading_progress=grading)
    with writing():
        db.session.add(LtiScore(**row))
    wake()


def backoff(tries: int) -> timedelta:
    first = timedelta(seconds=float(current_app.config.get("LTI_RETRY_SECONDS", 30)))
    return min(first * 2 ** max(tries - 1, 0), MAX_WAIT)


def send_due(limit: int = 50) -> int:
    """Send the scores that are due; returns how many the platforms took."""
    now = utcnow()
    with writing():
        db.session.execute(delete(LtiScore).where(LtiScore.sent_at < now - KEEP_SENT))
        due = list(db.session.scalars(select(LtiScore).where(LtiScore.sent_at.is_(None), LtiScore.next_try_at <= now)
                                      .order_by(LtiScore.id).limit(limit).with_for_update(skip_locked=True)))
        for score in due:
            score.tries += 1
            score.next_try_at = now + LEASE
    sent = 0
    for score in due:
        try:
            services.post_score(score)
            error = ""
        except Exception as failure:  # any failure is retried, none is lost
            error = str(failure)[:2000] or failure.__class__.__name__
        with writing():
            if error:
                score.last_error, score.next_try_at = error, utcnow() + backoff(score.tries)
            else:
                score.sent_at, score.last_error = utcnow(), ""
                sent += 1
    return sent


def next_due_in() -> float | None:
    """Seconds until the next unsent score is due (0 if one is due now), None when none waits."""
    when = db.session.scalar(select(func.min(LtiScore.next_try_at)).where(LtiScore.sent_at.is_(None)))
    db.session.commit()
    return None if when is None else max((when - utcnow()).total_seconds(), 0.0)


class Sender:
    """One daemon thread per app server process, asleep until woken or until the next retry is due."""

    def __init__(self, app: Flask):
        self.app, self.event, self.lock = app, threading.Event(), threading.Lock()
        self.thread: threading.Thread | None = None

    def wake(self) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="lti-score-sender", daemon=True)
                self.thread.start()
        self.event.set()

    def _run(self) -> None:
        while True:
            self.event.clear()
            wait = self._send()
            if wait is None:
                self.event.wait()
            else:
                self.event.wait(timeout=max(wait, 0.05))

    def _send(self) -> float | None:
        with self.app.app_context():
            try:
                send_due()
                return next_due_in()
            except Exception:  # the database may be away for a moment; try again later
                self.app.logger.exception("sending LTI scores failed")
                return MAX_WAIT.total_seconds() / 12
            finally:
                db.session.remove()


def wake() -> None:
    current_app.extensions["lti_sender"].wake()
