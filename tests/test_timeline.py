"""Tests of webapp/content/timeline.py and of the shipped lessons/timeline.yaml."""
from __future__ import annotations

import os
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from webapp.content.problems import Problem
from webapp.content.timeline import TimelineEvent, TimelineEvidence, load_timeline
from webapp.content.timeline_svg import render_timeline_svg

ROOT = Path(__file__).parents[1]
TIMELINE = ROOT / "lessons" / "timeline.yaml"
SOURCES_DIR = Path(os.environ.get("CROSSINGS_SOURCES_DIR", Path(__file__).parents[2] / "shared" / "sources"))
SOURCE_FILES = (
    "000_b4643a13c0b279e1.txt",
    "001_d779e6af58691a0e.txt",
    "002_86d318c7752b383a.txt",
    "003_33fb6fb6dd88b7af.txt",
)
LESSON_IDS = {"why-people-leave", "brokers-and-trafficking", "china-repatriation", "the-route", "resettlement"}
SVG_NS = "{http://www.w3.org/2000/svg}"

# A stand-in source for the broken-input tests: these never need the real texts.
FAKE_SOURCE = "000_test.txt"
FAKE_TEXTS = {
    FAKE_SOURCE: "He crossed the river\nin December 2008. It was “the coldest night” of the year.",
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "timeline.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def messages(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


def event(id: str = "crossing", year: int = 2008, title: str = "A crossing", **kw: object) -> TimelineEvent:
    fields: dict = dict(
        id=id,
        year=year,
        when=str(year),
        title=title,
        detail="Something happens.",
        lessons=("the-route",),
        evidence=(TimelineEvidence(FAKE_SOURCE, "He crossed the river"),),
    )
    fields.update(kw)
    return TimelineEvent(**fields)


VALID = """
- id: crossing
  year: 2008
  when: December 2008
  title: A crossing
  detail: Someone crosses a river.
  lessons: [the-route]
  evidence:
    - source: 000_test.txt
      quote: He crossed the river in December 2008.
- id: divided
  year: 1945
  end_year: 1948
  when: 1945–1948
  title: Korea is divided
  detail: Background.
  lessons: [why-people-leave]
  context: true
  note: A note.
"""


# --------------------------------------------------------------------------- the shipped file


def test_shipped_timeline_loads_without_problems() -> None:
    events, problems = load_timeline(TIMELINE, None)
    assert messages(problems) == []
    assert 14 <= len(events) <= 22
    assert [e.year for e in events] == sorted(e.year for e in events)
    assert len({e.id for e in events}) == len(events)
    for e in events:
        assert set(e.lessons) <= LESSON_IDS, e.id
        assert e.context != bool(e.evidence), e.id
        for ev in e.evidence:
            assert ev.source in SOURCE_FILES, e.id


def test_shipped_timeline_quotes_are_verbatim() -> None:
    if not all((SOURCES_DIR / name).is_file() for name in SOURCE_FILES):
        pytest.skip(f"source texts not found in {SOURCES_DIR}; set CROSSINGS_SOURCES_DIR to check quotes")
    texts = {name: (SOURCES_DIR / name).read_text(encoding="utf-8") for name in SOURCE_FILES}
    events, problems = load_timeline(TIMELINE, texts)
    assert messages(problems) == []
    assert sum(len(e.evidence) for e in events) > 0


def test_shipped_timeline_renders() -> None:
    events, _ = load_timeline(TIMELINE, None)
    svg = render_timeline_svg(events)
    root = ET.fromstring(svg)
    texts = "".join(root.itertext())
    for e in events:
        assert e.title in texts


# --------------------------------------------------------------------------- loading


def test_valid_file_loads_and_sorts_by_year(tmp_path: Path) -> None:
    events, problems = load_timeline(write(tmp_path, VALID), FAKE_TEXTS)
    assert problems == []
    assert [e.id for e in events] == ["divided", "crossing"]
    divided, crossing = events
    assert divided.context and divided.evidence == () and divided.end_year == 1948
    assert divided.years == "1945–1948" and divided.note == "A note."
    assert crossing.evidence == (TimelineEvidence(FAKE_SOURCE, "He crossed the river in December 2008."),)
    assert crossing.lessons == ("the-route",) and crossing.note is None and crossing.years == "2008"


def test_events_in_the_same_year_keep_file_order(tmp_path: Path) -> None:
    text = "".join(
        f"""
- id: e{n}
  year: {year}
  when: "{year}"
  title: T{n}
  detail: D.
  lessons: [the-route]
  context: true
"""
        for n, year in enumerate([2010, 2001, 2010, 2001])
    )
    events, problems = load_timeline(write(tmp_path, text), None)
    assert problems == []
    assert [e.id for e in events] == ["e1", "e3", "e0", "e2"]


def test_label_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "- nonsense\n")
    _, problems = load_timeline(path, None, label="lessons/timeline.yaml")
    assert messages(problems) == ["lessons/timeline.yaml:1: event #1: expected a mapping, got text"]
    _, problems = load_timeline(path, None)
    assert problems == [Problem(str(path), "expected a mapping, got text", line=1, item="event #1")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- id: a\n  title: [unclosed\n  year: 2000\n",
            "T:3: not valid YAML: expected ',' or ']', but got ':'",
        ),
        ("- id: a\n  year: 2000\n   when: x\n", "T:3: not valid YAML: mapping values are not allowed here"),
        ("- id: a\n\tyear: 2000\n", "T:2: not valid YAML: found character '\\t' that cannot start any token"),
        (
            "- id: a\n---\n- id: b\n",
            "T:2: not valid YAML: expected a single document in the stream, but found another document",
        ),
        ("- id: a\x07\n", "T:1: not valid YAML: a character YAML does not allow (#x0007)"),
        ("", "T:1: the file is empty; expected a list of events"),
        ("# only a comment\n", "T:1: the file is empty; expected a list of events"),
        ("events:\n  - id: a\n", "T:1: expected a list of events at the top level"),
    ],
)
def test_malformed_files_give_one_problem_with_a_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "timeline.yaml"
    path.write_text(text, encoding="utf-8")
    events, problems = load_timeline(path, None, label="T")
    assert events == []
    assert messages(problems) == [expected]


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    assert load_timeline(tmp_path / "nope.yaml", None, label="T") == ([], [Problem("T", "file not found")])
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"- id: a\n  title: caf\xe9\n")
    assert messages(load_timeline(path, None, label="T")[1]) == ["T:2: not valid UTF-8 text"]


