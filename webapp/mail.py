"""Sending email, when the server has an SMTP relay (MAIL_SERVER); plain smtplib.

A message is sent on a short-lived thread: a page must answer in the same time whether or not
it sent mail (the forgot-password page must not tell who has an account), and a slow relay
must not hold a request.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from email.message import EmailMessage

from flask import current_app

TIMEOUT_SECONDS = 20


def configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_later(to: str, subject: str, body: str) -> threading.Thread:
    """Send one plain-text message on a background thread; failures are logged, never shown."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"] or config["MAIL_USERNAME"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    settings = {key: config[key] for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_SECURITY", "MAIL_USERNAME",
                                             "MAIL_PASSWORD")}
    thread = threading.Thread(target=_send, args=(message, settings, current_app.logger), daemon=True)
    thread.start()
    return thread


def _send(message: EmailMessage, settings: dict, logger: logging.Logger) -> None:
    security = settings["MAIL_SECURITY"]
    try:
        if security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings["MAIL_SERVER"], settings["MAIL_PORT"],
                                                  timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(settings["MAIL_SERVER"], settings["MAIL_PORT"], timeout=TIMEOUT_SECONDS)
        with smtp:
            if security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings["MAIL_USERNAME"]:
                smtp.login(settings["MAIL_USERNAME"], settings["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        logger.error("Could not send email to %s: %s", message["To"], error)
