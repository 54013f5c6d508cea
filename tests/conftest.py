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
if os.environ.get("PYTEST_XDIST_WORKER"):  # a worker of `pytest -n`: an instance folder (packs cache) of its own
    os.environ["CROSSINGS_INSTANCE_PATH"] = str(Path(os.environ["CROSSINGS_INSTANCE_PATH"]) /
                                                os.environ["PYTEST_XDIST_WORKER"])

import pytest  # noqa: E402
from factories import DatabaseTemplate, IsolatedClient, worker_database  # noqa: E402
from hypothesis import settings  # noqa: E402
from hypothesis.database import DirectoryBasedExampleDatabase  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402

settings.register_profile("hermetic", database=DirectoryBasedExampleDatabase(str(SCRATCH / "hypothesis")))
settings.load_profile("hermetic")


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    template = DatabaseTemplate(tmp_path_factory.mktemp("template"))
    yield template
    template.drop()


@pytest.fixture
def app(tmp_path, database_template):
    """The app on a new database of its own: the schema and the synced catalog, and nothing else."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_template.fresh(tmp_path),
                      "SERVER_NAME": "localhost"})
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
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


def pytest_configure(config):
    worker_database()


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