def test_broken_fields_are_each_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        - id: Bad_Id
          year: "2004"
          when: 2004
          title: ""
          detail: Fine.
          lessons: the-route
          context: true
          colour: red
        - id: no-evidence
          year: 1790
          end_year: 2000
          when: then
          title: T
          detail: D.
          lessons: []
        - id: both
          year: 2010
          end_year: 2009
          when: then
          title: T
          detail: D.
          lessons: [the-route, Not A Slug]
          context: yes
          evidence:
            - source: 000_test.txt
              quote: He crossed the river
        - id: bad-context
          year: true
          title: T
          title: T2
          detail: D.
          lessons: [the-route]
          context: maybe
        - id: both
          year: 2011
          when: then
          title: T
          detail: D.
          lessons: [the-route]
          context: true
        """,
    )
    events, problems = load_timeline(path, FAKE_TEXTS, label="T")
    assert events == []
    assert messages(problems) == [
        # Field names are checked as the YAML is read, before the events.
        "T:30: duplicate field 'title' (first on line 29)",
        "T:8: event Bad_Id: field 'colour': unknown field (allowed: context, detail, end_year, evidence, id, "
        "lessons, note, title, when, year)",
        "T:1: event Bad_Id: field 'id': 'Bad_Id' is not a slug (lower-case words joined by '-')",
        "T:2: event Bad_Id: field 'year': expected a whole number, got text",
        "T:3: event Bad_Id: field 'when': expected text, got a number (2004)",
        "T:4: event Bad_Id: field 'title': must not be empty",
        "T:6: event Bad_Id: field 'lessons': expected a list, got text",
        "T:10: event no-evidence: field 'year': 1790 is not a year between 1800 and 2100",
        "T:15: event no-evidence: field 'lessons': must not be empty",
        "T:9: event no-evidence: field 'evidence': missing required field "
        "(or context: true, for background the sources do not give)",
        "T:18: event both: field 'end_year': must not be before year (2010)",
        "T:22: event both: field 'lessons': 'Not A Slug' is not a slug (lower-case words joined by '-')",
        "T:23: event both: field 'context': give either evidence or context: true, not both",
        "T:28: event bad-context: field 'year': expected a whole number, got true or false (true)",
        "T:27: event bad-context: field 'when': missing required field",
        "T:33: event bad-context: field 'context': expected true or false, got text",
        "T:34: event both: field 'id': duplicate event id 'both' (first on line 16)",
    ]


def test_a_field_given_twice_is_reported_and_leaves_its_event_out(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("  title: A crossing\n", "  title: A crossing\n  title: Again\n"))
    events, problems = load_timeline(path, FAKE_TEXTS, label="T")
    assert messages(problems) == ["T:5: duplicate field 'title' (first on line 4)"]
    assert [e.id for e in events] == ["divided"]


def test_broken_evidence_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        - id: e
          year: 2008
          when: then
          title: T
          detail: D.
          lessons: [the-route]
          evidence:
            - He crossed the river
            - source: 000_test.txt
            - source: 000_test.txt
              quote: 42
              page: 3
        - id: f
          year: 2008
          when: then
          title: T
          detail: D.
          lessons: [the-route]
          evidence: []
        - id: g
          year: 2008
          when: then
          title: T
          detail: D.
          lessons: [the-route]
          evidence: He crossed the river
        """,
    )
    events, problems = load_timeline(path, FAKE_TEXTS, label="T")
    assert events == []
    assert messages(problems) == [
        "T:8: event e: field 'evidence[1]': expected a mapping, got text",
        "T:9: event e: field 'evidence[2].quote': missing required field",
        "T:12: event e: field 'evidence[3].page': unknown field (allowed: quote, source)",
        "T:11: event e: field 'evidence[3].quote': expected text, got a number (42)",
        "T:19: event f: field 'evidence': must not be empty",
        "T:26: event g: field 'evidence': expected a list, got text",
    ]


