"""Friendly error pages: no stack trace ever reaches a user."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .extensions import db
from .versions import StoredAnswerError

MESSAGES = {
    400: ("Something was wrong with that request", "Please go back and try again."),
    403: ("That page isn't yours to see", "You are signed in, but this belongs to someone else."),
    404: ("We couldn't find that page", "The link may be old, or the page may have moved."),
    405: ("That doesn't work here", "Please use the buttons on the page."),
    429: ("Too many tries", "Please wait a minute before trying again."),
    413: ("That was too large", "Please send something smaller."),
    500: ("Something went wrong on our side", "Your work so far is saved. Please try again in a moment."),
}
# What a script can act on, whatever the wording: the quiz page keys its behaviour on these.
REASONS = {400: "bad_request", 401: "signed_out", 403: "forbidden", 404: "not_found", 405: "bad_request",
           409: "conflict", 413: "too_large", 422: "bad_answer", 429: "busy"}


def wants_json() -> bool:
    """A request from a script (JSON body or JSON accepted first) gets JSON errors, never a page."""
    return request.is_json or request.accept_mimetypes.best == "application/json"


def json_error(code: int, message: str, reason: str | None = None, **extra):
    body = {"error": message, "reason": reason or REASONS.get(code, "server"), **extra}
    return jsonify(body), code


def init_app(app: Flask) -> None:
    app.before_request(_refuse_malformed_bodies)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(StoredAnswerError, _unreadable_answer)
    app.register_error_handler(Exception, _unexpected)


def _refuse_malformed_bodies():
    """A JSON body is an object or nothing: forms read JSON bodies as fields, and a list, a
    number or unparsable text would otherwise end in a 500. No text may hold a NUL character,
    which PostgreSQL refuses to store (another 500)."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    if request.is_json and not isinstance(request.get_json(silent=True), dict):
        return json_error(400, "Expected a JSON object.")
    sent = request.get_json(silent=True) if request.is_json else list(request.form.listvalues())
    if _has_nul(sent):
        return render_error(400, "Text cannot contain the NUL character. Please check what you pasted.")
    return None


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def render_error(code: int, detail: str | None = None, reason: str | None = None, title: str | None = None):
    default_title, message = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    title = title or default_title
    if wants_json():
        return json_error(code, detail or title, reason)
    return render_template("error.html", code=code, title=title, message=detail or message), code


GRADE_KEPT = ("You were signed out, so that grade was not saved. Your unsaved grade is kept on this device: "
              "sign in again and save it.")


def _csrf_error(error: CSRFError):
    """A form sent after the session ended fails its CSRF check first: on the grading pages that
    means sign-in again (the page's script keeps the draft), not a dead end."""
    from flask_login import current_user

    if request.blueprint == "grading" and not current_user.is_authenticated:
        from .security import signed_out

        return signed_out(GRADE_KEPT)
    return render_error(400, "This form had expired. Please reload the page and try again.", reason="csrf")


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return render_error(error.code)


def _unreadable_answer(error: StoredAnswerError):
    """An answer saved in a shape this code does not read: the log names it, the page says what it is."""
    db.session.rollback()
    from flask import current_app

    current_app.logger.error("Unreadable stored answer: %s", error)
    return render_error(500, "An answer here was saved by a different version of Crossings, so it can't be "
                             "shown. Please tell the person who runs Crossings; nothing was changed.")


def _unexpected(error: Exception):
    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("Unhandled error")
    return render_error(500)
