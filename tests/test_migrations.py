"""Alembic migrations bring any earlier schema up to date; backups restore."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from factories import make_assignment, make_attempt, make_classroom, make_student, make_teacher
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select

from webapp.backup import FIRST_REVISION, backup_to, restore_from, upgrade_database
from webapp.catalog_sync import sync_catalog
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Attempt, Classroom, Response, User


@pytest.fixture
def empty_db(app):
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    yield app


def test_migrations_build_exactly_the_schema_the_models_describe(empty_db):
    upgrade()
    with db.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diffs == []


def test_upgrading_the_first_schema_keeps_every_row(empty_db):
    upgrade(revision=FIRST_REVISION)
    sync_catalog(get_content())
    teacher = make_teacher()
    classroom = make_classroom(teacher)
    students = [make_student(classroom, f"s{i}") for i in range(3)]
    assignment = make_assignment(classroom)
    for student in students:
        attempt = make_attempt(assignment, student, status="submitted", score=2.0, max_score=16.0)
        db.session.add(Response(attempt_id=attempt.id, question_id="leave-main-reason", answer="b", points=1.0))
    db.session.commit()
    before = {m.__name__: db.session.scalar(select(func.count()).select_from(m))
              for m in (User, Classroom, Attempt, Response)}
    db.session.remove()
    upgrade()
    after = {m.__name__: db.session.scalar(select(func.count()).select_from(m))
             for m in (User, Classroom, Attempt, Response)}
    assert after == before == {"User": 4, "Classroom": 1, "Attempt": 3, "Response": 3}
    assert db.session.scalar(select(Response.answer).limit(1)) == "b"


def test_a_database_made_before_migrations_is_adopted(empty_db):
    upgrade(revision=FIRST_REVISION)  # the tables of before migrations (later ones add tables of their own)
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE alembic_version")
    upgrade_database()
    with db.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() is not None


def test_downgrade_to_nothing_and_back(empty_db):
    upgrade()
    downgrade(revision="base")
    upgrade()
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_backup_and_restore(app, tmp_path):
    if db.engine.url.get_backend_name() != "sqlite":
        pytest.skip("flask db backup copies SQLite files; PostgreSQL is backed up with pg_dump")
    make_teacher("kept@example.org")
    backup = backup_to(tmp_path / "backup.sqlite")
    make_teacher("later@example.org")
    restore_from(backup)
    assert db.session.scalars(select(User.email)).all() == ["kept@example.org"]


def test_restore_refuses_a_damaged_file_and_changes_nothing(app, tmp_path):
    if db.engine.url.get_backend_name() != "sqlite":
        pytest.skip("SQLite backups only")
    make_teacher("kept@example.org")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(ValueError, match="damaged"):
        restore_from(bad)
    assert db.session.scalars(select(User.email)).all() == ["kept@example.org"]


def test_backup_command(app, tmp_path):
    if db.engine.url.get_backend_name() != "sqlite":
        pytest.skip("SQLite backups only")
    result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "b.sqlite")])
    assert result.exit_code == 0 and (tmp_path / "b.sqlite").stat().st_size > 0
