"""A quiz laid out for paper: what each printed question shows, and the key to it.

Questions are stored with their answers in them (ordering items in the right order,
matching pairs side by side), so paper needs its own fixed shuffle that never prints a
solved question. The same order is used by the teacher's key, so the key's letters and
numbers match the student's sheet.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..content.questions import Question
from ..content.questions.base import TypeTable

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def print_order(question: Question, ids: list[str]) -> list[str]:
    """The order paper shows: the same every build (seeded by the question id), as the type's
    display-order rule decides for a quiz that does not shuffle."""
    return question.display_order(ids, f"paper:{question.id}", shuffle=False)


@dataclass(frozen=True)
class Row:
    """One printed line of a question: its mark (a letter or number) and its text."""

    mark: str
    text: str


@dataclass
class Sheet:
    """One question as printed, by its type's ``worksheet.html`` partial."""

    number: int
    question: Question
    rows: list[Row] = field(default_factory=list)
    right: list[Row] = field(default_factory=list)
    key: str = ""
    instruction: str = ""


def _choices(q, instruction: str = "Tick one answer.") -> Sheet:
    rows = [Row(LETTERS[i], c.text) for i, c in enumerate(q.choices)]
    right = q.correct_answer() if isinstance(q.correct_answer(), list) else [q.correct_answer()]
    key = ", ".join(LETTERS[i] for i, c in enumerate(q.choices) if c.id in right)
    return Sheet(0, q, rows, key=key, instruction=instruction)


def _all_that_apply(q) -> Sheet:
    return _choices(q, "Tick every answer that is right.")


def _true_false(q) -> Sheet:
    return Sheet(0, q, [Row("", "True"), Row("", "False")],
                 key=q.describe(q.correct_answer()), instruction="Tick True or False.")


def _ordering(q) -> Sheet:
    text = {item.id: item.text for item in q.items}
    shown = print_order(q, list(text))
    position = {item_id: n for n, item_id in enumerate(q.correct_answer(), start=1)}
    return Sheet(0, q, [Row("", text[i]) for i in shown],
                 key=", ".join(str(position[i]) for i in shown) + " (top to bottom)",
                 instruction=f"Number the boxes from 1 (first) to {len(shown)} (last).")


def _matching(q) -> Sheet:
    shown = print_order(q, [p.id for p in q.pairs])
    letter = {pair_id: LETTERS[i] for i, pair_id in enumerate(shown)}
    rights = {p.id: p.right for p in q.pairs}
    answer = q.correct_answer()
    return Sheet(0, q, [Row(str(n), p.left) for n, p in enumerate(q.pairs, start=1)],
                 right=[Row(letter[i], rights[i]) for i in shown],
                 key=", ".join(f"{n}–{letter[answer[p.id]]}" for n, p in enumerate(q.pairs, start=1)),
                 instruction="Write the letter of the matching item in each box.")


def _passage(q) -> Sheet:
    """The passage printed as running text, each sentence numbered, with room to underline."""
    rows = [Row(str(n), s.text) for n, s in enumerate(q.spans, start=1)]
    key = [str(n) for n, s in enumerate(q.spans, start=1) if s.id in q.answer]
    claim = q.prompt.strip()
    lead = "select the sentences that "
    what = claim[len(lead):] if claim.casefold().startswith(lead) else "support the claim above."
    return Sheet(0, q, rows, key=f"Sentence{'s' if len(key) > 1 else ''} {', '.join(key)} underlined",
                 instruction=f"Underline the sentences that {what} {q.scoring_note()}")


def _numeric(q) -> Sheet:
    return Sheet(0, q, key=q.describe(q.correct_answer()), instruction="Write a number.")


def _lines(q) -> Sheet:
    return Sheet(0, q, key=" / ".join(q.accepted), instruction="Write your answer.")


def _written(q) -> Sheet:
    """The rubric, then lined space: about fifteen handwritten words a line, as many lines as fit on
    the page under the prompt and the rubric (``_lines_that_fit``; the task starts a page of its own)."""
    lines = min(max(q.words_max // 15, 4), 12, _lines_that_fit(q))
    return Sheet(0, q, [Row("", "") for _ in range(lines)],
                 key=f"Graded with the rubric ({q.top_points} points); see the sample answers.",
                 instruction=f"Write {q.word_guidance} on the lines (and on the back if you need more room). "
                             "Your teacher grades it with this rubric:")


# A Letter page's height for a question, in points, and what takes it (measured on print.css):
# a prompt line (about 90 characters), the instruction, the rubric's caption and header, a line of a
# rubric cell (about 36 characters) and each row's padding, and one answer line.
PAGE, PROMPT_LINE, FIXED, CELL_LINE, ROW, ANSWER_LINE = 670, 20, 60, 13.5, 8, 22


def _lines_that_fit(q) -> int:
    rows = sum(CELL_LINE * -(-max(len(level.description) for level in c.levels) // 36) + ROW for c in q.rubric)
    used = PROMPT_LINE * -(-len(q.prompt) // 90) + FIXED + rows
    return max(int((PAGE - used) // ANSWER_LINE), 4)


# our type -> what its printed question shows (rendered by its questions/<type>/worksheet.html)
LAYOUTS: TypeTable[Callable[[Any], Sheet]] = TypeTable("the printed worksheet", {
    "single_choice": _choices, "multiple_choice": _all_that_apply, "true_false": _true_false,
    "ordering": _ordering, "matching": _matching, "numeric": _numeric, "short_answer": _lines,
    "highlight": _passage,
    "written_response": _written,
})


def sheets(questions: list[Question]) -> list[Sheet]:
    """The quiz as numbered printed questions, in the quiz's own order."""
    out = []
    for number, q in enumerate(questions, start=1):
        sheet = LAYOUTS.row(q)(q)
        sheet.number = number
        out.append(sheet)
    return out
