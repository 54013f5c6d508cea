"""Login cards for a class roster, as a PDF to print and cut apart.

Passphrases are stored only hashed, so they cannot be printed here: each card has a blank
line for the passphrase the teacher saw once, when the login was made or reset. Cards are
built fresh on every download and never cached, because they carry students' names.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .documents import ENV, STATIC_DIR
from .pdf import html_to_pdf


def login_cards_html(class_name: str, join_code: str, sign_in_url: str, students: Sequence[Any]) -> str:
    """``students``: anything with ``display_name`` and ``username`` (a roster of Users)."""
    return ENV.get_template("packs/pdf/cards.html").render(
        class_name=class_name, join_code=join_code, sign_in_url=sign_in_url, students=students,
        stylesheet=(STATIC_DIR / "packs" / "print.css").as_uri())


def login_cards_pdf(class_name: str, join_code: str, sign_in_url: str, students: Sequence[Any],
                    paper: str, content_root: Path) -> bytes:
    return html_to_pdf(login_cards_html(class_name, join_code, sign_in_url, students), paper, content_root)
