"""A few words, right when they match an accepted answer (ignoring case, spaces, punctuation, accents)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..fields import Fields
from .base import ExplanationOnly, OneField, Score, TypedAnswer, squash


@dataclass
class ShortAnswer(OneField, ExplanationOnly, TypedAnswer):
    type_name = "short_answer"
    label = "Short answer"
    own_fields: ClassVar[set[str]] = {"accepted"}
    accepted: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, f: Fields, common: dict[str, Any]) -> ShortAnswer:
        return cls(**common, accepted=f.texts("accepted"))

    def normalize(self, raw: Any) -> str | None:
        text = str(raw).strip()[:500] if isinstance(raw, (str, int, float)) else ""
        return text or None

    def score(self, answer: Any) -> Score:
        wanted = {squash(a) for a in self.accepted}
        return Score(1.0 if answer and squash(answer) in wanted else 0.0)

    def correct_answer(self) -> str:
        return self.accepted[0] if self.accepted else ""

    def describe(self, answer: Any) -> str:
        return "" if answer is None else str(answer)

    def selfcheck_data(self) -> dict[str, Any]:
        return {"accepted": [squash(answer) for answer in self.accepted]}
