"""A validated LTI launch becomes a signed-in Crossings user in the class bound to the LMS course.

``read_claims`` turns the id_token's body into plain fields; ``provision`` makes or finds the
user (matched by issuer and ``sub``), the class (made on an instructor's first launch from a
course), the enrollment and the assignment, all in one write transaction that also consumes the
nonce: the LTI library checks that the nonce was issued by us but does not consume it, so a
replayed launch would otherwise sign in again. A refused launch raises ``LaunchRefused`` and
changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .. import accounts, classes
from ..database import writing
from ..extensions import db
from ..models import (
    Classroom,
    Enrollment,
    LtiAssignment,
    LtiCourse,
    LtiLaunchValue,
    LtiNonce,
    LtiPlatform,
    LtiUser,
    User,
)
from ..models.accounts import STUDENT, TEACHER
from ..models.base import utcnow
from .problems import LaunchRefused

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DEEP_LINK = "LtiDeepLinkingRequest"
ASSIGNMENT_PARAM = "crossings_assignment"  # the custom parameter each deep-linked item carries
TEACHING_ROLES = {"Instructor", "Administrator", "TeachingAssistant", "ContentDeveloper"}
NONCE_KEPT = timedelta(days=1)  # longer than any id_token lives
ROSTER_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Claims:
    issuer: str
    client_id: str
    sub: str
    name: str
    nonce: str
    message_type: str
    roles: tuple[str, ...]
    context_id: str | None
    context_title: str
    custom: dict = field(default_factory=dict)
    lineitem_url: str | None = None
    memberships_url: str | None = None
    expires: datetime | None = None

    @property
    def role_names(self) -> set[str]:
        """Membership roles by their short name: ``…/membership#Instructor`` is ``Instructor``."""
        return {r.rsplit("#", 1)[-1] for r in self.roles if "membership" in r or "#" not in r}

    @property
    def is_instructor(self) -> bool:
        return bool(self.role_names & TEACHING_ROLES)

    @property
    def is_learner(self) -> bool:
        return "Learner" in self.role_names and not self.is_instructor


def read_claims(body: dict) -> Claims:
    aud = body.get("aud")
    context = body.get(CLAIM + "context") or {}
    custom = body.get(CLAIM + "custom") or {}
    ags = body.get(AGS_CLAIM) or {}
    nrps = body.get(NRPS_CLAIM) or {}
    name = body.get("name") or " ".join(p for p in (body.get("given_name"), body.get("family_name")) if p)
    return Claims(
        issuer=str(body.get("iss", "")), client_id=str(aud[0] if isinstance(aud, list) else aud),
        sub=str(body.get("sub", "")), name=str(name or "")[:120].strip(), nonce=str(body.get("nonce", ""))[:255],
        message_type=str(body.get(CLAIM + "message_type", "")),
        roles=tuple(str(r) for r in body.get(CLAIM + "roles") or []),
        context_id=str(context["id"]) if context.get("id") else None,
        context_title=str(context.get("title") or context.get("label") or "")[:120].strip(),
        custom=custom if isinstance(custom, dict) else {},
        lineitem_url=ags.get("lineitem") if isinstance(ags, dict) else None,
        memberships_url=nrps.get("context_memberships_url") if isinstance(nrps, dict) else None,
        expires=datetime.fromtimestamp(int(body["exp"])) if str(body.get("exp", "")).isdigit() else None)


@dataclass(frozen=True)
class Landing:
    """Where a launch takes its user."""

    user: User
    classroom_id: int
    assignment_id: int | None
    is_instructor: bool
    roster_due: bool
    course_id: int


def provision(platform: LtiPlatform, claims: Claims, launch_id: str, body: dict) -> Landing:
    """Sign-in data for a validated launch; raises LaunchRefused (and changes nothing) when it can't."""
    if not claims.sub:
        raise LaunchRefused("anonymous")
    if not (claims.is_instructor or claims.is_learner):
        raise LaunchRefused("role")
    if not claims.context_id:
        raise LaunchRefused("no_course")
    if not claims.nonce:
        raise LaunchRefused("bad_request")
    unusable = None if _linked_user(platform, claims.sub) else accounts.unusable_password_hash()
    try:
        with writing():
            return _provision(platform, claims, launch_id, body, unusable)
    except IntegrityError:  # PostgreSQL: the same nonce consumed by a request that raced this one
        raise LaunchRefused("replayed") from None


