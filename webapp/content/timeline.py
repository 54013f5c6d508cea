"""The unit timeline: load and check ``lessons/timeline.yaml`` (drawn by ``timeline_svg``).

The file is a YAML list of events::

    - id: jun-second-escape          # slug, unique in the file
      year: 2008                     # integer, used to place and sort the event
      end_year: 2009                 # optional integer, not before ``year``
      when: December 2008            # the date as shown
      title: Jun Heo escapes again
      detail: One or two sentences in our own words.
      lessons: [the-route]           # lesson ids (only their form is checked here)
      evidence:                      # 1+ exact quotes ...
        - source: 000_b4643a13c0b279e1.txt
          quote: "In December 2008, three years after being sent back to North Korea, he defected again."
      # ... or, for background that the sources do not give:
      # context: true
      note: Optional. Where the sources disagree, or how a date was worked out.

It is read like lessons and quizzes: ``parse_yaml``, then ``Fields`` for each event, with the
quotes checked by ``grounding.check_quote``. :func:`load_timeline` never raises for bad
content: every problem is returned as a :class:`~webapp.content.problems.Problem` with its
line. Events whose fields are malformed are left out of the result; events whose quotes
fail the grounding checks (unknown source, too long, not verbatim) are reported but still
returned, since they can be drawn.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fields import Fields, first_on
from .frontmatter import YamlList, parse_yaml
from .grounding import check_quote
from .problems import Problem
from .sources import fold

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NOT_A_SLUG = "is not a slug (lower-case words joined by '-')"
MIN_YEAR, MAX_YEAR = 1800, 2100
FIELDS = {"id", "year", "end_year", "when", "title", "detail", "lessons", "evidence", "context", "note"}
EVIDENCE_FIELDS = {"source", "quote"}


@dataclass(frozen=True)
class TimelineEvidence:
    """One exact quotation from a source file that supports an event."""

    source: str
    quote: str


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event of the unit timeline."""

    id: str
    year: int
    when: str
    title: str
    detail: str
    lessons: tuple[str, ...]
    evidence: tuple[TimelineEvidence, ...] = ()
    context: bool = False
    end_year: int | None = None
    note: str | None = None
    line: int | None = None

    @property
    def years(self) -> str:
        """The year, or the range of years, as a short label (``1994–1998``)."""
        if self.end_year is not None and self.end_year != self.year:
            return f"{self.year}–{self.end_year}"
        return str(self.year)


def load_timeline(
    path: Path,
    sources_texts: dict[str, str] | None,
    *,
    label: str | None = None,
) -> tuple[list[TimelineEvent], list[Problem]]:
    """Load and check the timeline file at ``path``.

    ``sources_texts`` maps each source file name to its full text. When it is given,
    every evidence ``source`` must be one of its keys and every quote must appear in that
    text verbatim (white space folded). When it is ``None`` those two checks are skipped.

    ``label`` is how problems name the file (default: ``str(path)``).

    Returns the events, sorted by year (file order within a year), and every problem
    found. Never raises for bad content.
    """
    file = label if label is not None else str(path)
    try:
        raw = Path(path).read_bytes()
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except FileNotFoundError:
        return [], [Problem(file, "file not found")]
    except OSError as exc:
        return [], [Problem(file, f"cannot be read: {exc.strerror or exc}")]
    except UnicodeDecodeError as exc:
        return [], [Problem(file, "not valid UTF-8 text", line=raw.count(b"\n", 0, exc.start) + 1)]

    data, problems = parse_yaml(text, file)
    if data is None:
        return [], problems or [Problem(file, "the file is empty; expected a list of events", line=1)]
    if not isinstance(data, YamlList):
        return [], [*problems, Problem(file, "expected a list of events at the top level",
                                       line=getattr(data, "line", 1))]
    texts = {name: fold(t) for name, t in sources_texts.items()} if sources_texts is not None else None
    reader, events = _Reader(file, problems, texts), []
    bad_names = [p.line or 0 for p in problems]  # duplicate or non-text field names: their events are malformed
    starts = [*data.item_lines, sys.maxsize]
    for i, raw_event in enumerate(data):
        event = reader.event(raw_event, i + 1, starts[i])
        if event is not None and not any(starts[i] <= line < starts[i + 1] for line in bad_names):
            events.append(event)
    return sorted(events, key=lambda e: e.year), problems


@dataclass
class _Reader:
    """Reads the events of one file, remembering each id's first line."""

    file: str
    problems: list[Problem]
    texts: dict[str, str] | None
    first_lines: dict[str, int | None] = field(default_factory=dict)

    def event(self, raw: Any, index: int, line: int | None) -> TimelineEvent | None:
        """The event, or ``None`` when a field is malformed; quote problems do not drop it."""
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        item = f"event {raw_id}" if isinstance(raw_id, str) and raw_id.strip() else f"event #{index}"
        before = len(self.problems)
        f = Fields(raw, self.problems, self.file, item, FIELDS, line=line)
        if not f.is_mapping:
            return None
        event_id = self._id(f)
        year, end_year = self._year(f, "year"), self._year(f, "end_year", required=False)
        if year and end_year and end_year < year:
            f.error("end_year", f"must not be before year ({year})")
        when, title, detail = (fold(f.text(name)) for name in ("when", "title", "detail"))
        note = fold(f.text("note", False)) or None
        lessons = f.texts("lessons")
        for lesson in lessons:
            if not SLUG_RE.match(lesson):
                f.error("lessons", f"'{lesson}' {NOT_A_SLUG}")
        context = f.boolean("context", False)
        evidence = self._evidence(f)
        malformed = len(self.problems) > before
        self._ground(evidence)
        if malformed:
            return None
        return TimelineEvent(id=event_id, year=year or 0, end_year=end_year, when=when, title=title, detail=detail,
                             lessons=tuple(lessons), evidence=tuple(ev for _, ev in evidence), context=context,
                             note=note, line=f.line)

    def _id(self, f: Fields) -> str:
        event_id = f.text("id")
        if event_id and not SLUG_RE.match(event_id):
            f.error("id", f"'{event_id}' {NOT_A_SLUG}")
        elif event_id in self.first_lines:
            f.error("id", f"duplicate event id '{event_id}'{first_on(self.first_lines[event_id])}")
        elif event_id:
            self.first_lines[event_id] = f.line_of("id")
        return event_id

    @staticmethod
    def _year(f: Fields, name: str, required: bool = True) -> int | None:
        year = f.get(name, int, required)
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            f.error(name, f"{year} is not a year between {MIN_YEAR} and {MAX_YEAR}")
            return None
        return year

    @staticmethod
    def _evidence(f: Fields) -> list[tuple[Fields, TimelineEvidence]]:
        """The quotes (each with its fields, for lines), or ``context: true``: one of the two."""
        context = f.data.get("context")
        if not f.has("evidence"):
            if context is None or context is False:
                f.error("evidence", "missing required field (or context: true, for background the sources do not give)")
            return []
        if context is True:
            f.error("context", "give either evidence or context: true, not both")
        quotes = []
        for i, raw in enumerate(f.items("evidence"), start=1):
            c = f.child(raw, EVIDENCE_FIELDS, f"evidence[{i}]")
            if c.is_mapping:
                quotes.append((c, TimelineEvidence(c.text("source"), fold(c.text("quote")))))
        return quotes

    def _ground(self, evidence: list[tuple[Fields, TimelineEvidence]]) -> None:
        known = sorted(self.texts) if self.texts is not None else None
        for c, ev in evidence:
            for name, message in check_quote(ev.source, ev.quote, known, self.texts):
                c.error(name, message)
