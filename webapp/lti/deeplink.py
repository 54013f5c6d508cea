"""Deep Linking: the lessons a teacher picks become Crossings assignments in the course's class, each
sent back to the LMS as an assignment (an LTI resource link with a grade column)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..content.loader import Content
from ..database import writing
from ..extensions import db
from ..models import Assignment, LessonRecord, LtiAssignment, LtiCourse


@dataclass(frozen=True)
class Choice:
    lesson_id: str
    title: str
    points: int


def choices(content: Content) -> list[Choice]:
    """The catalog's lessons that have a quiz and are not retired, in catalog order."""
    live = set(db.session.scalars(select(LessonRecord.id).where(LessonRecord.retired.is_(False))))
    found = []
    for lesson in content.lessons:
        quiz = content.quiz_for(lesson.id)
        if lesson.id in live and quiz is not None and quiz.questions:
            found.append(Choice(lesson.id, lesson.title, len(quiz.questions)))
    return found


def assign_chosen(course: LtiCourse, picked: list[Choice]) -> list[dict]:
    """One assignment per picked lesson, linked to the course; the items for the Deep Linking reply."""
    items = []
    with writing():
        for choice in picked:
            # No due date here: the LMS holds it, and two would disagree.
            assignment = Assignment(classroom_id=course.classroom_id, lesson_id=choice.lesson_id)
            db.session.add(assignment)
            db.session.flush()
            db.session.add(LtiAssignment(assignment_id=assignment.id, course_id=course.id))
            items.append({"title": choice.title, "assignment_id": assignment.id, "points": choice.points})
    return items
