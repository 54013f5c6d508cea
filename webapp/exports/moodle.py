"""Moodle XML (https://docs.moodle.org/en/Moodle_XML_format): one category per quiz.

Text that Moodle shows as HTML (prompts, feedback) is written as escaped HTML paragraphs;
choices, answers and match items as plain text. Every ``<text>`` is a CDATA section, as
Moodle's own export writes it: Moodle's XML reader (lib/xmlize.php) drops text chunks that
are only whitespace, and the XML parser ends a chunk at each entity and at the first
non-ASCII letter, so "&amp; 탈북자" would lose its space; a CDATA section is one chunk.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from ..content.loader import Content
from ..content.questions import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from ..content.questions.base import TypeTable
from ..content.questions.highlight import Highlight
from ..content.questions.written_response import WrittenResponse
from ..content.quizzes import Quiz
from .common import (
    ExportRow,
    ExportTable,
    as_multiple_response,
    choice_percents,
    general_feedback,
    html_paragraphs,
    kept,
    lesson_title,
    moodle_fraction,
    number,
    one_line,
    pairs,
    prompt,
    rubric_lines,
    writer,
)
from .readme import SENTENCES, readme_text


def build(quizzes: list[Quiz], content: Content, title: str) -> bytes:
    root = ET.Element("quiz")
    questions = [q for quiz in quizzes for q in quiz.questions]
    root.append(ET.Comment("\n" + readme_text("moodle", title, TYPES, questions).replace("--", "–")))
    for quiz in quizzes:
        category = ET.SubElement(root, "question", type="category")
        _text(ET.SubElement(category, "category"),
              f"$course$/top/Crossings/{lesson_title(content, quiz).replace('/', '-')}")
        for question in kept(TYPES, quiz.questions):
            root.append(question_element(question, content))
    ET.indent(root)
    return cdata_texts(ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")


TEXT = re.compile(rb"<text>(.*?)</text>", re.DOTALL)
ESCAPED = ((b"&lt;", b"<"), (b"&gt;", b">"), (b"&amp;", b"&"))


def cdata_texts(document: bytes) -> bytes:
    """Each <text> element's content as one CDATA section (ElementTree cannot write CDATA)."""
    def as_cdata(match: re.Match[bytes]) -> bytes:
        text = match.group(1)
        for escaped, raw in ESCAPED:
            text = text.replace(escaped, raw)
        return b"<text><![CDATA[" + text.replace(b"]]>", b"]]]]><![CDATA[>") + b"]]></text>"
    return TEXT.sub(as_cdata, document)


def question_element(question: Question, content: Content) -> ET.Element:
    form = writer(TYPES, question)
    if form is None:
        raise ValueError(f"Moodle XML leaves {question.type_name} questions out (see the readme)")
    qtype, fill = form
    el = ET.Element("question", type=qtype)
    _text(ET.SubElement(el, "name"), question.id)
    _rich(el, "questiontext", [prompt(question)])
    _rich(el, "generalfeedback", general_feedback(question, content))
    for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0"), ("idnumber", question.id)):
        ET.SubElement(el, tag).text = value
    fill(el, question)
    return el


def _text(parent: ET.Element, text: str) -> ET.Element:
    ET.SubElement(parent, "text").text = text
    return parent


def _rich(parent: ET.Element, tag: str, paragraphs: list[str]) -> None:
    _text(ET.SubElement(parent, tag, format="html"), html_paragraphs(paragraphs))


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str = "", fmt: str = "plain_text") -> ET.Element:
    answer = ET.SubElement(parent, "answer", fraction=moodle_fraction(fraction), format=fmt)
    _text(answer, text)
    _rich(answer, "feedback", [feedback])
    return answer


def _choices(el: ET.Element, single: bool, answers: list[tuple[float, str, str]], shuffle: bool = True) -> None:
    for tag, value in (("single", "true" if single else "false"), ("shuffleanswers", "true" if shuffle else "false"),
                       ("answernumbering", "ABCD")):
        ET.SubElement(el, tag).text = value
    for fraction, text, feedback in answers:
        _answer(el, fraction, one_line(text), feedback)


