"""No route of the class morning runs more SQL statements than bench/sql_baseline.json allows.

Under load every extra statement costs every student; this catches a new lazy load or
an N+1 before the load benchmark would.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1] / "bench" / "load"))

import sql_counts


def test_no_route_runs_more_statements_than_the_baseline(app):
    counts = sql_counts.count_statements(app)
    baseline = sql_counts.load_baseline().get(sql_counts.dialect(), {})
    grown = sql_counts.grown(counts, baseline)
    assert not grown, (
        "SQL statements per request grew (route: baseline -> now): "
        + ", ".join(f"{route}: {old} -> {new}" for route, (old, new) in grown.items())
        + f". Fix the route, or if the new statements are meant, update the baseline on purpose: "
        f"`{sql_counts.UPDATE}` (and under scripts/with-postgres.sh for PostgreSQL), and commit it.")


def test_the_check_catches_a_route_that_grew():
    baseline = {"answer save": 8, "results": 7}
    assert sql_counts.grown({"answer save": 8, "results": 6}, baseline) == {}
    assert sql_counts.grown({"answer save": 9, "results": 7}, baseline) == {"answer save": (8, 9)}
    assert sql_counts.grown({"new route": 3}, baseline) == {"new route": (None, 3)}
