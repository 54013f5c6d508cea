"""Roster import (issue 13 part 3): plain CSV and OneRoster 1.1/1.2 bundles, preview, re-import."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from factories import login, make_classroom, make_student, make_teacher, post
from sqlalchemy import func, select

from webapp import classes
from webapp.extensions import db
from webapp.models import Enrollment, User
from webapp.rosters import importing
from webapp.rosters.files import RosterFileError

FIXTURES = Path(__file__).parent / "fixtures" / "rosters"


def bundle(folder: str, **replace: str) -> bytes:
    """A fixture folder zipped as a OneRoster export; ``replace`` swaps a file's text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((FIXTURES / folder).glob("*.csv")):
            archive.writestr(path.name, replace.get(path.stem, path.read_bytes()))
    return buffer.getvalue()


def students() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == "student"))


def test_a_plain_csv_with_bom_bad_rows_and_a_repeat(app):
    room = make_classroom(make_teacher())
    roster = importing.read_upload("plain.csv", (FIXTURES / "plain.csv").read_bytes())
    plan = importing.plan(room, roster)
    assert [(s.row.name.display, s.row.username, s.row.student_number) for s in plan.of("add")] == [
        ("Maya Brown", "", "100234"), ("Min-jun Lee", "minjun.lee", "100236"), ("박서연", "", "100235")]
    assert [(p.line, p.reason) for p in plan.problems] == [
        (5, "no name"), (6, "a username has only lower-case letters, digits, dots, dashes and underscores"),
        (8, "the same student as line 2")]


def test_a_header_only_file_imports_nobody_and_a_file_without_a_name_column_is_refused(app):
    room = make_classroom(make_teacher())
    assert importing.plan(room, importing.read_upload("h.csv", (FIXTURES / "header_only.csv").read_bytes())).steps == []
    with pytest.raises(RosterFileError, match="“name” column"):
        importing.read_upload("x.csv", b"email,grade\na@b.c,10\n")
    with pytest.raises(RosterFileError, match="UTF-8"):
        importing.read_upload("x.csv", "name\nJosé\n".encode("latin-1"))


def test_oneroster_11_reads_students_of_the_chosen_class_only(app):
    roster = importing.read_upload("export.zip", bundle("oneroster11"))
    assert roster.classes == {"class-hist-3": "Period 3 History", "class-eng-5": "Period 5 English"}
    chosen, history = importing.choose_class(roster, "class-hist-3")
    assert [(r.name.display, r.sourced_id, r.student_number) for r in history.rows] == [
        ("Maya Brown", "u-100", "100234"), ("박서연", "u-101", "100235"), ("Min-jun Lee", "u-102", "100236")]
    reasons = {(p.file, p.line): p.reason for p in history.problems}
    assert reasons == {
        ("users.csv", 5): "the account is turned off in the school's system (enabledUser false)",
        ("enrollments.csv", 7): "no userSourcedId",
        ("enrollments.csv", 8): "user u-999 is not in users.csv",
        ("users.csv", 8): "enabledUser is neither true nor false"}
    assert importing.choose_class(roster, None) == (None, None)  # two classes: the teacher chooses


def test_oneroster_12_with_preferred_names_and_one_class(app):
    roster = importing.read_upload("or12.zip", bundle("oneroster12"))
    chosen, world = importing.choose_class(roster, None)
    assert chosen == "c-1" and [r.name.display for r in world.rows] == ["Annie Iyer", "Дмитрий Петров"]


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04 not really a zip", "damaged"),
    (b"", "empty"),
    (b"%PDF-1.4 binary \xff\xfe", "UTF-8"),
])
def test_files_that_are_not_rosters_get_a_clear_message(app, data, message):
    with pytest.raises(RosterFileError, match=message):
        importing.read_upload("roster.zip" if data.startswith(b"PK") else "roster.csv", data)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(app):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("users.csv", b"sourcedId,givenName,familyName\n" + b" " * (50 * 1024 * 1024))
        archive.writestr("classes.csv", b"sourcedId,title\n")
        archive.writestr("enrollments.csv", b"classSourcedId,userSourcedId,role\n")
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(RosterFileError, match="zip bomb|more than"):
        importing.read_upload("bomb.zip", buffer.getvalue())


def test_a_bundle_without_enrollments_is_refused(app):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("users.csv", (FIXTURES / "oneroster11" / "users.csv").read_bytes())
    with pytest.raises(RosterFileError, match="classes.csv, enrollments.csv"):
        importing.read_upload("x.zip", buffer.getvalue())


