"""The readme written inside every export: how each question type arrives, what each system
keeps and what it loses.

docs/exports.md says the same for people reading the project; a test keeps them in step.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..content.questions import Question
from .common import ExportRow, ExportTable, kept

COMMON = (
    "Every question keeps its feedback: each wrong choice's feedback, and a general feedback "
    "that gives the explanation and the evidence quote with its citation (source, title, "
    "publisher, date). Question ids are kept as question names or identifiers, so a re-import "
    "can be matched with the original."
)

LEFT_OUT = "the whole question: use the QTI 1.2 package (Canvas), Moodle XML (Moodle) or QTI 2.1"

# format key -> its name, and what the readme calls one export of it
NAMES: dict[str, tuple[str, str]] = {
    "gift": ("GIFT (Moodle's plain-text format)", "file"),
    "moodle": ("Moodle XML", "file"),
    "cc": ("IMS Common Cartridge 1.1 with QTI 1.2 quizzes (Canvas, Schoology, Blackboard, Moodle)", "cartridge"),
    "qti12": ("QTI 1.2 package (Canvas's quiz import)", "package"),
    "qti21": ("IMS QTI 2.1 content package", "package"),
}


def rows(table: ExportTable) -> list[tuple[str, str, str]]:
    """The readme's table for one format, from its exporter's per-type table:
    (our type, what it becomes, what is lost or changed)."""
    return [(name, row.becomes, row.changes if isinstance(row, ExportRow) else row.reason)
            for name, row in table.items()]


# format key -> what each system keeps and loses, beyond the table
NOTES: dict[str, list[str]] = {
    "gift": [
        "GIFT cannot set a question's penalty or ID number. Moodle gives every imported GIFT question a "
        "penalty of 0.3333333 (true/false: 1), which takes marks off each wrong try in interactive or "
        "adaptive quizzes; the question name keeps our id. Use Moodle XML for penalty 0 and ID numbers.",
        "Text is written as HTML (& < > escaped), since Moodle shows GIFT text as HTML; answers to short-answer "
        "and matching questions stay plain text, as Moodle compares them.",
    ],
    "moodle": [
        "Moodle keeps everything: text, explanation and evidence, each wrong choice's feedback, penalty 0 "
        "and our question id as the ID number. This is the best route into Moodle.",
        "Text is written in CDATA sections, so Moodle's XML reader keeps every space (it drops spaces that "
        "sit alone between an entity such as &amp; and a non-ASCII letter).",
    ],
    "cc": [
        "Only the question types of the CC 1.1 profile are in the cartridge, so it validates against the "
        "IMS schemas and imports whole; the readme lists the questions left out. For Canvas, the QTI 1.2 "
        "package has every question type.",
        "Moodle (course restore): multiple-select questions keep their right answers, but Moodle gives "
        "wrong choices 0 instead of a deduction, so picking every choice gets full marks: use Moodle XML "
        "for those. The explanation and evidence arrive as the general feedback; each wrong choice keeps "
        "its feedback.",
        "Canvas: multiple-select questions are scored by Canvas's own partial-credit rule (right picks "
        "add, wrong picks take away). The explanation and evidence arrive as the general feedback, each "
        "wrong choice's feedback as that answer's comment.",
        "A QTI 1.2 engine that runs the scoring shows the feedback for one wrong choice only.",
    ],
    "qti12": [
        "For Canvas: Settings, Import Course Content, \"QTI .zip file\". Unlike the Common Cartridge it "
        "holds every question type (no lesson readings).",
        "The explanation and evidence arrive as the general feedback, each wrong choice's feedback as that "
        "answer's comment. How Canvas reads the package is taken from its converter's code; check a quiz "
        "after importing it.",
        "A QTI 1.2 engine that runs the scoring shows the feedback for one wrong choice only.",
    ],
    "qti21": [
        "Scoring is written out in full (no templates), so an engine scores every item as the app does.",
    ],
}


def readme_text(fmt: str, title: str, table: ExportTable, questions: Sequence[Question],
                extra: Sequence[str] = ()) -> str:
    """The readme of one export: ``table`` is its exporter's per-type table, ``questions`` all
    the questions asked for (those whose type the format leaves out are listed at the end)."""
    name, noun = NAMES[fmt]
    table_rows = rows(table)
    width = max(len(r[0]) for r in table_rows)
    written = kept(table, questions)
    lines = [f"Crossings: {title}", f"Format: {name}", f"Questions: {len(written)}", "",
             "Crossings is an open lesson unit about North Korean refugees for grades 8-12.", "",
             COMMON, "", "How each question type arrives, and what changes:", ""]
    for ours, theirs, lost in table_rows:
        lines.append(f"  {ours.ljust(width)}  ->  {theirs}; changes: {lost}")
    lines += ["", *(f"- {note}" for note in NOTES[fmt])]
    lines += left_out_lines(noun, [q for q in questions if q not in written])
    if extra:
        lines += ["", *extra]
    lines += ["", "Check a quiz after importing it: the app's own scoring is the reference."]
    return "\n".join(lines) + "\n"


def left_out_lines(noun: str, left_out: list[Question]) -> list[str]:
    """The questions an export could not hold, by id and type (the table above says why)."""
    if not left_out:
        return []
    count = f"{len(left_out)} question" + ("s" if len(left_out) != 1 else "")
    return ["", f"Left out of this {noun} ({count}; the table above says why and what to use instead):",
            *(f"  {question.id} ({question.type_name})" for question in left_out)]
