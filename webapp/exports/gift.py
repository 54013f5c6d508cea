"""GIFT, Moodle's plain-text question format (https://docs.moodle.org/en/GIFT_format).

One category per quiz, then each question as ``::id:: prompt { answers ####general feedback }``.

Moodle reads GIFT question text, choices and feedback as HTML, so those are HTML-escaped
(``html_text``); the answers it compares with what a student types (short answers, the right side
of a matching pair) stay plain text (``plain_text``). Both escape GIFT's own control characters.
A matching pair's left side is HTML, so its ``->`` is written ``-&gt;`` and Moodle no longer
splits the pair there (GIFT itself has no escape for ``->``).
"""
from __future__ import annotations

import html
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
from ..content.quizzes import Quiz
from .common import (
    ExportRow,
    ExportTable,
    as_multiple_response,
    choice_percents,
    general_feedback,
    kept,
    lesson_title,
    moodle_fraction,
    number,
    one_line,
    pairs,
    prompt,
    writer,
)
from .readme import SENTENCES, readme_text

SPECIAL = "\\~=#{}:"


def plain_text(text: str) -> str:
    """Plain text with GIFT's control characters escaped, on one line."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in one_line(text))


def html_text(text: str) -> str:
    """Text that Moodle shows as HTML: & < > escaped, then GIFT's control characters."""
    return plain_text(html.escape(one_line(text), quote=False))


def build(quizzes: list[Quiz], content: Content, title: str) -> bytes:
    questions = [q for quiz in quizzes for q in quiz.questions]
    lines = [f"// {line}".rstrip() for line in readme_text("gift", title, TYPES, questions).splitlines()]
    for quiz in quizzes:
        category = one_line(lesson_title(content, quiz)).replace("/", "-")
        lines += ["", f"$CATEGORY: Crossings/{category}", ""]
        for question in kept(TYPES, quiz.questions):
            lines += [f"// {question.id} ({question.type_name}, objective: {question.objective})",
                      question_text(question, content), ""]
    return ("\n".join(lines) + "\n").encode("utf-8")


def question_text(question: Question, content: Content) -> str:
    write = writer(TYPES, question)
    if write is None:
        raise ValueError(f"GIFT leaves {question.type_name} questions out (see the readme)")
    answers = "\n".join(f"    {a}" for a in write(question))
    general = html_text(" ".join(general_feedback(question, content)))
    head = f"::{plain_text(question.id)}:: {html_text(prompt(question))}"
    if not answers:  # an essay: GIFT wants its braces and general feedback on one line
        return f"{head} {{####{general}}}"
    return f"{head} {{\n{answers}\n    ####{general}\n}}"


def _true_false(q: TrueFalse) -> list[str]:
    right = "TRUE" if q.answer else "FALSE"
    return [f"{right}#{html_text(q.wrong_feedback)}#" if q.wrong_feedback else right]


def _single(q: SingleChoice) -> list[str]:
    return [("=" if c.id == q.answer else "~") + html_text(c.text) + _feedback(c.feedback) for c in q.choices]


def _multiple(q: MultipleChoice) -> list[str]:
    percents = choice_percents(q)
    return [f"~%{moodle_fraction(percents[c.id])}%{html_text(c.text)}{_feedback(c.feedback)}" for c in q.choices]


def _short(q: ShortAnswer) -> list[str]:
    return [f"={plain_text(a)}" for a in q.accepted]


def _numeric(q: Numeric) -> list[str]:
    return [f"#{number(q.answer)}:{number(q.tolerance)}"]


def _matching(q: Matching | Ordering) -> list[str]:
    return [f"={html_text(p.left)} -> {plain_text(p.right)}" for p in pairs(q)]


def _sentences(q: Highlight) -> list[str]:
    return _multiple(as_multiple_response(q))
def _essay(q) -> list[str]:
    """No answers: GIFT reads empty braces (with only general feedback) as an essay."""
    return []


# our type -> how GIFT writes its answers (a question's lines inside { }), and what the readme says
TYPES: ExportTable[Callable[[Any], list[str]]] = TypeTable("the GIFT export", {
    "single_choice": ExportRow(_single, "multiple choice, one answer"),
    "multiple_choice": ExportRow(_multiple, "multiple choice with weights (%)",
                                 "all-or-nothing questions give partial credit"),
    "true_false": ExportRow(_true_false, "true/false"),
    "short_answer": ExportRow(_short, "short answer", "Moodle ignores case but not punctuation or accents"),
    "numeric": ExportRow(_numeric, "numerical with tolerance", "the unit is written into the prompt"),
    "matching": ExportRow(_matching, "matching"),
    "ordering": ExportRow(_matching, "matching: each item to its position (1st, 2nd, …)",
                          "partial credit for each right position (ours is all-or-nothing)"),
    "highlight": ExportRow(_sentences, "multiple choice with weights (%) over the passage's sentences",
                           f"{SENTENCES}; Moodle may shuffle them (their numbers keep the order)"),
    "written_response": ExportRow(_essay, "essay, graded by the teacher",
                                  "the rubric and sample answers are left out (GIFT has no place for them: "
                                  "use Moodle XML); the word guidance is in the prompt"),
})


def _feedback(text: str) -> str:
    return f"#{html_text(text)}" if text else ""

