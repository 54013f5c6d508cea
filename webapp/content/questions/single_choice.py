"""One right choice among several."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..fields import Fields
from .base import ChoiceQuestion, Score


@dataclass
class SingleChoice(ChoiceQuestion):
    type_name = "single_choice"
    label = "Single choice"
    answer: str = ""

    @classmethod
    def read(cls, f: Fields, common: dict[str, Any]) -> SingleChoice:
        q = cls(**common, choices=cls.read_choices(f), answer=f.text("answer"))
        q.check_answer_ids(f, [q.answer] if q.answer else [])
        return q

    def normalize(self, raw: Any) -> str | None:
        return raw if isinstance(raw, str) and self.choice(raw) else None

    def key_ids(self) -> list[str]:
        return [self.answer] if self.answer else []

    def score(self, answer: Any) -> Score:
        return Score(1.0 if answer == self.answer else 0.0)

    def correct_answer(self) -> str:
        return self.answer

    def feedback(self, answer: Any) -> str:
        chosen = self.choice(answer) if isinstance(answer, str) else None
        return chosen.feedback if chosen and answer != self.answer else ""
