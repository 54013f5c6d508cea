"""Schema upgrades and backups of the database.

SQLite is copied with its online backup API, which gives a consistent copy while the app
keeps serving. PostgreSQL is backed up with ``pg_dump`` (see docs/deploy.md).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import stamp, upgrade
from sqlalchemy import inspect

from .extensions import db

FIRST_REVISION = "0001"


def upgrade_database() -> None:
    """Bring the schema up to date; a database made before migrations existed is adopted.

    Adopted at the first revision, or at the latest when its tables already match the models
    (made by ``create_all`` from this version of the code).
    """
    tables = inspect(db.engine).get_table_names()
    if "users" in tables and "alembic_version" not in tables:
        stamp(revision="head" if _matches_models() else FIRST_REVISION)
    upgrade()


def _matches_models() -> bool:
    with db.engine.connect() as connection:
        return not compare_metadata(MigrationContext.configure(connection), db.metadata)


def sqlite_path() -> Path:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise ValueError("this database is not a SQLite file; back up PostgreSQL with pg_dump "
                         "(see docs/deploy.md)")
    return Path(url.database)


def backup_to(target: Path) -> Path:
    """Copy the live SQLite database to ``target`` (consistent even while it is in use)."""
    source = sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def restore_from(backup: Path) -> None:
    """Replace the database's contents with a backup made by ``backup_to``."""
    if not backup.is_file():
        raise FileNotFoundError(f"no backup file at {backup}")
    try:
        with sqlite3.connect(backup) as check:
            healthy = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:  # not a database at all
        healthy = False
    if not healthy:
        raise ValueError(f"{backup} is damaged (integrity check failed); nothing was restored")
    db.session.remove()
    db.engine.dispose()
    with sqlite3.connect(backup) as src, sqlite3.connect(sqlite_path()) as dst:
        src.backup(dst)
