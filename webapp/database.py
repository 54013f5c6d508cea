"""Database engine settings and the one way to change state: ``writing()``.

On SQLite every connection uses WAL, enforces foreign keys and waits (busy timeout)
instead of failing. Every state change happens inside ``writing()``: a short transaction
that begins IMMEDIATE on SQLite, taking the write lock up front (a deferred transaction
that reads and then writes can hit "database is locked" when another writer got there
first, whatever the timeout), and that commits or rolls back on exit. Nothing takes the
lock because of a request's HTTP method, and slow work (password hashing) is done before
the block, so the lock is held only for the writes themselves.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

_immediate: ContextVar[bool] = ContextVar("immediate_transactions", default=False)
BUSY_TIMEOUT_MS = 15000


class WriteOutsideTransaction(RuntimeError):
    """Changes were made to the session before ``writing()``: they belong inside it."""


@contextmanager
def writing() -> Iterator[None]:
    """One write transaction: ends the read transaction, begins IMMEDIATE, commits or rolls back."""
    from .extensions import db

    session = db.session
    if session.new or session.dirty or session.deleted:
        raise WriteOutsideTransaction("changes made before writing(); make them inside the block")
    session.commit()  # ends the request's read transaction; nothing is written
    token = _immediate.set(True)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _immediate.reset(token)


ADVISORY_LOCKS = {"usernames": 7_460_001}


def serialize(name: str) -> None:
    """Inside ``writing()``: one transaction at a time past this point, for work that reads to decide
    what to write (choosing free usernames). SQLite's IMMEDIATE transactions are serial already; on
    PostgreSQL this takes a transaction-scoped advisory lock."""
    from .extensions import db

    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCKS[name]})


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")
