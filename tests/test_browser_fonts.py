"""Korean names show as letters in a browser with no Korean font (classroom tour, bug 4).

Debian's chromium here has no Korean font, like many school Chromebooks' guest profiles: the
tour's screenshots showed 박서연 as empty boxes. crossings.css serves the app's own font.
"""
from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageChops
from sqlalchemy import select
from test_browser import browser, live_server, page, pytestmark, sign_in  # noqa: F401 (fixtures, marks)

from webapp.accounts import add_student, hash_password
from webapp.database import writing
from webapp.extensions import db
from webapp.models import Classroom, Enrollment


def test_a_teacher_sees_korean_names_as_letters_not_boxes(live_server, page):
    app, base = live_server
    with app.app_context():
        classroom_id = db.session.scalar(select(Classroom.id).order_by(Classroom.id))
        password_hash = hash_password("maple-river-lantern-42")
        with writing():
            for name in ("박서연", "김민준"):
                student = add_student(name, password_hash)
                db.session.add(Enrollment(classroom_id=classroom_id, student_id=student.id))
    sign_in(page, base, "teacher@example.org", "crossings-demo")
    page.goto(f"{base}/teacher/classes/{classroom_id}")
    page.evaluate("document.fonts.ready")
    shots = [Image.open(BytesIO(page.get_by_text(name, exact=True).first.screenshot())).convert("L")
             for name in ("박서연", "김민준")]
    same_size = shots[0].size == shots[1].size
    assert not same_size or ImageChops.difference(*shots).getbbox(), "two Korean names drawn alike (empty boxes)"
    assert page.evaluate("""() => [...document.fonts].some(
        f => f.family.includes('Crossings Hangul') && f.status === 'loaded')""")