def evidence_file(tmp_path: Path, *quotes: tuple[str, str]) -> Path:
    items = "".join(f"\n    - source: {source}\n      quote: {quote}" for source, quote in quotes)
    return write(
        tmp_path,
        "- id: e\n  year: 2008\n  when: then\n  title: T\n  detail: D.\n  lessons: [the-route]\n  evidence:" + items + "\n",
    )


def test_quote_not_in_the_source_is_reported(tmp_path: Path) -> None:
    path = evidence_file(
        tmp_path,
        (FAKE_SOURCE, '"He crossed the sea in December 2008."'),
        (FAKE_SOURCE, "It was \"the coldest night\" of the year."),
        (FAKE_SOURCE, "\"the river\n        in   December\""),  # white space is folded
    )
    events, problems = load_timeline(path, FAKE_TEXTS, label="T")
    assert messages(problems) == [
        "T:9: event e: field 'evidence[1].quote': quote not found verbatim in 000_test.txt: "
        "'He crossed the sea in December 2008.'",
        "T:11: event e: field 'evidence[2].quote': quote not found verbatim in 000_test.txt: "
        "'It was \"the coldest night\" of the year.' "
        "(only its quotation marks or apostrophes differ: copy them from the source)",
    ]
    # Grounding problems do not drop the event: it is well formed and can be drawn.
    assert [e.id for e in events] == ["e"]
    assert events[0].evidence[2].quote == "the river in December"


def test_unknown_source_and_long_quote(tmp_path: Path) -> None:
    long_quote = " ".join(["word"] * 61)
    path = evidence_file(tmp_path, ("999_nope.txt", "He crossed"), (FAKE_SOURCE, long_quote))
    _, problems = load_timeline(path, FAKE_TEXTS, label="T")
    assert messages(problems) == [
        "T:8: event e: field 'evidence[1].source': unknown source '999_nope.txt' (known: 000_test.txt)",
        "T:11: event e: field 'evidence[2].quote': quote has 61 words; at most 60",
        "T:11: event e: field 'evidence[2].quote': quote not found verbatim in 000_test.txt: "
        "'word word word word word word word word word word word word word word…'",
    ]


def test_without_source_texts_only_the_length_is_checked(tmp_path: Path) -> None:
    path = evidence_file(tmp_path, ("999_nope.txt", "not in any text"), (FAKE_SOURCE, " ".join(["w"] * 60)))
    events, problems = load_timeline(path, None, label="T")
    assert problems == []
    assert len(events) == 1


# --------------------------------------------------------------------------- drawing


def test_svg_is_accessible_well_formed_and_names_every_event() -> None:
    events = [event("a", 2001, "First thing"), event("b", 2005, "Second thing", context=True, evidence=())]
    svg = render_timeline_svg(events)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 800 ")
    assert root.find(f"{SVG_NS}title") is not None and root.find(f"{SVG_NS}title").text
    desc = root.find(f"{SVG_NS}desc")
    assert desc is not None and "First thing" in desc.text and "Second thing" in desc.text
    shown = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert "First thing" in shown and "Second thing" in shown
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "@import" not in svg and "<script" not in svg


def test_svg_escapes_markup_in_text() -> None:
    nasty = 'Rice < 1 kg & "fear" <b>'
    svg = render_timeline_svg([event(title=nasty, detail="A & B", note="x < y", when="<2008>")])
    assert "Rice &lt; 1 kg &amp;" in svg
    assert "<b>" not in svg and "<2008>" not in svg
    root = ET.fromstring(svg)
    shown = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert nasty in shown
    assert "A & B" in shown


def test_svg_height_grows_with_the_number_of_events() -> None:
    def height(n: int) -> float:
        root = ET.fromstring(render_timeline_svg([event(f"e{i}", 2000 + i) for i in range(n)]))
        assert root.get("viewBox") == f"0 0 800 {root.get('height')}"
        return float(root.get("height", "0"))

    assert height(0) < height(1) < height(3) < height(10)
    assert re.search(r"No events", render_timeline_svg([]))
