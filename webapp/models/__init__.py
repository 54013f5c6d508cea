"""The domain: people, classes, the lesson catalog, and students' work."""
from .accounts import User
from .catalog import LessonRecord, QuestionRecord, QuestionVersion
from .classes import Assignment, AssignmentException, Classroom, Enrollment, LoginSheet
from .grading import BankComment, Grade
from .lti import LtiAssignment, LtiCourse, LtiKey, LtiLaunchValue, LtiNonce, LtiPlatform, LtiScore, LtiUser
from .work import Attempt, ReadingProgress, Regrade, Response

__all__ = ["User", "LessonRecord", "QuestionRecord", "QuestionVersion", "Assignment", "AssignmentException", "Classroom",
           "Enrollment", "LoginSheet", "Grade", "BankComment", "Attempt", "ReadingProgress", "Regrade", "Response",
           "LtiAssignment", "LtiCourse", "LtiKey",
           "LtiLaunchValue", "LtiNonce", "LtiPlatform", "LtiScore", "LtiUser"]
