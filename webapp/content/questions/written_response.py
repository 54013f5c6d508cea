"""The written response: a short argument the student writes, graded by the teacher with a rubric.

The rubric is analytic (criteria × levels, each level worth whole points). A graded answer
scores (sum of chosen level points) ÷ (sum of top points); until the teacher releases the
grade the answer is "awaiting grading" and counts in neither the score nor the maximum
(``webapp/grading.py`` keeps the grades).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..fields import Fields
from .base import AnswerKey, AuthoringProblem, OneField, Score, answer_in_words

MAX_CHARS = 20_000  # about 3,000 words: far above any task, small enough for one row
WORD = re.compile(r"\S+")


def word_count(text: str) -> int:
    """Words as the page counts them (runs of non-space), so the live count and the server agree."""
    return len(WORD.findall(text or ""))


@dataclass(frozen=True)
class Level:
    points: int
    label: str
    description: str


@dataclass(frozen=True)
class Criterion:
    id: str
    criterion: str
    levels: list[Level]

    @property
    def top(self) -> int:
        return max(level.points for level in self.levels)

    def level(self, points: int) -> Level | None:
        return next((level for level in self.levels if level.points == points), None)


@dataclass(frozen=True)
class Sample:
    id: str
    text: str
    levels: dict[str, int]
    note: str


@dataclass
class WrittenResponse(OneField):
    type_name = "written_response"
    label = "Written response"
    hint = "Write your answer in the box."
    auto_scored: ClassVar[bool] = False
    own_fields: ClassVar[set[str]] = {"words", "rubric", "samples"}
    words_min: int = 0
    words_max: int = 0
    rubric: list[Criterion] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)

    @classmethod
    def read(cls, f: Fields, common: dict[str, Any]) -> WrittenResponse:
        words = f.child(f.get("words", dict, True, {}), {"min", "max"}, "words")
        low, high = words.integer("min"), words.integer("max")
        if not 0 < low < high:
            f.error("words", "min and max must be whole numbers with 0 < min < max")
        rubric = f.unique_items("rubric", {"id", "criterion", "levels"}, _read_criterion, "criterion", minimum=2)
        if len(rubric) > 4:
            f.error("rubric", "has at most 4 criteria")
        samples = f.unique_items("samples", {"id", "text", "levels", "note"},
                                 lambda c: _read_sample(c, rubric), "sample", minimum=2)
        if len(samples) > 3:
            f.error("samples", "has at most 3 sample answers")
        return cls(**common, words_min=low, words_max=high, rubric=rubric, samples=samples)

    @property
    def word_guidance(self) -> str:
        return f"{self.words_min}–{self.words_max} words"

    @property
    def top_points(self) -> int:
        return sum(c.top for c in self.rubric)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.rubric if c.id == criterion_id), None)

    @property
    def max_chars(self) -> int:
        """The longest answer the server keeps: the text box takes no more."""
        return MAX_CHARS

    def earned(self, levels: dict[str, int]) -> int:
        """The rubric points the chosen levels add up to."""
        return sum(levels.get(c.id, 0) for c in self.rubric)

    def rubric_score(self, levels: dict[str, int]) -> Score:
        """The share of the top points that the chosen levels earn (a full grade is 1)."""
        return Score(self.earned(levels) / self.top_points if self.top_points else 0.0)

    def check_levels(self, levels: Any) -> dict[str, int] | None:
        """A grade's levels, one existing level (by points) per criterion, or None."""
        if not isinstance(levels, dict) or set(levels) != {c.id for c in self.rubric}:
            return None
        for criterion in self.rubric:
            value = levels[criterion.id]
            if isinstance(value, bool) or not isinstance(value, int) or criterion.level(value) is None:
                return None
        return {c.id: int(levels[c.id]) for c in self.rubric}

    def normalize(self, raw: Any) -> str | None:
        text = raw.replace("\r\n", "\n").strip() if isinstance(raw, str) else ""
        return text if text and len(text) <= MAX_CHARS else None

    def refusal(self, raw: Any) -> str:
        if isinstance(raw, str) and len(raw.strip()) > MAX_CHARS:
            return f"That is longer than this box takes ({MAX_CHARS:,} characters). Shorten it and save again."
        return self.hint

    def score(self, answer: Any) -> Score:
        """Nothing until the teacher grades it: ``webapp/grading.py`` scores released grades
        (``rubric_score``), and the attempt leaves the answer out until then."""
        return Score(0.0)

    def correct_answer(self) -> str:
        """There is no key: what a strong answer does stands in for it."""
        return self.explanation

    def describe(self, answer: Any) -> str:
        return "" if answer is None else str(answer)

    def feedback(self, answer: Any) -> str:
        """The teacher's comment is the feedback (on the grade); the author writes none."""
        return ""

    def misconceptions(self) -> dict[str, str]:
        return {}

    def display_order(self, ids: list[str], seed: str, shuffle: bool) -> list[str]:
        """Nothing to order: the criteria keep the author's order."""
        return list(ids)

    def selfcheck_data(self) -> dict[str, Any]:
        """The offline edition can't grade writing: it shows the word guidance and the rubric, for
        the student to check their own answer against."""
        return {"words": {"min": self.words_min, "max": self.words_max},
                "rubric": [{"criterion": c.criterion, "levels": [
                    {"points": level.points, "label": level.label, "description": level.description}
                    for level in c.levels]} for c in self.rubric]}

    def answer_keys(self, answer: Any) -> list[AnswerKey]:
        """The answer in words (item analysis counts no essay as a wrong answer: reports/items.py)."""
        return answer_in_words(self, answer)

    def key_stands_out(self) -> bool | None:
        return None

    def option_texts(self) -> list[str]:
        return [c.criterion for c in self.rubric]

    def authoring_problems(self) -> list[AuthoringProblem]:
        """The rubric and samples are checked as they are read (``read``); a short sample may be a
        deliberately weak answer, so its length is no problem."""
        return []


def _read_criterion(c: Fields) -> Criterion:
    levels = [_read_level(c.child(raw, {"points", "label", "description"}, f"levels[{i + 1}]"))
              for i, raw in enumerate(c.items("levels"))]
    points = [level.points for level in levels]
    if levels and not 2 <= len(levels) <= 4:
        c.error("levels", "needs 2 to 4 levels")
    if points != sorted(set(points), reverse=True):
        c.error("levels", "points must be distinct and listed highest first")
    return Criterion(c.text("id"), c.text("criterion"), levels)


def _read_level(c: Fields) -> Level:
    points = c.integer("points")
    if points < 0:
        c.error("points", "must not be negative")
    return Level(points, c.text("label"), c.text("description"))


def _read_sample(c: Fields, rubric: list[Criterion]) -> Sample:
    raw = c.get("levels", dict, True, {})
    levels = {str(k): v for k, v in raw.items()}
    for criterion in rubric:
        value = levels.get(criterion.id)
        if isinstance(value, bool) or not isinstance(value, int) or criterion.level(value) is None:
            c.error("levels", f"needs one of the points of '{criterion.id}' "
                              f"({', '.join(str(level.points) for level in criterion.levels)})")
    for name in sorted(set(levels) - {criterion.id for criterion in rubric}):
        c.error("levels", f"'{name}' is not a criterion of the rubric")
    return Sample(c.text("id"), c.text("text"), levels, c.text("note"))
