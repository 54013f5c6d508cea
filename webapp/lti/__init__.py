"""LTI 1.3 Advantage: Crossings as a tool an LMS launches, with Deep Linking, grades (AGS) and rosters (NRPS).

- ``toolconf``: the LTI library's view of our tables (registrations, deployments, its values).
- ``keys``: our signing keys and the JWKS; ``platforms``: registrations and who is an admin.
- ``tool``: the library wired to Flask (OIDC login, launch checks, Deep Linking replies).
- ``launch``: a checked launch becomes a signed-in user in the class bound to the course.
- ``deeplink``: picked lessons become assignments; ``outbox``: scores to the LMS; ``roster``: NRPS.
- ``problems``: refused launches in plain words; ``frames``: cookies and CSP inside an LMS iframe.
The routes are in ``views/lti.py``.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from .cli import lti_cli
    from .frames import FrameSessions
    from .outbox import Sender

    app.config.setdefault("LTI_RETRY_SECONDS", 30)
    app.session_interface = FrameSessions()
    sender = app.extensions["lti_sender"] = Sender(app)
    app.cli.add_command(lti_cli)

    @app.before_request
    def _send_waiting_scores():
        """A restarted server sends the scores that waited, from its first request on (the thread
        looks; the request only starts it). Test apps come and go by the hundred: they start it on a submit."""
        if sender.thread is None and not app.testing:
            sender.wake()
