"""The domain: people, classes, the lesson catalog, and students' work."""
from .accounts import User
from .catalog import LessonRecord, QuestionRecord
from .classes import Assignment, AssignmentException, Classroom, Enrollment, LoginSheet
from .work import Attempt, ReadingProgress, Response

__all__ = ["User", "LessonRecord", "QuestionRecord", "Assignment", "AssignmentException", "Classroom", "Enrollment", "LoginSheet",
           "Attempt", "ReadingProgress", "Response"]
