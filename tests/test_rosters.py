"""Rosters: pasting names without duplicates, post/redirect/get, readable usernames, login cards."""
from __future__ import annotations

import re

from factories import login, make_classroom, make_student, make_teacher, post
from sqlalchemy import func, select

from webapp import accounts, classes
from webapp.extensions import db
from webapp.models import Enrollment, User
from webapp.packs.cards import login_cards_html
from webapp.rosters.names import parse_names

PASSPHRASE = re.compile(r"<code>([a-z]+-[a-z]+-[a-z]+-\d\d)</code>")


def signed_in_teacher(client):
    teacher = make_teacher()
    login(client, teacher)
    return teacher


def enrolled(classroom) -> int:
    return db.session.scalar(select(func.count()).select_from(Enrollment)
                             .where(Enrollment.classroom_id == classroom.id))


def test_pasting_a_name_already_on_the_roster_warns_and_skips_it(client):
    teacher = signed_in_teacher(client)
    room = make_classroom(teacher)
    post(client, f"/teacher/classes/{room.id}/students", {"names": "Tom Li\nMaya Brown"})
    response = post(client, f"/teacher/classes/{room.id}/students", {"names": "tom  li\nAna Lopez"})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert enrolled(room) == 3
    assert "already on the roster: tom li." in html
    post(client, f"/teacher/classes/{room.id}/students", {"names": "Tom Li", "add_repeats": "y"})
    assert enrolled(room) == 4


