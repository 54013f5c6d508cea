"""Where the server's time goes under load: py-spy on the gunicorn workers, summarised.

``run.py --profile`` records each phase with ``py-spy record --subprocesses --idle`` (idle
samples included, so time spent waiting for SQLite's write lock shows up) and prints the
functions that hold the most worker time. Samples of a worker waiting for its next request
are left out: what is left is time spent on requests.

    bench/.venv/bin/python bench/load/spy.py /tmp/crossings-bench-*/profile-morning.txt
"""
from __future__ import annotations

import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENTRY = "Flask.wsgi_app (flask/app.py)"
IDLE_LEAVES = ("wait (gunicorn/workers/sync.py)", "sleep (gunicorn/arbiter.py)", "run (gunicorn/arbiter.py)",
               "wait (gunicorn/arbiter.py)", "select (selectors.py)", "accept (socket.py)")


@contextmanager
def recording(py_spy: str, pid: int, out: Path) -> Iterator[None]:
    """Sample ``pid`` and its children while the block runs (py-spy writes on SIGINT)."""
    spy = subprocess.Popen([py_spy, "record", "--pid", str(pid), "--subprocesses", "--idle", "--nonblocking",
                            "--nolineno", "--format", "raw", "--rate", "50", "--output", str(out)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)
        try:
            spy.wait(timeout=30)
        except subprocess.TimeoutExpired:
            spy.kill()


def busy_samples(raw: Path) -> list[tuple[list[str], int]]:
    """(frames below Flask's wsgi_app, count) for every sample of a worker on a request."""
    out = []
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not count.isdigit() or ENTRY not in frames or frames[-1].startswith(IDLE_LEAVES):
            continue
        out.append((frames[frames.index(ENTRY) + 1:], int(count)))
    return out


def summary(raw: Path, top: int = 12) -> str:
    """The app's functions by share of request time (inclusive), and where the time ends up."""
    samples = busy_samples(raw)
    total = sum(n for _, n in samples)
    if not total:
        return f"{raw.name}: no request samples"
    app: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    for frames, n in samples:
        for frame in {f for f in frames if "(webapp/" in f}:
            app[frame] += n
        leaves[frames[-1] if frames else ENTRY] += n
    lines = [f"{raw.name}: {total} samples of workers busy on a request.", " app functions (inclusive):"]
    lines += [f"  {100 * n / total:5.1f}%  {frame}" for frame, n in app.most_common(top)]
    lines += [" innermost frames (where the time is spent):"]
    lines += [f"  {100 * n / total:5.1f}%  {frame}" for frame, n in leaves.most_common(top)]
    return "\n".join(lines)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(summary(Path(path)))
