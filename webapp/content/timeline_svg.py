"""The unit timeline drawn as an accessible SVG (works offline and in print)."""
from __future__ import annotations

import textwrap
from collections.abc import Mapping
from xml.sax.saxutils import escape

from .timeline import TimelineEvent

FONT = "'Crossings Sans', 'DejaVu Sans', Arial, sans-serif"
WIDTH = 800
AXIS_X = 132          # the vertical line
TEXT_X = 156          # left edge of each event's text
TEXT_W = WIDTH - TEXT_X - 24
TOP = 112             # where the first event starts
GAP = 26              # space between events

# (font size, line height, average glyph width as a share of the font size)
TITLE_STYLE = (16.0, 21.0, 0.60)
BODY_STYLE = (14.0, 19.0, 0.55)
SMALL_STYLE = (13.0, 17.5, 0.55)


def _wrap(text: str, style: tuple[float, float, float], width: float = TEXT_W) -> list[str]:
    size, _, share = style
    chars = max(20, int(width / (size * share)))
    return textwrap.wrap(text, width=chars, break_long_words=True, break_on_hyphens=False) or [""]


def _source_name(file: str, labels: Mapping[str, str] | None) -> str:
    if labels and file in labels:
        return labels[file]
    number = file.split("_", 1)[0]
    return number if number.isdigit() else file


def render_timeline_svg(
    events: list[TimelineEvent],
    *,
    source_labels: Mapping[str, str] | None = None,
    heading: str | None = None,
) -> str:
    """Draw ``events`` (in the order given) as an accessible vertical timeline.

    ``source_labels`` maps source file names to the short labels students see
    (``cite`` in ``sources/catalog.yaml``); without it a source is shown by its number.
    The drawing is black and white: a filled dot marks an event taken from the sources,
    a hollow dot a background fact. Its height grows with the number of events.
    """
    if heading is None:
        if events:
            first = min(e.year for e in events)
            last = max(e.end_year or e.year for e in events)
            heading = f"Timeline of the unit, {first}–{last}"
        else:
            heading = "Timeline of the unit"

    body: list[str] = []
    desc_parts: list[str] = []
    y: float = TOP
    for event in events:
        sources = sorted({_source_name(ev.source, source_labels) for ev in event.evidence})
        if event.context:
            cited = "Background fact (not from the unit’s sources)"
        else:
            if source_labels:
                cited = ("Source: " if len(sources) == 1 else "Sources: ") + "; ".join(sources)
            else:  # sources shown by number: "Source 003", "Sources 000, 001"
                cited = ("Source " if len(sources) == 1 else "Sources ") + ", ".join(sources)

        # Left column: the year(s), and the dot on the axis.
        body.append(
            f'<text x="{AXIS_X - 18}" y="{y + 16:.0f}" text-anchor="end" font-size="16" '
            f'font-weight="bold">{escape(event.years)}</text>'
        )
        if event.context:
            body.append(
                f'<circle cx="{AXIS_X}" cy="{y + 10:.0f}" r="7.5" fill="#ffffff" stroke="#000000" stroke-width="2.5"/>'
            )
        else:
            body.append(f'<circle cx="{AXIS_X}" cy="{y + 10:.0f}" r="8" fill="#000000"/>')

        # Right column: title, date, detail, note, sources.
        # (text, attributes, style, is a note line)
        lines: list[tuple[str, str, tuple[float, float, float], bool]] = []
        for text in _wrap(event.title, TITLE_STYLE):
            lines.append((text, 'font-size="16" font-weight="bold"', TITLE_STYLE, False))
        for text in _wrap(event.when, SMALL_STYLE) if event.when != event.years else []:
            lines.append((text, 'font-size="13" font-style="italic" fill="#333333"', SMALL_STYLE, False))
        for text in _wrap(event.detail, BODY_STYLE):
            lines.append((text, 'font-size="14"', BODY_STYLE, False))
        if event.note:
            for text in _wrap("Note: " + event.note, SMALL_STYLE, TEXT_W - 14):
                lines.append((text, 'font-size="13" font-style="italic" fill="#222222"', SMALL_STYLE, True))
        for text in _wrap(cited, SMALL_STYLE):
            lines.append((text, 'font-size="13" fill="#333333"', SMALL_STYLE, False))

        baseline = float(y)
        note_top: float | None = None
        note_bottom: float | None = None
        for text, attrs, style, is_note in lines:
            baseline += style[1]
            x = TEXT_X
            if is_note:  # indented, with a dashed rule on its left
                x = TEXT_X + 14
                if note_top is None:
                    note_top = baseline - style[0]
                note_bottom = baseline + 4
            body.append(f'<text x="{x}" y="{baseline:.0f}" {attrs}>{escape(text)}</text>')
        if note_top is not None and note_bottom is not None:
            body.append(
                f'<line x1="{TEXT_X + 3}" y1="{note_top:.0f}" x2="{TEXT_X + 3}" y2="{note_bottom:.0f}" '
                f'stroke="#000000" stroke-width="2" stroke-dasharray="4 3"/>'
            )
        y = baseline + GAP

        kind = "Background fact" if event.context else cited
        parts = [f"{event.years}, {event.when}: {event.title}. {event.detail}"]
        if event.note:
            parts.append(f"Note: {event.note}")
        parts.append(f"{kind}.")
        desc_parts.append(" ".join(parts))

    if not events:
        body.append(f'<text x="{TEXT_X}" y="{TOP + 20}" font-size="14">No events.</text>')
        y = TOP + 40

    height = int(y + 10)
    axis = (
        f'<line x1="{AXIS_X}" y1="{TOP - 6}" x2="{AXIS_X}" y2="{max(TOP + 10, y - GAP):.0f}" '
        f'stroke="#000000" stroke-width="3"/>'
        if events
        else ""
    )
    desc = (
        "A vertical timeline read from top to bottom, earliest first. "
        "A filled dot marks an event reported in the unit’s sources; a hollow dot marks background. "
        + " ".join(desc_parts)
    )
    legend_y = 78
    legend = (
        f'<circle cx="30" cy="{legend_y - 5}" r="7" fill="#000000"/>'
        f'<text x="44" y="{legend_y}" font-size="13">from the unit’s sources</text>'
        f'<circle cx="250" cy="{legend_y - 5}" r="6.5" fill="#ffffff" stroke="#000000" stroke-width="2.5"/>'
        f'<text x="264" y="{legend_y}" font-size="13">background fact</text>'
        f'<line x1="420" y1="{legend_y - 13}" x2="420" y2="{legend_y + 3}" stroke="#000000" stroke-width="2" stroke-dasharray="4 3"/>'
        f'<text x="432" y="{legend_y}" font-size="13" font-style="italic">Note: where dates or sources differ</text>'
    )
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="timeline-title timeline-desc" '
            f'font-family="{FONT}" fill="#000000">',
            f'<title id="timeline-title">{escape(heading)}</title>',
            f'<desc id="timeline-desc">{escape(desc)}</desc>',
            f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
            f'<text x="20" y="40" font-size="22" font-weight="bold">{escape(heading)}</text>',
            legend,
            f'<line x1="20" y1="{legend_y + 14}" x2="{WIDTH - 20}" y2="{legend_y + 14}" stroke="#777777" stroke-width="1"/>',
            axis,
            *body,
            "</svg>",
            "",
        ]
    )
