"""``make bench-load``: a class morning against the real app under gunicorn, on loopback.

1. A fresh database in a temporary folder (SQLite; ``--postgres`` uses the server that
   ``scripts/with-postgres.sh`` names in TEST_DATABASE_URL) gets the world: teachers,
   classes, students, one quiz assignment per class (bench/load/world.py).
2. gunicorn serves ``webapp:create_app()`` on 127.0.0.1 with 2 × cores + 1 workers of 4 threads.
   All simulated students share one address, so the login rate limit is raised for the
   run (LOGIN_RATE_LIMIT); everything else is the app as deployed.
3. locust (bench/.venv) runs the class morning (bench/load/locustfile.py), then the
   capacity phase: /healthz alone, then answer saves alone, each flat out for a few seconds.
4. The report: requests/s, p50 and p95 per route (over the run, and on each side of the
   bell that sends everyone to submit), errors, and answer saves against the trivial route
   measured in the same seconds. ``--profile`` adds where the workers' time went (py-spy).
   Exit status 1 when any request failed or the server logged a traceback.

Every run is bounded (``--run-time`` per phase) and stops by itself.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from report import compare, print_report, read_phases, read_stats
from spy import recording, summary

MORNING = ["Student", "Teacher", "Probe"]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--class-size", type=int, default=25)
    parser.add_argument("--spawn-rate", type=float, default=5, help="students signing in per second")
    parser.add_argument("--think", default="3,9", help="think time between answers, seconds: MIN,MAX")
    parser.add_argument("--run-time", type=int, default=300, help="hard limit for the class morning, seconds")
    parser.add_argument("--capacity-users", type=int, default=16, help="concurrent clients in the capacity phase")
    parser.add_argument("--capacity-time", type=int, default=15, help="seconds per capacity run")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per worker, as make serve runs it (a sign-in's argon2id does not "
                             "block the worker's other requests)")
    parser.add_argument("--app", default="webapp:create_app()",
                        help="gunicorn app spec: point it at a module that patches the app to try a fix")
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--postgres", action="store_true",
                        help="use TEST_DATABASE_URL (run under scripts/with-postgres.sh)")
    parser.add_argument("--locust", default=str(PROJECT / "bench" / ".venv" / "bin" / "locust"))
    parser.add_argument("--profile", action="store_true",
                        help="record the workers with py-spy in each phase and print where the time goes")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, CSVs)")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(tmp: Path, postgres: bool) -> dict[str, str]:
    env = dict(os.environ, SECRET_KEY=secrets.token_hex(16), LOGIN_RATE_LIMIT="100000 per minute",
               LOGIN_RATE_LIMIT_PER_ADDRESS="100000 per minute",
               RATELIMIT_STORAGE_URI="memory://")
    if postgres:
        if not os.environ.get("TEST_DATABASE_URL"):
            sys.exit("--postgres: no TEST_DATABASE_URL; run under scripts/with-postgres.sh")
        env["DATABASE_URL"] = os.environ["TEST_DATABASE_URL"]
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite'}"
    return env


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 30.0, path: str = "/healthz") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn exited before it answered; see its log")
        try:
            with urllib.request.urlopen(url + path, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer within {timeout:.0f} s")


def locust(args, tmp: Path, host: str, name: str, classes: list[str], users: int, spawn_rate: float,
           run_time: int, extra: list[str] = (), server_pid: int = 0) -> dict:
    prefix = tmp / name
    command = [args.locust, "-f", str(HERE / "locustfile.py"), "--headless", "--only-summary",
               "--host", host, "--plan", str(tmp / "plan.json"), "--users", str(users),
               "--spawn-rate", str(spawn_rate), "--run-time", f"{run_time}s", "--stop-timeout", "10",
               "--csv", str(prefix), "--exit-code-on-error", "0", "--loglevel", "WARNING", *extra, *classes]
    print(f"-- {name}: {' '.join(classes)}, {users} users", flush=True)
    started = time.monotonic()
    py_spy = Path(args.locust).with_name("py-spy")
    profile = recording(str(py_spy), server_pid, tmp / f"profile-{name}.txt") if args.profile else nullcontext()
    with open(tmp / f"{name}.log", "w") as log, profile:
        subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=run_time + 120)
    stats = read_stats(Path(f"{prefix}_stats.csv"))
    stats["_seconds"] = round(time.monotonic() - started, 1)
    return stats


def warm_up(host: str, workers: int) -> None:
    """Every worker loads the content and compiles its templates before anything is timed."""
    def fetch(path: str) -> None:
        with urllib.request.urlopen(host + path, timeout=30) as response:
            response.read()

    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        list(pool.map(fetch, ["/login", "/lessons", "/lessons/why-people-leave"] * 4 * workers))


def serve(args, tmp: Path, env: dict, app: str = "", port: int = 0, log_name: str = "gunicorn.log",
          extra: tuple[str, ...] = ()) -> subprocess.Popen:
    """gunicorn with the run's workers and threads, serving ``app`` (default ``--app``) on ``port``."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(tmp / log_name, "w") as log:
        return subprocess.Popen([str(gunicorn), "--workers", str(args.workers), "--threads", str(args.threads),
                                 "--bind", f"127.0.0.1:{port or args.port}", "--log-level", "warning", *extra,
                                 app or args.app],
                                env=env, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT)


