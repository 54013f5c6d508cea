"""Fixtures: a fresh app and database per test (factories named by role are in factories.py).

Tests write nothing into the checkout: the instance folder (secret key, packs cache) and
Hypothesis's example database live in a temporary folder for the run.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

SCRATCH = Path(tempfile.mkdtemp(prefix="crossings-tests-"))
os.environ.setdefault("CROSSINGS_INSTANCE_PATH", str(SCRATCH / "instance"))
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(SCRATCH / "hypothesis"))

import pytest  # noqa: E402
from factories import IsolatedClient, database_url  # noqa: E402
from hypothesis import settings  # noqa: E402
from hypothesis.database import DirectoryBasedExampleDatabase  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.catalog_sync import sync_catalog  # noqa: E402
from webapp.content_store import get_content  # noqa: E402
from webapp.extensions import db  # noqa: E402

settings.register_profile("hermetic", database=DirectoryBasedExampleDatabase(str(SCRATCH / "hypothesis")))
settings.load_profile("hermetic")


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
                      "SERVER_NAME": "localhost"})
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_catalog(get_content())
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def written(app):
    """A written response (factories.written_question) ends the why-people-leave quiz for this test."""
    from factories import restore_content, with_written_question

    question, saved = with_written_question()
    yield question
    restore_content(saved)




# Modules whose tests check code that is the same whatever the database (content checks,
# exports, fonts, the route map…). On the PostgreSQL run their tests that take no ``app`` are left
# out: they have already run on SQLite, and running them twice kept CI near its time limit.
DATABASE_FREE = {"test_content_check", "test_editorial_checks", "test_exports", "test_exports_ims",
                 "test_print_fonts", "test_question_types", "test_route_map", "test_sanitize",
                 "test_shipped_content", "test_timeline", "test_packs", "test_packs_build"}


def pytest_collection_modifyitems(config, items):
    if not os.environ.get("TEST_DATABASE_URL"):
        return
    again = [item for item in items
             if Path(str(item.fspath)).stem in DATABASE_FREE and "app" not in item.fixturenames]
    if again:
        config.hook.pytest_deselected(items=again)
        items[:] = [item for item in items if item not in again]


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(SCRATCH, ignore_errors=True)
