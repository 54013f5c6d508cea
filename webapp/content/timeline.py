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

:func:`load_timeline` never raises for bad content: every problem is returned as a
:class:`~webapp.content.problems.Problem`. Events whose fields are malformed are left out
of the result; events whose quotes fail the grounding checks (unknown source, too long,
not verbatim) are reported but still returned, since they can be drawn.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .sources import MAX_QUOTE_WORDS
from .sources import fold as fold_whitespace

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_YEAR, MAX_YEAR = 1800, 2100

FIELDS = ("id", "year", "end_year", "when", "title", "detail", "lessons", "evidence", "context", "note")
REQUIRED = ("id", "year", "when", "title", "detail", "lessons")
EVIDENCE_FIELDS = ("source", "quote")

# Curly and straight quotation marks, used only to give a hint when a quote differs from
# its source in nothing but the style of its quotation marks.
_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


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


# --------------------------------------------------------------------------- loading


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
    except FileNotFoundError:
        return [], [Problem(file, "file not found")]
    except OSError as exc:
        return [], [Problem(file, f"cannot be read: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return [], [Problem(file, "not valid UTF-8 text", line=line)]
    text = text.removeprefix("\ufeff")

    root, data, problem = _parse_yaml(text, file)
    if problem is not None:
        return [], [problem]
    if root is None:
        return [], [Problem(file, "the file is empty; expected a list of events", line=1)]
    if not isinstance(root, yaml.SequenceNode) or not isinstance(data, list):
        return [], [Problem(file, "expected a list of events at the top level", line=_line(root))]

    checker = _Checker(file, sources_texts)
    events: list[TimelineEvent] = []
    for index, (node, value) in enumerate(zip(root.value, data), start=1):
        event = checker.event(index, node, value)
        if event is not None:
            events.append(event)
    events.sort(key=lambda e: e.year)
    return events, checker.problems


def _parse_yaml(text: str, file: str) -> tuple[yaml.Node | None, Any, Problem | None]:
    """Parse ``text`` into its node tree (for line numbers) and its Python value."""
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "cannot be parsed"
        if exc.problem and exc.context and not exc.context.startswith("while "):
            what = f"{exc.context}, {exc.problem}"
        return None, None, Problem(file, f"malformed YAML: {what}", line=line)
    except yaml.YAMLError as exc:  # a ReaderError: a character YAML does not allow
        line = None
        position = getattr(exc, "position", None)
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
        character = getattr(exc, "character", None)
        what = "a character YAML does not allow"
        if isinstance(character, int):
            what += f" (#x{character:04x})"
        elif isinstance(character, str) and character:
            what += f" (#x{ord(character[0]):04x})"
        return None, None, Problem(file, f"malformed YAML: {what}", line=line)
    finally:
        if loader is not None:
            loader.dispose()
    return node, data, None


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


class _Keys:
    """The fields of one YAML mapping: each key's line and value node."""

    def __init__(self) -> None:
        self.lines: dict[str, int | None] = {}
        self.nodes: dict[str, yaml.Node] = {}
        self.pending = 0  # how many keys were rejected (duplicate, or not text)


class _Checker:
    """Collects problems while turning parsed YAML into :class:`TimelineEvent` objects."""

    def __init__(self, file: str, sources_texts: dict[str, str] | None) -> None:
        self.file = file
        self.sources = sources_texts
        self.problems: list[Problem] = []
        self._ids: dict[str, int | None] = {}
        self._folded: dict[str, str] = {}

    def add(self, message: str, *, line: int | None, item: str | None = None, field: str | None = None) -> None:
        self.problems.append(Problem(self.file, message, line=line, item=item, field=field))

    # -- one event

    def event(self, index: int, node: yaml.Node, value: Any) -> TimelineEvent | None:
        if not isinstance(node, yaml.MappingNode) or not isinstance(value, dict):
            self.add("must be a mapping of fields", line=_line(node), item=f"event #{index}")
            return None

        raw_id = value.get("id")
        item = f"event {raw_id}" if isinstance(raw_id, str) and raw_id.strip() else f"event #{index}"
        keys = self._keys(node, item=item)
        malformed = keys.pending > 0

        for key in keys.lines:
            if key not in FIELDS:
                self.add("unknown field", line=keys.lines[key], item=item, field=key)
                malformed = True
        for key in REQUIRED:
            if key not in value:
                self.add("missing required field", line=_line(node), item=item, field=key)
                malformed = True

        def at(key: str) -> int | None:
            return keys.lines.get(key, _line(node))

        # id
        event_id = value.get("id")
        if "id" in value:
            if not isinstance(event_id, str):
                self.add("must be text", line=at("id"), item=item, field="id")
                malformed = True
            elif not SLUG_RE.match(event_id):
                self.add(
                    "must be a slug: lowercase letters and digits joined by hyphens",
                    line=at("id"),
                    item=item,
                    field="id",
                )
                malformed = True
            elif event_id in self._ids:
                first = self._ids[event_id]
                where = f" (first used on line {first})" if first is not None else ""
                self.add(f"duplicate id{where}", line=at("id"), item=item, field="id")
                malformed = True
            else:
                self._ids[event_id] = at("id")

        # years
        year = value.get("year")
        year_ok = False
        if "year" in value:
            year_ok = self._year(year, at("year"), item, "year")
            malformed |= not year_ok
        end_year = value.get("end_year")
        if end_year is not None:  # "end_year:" left blank means no end year
            if self._year(end_year, at("end_year"), item, "end_year"):
                if year_ok and end_year < year:
                    self.add(f"must not be before year ({year})", line=at("end_year"), item=item, field="end_year")
                    malformed = True
            else:
                malformed = True

        # text fields
        for key in ("when", "title", "detail"):
            if key in value:
                malformed |= not self._text(value[key], at(key), item, key)
        note = value.get("note")
        if "note" in value:
            malformed |= not self._text(note, at("note"), item, "note")

        # lessons
        lessons = value.get("lessons")
        if "lessons" in value:
            if not isinstance(lessons, list) or not all(isinstance(x, str) for x in lessons):
                self.add("must be a list of lesson ids", line=at("lessons"), item=item, field="lessons")
                malformed = True
            elif not lessons:
                self.add("must name at least one lesson", line=at("lessons"), item=item, field="lessons")
                malformed = True
            else:
                for lesson in lessons:
                    if not SLUG_RE.match(lesson):
                        self.add(f"'{lesson}' is not a lesson id (a slug)", line=at("lessons"), item=item, field="lessons")
                        malformed = True

        # context / evidence
        context = value.get("context", False)
        context_ok = isinstance(context, bool)
        if not context_ok:
            self.add("must be true or false", line=at("context"), item=item, field="context")
            malformed = True
        evidence: list[TimelineEvidence] = []
        if "evidence" in value:
            parsed = self._evidence(value["evidence"], keys.nodes.get("evidence"), at("evidence"), item)
            if parsed is None:
                malformed = True
            else:
                evidence = parsed
            if context is True:
                self.add(
                    "give either evidence or context: true, not both",
                    line=at("context"),
                    item=item,
                    field="context",
                )
                malformed = True
        elif context_ok and context is not True:
            self.add(
                "missing: give evidence quotes, or context: true for background the sources do not give",
                line=_line(node),
                item=item,
                field="evidence",
            )
            malformed = True

        if malformed:
            return None
        return TimelineEvent(
            id=str(event_id),
            year=int(year or 0),
            end_year=end_year,
            when=fold_whitespace(value["when"]),
            title=fold_whitespace(value["title"]),
            detail=fold_whitespace(value["detail"]),
            lessons=tuple(lessons or ()),
            evidence=tuple(evidence),
            context=bool(context),
            note=fold_whitespace(note) if isinstance(note, str) else None,
            line=_line(node),
        )

    # -- helpers

    def _keys(self, node: yaml.MappingNode, *, item: str) -> _Keys:
        """Line of each key of a mapping node; reports duplicate and non-text keys."""
        keys = _Keys()
        for key_node, value_node in node.value:
            line = _line(key_node)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                self.add("field names must be text", line=line, item=item)
                keys.pending += 1
                continue
            name = key_node.value
            if name in keys.lines:
                self.add(f"given twice (also on line {keys.lines[name]})", line=line, item=item, field=name)
                keys.pending += 1
                continue
            keys.lines[name] = line
            keys.nodes[name] = value_node
        return keys

    def _year(self, value: Any, line: int | None, item: str, field: str) -> bool:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add("must be a whole number (a year such as 2008)", line=line, item=item, field=field)
            return False
        if not MIN_YEAR <= value <= MAX_YEAR:
            self.add(f"must be a year between {MIN_YEAR} and {MAX_YEAR}", line=line, item=item, field=field)
            return False
        return True

    def _text(self, value: Any, line: int | None, item: str, field: str) -> bool:
        if not isinstance(value, str):
            self.add("must be text", line=line, item=item, field=field)
            return False
        if not value.strip():
            self.add("must not be empty", line=line, item=item, field=field)
            return False
        return True

    def _evidence(
        self, value: Any, node: yaml.Node | None, line: int | None, item: str
    ) -> list[TimelineEvidence] | None:
        """Check an ``evidence`` list; ``None`` when its shape is wrong."""
        if not isinstance(value, list) or not isinstance(node, yaml.SequenceNode):
            self.add("must be a list of {source, quote}", line=line, item=item, field="evidence")
            return None
        if not value:
            self.add("must hold at least one quote", line=line, item=item, field="evidence")
            return None
        result: list[TimelineEvidence] = []
        ok = True
        for n, (entry_node, entry) in enumerate(zip(node.value, value), start=1):
            where = f"evidence[{n}]"
            entry_line = _line(entry_node)
            if not isinstance(entry, dict) or not isinstance(entry_node, yaml.MappingNode):
                self.add("must be a mapping with source and quote", line=entry_line, item=item, field=where)
                ok = False
                continue
            keys = self._keys(entry_node, item=item)
            ok &= keys.pending == 0
            for key in keys.lines:
                if key not in EVIDENCE_FIELDS:
                    self.add("unknown field", line=keys.lines[key], item=item, field=f"{where}.{key}")
                    ok = False
            entry_ok = True
            for key in EVIDENCE_FIELDS:
                if key not in entry:
                    self.add("missing required field", line=entry_line, item=item, field=f"{where}.{key}")
                    entry_ok = False
                elif not self._text(entry[key], keys.lines.get(key, entry_line), item, f"{where}.{key}"):
                    entry_ok = False
            if not entry_ok:
                ok = False
                continue
            source, quote = entry["source"].strip(), fold_whitespace(entry["quote"])
            self._ground(source, quote, keys.lines.get("source", entry_line), keys.lines.get("quote", entry_line), item, where)
            result.append(TimelineEvidence(source=source, quote=quote))
        return result if ok else None

    def _ground(
        self, source: str, quote: str, source_line: int | None, quote_line: int | None, item: str, where: str
    ) -> None:
        """Grounding checks: the quote's length, its source, and that it is verbatim."""
        words = len(quote.split())
        if words > MAX_QUOTE_WORDS:
            self.add(
                f"quote is {words} words long; the limit is {MAX_QUOTE_WORDS}",
                line=quote_line,
                item=item,
                field=f"{where}.quote",
            )
        if self.sources is None:
            return
        if source not in self.sources:
            known = ", ".join(sorted(self.sources)) or "none"
            self.add(
                f"unknown source file '{source}' (known: {known})",
                line=source_line,
                item=item,
                field=f"{where}.source",
            )
            return
        if source not in self._folded:
            self._folded[source] = fold_whitespace(self.sources[source])
        text = self._folded[source]
        if quote in text:
            return
        message = f"quote not found verbatim in {source}"
        if quote.translate(_QUOTE_MARKS) in text.translate(_QUOTE_MARKS):
            message += " (only its quotation marks or apostrophes differ: copy them from the source)"
        self.add(message, line=quote_line, item=item, field=f"{where}.quote")