def _single(el: ET.Element, q: SingleChoice) -> None:
    _choices(el, True, [(100 if c.id == q.answer else 0, c.text, c.feedback) for c in q.choices])


def _multiple(el: ET.Element, q: MultipleChoice, shuffle: bool = True) -> None:
    percents = choice_percents(q)
    _choices(el, False, [(percents[c.id], c.text, c.feedback) for c in q.choices], shuffle)


def _sentences(el: ET.Element, q: Highlight) -> None:
    """A highlight: multiple response over its sentences, in the passage's order."""
    _multiple(el, as_multiple_response(q), shuffle=False)


def _true_false(el: ET.Element, q: TrueFalse) -> None:
    for value in (True, False):
        right = value is q.answer
        _answer(el, 100 if right else 0, "true" if value else "false", "" if right else q.wrong_feedback,
                fmt="moodle_auto_format")


def _short(el: ET.Element, q: ShortAnswer) -> None:
    ET.SubElement(el, "usecase").text = "0"
    for accepted in q.accepted:
        _answer(el, 100, one_line(accepted), fmt="moodle_auto_format")


def _numeric(el: ET.Element, q: Numeric) -> None:
    answer = _answer(el, 100, number(q.answer), fmt="moodle_auto_format")
    ET.SubElement(answer, "tolerance").text = number(q.tolerance)
    for tag, value in (("unitgradingtype", "0"), ("unitpenalty", "0"), ("showunits", "3"), ("unitsleft", "0")):
        ET.SubElement(el, tag).text = value


def _matching(el: ET.Element, q: Matching | Ordering) -> None:
    ET.SubElement(el, "shuffleanswers").text = "true"
    for pair in pairs(q):
        sub = _text(ET.SubElement(el, "subquestion", format="plain_text"), pair.left)
        _text(ET.SubElement(sub, "answer"), pair.right)


def _essay(el: ET.Element, q: WrittenResponse) -> None:
    """An essay box (no word limit: ours is guidance); the rubric and samples in the grader information."""
    for tag, value in (("responseformat", "editor"), ("responserequired", "1"), ("responsefieldlines", "15"),
                       ("attachments", "0"), ("attachmentsrequired", "0")):
        ET.SubElement(el, tag).text = value
    _rich(el, "graderinfo", rubric_lines(q))
    _rich(el, "responsetemplate", [])


# our type -> (Moodle's question type, what fills it in), and what the readme says
TYPES: ExportTable[tuple[str, Callable[[ET.Element, Any], None]]] = TypeTable("the Moodle XML export", {
    "single_choice": ExportRow(("multichoice", _single), "multichoice, single answer"),
    "multiple_choice": ExportRow(("multichoice", _multiple), "multichoice, several answers, with fractions",
                                 "all-or-nothing questions give partial credit"),
    "true_false": ExportRow(("truefalse", _true_false), "truefalse"),
    "short_answer": ExportRow(("shortanswer", _short), "shortanswer (case ignored)",
                              "punctuation and accents are not ignored"),
    "numeric": ExportRow(("numerical", _numeric), "numerical with tolerance", "the unit is written into the prompt"),
    "matching": ExportRow(("matching", _matching), "matching"),
    "ordering": ExportRow(("matching", _matching),
                          "matching: each item to its position (the ordering type is a Moodle plugin)",
                          "partial credit for each right position (ours is all-or-nothing)"),
    "highlight": ExportRow(("multichoice", _sentences),
                           "multichoice, several answers, over the passage's sentences (in order, not shuffled)",
                           SENTENCES),
    "written_response": ExportRow(("essay", _essay), "essay, with the rubric and sample answers in the grader "
                                  "information", "the teacher grades it in Moodle without the rubric's clicks; "
                                  "the word guidance is in the prompt"),
})