def test_reimporting_updates_and_never_duplicates(app):
    teacher = make_teacher()
    room = make_classroom(teacher, "Period 3 History")
    other = make_classroom(teacher, "Homeroom")
    pasted = make_student(room, "maya.b", "Maya Brown")  # pasted before the school's ids were known
    lee = make_student(other, "minjun.l", "Min-jun Lee")
    lee.student_number = "100236"
    db.session.commit()
    _, history = importing.choose_class(importing.read_upload("e.zip", bundle("oneroster11")), "class-hist-3")
    plan = importing.plan(room, history)
    assert [s.row.name.display for s in plan.of("add")] == ["박서연"]
    assert [s.student.username for s in plan.of("join")] == ["minjun.l"]
    assert [s.student.username for s in plan.of("update")] == ["maya.b"]
    added = classes.import_roster(room, history)
    assert [c.username for c in added.cards] == ["seoyeon.p"] and added.cards[0].passphrase
    db.session.refresh(pasted)
    assert (pasted.username, pasted.sourced_id, pasted.student_number) == ("maya.b", "u-100", "100234")
    assert students() == 3
    renamed = bundle("oneroster11", users=(FIXTURES / "oneroster11" / "users.csv").read_text(
        encoding="utf-8-sig").replace("Maya,Brown", "Maya,Brown-Ortiz"))
    _, again = importing.choose_class(importing.read_upload("e.zip", renamed), "class-hist-3")
    plan = importing.plan(room, again)
    assert [s.changes for s in plan.of("update")] == [("name: Maya Brown → Maya Brown-Ortiz",)]
    assert plan.of("add") == [] and len(plan.of("same")) == 2
    classes.import_roster(room, again)
    assert students() == 3
    assert db.session.scalar(select(func.count()).select_from(Enrollment)
                             .where(Enrollment.classroom_id == room.id)) == 3


def test_another_teachers_students_are_never_matched(app):
    mine = make_classroom(make_teacher())
    theirs = make_student(make_classroom(make_teacher("o@example.org"), "Theirs"), "maya.b", "Maya Brown")
    theirs.sourced_id = "u-100"
    db.session.commit()
    roster = importing.read_upload("plain.csv", b"name,username\nMaya Brown,maya.b\nAna Li,\n")
    plan = importing.plan(mine, roster)
    assert [s.row.name.display for s in plan.of("add")] == ["Ana Li"]
    assert [p.reason for p in plan.problems] == ["the username maya.b belongs to another student of this school"]


def test_preview_writes_nothing_then_import_redirects_to_the_cards(client):
    teacher = make_teacher()
    login(client, teacher)
    room = make_classroom(teacher, "Period 3 History")
    url = f"/teacher/classes/{room.id}/import"
    response = post(client, url + "/preview", {"file": (io.BytesIO(bundle("oneroster11")), "export.zip")},
                    content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and students() == 0
    assert "3 new students" in html and "enrollments.csv, line 8" in html and "user u-999 is not in users.csv" in html
    token = re.search(r'name="bundle" type="hidden" value="([^"]+)"', html).group(1)
    response = post(client, url, {"bundle": token, "source_class": "class-hist-3"})
    assert response.status_code == 303 and students() == 3
    cards = client.get(response.headers["Location"]).get_data(as_text=True)
    assert cards.count('class="login-card"') == 3
    assert post(client, url, {"bundle": token + "x", "source_class": "class-hist-3"}).status_code == 400
    assert students() == 3


def test_a_rejected_upload_says_why_and_writes_nothing(client):
    teacher = make_teacher()
    login(client, teacher)
    room = make_classroom(teacher)
    response = post(client, f"/teacher/classes/{room.id}/import/preview",
                    {"file": (io.BytesIO(b"PK\x03\x04junk"), "export.zip")}, content_type="multipart/form-data")
    assert response.status_code == 400 and "damaged" in response.get_data(as_text=True)
    assert "Choose a file" in post(client, f"/teacher/classes/{room.id}/import/preview").get_data(as_text=True)
    assert students() == 0


def test_usernames_from_the_file_are_never_given_twice(app):
    room = make_classroom(make_teacher())
    roster = importing.read_upload("u.csv", b"name,username,student number\nMaya Brown,,1\nMia Bell,maya.b,2\n"
                                            b"Max Bauer,maya.b,3\n")
    plan = importing.plan(room, roster)
    assert [p.reason for p in plan.problems] == ["the username maya.b is on line 3 too"]
    added = classes.import_roster(room, roster)
    assert sorted((c.display_name, c.username) for c in added.cards) == [("Maya Brown", "maya.br"),
                                                                          ("Mia Bell", "maya.b")]


def test_a_oneroster_class_titled_like_this_class_is_chosen_first(app):
    roster = importing.read_upload("export.zip", bundle("oneroster11"))
    assert importing.choose_class(roster, None, "period 5 english")[0] == "class-eng-5"
    assert importing.choose_class(roster, "class-hist-3", "Period 5 English")[0] == "class-hist-3"


@pytest.mark.parametrize("header", ["first_name,last_name,student_id", "firstName,lastName,studentId",
                                    "givenName,familyName,Student ID", "First-Name,Last-Name,STUDENT_NUMBER"])
def test_common_export_headers_with_underscores_or_camel_case_are_read(app, header):
    roster = importing.read_upload("export.csv", f"{header}\nMaya,Brown,100234\n".encode())
    assert [(r.name.display, r.student_number) for r in roster.rows] == [("Maya Brown", "100234")]
