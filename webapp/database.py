"""Database engine settings that keep concurrent saves safe.

On SQLite every connection uses WAL, enforces foreign keys and waits (busy timeout)
instead of failing. A transaction that will write starts with ``BEGIN IMMEDIATE`` so that
it takes the write lock up front: a deferred transaction that reads and then writes can
hit "database is locked" when another writer got there first, whatever the timeout.
Requests that may write (POST and friends) mark themselves with ``writing()``.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine

_immediate: ContextVar[bool] = ContextVar("immediate_transactions", default=False)
BUSY_TIMEOUT_MS = 15000


@contextmanager
def writing() -> Iterator[None]:
    """Within this block, new SQLite transactions begin IMMEDIATE."""
    token = _immediate.set(True)
    try:
        yield
    finally:
        _immediate.reset(token)


def mark_writing(value: bool) -> None:
    _immediate.set(value)


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
