"""A number, within the author's tolerance, as students type it."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from ..fields import Fields
from .base import AuthoringProblem, ExplanationOnly, OneField, Score, TypedAnswer

NUMBER = re.compile(r"[+-]?(\d+|\d{1,3}([, \u00a0\u2009\u202f])\d{3}(\2\d{3})*)(\.\d+)?")  # one separator kind
THOUSANDS = re.compile(r"[, \u00a0\u2009\u202f]")  # separators, once NUMBER has placed them
AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")  # "4.800": 4.8, or 4800 with a thousands point
ROUNDING = re.compile(r"nearest (ten|hundred|thousand|[\d,]+)\b", re.I)  # "to the nearest thousand"
STEPS = {"ten": 10, "hundred": 100, "thousand": 1000}


@dataclass
class Numeric(OneField, ExplanationOnly, TypedAnswer):
    type_name = "numeric"
    label = "Number"
    hint = "Type a number, like 1200 or 1,200 (use a point for decimals, like 2.5)."
    own_fields: ClassVar[set[str]] = {"answer", "tolerance", "unit"}
    answer: float = 0.0
    tolerance: float = 0.0
    unit: str = ""

    @classmethod
    def read(cls, f: Fields, common: dict[str, Any]) -> Numeric:
        tolerance = f.number("tolerance", False, 0.0)
        if tolerance < 0:
            f.error("tolerance", "must not be negative")
        return cls(**common, answer=f.number("answer"), tolerance=tolerance,
                   unit=f.text("unit", False))

    def to_fields(self, answer: Any) -> dict[str, list[str]]:
        if answer is None:
            return {}
        return {self.field_name: [f"{answer:.0f}" if float(answer).is_integer() else str(answer)]}

    def normalize(self, raw: Any) -> float | None:
        """A number as students type it: "1200", "1,200", "4 350", "1200 km" (the question's unit).

        Commas and spaces count only between groups of three digits ("1,5" may be a decimal
        comma, so it is refused, as is a unit the question does not use). A point before exactly
        three digits ("4.800") is refused too: many countries write four thousand eight hundred
        that way. It is a decimal only where the question's own numbers go to thousandths.
        """
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return float(raw) if math.isfinite(raw) else None
        if not isinstance(raw, str):
            return None
        text = self._without_unit(raw.strip())
        if not NUMBER.fullmatch(text) or self._ambiguous(text):
            return None
        return float(THOUSANDS.sub("", text))

    def refusal(self, raw: Any) -> str:
        text = self._without_unit(raw.strip()) if isinstance(raw, str) else ""
        if self._ambiguous(text):
            small, large = f"{float(text):g}", text.replace(".", "")
            return f"{text} could mean {small} or {large}: type {large}, or {small}."
        return self.hint

    @property
    def uses_thousandths(self) -> bool:
        """The question's own numbers go to three decimals, so "4.800" there is a decimal."""
        return any(round(x, 2) != x for x in (self.answer, self.tolerance))

    def _ambiguous(self, text: str) -> bool:
        return not self.uses_thousandths and AMBIGUOUS.fullmatch(text) is not None

    def _without_unit(self, text: str) -> str:
        words = {self.unit.casefold(), self.unit.casefold().removesuffix("s")} - {""}
        if self.unit.casefold() == "percent":
            words.add("%")
        for word in sorted(words, key=len, reverse=True):
            if text.casefold().endswith(word):
                return text[:len(text) - len(word)].strip()
        return text

    def score(self, answer: Any) -> Score:
        ok = answer is not None and abs(answer - self.answer) <= self.tolerance + 1e-9
        return Score(1.0 if ok else 0.0)

    def correct_answer(self) -> float:
        return self.answer

    def describe(self, answer: Any) -> str:
        if answer is None:
            return ""
        number = f"{answer:,.0f}" if float(answer).is_integer() else f"{answer:,}"
        return f"{number} {self.unit}".strip()

    def selfcheck_data(self) -> dict[str, Any]:
        return {"tolerance": self.tolerance, "unit": self.unit, "uses_thousandths": self.uses_thousandths}

    def authoring_problems(self) -> list[AuthoringProblem]:
        """A recall question takes the exact number; a "to the nearest …" prompt's tolerance must
        not accept answers that round differently."""
        problems = []
        if self.skill == "recall" and self.tolerance:
            problems.append(AuthoringProblem(
                "tolerance", f"a recall question's tolerance is {self.tolerance:g}; expected 0"))
        match = ROUNDING.search(self.prompt)
        if match:
            word = match.group(1).lower()
            step = STEPS.get(word) or int(word.replace(",", ""))
            if self.tolerance >= step / 2:
                problems.append(AuthoringProblem(
                    "tolerance", f"tolerance {self.tolerance:g} accepts answers that round differently; "
                    f"for the nearest {word} it must be under {step / 2:g}"))
        return problems
