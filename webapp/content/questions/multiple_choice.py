"""Choose all that apply: all-or-nothing, or partial credit with a penalty for wrong picks."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..fields import Fields
from .base import ChoiceQuestion, ManyPicks, Score, pick_score, picked_ids


@dataclass
class MultipleChoice(ManyPicks, ChoiceQuestion):
    type_name = "multiple_choice"
    label = "Multiple choice (choose all that apply)"
    own_fields: ClassVar[set[str]] = {"choices", "answer", "scoring"}
    answer: list[str] = field(default_factory=list)
    scoring: str = "all_or_nothing"

    @classmethod
    def read(cls, f: Fields, common: dict[str, Any]) -> MultipleChoice:
        scoring = f.text("scoring", False, "all_or_nothing")
        if scoring not in ("all_or_nothing", "partial"):
            f.error("scoring", f"'{scoring}' is not one of: all_or_nothing, partial")
        q = cls(**common, choices=cls.read_choices(f), answer=f.texts("answer"), scoring=scoring)
        q.check_answer_ids(f, q.answer)
        return q

    def key_ids(self) -> list[str]:
        return list(self.answer)

    def normalize(self, raw: Any) -> list[str] | None:
        return picked_ids(raw, [c.id for c in self.choices])

    def score(self, answer: Any) -> Score:
        if self.scoring == "all_or_nothing":
            return Score(1.0 if set(answer or []) == set(self.answer) else 0.0)
        return Score(pick_score(answer or [], self.answer))

    def correct_answer(self) -> list[str]:
        return list(self.answer)

    def feedback(self, answer: Any) -> str:
        wrong = [c.feedback for c in self.choices
                 if c.id in (answer or []) and c.id not in self.answer and c.feedback]
        return " ".join(wrong)

    def selfcheck_data(self) -> dict[str, Any]:
        return {**super().selfcheck_data(), "scoring": self.scoring}
