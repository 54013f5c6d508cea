"""The class roster from the LMS course (Names and Role Provisioning): new learners in, never twice.

Learners are matched by (platform, ``sub``), the same link a launch uses, so a student who
launched before the sync and one the sync added are the same account.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .. import accounts
from ..database import writing
from ..extensions import db
from ..models import Enrollment, LtiCourse, LtiUser
from ..models.base import utcnow
from . import services


class RosterUnavailable(Exception):
    """The LMS did not give us the course's members."""


@dataclass(frozen=True)
class Synced:
    added: int
    enrolled: int
    learners: int


def _is_active_learner(member: dict) -> bool:
    roles = {str(r).rsplit("#", 1)[-1] for r in member.get("roles") or []}
    return "Learner" in roles and "Instructor" not in roles and member.get("status", "Active") == "Active"


def _name(member: dict) -> str:
    name = member.get("name") or " ".join(p for p in (member.get("given_name"), member.get("family_name")) if p)
    return (str(name or "").strip() or "Student")[:120]


def sync(course: LtiCourse) -> Synced:
    if not course.memberships_url:
        raise RosterUnavailable("this course's LMS did not offer its roster (Names and Role Provisioning)")
    try:
        members = services.course_members(course.platform, course.memberships_url)
    except Exception as error:  # requests' errors, the library's, a page that is not JSON
        raise RosterUnavailable(str(error)[:300]) from None
    learners = {str(m["user_id"]): m for m in members if isinstance(m, dict) and m.get("user_id")
                and _is_active_learner(m)}
    known = dict(db.session.execute(select(LtiUser.sub, LtiUser.user_id).where(
        LtiUser.issuer == course.platform.issuer, LtiUser.sub.in_(list(learners)))).all())
    # One hash of a random secret for everyone new in this sync (before the lock): nobody knows the
    # secret, and argon2 for each of a big course's learners would take seconds.
    unusable = accounts.unusable_password_hash() if set(learners) - set(known) else ""
    issuer, added, enrolled = course.platform.issuer, 0, 0
    with writing():
        enrolled_ids = set(db.session.scalars(select(Enrollment.student_id).where(
            Enrollment.classroom_id == course.classroom_id)))
        for sub, member in learners.items():
            user_id = db.session.scalar(select(LtiUser.user_id).where(
                LtiUser.issuer == issuer, LtiUser.sub == sub))
            if user_id is None:
                student = accounts.add_student(_name(member), unusable)
                db.session.add(LtiUser(issuer=issuer, sub=sub, user_id=student.id))
                user_id, added = student.id, added + 1
            if user_id not in enrolled_ids:
                db.session.add(Enrollment(classroom_id=course.classroom_id, student_id=user_id))
                enrolled_ids.add(user_id)
                enrolled += 1
        course.roster_synced_at = utcnow()
    return Synced(added, enrolled, len(learners))


def course_for(classroom_id: int) -> LtiCourse | None:
    return db.session.scalar(select(LtiCourse).where(LtiCourse.classroom_id == classroom_id))