def main() -> int:
    args = arguments()
    args.port = args.port or free_port()
    if not Path(args.locust).exists():
        sys.exit(f"no locust at {args.locust}: make bench-load installs it (bench/requirements.txt)")
    tmp = Path(tempfile.mkdtemp(prefix="crossings-bench-"))
    env = server_env(tmp, args.postgres)
    host = f"http://127.0.0.1:{args.port}"
    subprocess.run([sys.executable, str(HERE / "world.py"), "--students", str(args.students),
                    "--class-size", str(args.class_size), "--extra-students", str(args.capacity_users),
                    "--plan", str(tmp / "plan.json")], env=env, cwd=PROJECT, check=True)
    teachers = -(-args.students // args.class_size)
    load_before = os.getloadavg()[0]
    server = serve(args, tmp, env)
    try:
        wait_until_up(host, server)
        warm_up(host, args.workers)
        morning = locust(args, tmp, host, "morning", MORNING, args.students + teachers + 1, args.spawn_rate,
                         args.run_time, ["--think", args.think, "--phases-out", str(tmp / "phases.json")],
                         server_pid=server.pid)
        fast = dict(users=args.capacity_users, spawn_rate=args.capacity_users, run_time=args.capacity_time,
                    extra=["--reset-stats"], server_pid=server.pid)
        health = locust(args, tmp, host, "capacity-healthz", ["HealthHammer"], **fast)
        save = locust(args, tmp, host, "capacity-save", ["SaveHammer"], **fast)
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
    server_errors = (tmp / "gunicorn.log").read_text().count("Traceback")
    figures = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores", "database": "postgresql" if args.postgres else "sqlite",
        "workers": args.workers, "students": args.students, "teachers": teachers, "think": args.think,
        "spawn_rate": args.spawn_rate, "morning": morning, "capacity": {"healthz": health, "answer save": save},
        "server_errors": server_errors, "phases": read_phases(tmp / "phases.json"),
        "load_average_before": round(load_before, 2),
    }
    figures["ratios"] = compare(figures["phases"], health, save)
    print_report(figures)
    if args.profile:
        for name in ("morning", "capacity-save"):
            print("\n" + summary(tmp / f"profile-{name}.txt"))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    if args.keep:
        print(f"logs and CSVs kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    failures = sum(s["failures"] for run in (morning, health, save) for k, s in run.items() if k != "_seconds")
    return 1 if failures or server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
