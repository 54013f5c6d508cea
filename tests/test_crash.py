"""kill -9 of the server during a burst of answer saves: every acknowledged answer survives."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

PROJECT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed in this venv")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(url: str) -> None:
    """Schema, content, a class with one student and an assignment, made by a separate process."""
    script = """
import seed_data
from webapp import create_app
from webapp.backup import upgrade_database
from webapp.catalog_sync import sync_catalog
from webapp.content_store import get_content
from webapp.extensions import db
app = create_app()
with app.app_context():
    upgrade_database()
    sync_catalog(get_content())
    seed_data.seed_demo()
"""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "crash-test"}
    subprocess.run([sys.executable, "-c", script], cwd=PROJECT, env=env, check=True, capture_output=True)


def start_server(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "crash-test", "LOGIN_RATE_LIMIT_PER_ADDRESS": "1000 per minute"}
    process = subprocess.Popen([str(GUNICORN), "--workers", "2", "--threads", "4", "--bind", f"127.0.0.1:{port}",
                                "webapp:create_app()"], cwd=PROJECT, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    raise RuntimeError("the server did not start")


class Browser:
    """Just enough of a browser: cookies, the CSRF token, JSON posts."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=5).read().decode()

    def token(self, html: str) -> str:
        tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', html).group(0)
        return re.search(r'value="([^"]+)"', tag).group(1)

    def post_form(self, path: str, fields: dict) -> str:
        data = urllib.parse.urlencode(fields).encode()
        response = self.opener.open(self.base + path, data=data, timeout=5)
        return response.geturl()

    def post_json(self, path: str, body: dict, token: str) -> int:
        request = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "X-CSRFToken": token})
        return self.opener.open(request, timeout=5).status


def burst_then_kill(server: subprocess.Popen, port: int) -> tuple[int, dict[str, int], int]:
    """Save answers as fast as the server takes them, then kill -9 it mid-burst.

    Returns the attempt, the newest acknowledged save of each question, and how many
    questions there were.
    """
    from webapp.content.loader import load_content

    browser = Browser(f"http://127.0.0.1:{port}")
    browser.post_form("/login", {"csrf_token": browser.token(browser.get("/login")), "identifier": "dev.p",
                                 "password": "maple-river-lantern-42"})
    assignment_id = re.search(r"/student/assignments/(\d+)", browser.get("/student/")).group(1)
    quiz_url = browser.post_form(f"/student/assignments/{assignment_id}/start",
                                 {"csrf_token": browser.token(browser.get(f"/student/assignments/{assignment_id}"))})
    attempt_id = int(quiz_url.rsplit("/", 1)[1])
    token = browser.token(browser.get(f"/student/attempts/{attempt_id}"))
    questions = [q for q in load_content(PROJECT, texts_dir=None).quiz_for("why-people-leave").questions
                 if q.type_name == "single_choice"]
    acknowledged: dict[str, int] = {}
    stop = threading.Event()

    def save_forever():
        seq = 0
        while not stop.is_set():
            seq += 1
            q = questions[seq % len(questions)]
            body = {"question_id": q.id, "fields": {q.field_name: [q.choices[seq % len(q.choices)].id]}, "seq": seq}
            try:
                if browser.post_json(f"/student/attempts/{attempt_id}/answer", body, token) == 200:
                    acknowledged[q.id] = seq
            except OSError:
                return  # the server is gone

    saver = threading.Thread(target=save_forever)
    saver.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < len(questions) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # kill in the middle of the burst, not between bursts
    os.killpg(server.pid, signal.SIGKILL)
    server.wait()
    stop.set()
    saver.join(timeout=10)
    return attempt_id, acknowledged, len(questions)


def test_acknowledged_answers_survive_kill_9(tmp_path):
    url = f"sqlite:///{tmp_path / 'crash.sqlite'}"
    prepare_database(url)
    port = free_port()
    server = start_server(url, port)
    try:
        attempt_id, acknowledged, count = burst_then_kill(server, port)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()

    engine = create_engine(url)
    with engine.connect() as connection:
        stored = dict(connection.execute(text(
            "SELECT question_id, client_seq FROM responses WHERE attempt_id = :a"), {"a": attempt_id}).all())
    engine.dispose()
    lost = [qid for qid, seq in acknowledged.items() if stored.get(qid, -1) < seq]
    assert len(acknowledged) == count and lost == []

    restarted = start_server(url, port)
    try:
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200
    finally:
        os.killpg(restarted.pid, signal.SIGKILL)
        restarted.wait()
