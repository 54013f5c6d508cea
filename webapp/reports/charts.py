"""Charts drawn on the server as SVG: they work offline, in print, and without JavaScript.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by a
``<desc>`` that reads out every value; the page puts the same numbers in a data table
next to it. Only SVG presentation attributes are used (no style attributes, no script),
so the page's Content-Security-Policy holds.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

INK, MUTED, GRID, BAR = "#1d232b", "#4a5562", "#d3cdc0", "#0b5c7a"
FONT = "'DejaVu Sans', Arial, sans-serif"
WIDTH = 640


@dataclass(frozen=True)
class Bar:
    label: str      # what the bar is (a score range, a question, a day)
    value: float
    shown: str      # the value as the reader sees it: "7", "64%"


def bar_chart(chart_id: str, title: str, desc: str, bars: list[Bar], *, max_value: float | None = None,
              horizontal: bool = False, unit: str = "") -> Markup:
    top = max([max_value or 0, *(b.value for b in bars), 1])
    body = _horizontal(bars, top) if horizontal else _vertical(bars, top, unit)
    height = body[0]
    # Every text in the SVG is escaped above; numbers are formatted by us.
    return Markup("\n".join([  # nosec B704
        (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="100%" '
         f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
         f'font-family={quoteattr(FONT)} font-size="12" fill="{INK}">'),
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        *body[1], "</svg>"]))


def _vertical(bars: list[Bar], top: float, unit: str) -> tuple[int, list[str]]:
    left, right, plot_top, plot_h = 48, 12, 28, 180
    height = plot_top + plot_h + 44
    plot_w = WIDTH - left - right
    out = []
    for tick in sorted({0, round(top / 2), top}):  # whole numbers: these charts count things
        y = plot_top + plot_h - plot_h * tick / top
        label = f"{tick:g}"
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{label}</text>')
    if unit:
        out.append(f'<text x="4" y="{plot_top - 14}" fill="{MUTED}">{escape(unit)}</text>')
    slot = plot_w / max(len(bars), 1)
    every = max(1, round(len(bars) / 12))  # label at most ~12 bars so the labels never overlap
    for i, bar in enumerate(bars):
        h = plot_h * bar.value / top
        x, y = left + i * slot + slot * 0.15, plot_top + plot_h - h
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{BAR}"/>')
        if bar.value and len(bars) <= 24:
            out.append(f'<text x="{x + slot * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle">{escape(bar.shown)}</text>')
        if i % every == 0:
            out.append(f'<text x="{x + slot * 0.35:.1f}" y="{plot_top + plot_h + 18}" text-anchor="middle" '
                       f'fill="{MUTED}">{escape(bar.label)}</text>')
    out.append(f'<line x1="{left}" y1="{plot_top + plot_h}" x2="{WIDTH - right}" y2="{plot_top + plot_h}" '
               f'stroke="{INK}"/>')
    return height, out


def _horizontal(bars: list[Bar], top: float) -> tuple[int, list[str]]:
    left, right, row = 64, 56, 24
    plot_w = WIDTH - left - right
    height = 24 + row * len(bars)
    out = []
    for share in (0, 0.5, 1):
        x = left + plot_w * share
        out.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 16}" stroke="{GRID}"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle" fill="{MUTED}">'
                   f'{round(top * share):g}{"%" if top == 100 else ""}</text>')
    for i, bar in enumerate(bars):
        y = 6 + i * row
        w = plot_w * bar.value / top
        out.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{escape(bar.label)}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{row - 8}" fill="{BAR}"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + 13}">{escape(bar.shown)}</text>')
    return height, out


def score_bins(scores: list[int]) -> list[Bar]:
    """Scores in ten bands: 0–9%, 10–19%, … 90–100% (a perfect score joins the top band)."""
    counts = [0] * 10
    for score in scores:
        counts[min(max(score, 0) // 10, 9)] += 1
    return [Bar(f"{i * 10}–{i * 10 + 9 if i < 9 else 100}", n, str(n)) for i, n in enumerate(counts)]


def histogram_desc(bins: list[Bar], total: int) -> str:
    parts = "; ".join(f"{b.label}%: {b.shown}" for b in bins)
    return f"How many of the {total} submitted scores fall in each band. {parts}."


def day_bars(unit: str, days: list[tuple[date, int]]) -> list[Bar]:
    return [Bar(d.strftime("%d %b"), n, str(n)) for d, n in days]


def days_desc(unit: str, days: list[tuple[date, int]]) -> str:
    parts = "; ".join(f"{unit} of {d.isoformat()}: {n}" for d, n in days)
    return f"Quiz submissions per {unit}, from the first submission to the last. {parts}."
