"""Who may use the teacher reports and the quiz exports (see test_authorization.py)."""
from access import OWNER_TEACHER, TEACHER

ACCESS = {
    ("reports.classroom", "GET"): OWNER_TEACHER,
    ("reports.gradebook_download", "GET"): OWNER_TEACHER,
    ("reports.mastery", "GET"): OWNER_TEACHER,
    ("reports.assignment", "GET"): OWNER_TEACHER,
    ("exports.index", "GET"): TEACHER,
    ("exports.unit", "GET"): TEACHER,
    ("exports.quiz", "GET"): TEACHER,
}
