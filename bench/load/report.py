"""Reading locust's CSV statistics and putting the routes side by side."""
from __future__ import annotations

import csv
import json
import math
from pathlib import Path

ORDER = ["login page", "login", "dashboard", "reader", "start", "quiz page", "answer save", "confirm page",
         "submit", "results", "teacher dashboard", "class progress", "teacher attempt page", "healthz", "Aggregated"]
AIM_P95_RATIO = 3.0


def read_stats(path: Path) -> dict[str, dict]:
    """Route name -> requests, failures, requests/s, p50 and p95 (ms), from *_stats.csv."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            out[row["Name"]] = {
                "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50": _ms(row["50%"]), "p95": _ms(row["95%"]), "max": _ms(row["Max Response Time"]),
            }
    return out


def read_phases(path: Path) -> dict[str, dict[str, dict]]:
    """Phase -> route -> requests, p50, p95 (ms), from the locustfile's --phases-out file."""
    raw = json.loads(path.read_text())
    return {phase: {name: {"requests": len(times), "p50": _percentile(times, 0.50), "p95": _percentile(times, 0.95)}
                    for name, times in routes.items()} for phase, routes in raw.items()}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)], 1)


def _ms(value: str) -> float | None:
    return None if value in ("", "N/A") else round(float(value), 1)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def compare(phases: dict, health: dict, save: dict) -> dict:
    """Answer saves against /healthz: p95 while students answer (same seconds), most requests/s flat out."""
    answering = phases.get("before the bell", {})
    return {
        "morning_p95_answer_over_healthz": _ratio(answering.get("answer save", {}).get("p95"),
                                                  answering.get("healthz", {}).get("p95")),
        "capacity_rps_answer_over_healthz": _ratio(save.get("answer save", {}).get("rps"),
                                                   health.get("healthz", {}).get("rps")),
        "capacity_p95_answer_over_healthz": _ratio(save.get("answer save", {}).get("p95"),
                                                   health.get("healthz", {}).get("p95")),
    }


def _ordered(stats: dict) -> list[tuple[str, dict]]:
    return [(n, stats[n]) for n in ORDER if n in stats] + \
        [(n, s) for n, s in stats.items() if n not in ORDER and not n.startswith("_")]


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _table(stats: dict, phases: dict | None = None) -> None:
    """Locust's whole-run figures per route, and the p95 on each side of the bell."""
    before, after = (phases or {}).get("before the bell", {}), (phases or {}).get("after the bell", {})
    head = f"  {'route':<22}{'requests':>9}{'errors':>8}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
    print(head + (f"{'p95 before bell':>17}{'p95 after bell':>16}" if phases else ""))
    for name, s in _ordered(stats):
        line = f"  {name:<22}{s['requests']:>9}{s['failures']:>8}{s['rps']:>8}{_num(s['p50']):>9}{_num(s['p95']):>9}"
        if phases:
            line += f"{_num(before.get(name, {}).get('p95')):>17}{_num(after.get(name, {}).get('p95')):>16}"
        print(line)


def print_report(figures: dict) -> None:
    morning = figures["morning"]
    print(f"\nClass morning: {figures['students']} students signing in at {figures['spawn_rate']:g}/s, "
          f"{figures['teachers']} teachers, think {figures['think']} s, {figures['workers']} gunicorn workers, "
          f"{figures['database']}, {figures['machine']}, {morning['_seconds']} s  ({figures['date']})")
    if figures["load_average_before"] > 0.5:
        print(f"  note: the machine was already busy (load average {figures['load_average_before']} before the "
              "run): other work shared the cores, so every figure is lower than on an idle machine")
    _table(morning, figures["phases"])
    print("\nCapacity (no think time, one route at a time):")
    _table({name: stats[name] for name, stats in figures["capacity"].items()})
    ratios = figures["ratios"]
    p95 = ratios["morning_p95_answer_over_healthz"]
    print(f"\nanswer save p95 / healthz p95, while students answer: {_num(p95)}x "
          f"(aim <= {AIM_P95_RATIO:g}x: {'met' if p95 is not None and p95 <= AIM_P95_RATIO else 'NOT met'})")
    print(f"answer save req/s / healthz req/s, flat out:          {_num(ratios['capacity_rps_answer_over_healthz'])}")
    print(f"answer save p95 / healthz p95, flat out:              {_num(ratios['capacity_p95_answer_over_healthz'])}x")
    print(f"errors: {morning.get('Aggregated', {}).get('failures', 0)} in the class morning; "
          f"server tracebacks: {figures['server_errors']}")