def test_creating_logins_redirects_and_a_reload_creates_nothing(client):
    teacher = signed_in_teacher(client)
    room = make_classroom(teacher)
    response = post(client, f"/teacher/classes/{room.id}/students", {"names": "Tom Li\nMaya Brown"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    passphrases = PASSPHRASE.findall(page)
    assert len(passphrases) == 2
    tom = db.session.scalar(select(User).where(User.display_name == "Tom Li"))
    assert accounts.check_password(tom, passphrases[1])  # sorted by name: Maya, Tom
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert enrolled(room) == 2
    assert not PASSPHRASE.findall(again) and "shown only once" in again


def test_resetting_redirects_to_cards_with_the_new_passphrase(client):
    teacher = signed_in_teacher(client)
    room = make_classroom(teacher)
    student = make_student(room, "sam.s")
    response = post(client, f"/teacher/classes/{room.id}/students/{student.id}/reset")
    assert response.status_code == 303
    new = PASSPHRASE.findall(client.get(response.headers["Location"]).get_data(as_text=True))
    db.session.refresh(student)
    assert len(new) == 1 and accounts.check_password(student, new[0])


def test_usernames_are_readable_and_not_numbered_across_the_server(app):
    room = classes.create_classroom(make_teacher(), "Period 2")
    entries = parse_names("박서연\nLee, Min-jun\nKim\tJi-woo\t10B\nMaya Brown\nMaya Bell\nMaya Brown")
    logins = classes.add_students(room, entries).cards
    got = {login.display_name: login.username for login in logins}
    assert got["박서연"] == "seoyeon.p"  # 박 is spelled Park
    assert got["Min-jun Lee"] == "minjun.l"
    assert got["Kim Ji-woo"] == "kim.j"
    assert [login.username for login in logins if login.display_name == "Maya Brown"] == ["maya.b"]
    assert got["Maya Bell"] == "maya.be"


def test_a_taken_username_gets_more_of_the_surname_then_a_digit(app):
    room = classes.create_classroom(make_teacher(), "Period 2")
    first = classes.add_students(room, parse_names("Ana Li\nAna Lee\nAna Lim")).cards
    assert sorted(card.username for card in first) == ["ana.l", "ana.le", "ana.li"]
    again = classes.add_students(room, ["Ana Li"], add_repeats=True).cards
    assert [card.username for card in again] == ["ana.l2"]  # a digit only when the whole surname is taken


def test_existing_usernames_never_change(app):
    room = classes.create_classroom(make_teacher(), "Period 2")
    old = make_student(room, "maya.b7", "Maya Brown")
    classes.add_students(room, ["Maya Bell"])
    db.session.refresh(old)
    assert old.username == "maya.b7"


def test_pasted_spreadsheet_rows_follow_their_header(app):
    names = parse_names("Last name\tFirst name\tClass\nKim\tJi-woo\t10B\nLee\tMin-jun\t10B\n")
    assert [(n.given, n.family, n.display) for n in names] == [
        ("Ji-woo", "Kim", "Ji-woo Kim"), ("Min-jun", "Lee", "Min-jun Lee")]


def test_the_card_has_no_join_code_while_joining_is_off(app):
    room = classes.create_classroom(make_teacher(), "Period 2")
    student = make_student(room, "maya.b", "Maya Brown")
    html = login_cards_html(room, [classes.Card.of(student)], sign_in_url="https://crossings.example.org/login")
    assert "Maya Brown" in html and "maya.b" in html
    assert room.join_code not in html and "join code" not in html.lower()


def test_the_card_address_comes_from_the_public_url_or_says_to_ask(app, client):
    from webapp.packs.cards import sign_in_address

    assert sign_in_address("https://crossings.example.org/", "http://10.0.0.5:5000/") == \
        "https://crossings.example.org/login"
    assert sign_in_address(None, "http://10.0.0.5:5000/") == "http://10.0.0.5:5000/login"
    for loopback in ("http://127.0.0.1:5000/", "http://localhost:5000/", "http://[::1]:5000/"):
        assert sign_in_address(None, loopback) is None
    teacher = signed_in_teacher(client)
    room = make_classroom(teacher)
    make_student(room)
    page = client.get(f"/teacher/classes/{room.id}").get_data(as_text=True)
    assert "CROSSINGS_PUBLIC_URL" in page  # the teacher is warned: cards would not say where to sign in
    response = post(client, f"/teacher/classes/{room.id}/students", {"names": "Tom Li"})
    cards = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ask your teacher for the sign-in address" in cards
    app.config["PUBLIC_URL"] = "https://crossings.example.org"
    assert "CROSSINGS_PUBLIC_URL" not in client.get(f"/teacher/classes/{room.id}").get_data(as_text=True)


def test_new_passphrases_for_the_ticked_students_only(client):
    teacher = signed_in_teacher(client)
    room = make_classroom(teacher)
    ana, ben, _ = (make_student(room, u, n) for u, n in (("ana.l", "Ana Li"), ("ben.o", "Ben Oh"), ("cy.p", "Cy Po")))
    stranger = make_student(make_classroom(make_teacher("o@example.org"), "Other"), "x.y", "Xi Yu")
    before = stranger.password_hash
    response = post(client, f"/teacher/classes/{room.id}/students/reset",
                    {"student_id": [str(ana.id), str(ben.id), str(stranger.id)]})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    passphrases = PASSPHRASE.findall(page)
    db.session.refresh(ana)
    db.session.refresh(ben)
    db.session.refresh(stranger)
    assert len(passphrases) == 2 and accounts.check_password(ana, passphrases[0])
    assert accounts.check_password(ben, passphrases[1]) and stranger.password_hash == before
    nothing = post(client, f"/teacher/classes/{room.id}/students/reset", {"student_id": "abc"})
    assert nothing.status_code == 303 and "Tick at least one student" in client.get(nothing.headers["Location"]).get_data(as_text=True)


def test_held_passphrases_are_unreadable_in_the_database_and_expire(app):
    from datetime import timedelta

    from webapp.models import LoginSheet
    from webapp.models.base import utcnow

    room = classes.create_classroom(make_teacher(), "Period 2")
    added = classes.add_students(room, ["Tom Li", "Maya Brown"])
    sheet = db.session.get(LoginSheet, added.sheet[0])
    assert all(card.passphrase not in sheet.sealed for card in added.cards)
    assert classes.take_cards(room, added.sheet[0], "not-the-key") is None
    sheet.created_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    assert classes.take_cards(room, *added.sheet) is None
    again = classes.add_students(room, ["Ana Li"])
    assert [c.display_name for c in classes.take_cards(room, *again.sheet)] == ["Ana Li"]
    assert classes.take_cards(room, *again.sheet) is None  # once
    assert db.session.scalar(select(func.count()).select_from(LoginSheet)) == 0  # the old one was cleared too
