"""A statement that is true or false, with feedback for the wrong answer."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ..fields import Fields
from .base import AuthoringProblem, OneField, Score, TypedAnswer


@dataclass
class TrueFalse(OneField, TypedAnswer):
    type_name = "true_false"
    label = "True or false"
    own_fields: ClassVar[set[str]] = {"answer", "feedback", "misconception"}
    answer: bool = True
    wrong_feedback: str = ""
    misconception: str = ""

    @classmethod
    def read(cls, f: Fields, common: dict[str, Any]) -> TrueFalse:
        return cls(**common, answer=f.boolean("answer"), wrong_feedback=f.text("feedback", False),
                   misconception=f.text("misconception", False))

    def to_fields(self, answer: Any) -> dict[str, list[str]]:
        return {self.field_name: ["true" if answer else "false"]} if answer is not None else {}

    def normalize(self, raw: Any) -> bool | None:
        if isinstance(raw, bool):
            return raw
        return {"true": True, "false": False}.get(str(raw).strip().lower())

    def score(self, answer: Any) -> Score:
        return Score(1.0 if answer is self.answer else 0.0)

    def correct_answer(self) -> bool:
        return self.answer

    def describe(self, answer: Any) -> str:
        return "" if answer is None else ("True" if answer else "False")

    def feedback(self, answer: Any) -> str:
        return self.wrong_feedback if answer is (not self.answer) else ""

    def misconceptions(self) -> dict[str, str]:
        return {self.describe(not self.answer): self.misconception} if self.misconception else {}

    def selfcheck_data(self) -> dict[str, Any]:
        wrong = str(not self.answer).lower()
        return {"feedback": {wrong: self.wrong_feedback} if self.wrong_feedback else {}}

    def authoring_problems(self) -> list:
        if self.wrong_feedback:
            return []
        return [AuthoringProblem("feedback", "no feedback for the wrong answer")]
