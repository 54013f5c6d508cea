"""Who may grade written responses (see test_authorization.py): only the teacher of the class;
the comment bank is each teacher's own."""
from access import OWNER_TEACHER, TEACHER

ACCESS = {
    ("grading.index", "GET"): OWNER_TEACHER,
    ("grading.paper", "GET"): OWNER_TEACHER,
    ("grading.save", "POST"): OWNER_TEACHER,
    ("grading.release", "POST"): OWNER_TEACHER,
    ("grading.add_comment", "POST"): TEACHER,
    ("grading.delete_comment", "GET"): OWNER_TEACHER,
    ("grading.delete_comment", "POST"): OWNER_TEACHER,
}
