"""Login cards, and new passphrases sealed for the one view that shows them.

Passphrases are stored only hashed. Between creating logins (a POST) and showing them (the
GET it redirects to) they are held in the database, encrypted (Fernet: AES with an HMAC) with
a key that only the teacher's session cookie holds: neither the database nor the cookie alone
can read them, and a reload after the one view shows nothing.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken


@dataclass(frozen=True)
class Card:
    """One student's login card; ``passphrase`` only right after it was made or reset."""

    display_name: str
    username: str
    passphrase: str | None = None

    @classmethod
    def of(cls, student: Any, passphrase: str | None = None) -> Card:
        return cls(student.display_name, student.username or "", passphrase)


def seal(cards: list[Card]) -> tuple[str, str]:
    """The cards encrypted, and the key (for the session) that opens them."""
    key = Fernet.generate_key()
    token = Fernet(key).encrypt(json.dumps([asdict(card) for card in cards]).encode())
    return token.decode(), key.decode()


def unseal(sealed: str, key: str) -> list[Card] | None:
    """The cards, or None when the key is not the one they were sealed with."""
    try:
        data = json.loads(Fernet(key.encode()).decrypt(sealed.encode()))
    except (InvalidToken, ValueError, TypeError):
        return None
    return [Card(**card) for card in data]
