"""Crossings inside an LMS iframe: only for sessions that began with an LTI launch.

Two defaults keep Crossings out of other sites' frames, and both stay for everyone else:
- the session cookie is ``SameSite=Lax``: a browser neither stores nor sends it inside a frame on
  another site, so a student launched in the LMS page would be signed out at the next click. A
  launched session's cookie is ``SameSite=None; Secure; Partitioned`` (Secure is required for
  None; Partitioned keeps it to this LMS's pages in browsers that block third-party cookies);
- the CSP says ``frame-ancestors 'none'``: a launched session lets the LMS's own origin frame us.
Over plain HTTP there is no Secure cookie, so the launched session keeps the defaults.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request, session
from flask.sessions import SecureCookieSessionInterface

from ..security import CSP

FRAME_KEY = "lti_frame"  # the session's LMS origins, set at launch


def _framed() -> bool:
    return bool(request and request.is_secure and session.get(FRAME_KEY))


class FrameSessions(SecureCookieSessionInterface):
    def get_cookie_samesite(self, app: Flask) -> str | None:
        return "None" if _framed() else super().get_cookie_samesite(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        return True if _framed() else super().get_cookie_secure(app)

    def get_cookie_partitioned(self, app: Flask) -> bool:
        return True if _framed() else super().get_cookie_partitioned(app)


def origins(*urls: str) -> list[str]:
    """The scheme://host of each URL, once each: the LMS pages that may frame a launched session."""
    found = []
    for url in urls:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme == "https" and parts.netloc and origin not in found:
            found.append(origin)
    return found


def csp_for_frames(response):
    """A launched session's pages may be framed by its LMS (the CSP header is otherwise left to security.py)."""
    allowed = session.get(FRAME_KEY) if request.is_secure else None
    if allowed and "Content-Security-Policy" not in response.headers:
        response.headers["Content-Security-Policy"] = CSP.replace(
            "frame-ancestors 'none'", "frame-ancestors 'self' " + " ".join(allowed))
    return response


def refusal_csp() -> str:
    """A refused launch is shown inside the LMS page, from an LMS we may not know (that can be the
    reason): any HTTPS page may frame it. It holds an explanation and at most a link, nothing to click-jack."""
    return CSP.replace("frame-ancestors 'none'", "frame-ancestors https:")


def form_action_csp(target: str) -> str:
    """The CSP for the page that posts the Deep Linking reply to the LMS (form-action must allow it)."""
    extra = " ".join(origins(target)) or target
    framing = " ".join(session.get(FRAME_KEY) or [])
    return CSP.replace("form-action 'self'", f"form-action 'self' {extra}").replace(
        "frame-ancestors 'none'", f"frame-ancestors 'self' {framing}" if framing else "frame-ancestors 'none'")
