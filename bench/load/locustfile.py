"""A class morning, for locust: students take a quiz while their teachers watch progress.

Run by ``bench/load/run.py`` (which starts the server and writes the plan); by hand:

    bench/.venv/bin/locust -f bench/load/locustfile.py --headless --host http://127.0.0.1:8000 \\
        --plan plan.json --users 521 --spawn-rate 5 --run-time 5m Student Teacher Probe

Each student signs in (username + passphrase), opens the dashboard and the assignment,
starts the quiz, saves 15 answers with think time in between (JSON with the X-CSRFToken
header, exactly as webapp/static/quiz.js does), waits for the bell (every student has
answered, so hundreds submit within a few seconds, as when a teacher says "time's up"),
submits and reads the results. Once every student is done the run stops itself.
Teachers sign in and reload their class progress page, opening an attempt now and then.
``Probe`` asks the trivial route, /healthz, a few times a second throughout, so its
latency under the same load is the yardstick for the others.

``HealthHammer`` and ``SaveHammer`` are the capacity phase: no think time, one route
each, run one after the other to compare the most the server can do of each.
For ``make bench-limit``: ``SignedInSaveHammer`` is SaveHammer for students the runner signed in
beforehand (the sign-in is not timed); ``MinimalSaveHammer`` and ``BareHammer`` hammer
bench/limit/minimal.py (the least a Flask answer save can be, and a bare route).
"""
from __future__ import annotations

import contextlib
import itertools
import json
import random
import re
from collections import defaultdict
from urllib.parse import urlencode

import gevent
from gevent.event import Event
from locust import between, constant, constant_throughput, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ATTEMPT_LINK = re.compile(r'/teacher/attempts/(\d+)')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SAVES_PER_STUDENT = 15


class World:
    """What the plan says, and where the class morning has got to (shared by all users)."""

    plan: dict = {}
    students = iter(())
    teachers = iter(())
    extra = iter(())
    minimal = iter(())
    sessions = iter(())
    answered = done = 0
    bell = Event()
    times: dict[str, dict[str, list[float]]] = {"before the bell": defaultdict(list),
                                                "after the bell": defaultdict(list)}


@events.init_command_line_parser.add_listener
def _arguments(parser):
    parser.add_argument("--plan", required=True, help="JSON plan written by bench/load/world.py")
    parser.add_argument("--think", default="3,9", help="seconds of think time between answers: MIN,MAX")
    parser.add_argument("--submit-window", type=float, default=5.0,
                        help="after the bell, students submit within this many seconds")
    parser.add_argument("--phases-out", help="write response times by phase (before/after the bell) here")
    parser.add_argument("--bell-timeout", type=float, default=300.0,
                        help="longest a student waits for the bell before submitting anyway")
    parser.add_argument("--seq-from", type=int, default=0,
                        help="capacity savers number their saves from here (above an earlier run's)")


@events.init.add_listener
def _load_plan(environment, **_kwargs):
    with open(environment.parsed_options.plan, encoding="utf-8") as f:
        World.plan = json.load(f)
    World.students = iter(World.plan["students"])
    World.teachers = itertools.cycle(World.plan["teachers"])
    World.extra = itertools.cycle(World.plan["extra_students"])
    World.minimal = itertools.cycle(World.plan.get("minimal_attempts", []))
    World.sessions = itertools.cycle(World.plan.get("signed_in", []))
    Teacher.fixed_count = len(World.plan["teachers"])


@events.request.add_listener
def _by_phase(name, response_time, exception, **_kwargs):
    """Response times split at the bell: answering (and signing in), then the submit burst."""
    if exception is None:
        World.times["after the bell" if World.bell.is_set() else "before the bell"][name].append(response_time)


@events.quitting.add_listener
def _write_phases(environment, **_kwargs):
    if environment.parsed_options and environment.parsed_options.phases_out:
        with open(environment.parsed_options.phases_out, "w", encoding="utf-8") as f:
            json.dump(World.times, f)


class Failed(Exception):
    """A response that was not the one a browser would get; already counted as a failure."""


class Visitor(FastHttpUser):
    """Signing in and the checks every request gets."""

    abstract = True

    def call(self, method: str, url: str, name: str, expect: int = 200, **kwargs):
        """One request; anything but the ``expect`` status is a failure and ends the journey."""
        with self.client.request(method, url, name=name, allow_redirects=False, catch_response=True,
                                 **kwargs) as response:
            if response.status_code != expect:
                response.failure(f"{name}: {response.status_code}, wanted {expect}")
                raise Failed(name)
            return response

    def post_form(self, url: str, name: str, fields: dict, expect: int = 302):
        return self.call("POST", url, name, expect, data=urlencode(fields), headers=FORM)

    def page(self, url: str, name: str):
        """A page, and the CSRF token its forms carry (signing in starts a new session, so a new token)."""
        response = self.call("GET", url, name)
        found = TOKEN.search(response.text)
        if found:
            self.token = found.group(1)
        return response

    def sign_in(self, identifier: str, landing: str, name: str) -> None:
        self.page("/login", "login page")
        self.post_form("/login", "login", {"csrf_token": self.token, "identifier": identifier,
                                           "password": World.plan["passphrase"]})
        self.page(landing, name)


