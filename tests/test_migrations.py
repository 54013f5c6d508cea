"""Alembic migrations bring any earlier schema up to date; backups restore."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from factories import make_teacher
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, func, insert, select

from webapp.backup import FIRST_REVISION, backup_to, restore_from, upgrade_database
from webapp.catalog_sync import sync_catalog
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Attempt, Classroom, QuestionVersion, Response, User
from webapp.models.base import utcnow
from webapp.models.work import ANSWER_FORMAT


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


def add_row(table_name: str, **values) -> int:
    """A row in the table as the database has it now (the models may describe a later schema)."""
    table = Table(table_name, MetaData(), autoload_with=db.session.connection())
    return db.session.execute(insert(table).values(**values)).inserted_primary_key[0]


def test_upgrading_the_first_schema_keeps_every_row(empty_db):
    upgrade(revision=FIRST_REVISION)
    now, login = utcnow(), dict(password_hash="x", session_version=1)
    add_row("lessons", id="why-people-leave", title="Why", position=1, kind="lesson", content_hash="l",
            retired=False, updated_at=now)
    add_row("questions", id="leave-main-reason", lesson_id="why-people-leave", position=1, type="single_choice",
            objective="o", skill="recall", prompt="p", content_hash="q1", retired=False)
    teacher = add_row("users", role="teacher", email="t@example.org", display_name="T", created_at=now, **login)
    classroom = add_row("classrooms", teacher_id=teacher, name="P1", join_code="ABC234", allow_join=False,
                        archived=False, created_at=now)
    assignment = add_row("assignments", classroom_id=classroom, lesson_id="why-people-leave", attempts_allowed=1,
                         show_answers="immediately", shuffle=False, instructions="", created_at=now)
    for i in range(3):
        student = add_row("users", role="student", username=f"s{i}", display_name=f"S {i}", created_at=now, **login)
        add_row("enrollments", classroom_id=classroom, student_id=student, joined_at=now)
        attempt = add_row("attempts", assignment_id=assignment, student_id=student, number=1, status="submitted",
                          shuffle_seed=0, started_at=now, score=2.0, max_score=16.0)
        add_row("responses", attempt_id=attempt, question_id="leave-main-reason", answer="b", points=1.0,
                client_seq=0, answered_at=now)
    db.session.commit()
    before = {m.__name__: db.session.scalar(select(func.count()).select_from(m))
              for m in (User, Classroom, Attempt, Response)}
    db.session.remove()
    upgrade()
    after = {m.__name__: db.session.scalar(select(func.count()).select_from(m))
             for m in (User, Classroom, Attempt, Response)}
    assert after == before == {"User": 4, "Classroom": 1, "Attempt": 3, "Response": 3}
    assert db.session.scalar(select(Response.answer).limit(1)) == "b"
    back_filled = db.session.scalars(select(QuestionVersion)).one()  # 0006: the answered question's version 1
    assert (back_filled.question_id, back_filled.number, back_filled.data) == ("leave-main-reason", 1, None)
    assert set(db.session.scalars(select(Response.version_id))) == {back_filled.id}
    assert set(db.session.scalars(select(Response.answer_format))) == {ANSWER_FORMAT}
    sync_catalog(get_content())  # the next sync fills version 1 from the files; no second version
    assert db.session.scalars(select(QuestionVersion.number).where(
        QuestionVersion.question_id == "leave-main-reason")).all() == [1]
    assert db.session.get(QuestionVersion, back_filled.id).data["id"] == "leave-main-reason"


def test_a_database_made_before_migrations_is_adopted(empty_db):
    upgrade(revision=FIRST_REVISION)  # the first schema, as made before migrations existed
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE alembic_version")
    upgrade_database()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() is not None
        assert compare_metadata(context, db.metadata) == []


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
