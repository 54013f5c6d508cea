"""Login cards for a class roster: one card design, as a PDF to print and cut apart (here) or
as the page shown right after logins are made or reset (``teacher/logins.html``); both use
``_login_card.html``.

Passphrases are stored only hashed, so a card printed later says the passphrase was on the
student's first card and the teacher can make a new one. Cards are built fresh on every
download and never cached, because they carry students' names.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..rosters.sheets import Card
from .documents import ENV, STATIC_DIR
from .pdf import html_to_pdf

SIGN_IN_PATH = "login"


def sign_in_address(public_url: str | None, host_url: str) -> str | None:
    """The sign-in address for cards: the configured public URL, else the address the teacher
    used, unless that is this machine only (127.0.0.1, localhost, ::1): then None, and the
    card says to ask the teacher."""
    if public_url:
        return public_url.rstrip("/") + "/" + SIGN_IN_PATH
    host = urlsplit(host_url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return None
    try:
        if ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified:
            return None
    except ValueError:
        pass  # a name, not an address
    return host_url.rstrip("/") + "/" + SIGN_IN_PATH


def login_cards_html(classroom: Any, cards: Sequence[Card], sign_in_url: str | None) -> str:
    return ENV.get_template("packs/pdf/cards.html").render(
        class_name=classroom.name, cards=cards, sign_in_url=sign_in_url,
        stylesheet=(STATIC_DIR / "packs" / "print.css").as_uri())


def login_cards_pdf(classroom: Any, cards: Sequence[Card], sign_in_url: str | None, paper: str,
                    content_root: Path) -> bytes:
    return html_to_pdf(login_cards_html(classroom, cards, sign_in_url), paper, content_root)