class Student(Visitor):
    """One student's quiz, once: sign in, answer 15 questions, submit at the bell."""

    wait_time = constant(0)

    def on_start(self):
        self.me = next(World.students, None)
        if self.me is None:
            raise StopUser()
        low, high = (float(x) for x in self.environment.parsed_options.think.split(","))
        self.think = lambda: gevent.sleep(random.uniform(low, high))

    @task
    def class_morning(self):
        rang = False
        try:
            attempt = self.open_quiz()
            self.answer(attempt)
            rang = self.ring()
            self.wait_for_bell()
            self.submit(attempt)
        except Failed:
            pass  # already counted; the journey can't go on
        finally:
            if not rang:  # a student who failed must not hold the others' bell back
                self.ring()
            World.done += 1
            if World.done == len(World.plan["students"]):
                gevent.spawn_later(1, self.environment.runner.quit)
        raise StopUser()

    def open_quiz(self) -> int:
        self.sign_in(self.me["username"], "/student/", "dashboard")
        assignment = self.me["assignment_id"]
        self.page(f"/student/assignments/{assignment}", "reader")
        self.think()
        started = self.post_form(f"/student/assignments/{assignment}/start", "start", {"csrf_token": self.token})
        attempt = int(started.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        self.page(f"/student/attempts/{attempt}", "quiz page")
        return attempt

    def answer(self, attempt: int) -> None:
        for seq, body in enumerate(World.plan["answers"][:SAVES_PER_STUDENT], start=1):
            self.think()
            saved = self.call("POST", f"/student/attempts/{attempt}/answer", "answer save",
                              json={**body, "seq": seq}, headers={"X-CSRFToken": self.token})
            if saved.json().get("answered") != seq:
                raise Failed("answer save")

    def ring(self) -> bool:
        """Count this student as finished answering; the last one rings the bell."""
        World.answered += 1
        if World.answered == len(World.plan["students"]):
            World.bell.set()
        return True

    def wait_for_bell(self) -> None:
        options = self.environment.parsed_options
        World.bell.wait(timeout=options.bell_timeout)
        gevent.sleep(random.uniform(0, options.submit_window))

    def submit(self, attempt: int) -> None:
        self.page(f"/student/attempts/{attempt}/submit", "confirm page")
        self.post_form(f"/student/attempts/{attempt}/submit", "submit", {"csrf_token": self.token})
        self.call("GET", f"/student/attempts/{attempt}/results", "results")


class Teacher(Visitor):
    """Keeps the class progress page open and reloads it, opening an attempt now and then."""

    fixed_count = 0
    wait_time = between(4, 8)

    def on_start(self):
        self.mine = next(World.teachers)
        self.sign_in(self.mine["email"], "/teacher/", "teacher dashboard")

    @task
    def watch(self):
        try:
            page = self.call("GET", f"/teacher/classes/{self.mine['classroom_id']}/progress", "class progress")
            attempts = ATTEMPT_LINK.findall(page.text)
            if attempts and random.random() < 0.3:
                self.call("GET", f"/teacher/attempts/{random.choice(attempts)}", "teacher attempt page")
        except Failed:
            pass


class Probe(FastHttpUser):
    """The trivial route, a few times a second, under the same load as everything else."""

    fixed_count = 1
    wait_time = constant_throughput(5)

    @task
    def health(self):
        self.client.get("/healthz", name="healthz")


class HealthHammer(FastHttpUser):
    """Capacity phase: /healthz as fast as the server answers."""

    wait_time = constant(0)

    @task
    def health(self):
        self.client.get("/healthz", name="healthz")


class SaveHammer(Visitor):
    """Capacity phase: one student changing answers as fast as the server saves them."""

    wait_time = constant(0)

    def on_start(self):
        me = next(World.extra)
        self.sign_in(me["username"], "/student/", "dashboard")
        started = self.post_form(f"/student/assignments/{me['assignment_id']}/start", "start",
                                 {"csrf_token": self.token})
        self.url = started.headers["Location"] + "/answer"
        self.seq = self.environment.parsed_options.seq_from

    @task
    def save(self):
        self.seq += 1
        body = random.choice(World.plan["answers"])
        with contextlib.suppress(Failed):
            self.call("POST", self.url, "answer save", json={**body, "seq": self.seq},
                      headers={"X-CSRFToken": self.token})


class SignedInSaveHammer(FastHttpUser):
    """bench/limit: a signed-in student's answer saves, as fast as the server saves them."""

    wait_time = constant(0)

    def on_start(self):
        me = next(World.sessions)
        self.url, self.seq = me["url"], self.environment.parsed_options.seq_from
        self.headers = {"X-CSRFToken": me["token"], "Cookie": me["cookie"]}

    @task
    def save(self):
        self.seq += 1
        self.client.post(self.url, json={**random.choice(World.plan["answers"]), "seq": self.seq},
                         headers=self.headers, name="answer save")


class MinimalSaveHammer(FastHttpUser):
    """bench/limit: the minimal app's answer save, as fast as it answers (one attempt per user)."""

    wait_time = constant(0)

    def on_start(self):
        self.url = f"/save/{next(World.minimal)}"
        self.seq = self.environment.parsed_options.seq_from

    @task
    def save(self):
        self.seq += 1
        self.client.post(self.url, json={**random.choice(World.plan["answers"]), "seq": self.seq},
                         name="minimal save")


class BareHammer(FastHttpUser):
    """bench/limit: the minimal app's constant JSON route, as fast as it answers."""

    wait_time = constant(0)

    @task
    def bare(self):
        self.client.get("/bare", name="bare route")
