"""Who may use the pack downloads: teachers only; login cards only for the class's own teacher."""
from access import OWNER_TEACHER, TEACHER

ACCESS = {
    ("packs.index", "GET"): TEACHER,
    ("packs.unit_pdf", "GET"): TEACHER,
    ("packs.lesson_pdf", "GET"): TEACHER,
    ("packs.offline_zip", "GET"): TEACHER,
    ("packs.login_cards", "GET"): OWNER_TEACHER,
}
