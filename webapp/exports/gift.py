"""GIFT, Moodle's plain-text question format (https://docs.moodle.org/en/GIFT_format).

One category per quiz, then each question as ``::id:: prompt { answers ####general feedback }``.
"""
from __future__ import annotations

from collections.abc import Callable

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
from ..content.quizzes import Quiz
from .common import (
    choice_percents,
    general_feedback,
    lesson_title,
    moodle_fraction,
    one_line,
    pairs,
    prompt,
)
from .readme import readme_text

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Text with GIFT's control characters escaped, on one line."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in one_line(text))


def build(quizzes: list[Quiz], content: Content, title: str) -> bytes:
    count = sum(len(q.questions) for q in quizzes)
    lines = [f"// {line}".rstrip() for line in readme_text("gift", title, count).splitlines()]
    for quiz in quizzes:
        category = one_line(lesson_title(content, quiz)).replace("/", "-")
        lines += ["", f"$CATEGORY: Crossings/{category}", ""]
        for question in quiz.questions:
            lines += [f"// {question.id} ({question.type_name}, objective: {question.objective})",
                      question_text(question, content), ""]
    return ("\n".join(lines) + "\n").encode("utf-8")


def question_text(question: Question, content: Content) -> str:
    answers = "\n".join(f"    {a}" for a in ANSWERS[question.type_name](question))
    general = escape(" ".join(general_feedback(question, content)))
    return f"::{escape(question.id)}:: {escape(prompt(question))} {{\n{answers}\n    ####{general}\n}}"


def _true_false(q: TrueFalse) -> list[str]:
    right = "TRUE" if q.answer else "FALSE"
    return [f"{right}#{escape(q.wrong_feedback)}#" if q.wrong_feedback else right]


def _single(q: SingleChoice) -> list[str]:
    return [("=" if c.id == q.answer else "~") + escape(c.text) + _feedback(c.feedback) for c in q.choices]


def _multiple(q: MultipleChoice) -> list[str]:
    percents = choice_percents(q)
    return [f"~%{moodle_fraction(percents[c.id])}%{escape(c.text)}{_feedback(c.feedback)}" for c in q.choices]


def _short(q: ShortAnswer) -> list[str]:
    return [f"={escape(a)}" for a in q.accepted]


def _numeric(q: Numeric) -> list[str]:
    return [f"#{q.answer:g}:{q.tolerance:g}"]


def _matching(q: Matching | Ordering) -> list[str]:
    return [f"={escape(p.left)} -> {escape(p.right)}" for p in pairs(q)]


ANSWERS: dict[str, Callable] = {"single_choice": _single, "multiple_choice": _multiple,
                                "true_false": _true_false, "short_answer": _short, "numeric": _numeric,
                                "matching": _matching, "ordering": _matching}


def _feedback(text: str) -> str:
    return f"#{escape(text)}" if text else ""

