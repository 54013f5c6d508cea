"""Who is signed in, what each request may do, and the headers every response carries."""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from . import answer_saves
from .errors import json_error, wants_json
from .extensions import db, login_manager
from .models import User

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.session_protection = "basic"
    app.after_request(_headers)


@login_manager.user_loader
def load_user(cookie_id: str) -> User | answer_saves.SignedIn | None:
    """Accept a login cookie only while its session version is still the user's."""
    user_id, _, version = cookie_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    if request.endpoint == "student.save_answer":  # the hot path reads a small row (answer_saves)
        return answer_saves.signed_in(int(user_id), int(version))
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.session_version == int(version) else None


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_user.is_authenticated:
        response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config.get("HSTS"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def safe_next(target: str | None) -> str | None:
    """A ``next`` URL only when it stays on this site (a path, no host, no scheme)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return None
    return target


def role_required(role: str):
    """Views for one audience: anyone else gets 403, anonymous users the login page."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return signed_out()
            if current_user.role != role:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def signed_out(message: str | None = None):
    """Not signed in: a page goes to the sign-in form; a script gets 401 JSON, never a redirect.

    A script that followed the redirect would get a 200 sign-in page and could take it for
    success; the JSON names the page to come back to after signing in (the one that sent it).
    With a ``message`` (a form sent after the session ended) a page goes to sign in with that
    message and then back to the page the form was on.
    """
    if not wants_json() and message is None:
        return login_manager.unauthorized()
    came_from = urlsplit(request.referrer or "")
    back = safe_next(came_from.path + (f"?{came_from.query}" if came_from.query else "")) or url_for("main.home")
    if message is not None and not wants_json():
        flash(message, "info")
        return redirect(url_for("auth.login", next=back))
    return json_error(401, "You have been signed out. Sign in again to save your answers.",
                      signin=url_for("auth.login", next=back))


teacher_required = role_required("teacher")
student_required = role_required("student")
