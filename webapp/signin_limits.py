"""Sign-in limits that slow guessing down without letting anyone lock another person out.

Only failed sign-ins count. A device on which an account has signed in before carries a signed
cookie naming that account (a trusted device): the limits per account and per address do not
apply to it, so failures elsewhere (an attacker with a username from a login card, or a whole
school behind one address) cannot keep a student out of their own laptop. A device's own
failures still count, under a key for that account on that device. This follows OWASP's
"device cookies" defence against online guessing.
"""
from __future__ import annotations

import secrets
import time
from typing import Any

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response

from .extensions import limiter

COOKIE = "crossings_device"
MAX_ACCOUNTS = 8            # accounts remembered per device (a shared classroom laptop)
COOKIE_DAYS = 365


def _field(name: str) -> str:
    """A field of the form or of a JSON body alike, folded for use in a key."""
    data: Any = request.get_json(silent=True) if request.is_json else request.form
    value = data.get(name) if hasattr(data, "get") else None
    return str(value or "").strip().casefold()[:254]


def identifier() -> str:
    """The account being signed in to."""
    return _field("identifier")


def reset_key() -> str:
    """Password reset requests for one email, wherever they come from."""
    return "reset:" + _field("email")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key or "", salt="trusted-device")


def _device() -> dict:
    try:
        data = _serializer().loads(request.cookies.get(COOKIE, ""))
    except BadSignature:
        return {}
    return data if isinstance(data, dict) else {}


def is_trusted() -> bool:
    """This device has signed in to this account before."""
    return identifier() in _device().get("accounts", [])


def account_key() -> str:
    return "login:" + identifier()


def device_key() -> str:
    return f"login:{identifier()}:{_device().get('id') or request.remote_addr}"


def failed(response: Response) -> bool:
    """A sign-in that did not succeed (a successful one redirects)."""
    return response.status_code != 302


def remember(response: Response, account: str) -> Response:
    """Mark this device as trusted for the account it just signed in to."""
    device = _device()
    accounts = [a for a in device.get("accounts", []) if a != account][-(MAX_ACCOUNTS - 1):] + [account]
    value = _serializer().dumps({"id": device.get("id") or secrets.token_urlsafe(12), "accounts": accounts})
    response.set_cookie(COOKIE, value, max_age=COOKIE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def wait_seconds() -> int:
    """How long until the limit this request ran into lets the next try through."""
    limit = limiter.current_limit  # the breached one (the limiter stops at the first)
    return max(1, limit.reset_at - int(time.time())) if limit is not None else 60


def in_words(seconds: int) -> str:
    """45 -> "45 seconds"; 150 -> "about 3 minutes": a wait as a person says it."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = round(seconds / 60)
    if minutes < 60:
        return "about a minute" if minutes == 1 else f"about {minutes} minutes"
    hours = round(minutes / 60)
    return "about an hour" if hours == 1 else f"about {hours} hours"
