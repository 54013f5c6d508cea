"""Packs in the app and on the command line: who may download what, and what they get."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from factories import login, make_classroom, make_student, make_teacher

from webapp import classes, create_app
from webapp.extensions import db
from webapp.packs.cli import packs_cli

MINI = Path(__file__).parent / "fixtures" / "mini"
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def packs_dir(tmp_path_factory):
    """One cache for the module, so each pack is built once however many tests download it."""
    return tmp_path_factory.mktemp("packs-cache")


@pytest.fixture
def teacher_client(app, client, packs_dir):
    app.config["PACKS_DIR"] = str(packs_dir)
    teacher = make_teacher()
    login(client, teacher)
    return client, teacher


def test_a_teacher_downloads_a_lesson_pack_as_pdf(teacher_client):
    client, _ = teacher_client
    with client.get("/teacher/packs/lessons/why-people-leave/student/letter.pdf") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")
        assert "crossings-why-people-leave-student-letter.pdf" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("url", ["/teacher/packs/lessons/no-such-lesson/student/a4.pdf",
                                 "/teacher/packs/lessons/why-people-leave/answers/a4.pdf",
                                 "/teacher/packs/lessons/why-people-leave/student/a3.pdf",
                                 "/teacher/packs/unit/student/tabloid.pdf"])
def test_unknown_lessons_kinds_and_papers_are_not_found(teacher_client, url):
    client, _ = teacher_client
    with client.get(url) as response:
        assert response.status_code == 404


@pytest.mark.parametrize("who", ["student", "anonymous"])
def test_students_and_anonymous_users_get_no_pack(app, client, who, packs_dir):
    app.config["PACKS_DIR"] = str(packs_dir)
    if who == "student":
        login(client, make_student(make_classroom(make_teacher())))
    for url in ("/teacher/packs/unit/teacher/a4.pdf", "/teacher/packs/lessons/why-people-leave/teacher/a4.pdf",
                "/teacher/packs/offline.zip", "/teacher/packs/"):
        with client.get(url) as response:
            assert response.mimetype not in ("application/pdf", "application/zip")
            if who == "student":
                assert response.status_code == 403
            else:
                assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert not list(packs_dir.glob("unit-teacher-*")), "nothing was built for them"


def test_login_cards_show_roster_and_address_but_never_a_passphrase_or_join_code(app, teacher_client):
    client, teacher = teacher_client
    app.config["PUBLIC_URL"] = "https://crossings.example.org/"
    room = classes.create_classroom(teacher, "Period 4")
    logins = classes.add_students(room, ["Min-ji Park", "Sam O'Neill"]).cards
    db.session.commit()
    response = client.get(f"/teacher/packs/classes/{room.id}/login-cards/a4.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    if PDFTOTEXT is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils); card text not checked")
    text = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=response.data, capture_output=True,
                          check=True).stdout.decode()
    for login_ in logins:
        assert login_.display_name in text and login_.username in text
        assert login_.passphrase not in text
    assert room.join_code not in text and "https://crossings.example.org/login" in text
    assert "Passphrase" in text and "hashed" in text and "on your first login card" in text


def test_login_cards_of_another_teachers_class_are_not_found(teacher_client):
    client, _ = teacher_client
    other = make_classroom(make_teacher("other@example.org"), "Not yours")
    make_student(other)
    assert client.get(f"/teacher/packs/classes/{other.id}/login-cards/a4.pdf").status_code == 404


def test_the_offline_edition_downloads_as_a_zip(teacher_client):
    client, _ = teacher_client
    with client.get("/teacher/packs/offline.zip") as response:
        assert response.status_code == 200 and response.mimetype == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert "crossings-offline/index.html" in names and "crossings-offline/quiz-why-people-leave.html" in names


def test_teacher_pages_link_to_the_downloads(teacher_client):
    client, teacher = teacher_client
    room = make_classroom(teacher)
    make_student(room)
    index = client.get("/teacher/packs/").get_data(as_text=True)
    for href in ("/teacher/packs/unit/student/a4.pdf", "/teacher/packs/unit/teacher/letter.pdf",
                 "/teacher/packs/lessons/the-route/student/letter.pdf", "/teacher/packs/offline.zip",
                 f"/teacher/packs/classes/{room.id}/login-cards/a4.pdf"):
        assert f'href="{href}"' in index, href
    assert "shown once when you create or reset logins" in index
    assert 'href="/teacher/packs/"' in client.get("/teacher/lessons").get_data(as_text=True)
    preview = client.get("/teacher/lessons/the-route").get_data(as_text=True)
    assert 'href="/teacher/packs/lessons/the-route/teacher/a4.pdf"' in preview
    page = client.get(f"/teacher/classes/{room.id}").get_data(as_text=True)
    assert f'href="/teacher/packs/classes/{room.id}/login-cards/letter.pdf"' in page


def cli(tmp_path, *args):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}",
                      "CONTENT_ROOT": str(MINI), "PACKS_DIR": str(tmp_path / "cache")})
    return app.test_cli_runner().invoke(packs_cli, ["build", *args])


def test_cli_builds_every_pack_then_reuses_them(tmp_path):
    out = tmp_path / "out"
    result = cli(tmp_path, "--out", str(out), "--paper", "letter")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "crossings-mini-student-letter.pdf", "crossings-mini-teacher-letter.pdf",
        "crossings-unit-student-letter.pdf", "crossings-unit-teacher-letter.pdf"]
    assert "4 packs" in result.output and "4 built" in result.output
    again = cli(tmp_path, "--out", str(out), "--paper", "letter")
    assert again.exit_code == 0 and "0 built, 4 unchanged" in again.output


def test_cli_builds_one_lesson_or_says_which_lessons_exist(tmp_path):
    result = cli(tmp_path, "--lesson", "mini", "--out", str(tmp_path / "one"))
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "one").glob("*.pdf"))) == 2
    wrong = cli(tmp_path, "--lesson", "nope")
    assert wrong.exit_code == 2 and "no lesson has id 'nope' (known: mini)" in wrong.output


def test_cli_writes_the_offline_edition_folder_and_zip(tmp_path):
    result = cli(tmp_path, "--html", "--out", str(tmp_path / "web"))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "web" / "crossings-offline"
    assert (folder / "index.html").is_file() and (folder / "quiz-mini.html").is_file()
    assert (tmp_path / "web" / "crossings-offline.zip").is_file()


def test_the_packs_page_warns_that_the_offline_edition_holds_every_answer_key(teacher_client):
    """Security probe finding 10: the offline edition carries every quiz key in its page source."""
    client, _ = teacher_client
    html = client.get("/teacher/packs/").get_data(as_text=True)
    warning = html.index("answer keys are in its pages")
    assert warning < html.index("Download the offline edition")
    assert "not for graded quizzes" in html