def _linked_user(platform: LtiPlatform, sub: str) -> User | None:
    return db.session.scalar(select(User).join(LtiUser, LtiUser.user_id == User.id)
                             .where(LtiUser.issuer == platform.issuer, LtiUser.sub == sub))


def _provision(platform: LtiPlatform, claims: Claims, launch_id: str, body: dict,
               unusable: str | None) -> Landing:
    now = utcnow()
    _consume_nonce(claims.nonce, now)
    course = db.session.scalar(select(LtiCourse).where(LtiCourse.platform_id == platform.id,
                                                       LtiCourse.context_id == claims.context_id))
    if course is None and not claims.is_instructor:
        raise LaunchRefused("no_class")
    user = _user(platform, claims, unusable)
    if course is None:
        room = Classroom(teacher_id=user.id, name=claims.context_title or "Class from the LMS",
                         join_code=classes.new_join_code())
        db.session.add(room)
        db.session.flush()
        course = LtiCourse(platform_id=platform.id, context_id=claims.context_id, classroom_id=room.id)
        db.session.add(course)
    if claims.memberships_url:
        course.memberships_url = claims.memberships_url
    db.session.flush()
    found = db.session.get(Classroom, course.classroom_id)
    if found is None:  # the class was deleted after the course was linked
        raise LaunchRefused("no_class")
    room = found
    if claims.is_instructor and room.teacher_id != user.id:
        raise LaunchRefused("not_your_class")
    if claims.is_learner and not db.session.scalar(select(Enrollment.id).where(
            Enrollment.classroom_id == room.id, Enrollment.student_id == user.id)):
        db.session.add(Enrollment(classroom_id=room.id, student_id=user.id))
    if claims.message_type == DEEP_LINK:
        db.session.add(LtiLaunchValue(key=launch_id, value=body, expires_at=now + timedelta(hours=2)))
    roster_due = claims.is_instructor and bool(course.memberships_url) and (
        course.roster_synced_at is None or now - course.roster_synced_at >= ROSTER_EVERY)
    return Landing(user, room.id, _assignment(course, claims), claims.is_instructor, roster_due, course.id)


def _consume_nonce(nonce: str, now: datetime) -> None:
    db.session.execute(delete(LtiNonce).where(LtiNonce.expires_at < now))
    if db.session.get(LtiNonce, nonce) is not None:
        raise LaunchRefused("replayed")
    db.session.add(LtiNonce(nonce=nonce, expires_at=now + NONCE_KEPT))
    db.session.flush()


def _user(platform: LtiPlatform, claims: Claims, unusable: str | None) -> User:
    user = _linked_user(platform, claims.sub)
    if user is None:
        if unusable is None:  # the account was deleted between the look-up and the lock
            raise LaunchRefused("busy")
        name = claims.name or ("Teacher" if claims.is_instructor else "Student")
        if claims.is_instructor:
            user = User(role=TEACHER, display_name=name, password_hash=unusable)
            db.session.add(user)
            db.session.flush()
        else:
            user = accounts.add_student(name, unusable)
        db.session.add(LtiUser(issuer=platform.issuer, sub=claims.sub, user_id=user.id))
    expected = TEACHER if claims.is_instructor else STUDENT
    if user.role != expected:
        raise LaunchRefused("role_changed")
    return user


def _assignment(course: LtiCourse, claims: Claims) -> int | None:
    """The assignment a deep-linked item points at (only one of this course), noting its grade column."""
    raw = str(claims.custom.get(ASSIGNMENT_PARAM, ""))
    if not raw.isdigit():
        return None
    link = db.session.scalar(select(LtiAssignment).where(LtiAssignment.assignment_id == int(raw),
                                                         LtiAssignment.course_id == course.id))
    if link is None:
        return None
    if claims.lineitem_url and link.lineitem_url != claims.lineitem_url:
        link.lineitem_url = claims.lineitem_url
    return link.assignment_id


def launch_body(launch_id: str) -> dict | None:
    """A Deep Linking launch kept for the picker (two hours)."""
    row = db.session.get(LtiLaunchValue, launch_id)
    return row.value if row is not None and row.expires_at > utcnow() else None


