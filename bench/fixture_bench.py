"""What the test suite pays per test before the test itself runs: its database, and a login.

Run:  .venv/bin/python bench/fixture_bench.py  [--rounds 30]
      scripts/with-postgres.sh .venv/bin/python bench/fixture_bench.py   (the same on PostgreSQL)

Interleaves, round by round, the ``app`` fixture's old way of making a test's database (drop_all,
create_all, sync_catalog, and drop_all after) with the new one (a copy of a template built once:
a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL), and a login's password check
at the app's argon2id cost with the check at the cost of the tests' shared hash. Prints the median
of each in milliseconds. Interleaving keeps other work on the machine from favouring either side.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("CROSSINGS_INSTANCE_PATH", tempfile.mkdtemp(prefix="crossings-bench-"))

from factories import PASSWORD, DatabaseTemplate, database_url, password_hash

from webapp import accounts, create_app
from webapp.catalog_sync import sync_catalog
from webapp.content_store import get_content
from webapp.extensions import db


def old_database(folder: Path) -> None:
    with create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url(folder)}).app_context():
        db.drop_all()
        db.create_all()
        sync_catalog(get_content())
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def new_database(template: DatabaseTemplate, folder: Path) -> None:
    with create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": template.fresh(folder)}).app_context():
        db.session.remove()
        db.engine.dispose()


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    app_cost = accounts.hash_password(PASSWORD)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = DatabaseTemplate(folder)
        old_database(folder)  # the first app and catalog load are paid once either way
        times: dict[str, list[float]] = {"database, old": [], "database, new": [],
                                         "login check, app's cost": [], "login check, tests' hash": []}
        for _ in range(rounds):
            times["database, old"].append(timed(old_database, folder))
            times["database, new"].append(timed(new_database, template, folder))
            times["login check, app's cost"].append(timed(accounts.HASHER.verify, app_cost, PASSWORD))
            times["login check, tests' hash"].append(timed(accounts.HASHER.verify, password_hash(), PASSWORD))
        template.drop()
    print(f"{'sqlite' if 'sqlite' in database_url(folder) else 'postgresql'}, {rounds} rounds, median ms")
    for name, values in times.items():
        print(f"  {name:26} {statistics.median(values):8.1f}")


if __name__ == "__main__":
    main()
