"""How long packs take to build, and whether build cost grows no faster than the page count.

Run:  .venv/bin/python bench/packs_bench.py

Measures, in one run: one lesson's two packs and the whole unit's two packs (built without
the cache, alternately, best of three: other work on a 2-core machine adds noise), everything
``flask packs build`` makes from an empty cache, the same again when nothing changed (served
from the cache), and the offline HTML edition. Prints a table and the ratio of the unit's
build time per page to the lesson's (about 1 or less: cost grows with pages, not faster).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader

from webapp.content.loader import load_valid_content
from webapp.packs.builder import export_pack, pack_specs, render_pdf
from webapp.packs.cache import PackCache
from webapp.packs.documents import PackSpec
from webapp.packs.html_bundle import write_bundle

LESSON = "why-people-leave"
ROUNDS = 3


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def pages_of(content, specs, folder: Path) -> list[Path]:
    """Build each pack now (no cache) into ``folder``."""
    paths = []
    for spec in specs:
        path = folder / spec.filename
        path.write_bytes(render_pdf(content, spec))
        paths.append(path)
    return paths


def main() -> None:
    content = load_valid_content()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        lesson_specs = [PackSpec(LESSON, kind) for kind in ("student", "teacher")]
        unit_specs = [PackSpec("unit", kind) for kind in ("student", "teacher")]
        pages_of(content, lesson_specs[:1], work)  # warm up: imports and fonts

        lesson_s = unit_s = float("inf")
        for _ in range(ROUNDS):  # alternate, so a burst of other load hits both alike
            lesson_files, seconds = timed(lambda: pages_of(content, lesson_specs, work))
            lesson_s = min(lesson_s, seconds)
            unit_files, seconds = timed(lambda: pages_of(content, unit_specs, work))
            unit_s = min(unit_s, seconds)
        every = pack_specs(content)
        cold = PackCache(work / "cold")
        _, full_s = timed(lambda: [export_pack(content, s, cold, work / "out") for s in every])
        warm = PackCache(work / "cold")
        _, rebuild_s = timed(lambda: [export_pack(content, s, warm, work / "out") for s in every])
        _, html_s = timed(lambda: write_bundle(content, work / "html"))

        lesson_pages = sum(len(PdfReader(f).pages) for f in lesson_files)
        unit_pages = sum(len(PdfReader(f).pages) for f in unit_files)
        all_pages = sum(len(PdfReader(f).pages) for f in (work / "out").glob("*.pdf"))

    rows = [
        (f"one lesson, student + teacher (A4), best of {ROUNDS}", lesson_s, lesson_pages),
        (f"whole unit, student + teacher (A4), best of {ROUNDS}", unit_s, unit_pages),
        (f"packs build: all {len(every)} packs, empty cache", full_s, all_pages),
        (f"packs build again, nothing changed ({warm.builds} built)", rebuild_s, all_pages),
        ("offline HTML edition (folder + zip)", html_s, None),
    ]
    print(f"{'what':<52} {'seconds':>8} {'pages':>6} {'s/page':>7}")
    for name, seconds, pages in rows:
        per_page = f"{seconds / pages:7.3f}" if pages else f"{'':>7}"
        print(f"{name:<52} {seconds:8.2f} {pages or '':>6} {per_page}")
    ratio = (unit_s / unit_pages) / (lesson_s / lesson_pages)
    print(f"\nunit s/page ÷ lesson s/page = {ratio:.2f} (≤ ~1: build cost grows no faster than the page count)")
    print(f"unit pages ÷ lesson pages = {unit_pages / lesson_pages:.1f}, unit time ÷ lesson time = "
          f"{unit_s / lesson_s:.1f}")
    print(f"aims: full build < 60 s ({'met' if full_s < 60 else 'MISSED'}), "
          f"unchanged rebuild < 2 s ({'met' if rebuild_s < 2 else 'MISSED'})")


if __name__ == "__main__":
    main()
