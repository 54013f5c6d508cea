"""Accounts: password hashing, generated student logins, and finding users."""
from __future__ import annotations

import contextlib
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from .database import serialize, writing
from .extensions import db
from .models import User
from .models.accounts import STUDENT, TEACHER
from .rosters.names import PersonName, split_name, username_stems

# argon2id at OWASP's minimum: 19 MiB of memory, 2 passes, 1 lane.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
WORDS = Path(__file__).with_name("words.txt").read_text(encoding="utf-8").split()
# A hash of a random password: checking a login for an unknown account costs the same time.
_DUMMY_HASH = HASHER.hash(secrets.token_hex(16))


BULK_NICENESS = 15  # 0 is normal, 19 the lowest


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def hash_in_background(secrets_: list[str]) -> list[str]:
    """Hashes for a whole roster, computed on a thread of low CPU priority.

    Two hundred argon2 hashes take seconds of CPU; at normal priority four teachers pasting at
    once would starve every student's answer save on a two-core server. A fresh thread is niced
    (Linux lets any process lower a thread's priority) and ends with the work, so no request
    thread keeps the low priority.
    """
    def run() -> list[str]:
        with contextlib.suppress(OSError, AttributeError):  # not Linux, or not allowed: normal priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BULK_NICENESS)
        return [hash_password(s) for s in secrets_]

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def hash_passphrases(passphrases: list[str]) -> list[str]:
    """Hashes for new passphrases, before the write transaction: one at normal priority, a batch
    on the low-priority thread (``hash_in_background``)."""
    if len(passphrases) > 1:
        return hash_in_background(passphrases)
    return [hash_password(p) for p in passphrases]


def check_password(user: User | None, password: str) -> bool:
    """True when the password is the user's; as slow for an unknown user as a known one."""
    try:
        return HASHER.verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    except (VerificationError, InvalidHashError):
        return False


def new_passphrase() -> str:
    """Three everyday words and a number: easy to type for a 13-year-old, hard to guess."""
    words = [secrets.choice(WORDS) for _ in range(3)]
    return "-".join(words) + f"-{secrets.randbelow(90) + 10}"


def username_for(name: PersonName | str) -> str:
    """The shortest free readable username: ``maria.k``, then ``maria.ka``, ``maria.kang``; a digit
    (``maria.k2``) only when the whole family name is taken too. Call it under
    ``serialize("usernames")`` when the name is to be stored."""
    stems = username_stems(split_name(name) if isinstance(name, str) else name)
    prefix = stems[0].split(".")[0]
    taken = set(db.session.scalars(select(User.username).where(User.username.like(f"{prefix}%"))))
    free = next((stem for stem in stems if stem not in taken), None)
    if free:
        return free
    n = 2
    while f"{stems[0]}{n}" in taken:
        n += 1
    return f"{stems[0]}{n}"


def create_teacher(email: str, password: str, display_name: str, time_zone: str | None = None) -> User:
    password_hash = hash_password(password)  # before the write transaction: argon2 is slow
    with writing():
        user = User(role=TEACHER, email=email.strip().lower(), display_name=display_name.strip(),
                    password_hash=password_hash, time_zone=time_zone)
        db.session.add(user)
    return user


def set_time_zone(user: User, time_zone: str) -> None:
    with writing():
        user.time_zone = time_zone


def add_student(name: PersonName | str, password_hash: str, username: str | None = None, **ids: str | None) -> User:
    """A new student row (inside the caller's ``writing()``), with a free username unless one is given
    (``ids``: ``sourced_id``, ``student_number`` from a roster file)."""
    serialize("usernames")  # two rosters pasted at once must not pick the same free name
    name = split_name(name) if isinstance(name, str) else name
    user = User(role=STUDENT, username=username or username_for(name), display_name=name.display,
                password_hash=password_hash, **ids)
    db.session.add(user)
    db.session.flush()
    return user


def unusable_password_hash() -> str:
    """For accounts that sign in only through an LMS: the hash of a random secret nobody is told.
    Slow (argon2): make it before ``writing()``."""
    return hash_password(secrets.token_urlsafe(32))


def change_password(user: User, password: str) -> None:
    """A new password; every other session of the user ends."""
    password_hash = hash_password(password)
    with writing():
        user.password_hash = password_hash
        end_all_sessions(user)


def sign_out_everywhere(user: User) -> None:
    with writing():
        end_all_sessions(user)


def find_login(identifier: str) -> User | None:
    """A teacher by email or a student by username."""
    ident = identifier.strip().lower()
    column = User.email if "@" in ident else User.username
    return db.session.scalar(select(User).where(func.lower(column) == ident))


def end_all_sessions(user: User) -> None:
    """Every login cookie issued to this user stops working."""
    user.session_version += 1
