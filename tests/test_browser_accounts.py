"""The account pages from the classroom tour (friction 6 and 10) in a real browser, with axe."""
from __future__ import annotations

from test_browser import browser, check_accessible, live_server, page, pytestmark, shots, sign_in  # noqa: F401

from webapp import password_reset


def test_too_many_tries_keeps_the_sign_in_form_and_says_how_long(live_server, page, shots):
    app, base = live_server
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    try:
        for _ in range(3):
            sign_in(page, base, "teacher@example.org", "not the password")
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    alert = page.get_by_role("alert")
    assert "Too many tries. Wait" in alert.inner_text() and "then try again" in alert.inner_text()
    assert page.get_by_label("Email or username").input_value() == "teacher@example.org"
    check_accessible(page)
    page.screenshot(path=shots / "sign-in-too-many-tries.png")


def test_forgot_and_reset_pages_are_accessible(live_server, page, shots):
    app, base = live_server
    page.goto(f"{base}/account/forgot")
    assert "can't send email" in page.inner_text("main")
    check_accessible(page)
    app.config["MAIL_SERVER"] = "127.0.0.1"  # the form shows; nothing is sent from this test
    try:
        page.goto(f"{base}/account/forgot")
        check_accessible(page)
        page.screenshot(path=shots / "forgot-password.png")
    finally:
        app.config["MAIL_SERVER"] = None
    with app.test_request_context():
        from webapp.extensions import db
        from webapp.models import User

        teacher = db.session.query(User).filter_by(email="teacher@example.org").one()
        link = password_reset.link_for(teacher)
    page.goto(base + link[link.index("/account/"):])
    assert page.get_by_label("New password", exact=True).is_visible()
    check_accessible(page)
    page.screenshot(path=shots / "reset-password.png")


def test_join_while_signed_in_asks_first(live_server, page, shots):
    _, base = live_server
    sign_in(page, base, "ana.l", "maple-river-lantern-42")
    page.goto(f"{base}/join")
    assert "Joining makes a new student account" in page.inner_text("main")
    check_accessible(page)
    page.screenshot(path=shots / "join-while-signed-in.png")
    page.get_by_role("link", name="Cancel").click()
    assert "/student/" in page.url
    page.goto(f"{base}/join")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_label("Class code").is_visible() and "You are signed out" in page.inner_text("main")
