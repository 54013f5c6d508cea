"""Access categories for the route-by-role test, and the world it runs in.

A route's category says who gets through:
- PUBLIC: everyone, signed in or not.
- ANY_USER: anyone signed in; anonymous users are sent to sign in.
- TEACHER / STUDENT: anyone of that role; the other role gets 403.
- OWNER_TEACHER: only the teacher who owns the class (another teacher gets 404, students 403).
- OWNER_STUDENT: only the student whose work or class it is (a student of another class
  gets 404, teachers 403). test_student_quiz.py checks that a classmate can't open an
  attempt either.

Each area of the app lists its routes in a ``tests/access_<area>.py`` module with an
``ACCESS`` dict of ``(endpoint, method) -> category``. URL arguments are filled from the
world below by name (``classroom_id``, ``student_id``, ``assignment_id``, ``attempt_id``,
``lesson_id``, ``section``, ``name``, ``fmt``, ``quiz_id``, ``kind``, ``paper``, ``platform_id``).
"""
PUBLIC = "public"
ANY_USER = "any_user"
TEACHER = "teacher"
STUDENT = "student"
OWNER_TEACHER = "owner_teacher"
OWNER_STUDENT = "owner_student"
ADMIN = "admin"  # the teacher named in CROSSINGS_ADMINS (the world's owner teacher); other teachers get 403

ROLES = ("anonymous", "student", "other_student", "teacher", "other_teacher")

ALLOWED = {
    PUBLIC: set(ROLES),
    ANY_USER: {"student", "other_student", "teacher", "other_teacher"},
    TEACHER: {"teacher", "other_teacher"},
    STUDENT: {"student", "other_student"},
    OWNER_TEACHER: {"teacher"},
    OWNER_STUDENT: {"student"},
    ADMIN: {"teacher"},
}
