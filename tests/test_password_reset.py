"""A teacher who forgot a password can get back in (classroom tour, friction 10).

By email where the server has an SMTP relay (a fake one on a thread here), and from the
administrator's command line everywhere. The link is signed, expires, works once, and opens
only the account it was made for; the forgot page never says whether an email has an account.
"""
from __future__ import annotations

import re
import socket
import threading
import time
from email import message_from_bytes
from urllib.parse import urlsplit

import pytest
from factories import PASSWORD, login, make_classroom, make_student, make_teacher, post

from webapp import accounts, password_reset
from webapp.cli import accounts_cli
from webapp.extensions import db

NEW = "a much longer new password"


class FakeSMTP:
    """Just enough SMTP to receive messages (no TLS, no login), on a loopback port."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.messages: list = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn, conn.makefile("rb") as lines:
                conn.sendall(b"220 fake ESMTP\r\n")
                for line in lines:
                    command = line.strip().upper()
                    if command.startswith(b"EHLO"):
                        conn.sendall(b"250-fake\r\n250 8BITMIME\r\n")
                    elif command == b"DATA":
                        conn.sendall(b"354 go on\r\n")
                        body = b"".join(iter(lambda: lines.readline(), b".\r\n"))
                        self.messages.append(message_from_bytes(body))
                        conn.sendall(b"250 kept\r\n")
                    elif command == b"QUIT":
                        conn.sendall(b"221 bye\r\n")
                        break
                    else:
                        conn.sendall(b"250 ok\r\n")

    def wait_for(self, count: int, seconds: float = 5.0) -> list:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def smtp(app):
    fake = FakeSMTP()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=fake.port, MAIL_SECURITY="none",
                      MAIL_FROM="crossings@school.example", PUBLIC_URL="http://192.168.1.20:5000")
    yield fake
    fake.close()


def reset_path(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def choose(client, link: str, password: str = NEW):
    token = re.search(r"token=([^&\s]+)", link).group(1)
    return post(client, "/account/reset", {"token": token, "password": password, "confirm": password})


def test_a_reset_link_by_email_sets_a_new_password_once(app, client, smtp):
    teacher = make_teacher("kim@example.org")
    page = post(client, "/account/forgot", {"email": "Kim@Example.org"}).get_data(as_text=True)
    assert "If a teacher account uses" in page
    [message] = smtp.wait_for(1)
    assert message["To"] == "kim@example.org" and message["From"] == "crossings@school.example"
    link = re.search(r"http://192\.168\.1\.20:5000/account/reset\?token=\S+", message.get_payload(decode=True).decode()).group(0)
    assert "Choose a new password" in client.get(reset_path(link)).get_data(as_text=True)
    response = choose(client, link)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    db.session.refresh(teacher)
    assert accounts.check_password(teacher, NEW) and not accounts.check_password(teacher, PASSWORD)
    used = choose(client, link, "yet another new password")
    assert used.status_code == 400 and "This link no longer works" in used.get_data(as_text=True)
    db.session.refresh(teacher)
    assert accounts.check_password(teacher, NEW), "a used link changed nothing"


def test_the_forgot_page_says_the_same_for_an_unknown_email_and_sends_nothing(client, smtp):
    make_teacher("kim@example.org")
    known = post(client, "/account/forgot", {"email": "kim@example.org"}).get_data(as_text=True)
    unknown = post(client, "/account/forgot", {"email": "ghost@example.org"}).get_data(as_text=True)
    assert re.sub(r"kim@|ghost@", "", known) == re.sub(r"kim@|ghost@", "", unknown)
    assert len(smtp.wait_for(2, seconds=1.0)) == 1


def test_students_have_no_reset_by_email(client, smtp):
    student = make_student(make_classroom(make_teacher()), "ann.a")
    post(client, "/account/forgot", {"email": "ann.a"})
    assert password_reset.teacher_by_email("ann.a") is None and student.email is None
    assert smtp.wait_for(1, seconds=0.5) == []


def test_the_forgot_page_is_rate_limited_per_email_with_the_wait_in_words(app, client, smtp):
    app.config["RESET_RATE_LIMIT"] = "2 per hour"
    make_teacher("kim@example.org")
    codes = [post(client, "/account/forgot", {"email": "kim@example.org"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    page = post(client, "/account/forgot", {"email": "kim@example.org"}).get_data(as_text=True)
    assert "Too many tries. Wait about" in page and 'name="email"' in page
    assert len(smtp.wait_for(3, seconds=1.0)) == 2


def test_an_expired_link_is_refused(app, client, monkeypatch):
    teacher = make_teacher()
    app.config["RESET_LINK_MINUTES"] = 60
    earlier = time.time() - 61 * 60
    with monkeypatch.context() as clock:  # a link made 61 minutes ago (itsdangerous reads time.time)
        clock.setattr(time, "time", lambda: earlier)
        link = password_reset.link_for(teacher)
    assert client.get(reset_path(link)).status_code == 400
    assert choose(client, link).status_code == 400
    db.session.refresh(teacher)
    assert accounts.check_password(teacher, PASSWORD)


def test_a_link_opens_only_its_own_account(client):
    kim, lee = make_teacher("kim@example.org"), make_teacher("lee@example.org")
    kims_link = password_reset.link_for(kim)
    assert choose(client, kims_link).status_code == 302
    db.session.refresh(lee)
    assert accounts.check_password(lee, PASSWORD), "lee's password is untouched"
    payload, _, signature = re.search(r"token=(\S+)", password_reset.link_for(lee)).group(1).partition(".")
    forged = re.search(r"token=(\S+)", kims_link).group(1).split(".")
    forged[0] = payload  # lee's account with kim's signature
    assert choose(client, "token=" + ".".join(forged)).status_code == 400
    assert post(client, "/account/reset", {"token": "", "password": NEW, "confirm": NEW}).status_code == 400
    db.session.refresh(lee)
    assert accounts.check_password(lee, PASSWORD)


def test_a_reset_signs_the_account_out_everywhere(app, client):
    teacher = make_teacher()
    login(client, teacher)
    other = app.test_client()
    choose(other, password_reset.link_for(teacher))
    assert client.get("/teacher/").status_code == 302, "the old session ended"


def test_without_email_the_page_sends_people_to_the_administrator(client):
    page = client.get("/account/forgot").get_data(as_text=True)
    assert "This server can't send email" in page and "accounts reset-password" in page
    assert 'name="email"' not in page
    assert post(client, "/account/forgot", {"email": "kim@example.org"}).status_code == 200


def test_the_administrator_prints_a_one_time_link(app, client):
    teacher = make_teacher("kim@example.org")
    runner = app.test_cli_runner()
    refused = runner.invoke(accounts_cli, ["reset-password", "KIM@example.org"])
    assert refused.exit_code != 0 and "/account/reset" not in refused.output and "localhost" not in refused.output
    assert "CROSSINGS_PUBLIC_URL" in refused.output and "--base-url" in refused.output
    result = runner.invoke(accounts_cli, ["reset-password", "KIM@example.org", "--base-url", "http://10.0.0.5:8000/"])
    assert result.exit_code == 0, result.output
    link = re.search(r"http://10.0.0.5:8000/account/reset\?token=\S+", result.output).group(0)
    assert "60 minutes" in result.output
    app.config["PUBLIC_URL"] = "https://crossings.example.org"
    public = runner.invoke(accounts_cli, ["reset-password", "KIM@example.org"]).output
    assert "https://crossings.example.org/account/reset?token=" in public
    assert choose(client, link).status_code == 302
    db.session.refresh(teacher)
    assert accounts.check_password(teacher, NEW)
    missing = runner.invoke(accounts_cli, ["reset-password", "ghost@example.org"])
    assert missing.exit_code != 0 and "No teacher account uses ghost@example.org" in missing.output


def test_the_login_page_says_where_to_go_for_a_forgotten_password(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/account/forgot"' in page and "ask your teacher for a new passphrase" in page


def test_the_reset_form_needs_its_csrf_token(client):
    teacher = make_teacher()
    token = password_reset.make_token(teacher)
    assert client.post("/account/reset", data={"token": token, "password": NEW, "confirm": NEW}).status_code == 400
    db.session.refresh(teacher)
    assert accounts.check_password(teacher, PASSWORD)


def test_production_email_needs_the_public_address(monkeypatch, tmp_path):
    """A link built from a request's Host header could point at someone else's site."""
    from webapp import create_app
    from webapp.config import ConfigError

    monkeypatch.setenv("CROSSINGS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("MAIL_SERVER", "smtp.school.example")
    monkeypatch.delenv("CROSSINGS_PUBLIC_URL", raising=False)
    database = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}"}
    with pytest.raises(ConfigError, match="CROSSINGS_PUBLIC_URL"):
        create_app(database)
    monkeypatch.setenv("CROSSINGS_PUBLIC_URL", "https://crossings.school.example")
    create_app(database)
