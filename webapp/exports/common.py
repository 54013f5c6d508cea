"""What every export format shares: titles, feedback with cited evidence, numbers written
exactly, Moodle's grade fractions, the two question types that other systems know as matching,
and the zip, XML and content-package manifest writing."""
from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..content.loader import Content
from ..content.questions import Choice, Matching, MultipleChoice, Numeric, Ordering, Question
from ..content.questions.base import LeftOut, TypeTable
from ..content.questions.highlight import Highlight
from ..content.questions.written_response import WrittenResponse
from ..content.quizzes import Quiz

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed, so the same content always makes the same archive
QUOTE_MARKS = "\"'“”‘’«»„「『"
POSITIONS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 21)]


W = TypeVar("W")


@dataclass(frozen=True)
class ExportRow(Generic[W]):
    """How one format writes one question type (``write``: that exporter's writer), and what
    its readme says: what the type ``becomes`` there and what ``changes`` on the way."""

    write: W
    becomes: str
    changes: str = "nothing"


ExportTable = TypeTable[ExportRow[W] | LeftOut]


def writer(table: ExportTable[W], question: Question) -> W | None:
    """The format's writer for this question, or None when the format leaves its type out."""
    row = table.row(question)
    return row.write if isinstance(row, ExportRow) else None


def kept(table: ExportTable[W], questions: Iterable[Question]) -> list[Question]:
    """The questions this format writes (the readme lists the others: ``readme.left_out_lines``)."""
    return [question for question in questions if isinstance(table.row(question), ExportRow)]


@dataclass(frozen=True)
class PairText:
    id: str
    left: str
    right: str


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def lesson_title(content: Content, quiz: Quiz) -> str:
    lesson = content.lesson(quiz.lesson_id)
    return lesson.title if lesson else quiz.lesson_id


def _unit_note(question: Numeric) -> str:
    return f" (Answer in {question.unit}.)" if question.unit else ""


def _no_note(question: Question) -> str:
    return ""


# our type -> what every format writes into the prompt because it can't show it elsewhere
PROMPT_NOTES: TypeTable[Callable[[Any], str]] = TypeTable("the exports' prompt notes", {
    "single_choice": _no_note, "multiple_choice": _no_note, "true_false": _no_note, "short_answer": _no_note,
    "matching": _no_note, "numeric": _unit_note,
    "ordering": lambda question: " Give each item its position, from first to last.",
    "highlight": lambda question: f" {question.scoring_note()} Each sentence of the passage is a choice, numbered in order.",
    "written_response": lambda question: f" (Write {question.word_guidance}.)",
})


def prompt(question: Question) -> str:
    """The prompt, with what a format can't show elsewhere (``PROMPT_NOTES``): the unit, or how to order."""
    return one_line(question.prompt) + PROMPT_NOTES.row(question)(question)


def as_multiple_response(question: Highlight) -> MultipleChoice:
    """A highlight where a format has no such type: a multiple-response question over the
    passage's sentences (numbered, since a system may shuffle them), scored as ours: each right
    pick 1/len(answer), each wrong pick the same taken away, never below 0."""
    return MultipleChoice(id=question.id, prompt=question.prompt, explanation=question.explanation,
                          objective=question.objective, skill=question.skill, evidence=question.evidence,
                          draws_on=question.draws_on, lesson_id=question.lesson_id,
                          choices=[Choice(s.id, f"{n}. {s.text}") for n, s in enumerate(question.spans, start=1)],
                          answer=list(question.answer), scoring="partial")


def quoted(text: str) -> str:
    """Text in curly quotation marks, unless it already starts with one (no ““…””)."""
    text = one_line(text)
    return text if text[:1] in QUOTE_MARKS else f"“{text}”"


def rubric_lines(question: WrittenResponse) -> list[str]:
    """The rubric and the annotated sample answers as paragraphs, for whoever grades (never the student)."""
    lines = [f"Rubric: {question.top_points} points in all. Score = points given ÷ {question.top_points}."]
    for criterion in question.rubric:
        levels = "; ".join(f"{level.points} {level.label}: {one_line(level.description)}" for level in criterion.levels)
        lines.append(f"{criterion.criterion}: {levels}")
    for sample in question.samples:
        levels = ", ".join(f"{c.criterion} {sample.levels.get(c.id)}" for c in question.rubric)
        lines.append(f"Sample answer ({levels}): {quoted(sample.text)} Why: {one_line(sample.note)}")
    return lines


def evidence_lines(question: Question, content: Content) -> list[str]:
    """Each evidence quote with its citation (the short label students see, and the title)."""
    lines = []
    for evidence in question.evidence:
        source = content.catalog.get(evidence.source)
        cite = f"{source.cite}, {quoted(source.title)}" if source else evidence.source
        lines.append(f"Evidence: {quoted(evidence.quote)} — {cite}")
    return lines


def general_feedback(question: Question, content: Content) -> list[str]:
    """The explanation, then the cited evidence: shown after answering, right or wrong."""
    return [one_line(question.explanation), *evidence_lines(question, content)]


def html_paragraphs(paragraphs: list[str]) -> str:
    """Plain-text paragraphs as one HTML string: each a <p>, with & < > escaped."""
    return "".join(f"<p>{html.escape(one_line(p), quote=False)}</p>" for p in paragraphs if p)


def number(value: float) -> str:
    """A number written exactly: 1234567 stays 1234567 and 0.1 stays 0.1 (never 1.23457e+06)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def pairs(question: Matching | Ordering) -> list[PairText]:
    """Matching pairs; an ordering becomes items matched to their positions."""
    if isinstance(question, Ordering):
        return [PairText(item.id, one_line(item.text), POSITIONS[i]) for i, item in enumerate(question.items)]
    return [PairText(p.id, one_line(p.left), one_line(p.right)) for p in question.pairs]


def moodle_fraction(value: float) -> str:
    """A grade percentage as Moodle writes it (100, 50, 33.33333, -25)."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def choice_percents(question: MultipleChoice) -> dict[str, float]:
    """Each choice's share of the marks: right ones share 100%, each wrong one takes as much away.

    That is exactly our partial scoring ((right − wrong) ÷ right choices, never below 0);
    an all-or-nothing question degrades to it (see the readme).
    """
    right = len(question.answer)
    return {c.id: (100 if c.id in question.answer else -100) / right for c in question.choices}


def write_zip(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def content_package(identifier: str, schema: str, version: str, schema_location: str = "") -> ET.Element:
    """An IMS content package manifest (CP 1.1) with its metadata, ready for ``package_resource``.

    The root declares its namespaces as plain attributes: ElementTree's prefixes are global
    state (``register_namespace``), shared by every export written at the same time.
    """
    manifest = ET.Element("manifest", {"xmlns": CP, "xmlns:xsi": XSI, "identifier": identifier,
                                       "xsi:schemaLocation": f"{CP} {CP_XSD} {schema_location}".strip()})
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = schema
    ET.SubElement(metadata, "schemaversion").text = version
    ET.SubElement(manifest, "organizations")
    ET.SubElement(manifest, "resources")
    return manifest


def package_resource(manifest: ET.Element, identifier: str, kind: str, href: str) -> ET.Element:
    resources = manifest.find("resources")
    if resources is None:
        raise ValueError("not a manifest made by content_package: it has no <resources>")
    resource = ET.SubElement(resources, "resource", identifier=identifier, type=kind, href=href)
    ET.SubElement(resource, "file", href=href)
    return resource


def xml_document(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
