"""A teacher who forgot a password gets a one-time link, by email or from the administrator.

The link carries a signed, expiring token (itsdangerous, with the app's secret key) that names
the account and a fingerprint of its current password hash: once the password changes, every
link made before dies, so a link works once. Students have no email: their teacher gives them
a new passphrase on the class page.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app, has_request_context, request, url_for
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import func, select

from . import accounts, mail
from .extensions import db
from .models import User
from .models.accounts import TEACHER

SALT = "password-reset"
CLI_ADDRESS = "http://localhost:5000"  # the address in a link made outside a request when none is set


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt=SALT)


def _fingerprint(user: User) -> str:
    """Changes with the password; says nothing about it (a hash of the argon2 hash)."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:24]


def minutes() -> int:
    return int(current_app.config["RESET_LINK_MINUTES"])


def teacher_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.role == TEACHER,
                                                func.lower(User.email) == email.strip().lower()))


def make_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "pw": _fingerprint(user)})


def user_for(token: str) -> User | None:
    """The teacher a token was made for, while it is fresh and their password unchanged; else None."""
    try:
        data = _serializer().loads(token, max_age=minutes() * 60)
    except BadData:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = db.session.get(User, data["user"])
    if user is None or user.role != TEACHER:
        return None
    return user if hmac.compare_digest(str(data.get("pw", "")), _fingerprint(user)) else None


def link_for(user: User, base: str | None = None) -> str:
    """The reset link at ``base``, else at CROSSINGS_PUBLIC_URL when set (never at a Host header
    someone sent)."""
    token = make_token(user)
    if has_request_context():
        return _address(base, request.host_url) + url_for("auth.reset_password", token=token)
    with current_app.test_request_context():
        return _address(base, CLI_ADDRESS) + url_for("auth.reset_password", token=token)


def _address(base: str | None, fallback: str) -> str:
    return str(base or current_app.config.get("PUBLIC_URL") or fallback).rstrip("/")


def email_link(email: str) -> None:
    """Mail a reset link if a teacher has this email; the same (quick) return either way."""
    user = teacher_by_email(email)
    if user is None or not user.email:
        return
    mail.send_later(user.email, "Reset your Crossings password", (
        f"Someone, probably you, asked to reset the password of the Crossings account {user.email}.\n\n"
        f"To choose a new password, open this link within {minutes()} minutes. It works once:\n\n"
        f"{link_for(user)}\n\n"
        "If you did not ask, you can ignore this email: your password stays as it is.\n"))


def reset(user: User, password: str) -> None:
    """The new password; every session of the account ends and every older link dies."""
    accounts.change_password(user, password)
