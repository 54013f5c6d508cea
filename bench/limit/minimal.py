"""The yardsticks for ``make bench-limit``: the least a Flask answer save can be, and a bare route.

``POST /save/<attempt_id>`` does the same work as Crossings' answer save, with nothing else: plain
``sqlite3`` (one connection per thread, WAL and the app's pragmas), the body read as JSON,
``BEGIN IMMEDIATE``, the attempt's status, the same ``INSERT … ON CONFLICT DO UPDATE`` (a newer
stored seq wins), the count of answers, ``COMMIT`` and a small JSON reply. No session, no sign-in,
no CSRF, no ORM. ``GET /bare`` returns constant JSON: Flask and gunicorn alone.

    MINIMAL_DATABASE=/tmp/x/minimal.sqlite gunicorn --workers 5 --threads 4 "bench.limit.minimal:create_app()"

The database is a copy of the benchmark's own (bench/limit/run.py makes it), so the tables and
indexes are the app's.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import UTC, datetime

from flask import Flask, jsonify, request

UPSERT = """
INSERT INTO responses (attempt_id, question_id, answer, points, client_seq, answered_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (attempt_id, question_id) DO UPDATE SET
  answer = excluded.answer, points = excluded.points, answered_at = excluded.answered_at,
  client_seq = excluded.client_seq
WHERE responses.client_seq <= excluded.client_seq OR excluded.client_seq = 0
RETURNING answered_at
"""


def create_app() -> Flask:
    app = Flask(__name__)
    path = os.environ["MINIMAL_DATABASE"]
    local = threading.local()

    def connection() -> sqlite3.Connection:
        if not hasattr(local, "db"):
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            for pragma in ("busy_timeout = 15000", "foreign_keys = ON", "journal_mode = WAL", "synchronous = NORMAL"):
                db.execute(f"PRAGMA {pragma}")
            local.db = db
        return local.db

    @app.post("/save/<int:attempt_id>")
    def save(attempt_id: int):
        body = request.get_json()
        seq, question_id = int(body["seq"]), str(body["question_id"])
        answer = json.dumps(body["fields"])
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        db = connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            status = db.execute("SELECT status FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
            if status is None or status[0] != "in_progress":
                db.execute("ROLLBACK")
                return jsonify(error="closed"), 409
            written = db.execute(UPSERT, (attempt_id, question_id, answer, 1.0, seq, now)).fetchone()
            answered = db.execute("SELECT count(*) FROM responses WHERE attempt_id = ?", (attempt_id,)).fetchone()[0]
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        if written is None:
            return jsonify(error="stale"), 409
        return jsonify(question_id=question_id, saved_at=written[0] + "Z", answered=answered, seq=seq)

    @app.get("/bare")
    def bare():
        return jsonify(ok=True)

    return app
