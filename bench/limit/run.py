"""``make bench-limit``: our answer save against the least a Flask answer save can be, on this machine.

Four routes, each flat out (16 clients, no think time) for a few seconds, interleaved in one
session (A B C D, three rounds) so that whatever else the machine does falls on all of them:

A. Crossings' answer save (``POST /student/attempts/<id>/answer``, signed in, CSRF header),
B. the minimal save (bench/limit/minimal.py: plain sqlite3, the same upsert, no framework work),
C. the bare route (the minimal app's constant JSON: Flask and gunicorn alone),
D. Crossings' ``/healthz``.

Both apps run under gunicorn as ``make serve`` does (2 × cores + 1 workers, 4 threads), on
copies of one seeded database (bench/load/world.py). It prints, per round, the load average
and each route's requests/s, p50 and p95, then the medians over the rounds and the ratios
(our save ÷ the minimal save is the figure issue 15 aims at: ≥ 0.5). Exit status 1 if any
request failed or a server logged a traceback.

    .venv/bin/python bench/limit/run.py [--rounds 3] [--seconds 15] [--users 16] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests")]
sys.path.insert(0, str(PROJECT / "bench" / "load"))

from factories import Visitor
from run import free_port, locust, serve, server_env, wait_until_up, warm_up

ROUTES = [  # (label, locust user, stats name, which server)
    ("A. our answer save", "SignedInSaveHammer", "answer save", "ours"),
    ("B. minimal save", "MinimalSaveHammer", "minimal save", "minimal"),
    ("C. bare route", "BareHammer", "bare route", "minimal"),
    ("D. our /healthz", "HealthHammer", "healthz", "ours"),
]
SEQ_STEP = 10_000_000  # each round's saves number above the last round's


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15, help="per route per round")
    parser.add_argument("--users", type=int, default=16, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--app", default="webapp:create_app()", help="our app's gunicorn spec (to try a fix)")
    parser.add_argument("--locust", default=str(PROJECT / "bench" / ".venv" / "bin" / "locust"))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, CSVs)")
    args = parser.parse_args()
    args.profile, args.port = False, free_port()  # what bench/load/run.py's helpers read
    return args


def minimal_database(tmp: Path, plan_path: Path) -> Path:
    """A copy of the seeded database with an open attempt per capacity student, named in the plan."""
    copy = tmp / "minimal.sqlite"
    with sqlite3.connect(tmp / "bench.sqlite") as source, sqlite3.connect(copy) as target:
        source.backup(target)
    plan = json.loads(plan_path.read_text())
    with sqlite3.connect(copy) as db:
        ids = []
        for student in plan["extra_students"]:
            user_id = db.execute("SELECT id FROM users WHERE username = ?", (student["username"],)).fetchone()[0]
            ids.append(db.execute(
                "INSERT INTO attempts (assignment_id, student_id, number, status, shuffle_seed, started_at) "
                "VALUES (?, ?, 1, 'in_progress', 0, ?) RETURNING id",
                (student["assignment_id"], user_id, datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" "))
            ).fetchone()[0])
    plan["minimal_attempts"] = ids
    plan_path.write_text(json.dumps(plan, indent=1))
    return copy


def sign_in_savers(port: int, plan_path: Path) -> None:
    """Sign the capacity students in and start their quiz, once: the plan gets each one's cookie,
    CSRF token and save URL, so the timed rounds are saves only."""
    plan = json.loads(plan_path.read_text())
    plan["signed_in"] = []
    for student in plan["extra_students"]:
        visitor = Visitor()
        assert visitor.sign_in(port, student["username"], plan["passphrase"]) == 302, student
        start = f"/student/assignments/{student['assignment_id']}/start"
        token = visitor.token(port, f"/student/assignments/{student['assignment_id']}")
        _, headers, _ = visitor.request(port, "POST", start, {"csrf_token": token})
        plan["signed_in"].append({"url": urlsplit(headers["Location"]).path + "/answer", "token": token,
                                  "cookie": "; ".join(f"{k}={v}" for k, v in visitor.cookies.items())})
    plan_path.write_text(json.dumps(plan, indent=1))


def main() -> int:
    args = arguments()
    if not Path(args.locust).exists():
        sys.exit(f"no locust at {args.locust}: make bench-limit installs it (bench/requirements.txt)")
    tmp = Path(tempfile.mkdtemp(prefix="crossings-limit-"))
    env = server_env(tmp, postgres=False)
    subprocess.run([sys.executable, str(PROJECT / "bench" / "load" / "world.py"), "--students", "0",
                    "--extra-students", str(args.users), "--plan", str(tmp / "plan.json")],
                   env=env, cwd=PROJECT, check=True)
    minimal_env = dict(env, MINIMAL_DATABASE=str(minimal_database(tmp, tmp / "plan.json")))
    ports = {"ours": args.port, "minimal": free_port()}
    servers = {"ours": serve(args, tmp, env),
               "minimal": serve(args, tmp, minimal_env, "minimal:create_app()", ports["minimal"], "minimal.log",
                                ("--pythonpath", str(HERE)))}
    rounds = []
    try:
        hosts = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        wait_until_up(hosts["ours"], servers["ours"])
        wait_until_up(hosts["minimal"], servers["minimal"], path="/bare")
        warm_up(hosts["ours"], args.workers)
        sign_in_savers(ports["ours"], tmp / "plan.json")
        for number in range(1, args.rounds + 1):
            figures: dict = {"load_average": round(os.getloadavg()[0], 2)}
            for label, user, name, server in ROUTES:
                stats = locust(args, tmp, hosts[server], f"r{number}-{user}", [user], args.users, args.users,
                               args.seconds, ["--reset-stats", "--seq-from", str(number * SEQ_STEP)])
                figures[label] = stats.get(name, {}) | {"failures_all": stats["Aggregated"]["failures"]}
            rounds.append(figures)
            print_round(number, figures)
    finally:
        for server in servers.values():
            server.terminate()
        for server in servers.values():
            server.wait(timeout=40)
    tracebacks = sum((tmp / log).read_text().count("Traceback") for log in ("gunicorn.log", "minimal.log"))
    summary = summarize(rounds, tracebacks, args)
    print_summary(summary)
    if args.json:
        args.json.write_text(json.dumps({"rounds": rounds, **summary}, indent=1))
    if args.keep:
        print(f"logs and CSVs kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if summary["failures"] or tracebacks else 0


def print_round(number: int, figures: dict) -> None:
    print(f"round {number} (load average {figures['load_average']}):")
    for label, *_ in ROUTES:
        s = figures[label]
        print(f"  {label:22} {s.get('rps', 0):8.1f}/s  p50 {s.get('p50')} ms  p95 {s.get('p95')} ms  "
              f"failures {s['failures_all']}", flush=True)


def summarize(rounds: list[dict], tracebacks: int, args) -> dict:
    medians = {label: {key: statistics.median(r[label].get(key) or 0 for r in rounds) for key in ("rps", "p50", "p95")}
               for label, *_ in ROUTES}
    ours, minimal, bare, health = (medians[label] for label, *_ in ROUTES)

    def ratio(a: float, b: float) -> float | None:
        return round(a / b, 2) if b else None

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": f"{os.cpu_count()} cores",
        "workers": args.workers, "threads": args.threads, "users": args.users, "seconds": args.seconds,
        "load_averages": [r["load_average"] for r in rounds], "medians": medians,
        "ratios": {
            "saves/s: ours / minimal (aim >= 0.5)": ratio(ours["rps"], minimal["rps"]),
            "saves/s: minimal / bare route": ratio(minimal["rps"], bare["rps"]),
            "saves/s: ours / our /healthz": ratio(ours["rps"], health["rps"]),
            "p95: ours / minimal": ratio(ours["p95"], minimal["p95"]),
            "p95: ours / our /healthz": ratio(ours["p95"], health["p95"]),
        },
        "failures": sum(r[label]["failures_all"] for r in rounds for label, *_ in ROUTES),
        "server_tracebacks": tracebacks,
    }


def print_summary(summary: dict) -> None:
    print(f"\nmedians over {len(summary['load_averages'])} rounds ({summary['date']}, {summary['machine']}, "
          f"{summary['workers']} workers x {summary['threads']} threads, {summary['users']} clients, "
          f"load averages {summary['load_averages']}):")
    print("| route | requests/s | p50 ms | p95 ms |\n| --- | ---: | ---: | ---: |")
    for label, figures in summary["medians"].items():
        print(f"| {label} | {figures['rps']:,.0f} | {figures['p50']:g} | {figures['p95']:g} |")
    for name, value in summary["ratios"].items():
        print(f"{name}: {value}")
    print(f"failures: {summary['failures']}, server tracebacks: {summary['server_tracebacks']}")


if __name__ == "__main__":
    sys.exit(main())
