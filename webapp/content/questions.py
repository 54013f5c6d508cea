"""Question types: one small class per type, each with its own fields and answer check.

A new type is one class registered in ``QUESTION_TYPES``; the loader, the app and the
packs ask the class, never a chain of ``if type == ...``.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .fields import Fields

NUMBER = re.compile(r"[+-]?(\d+|\d{1,3}([, \u00a0\u2009\u202f])\d{3}(\2\d{3})*)(\.\d+)?")  # one separator kind
THOUSANDS = re.compile(r"[, \u00a0\u2009\u202f]")  # separators, once NUMBER has placed them
AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")  # "4.800": 4.8, or 4800 with a thousands point
SKILLS = ("recall", "inference", "sourcing", "corroboration")
COMMON_FIELDS = {"id", "type", "prompt", "explanation", "objective", "skill", "evidence", "draws_on"}


@dataclass(frozen=True)
class Evidence:
    source: str
    quote: str


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    feedback: str = ""
    misconception: str = ""


@dataclass(frozen=True)
class Score:
    """How much of one question a student's answer earned (0 to 1)."""

    points: float

    @property
    def correct(self) -> bool:
        return self.points >= 1.0


@dataclass
class Question:
    """The fields every question has; subclasses add their own and the answer check."""

    type_name: ClassVar[str]
    label: ClassVar[str]
    hint: ClassVar[str] = "Choose or type an answer."
    own_fields: ClassVar[set[str]] = set()
    graded_by_teacher: ClassVar[bool] = False  # scored by the teacher's rubric grade, not by ``score``

    id: str
    prompt: str
    explanation: str
    objective: str
    skill: str
    evidence: list[Evidence] = field(default_factory=list)
    draws_on: list[str] = field(default_factory=list)  # a review question: the lessons it connects
    lesson_id: str = ""

    @classmethod
    def read(cls, f: Fields, common: dict[str, Any]) -> Question:
        return cls(**common)

    @property
    def field_name(self) -> str:
        return f"q-{self.id}"

    def from_form(self, getlist: Callable[[str], list[str]]) -> Any:
        """The raw answer in this question's form fields (the quiz page's script sends the same)."""
        values = getlist(self.field_name)
        return values[0] if values else None

    def to_fields(self, answer: Any) -> dict[str, list[str]]:
        """A stored answer as the form fields that give it: the inverse of ``from_form``."""
        return {self.field_name: [str(answer)]} if answer is not None else {}

    def field_names(self) -> list[str]:
        return [self.field_name]

    def is_blank(self, getlist: Callable[[str], list[str]]) -> bool:
        """Every field of this question empty: the student took their answer back."""
        return not any(value.strip() for name in self.field_names() for value in getlist(name))

    def normalize(self, raw: Any) -> Any:
        """A submitted answer in this type's canonical form, or None when it is not one."""
        raise NotImplementedError

    def score(self, answer: Any) -> Score:
        raise NotImplementedError

    def correct_answer(self) -> Any:
        raise NotImplementedError

    def describe(self, answer: Any) -> str:
        """A student's answer (or the correct one) in words, for results and answer keys."""
        return "" if answer is None else str(answer)

    def feedback(self, answer: Any) -> str:
        """Feedback that corrects the misconception behind a wrong answer, if the author gave one."""
        return ""

    def misconceptions(self) -> dict[str, str]:
        """Wrong answer (as ``describe`` words it) -> the misconception it stands for."""
        return {}

    def refusal(self, raw: Any) -> str:
        """Why ``normalize`` refused this answer, in words for the student."""
        return self.hint


@dataclass
class ChoiceQuestion(Question):
    own_fields: ClassVar[set[str]] = {"choices", "answer"}
    choices: list[Choice] = field(default_factory=list)

    @classmethod
    def read_choices(cls, f: Fields) -> list[Choice]:
        return f.unique_items("choices", {"id", "text", "feedback", "misconception"}, lambda c: Choice(
            c.text("id"), c.text("text"), c.text("feedback", False), c.text("misconception", False)),
            "choice", minimum=2)

    def key_ids(self) -> list[str]:
        """The ids of the right choices."""
        raise NotImplementedError

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def check_answer_ids(self, f: Fields, ids: list[str]) -> None:
        known = [c.id for c in self.choices]
        for answer in ids:
            if known and answer not in known:
                f.error("answer", f"'{answer}' is not among the choices ({', '.join(known)})")

    def describe(self, answer: Any) -> str:
        ids = answer if isinstance(answer, list) else [answer]
        return "; ".join(c.text for i in ids if (c := self.choice(i)) is not None)

    def misconceptions(self) -> dict[str, str]:
        return {c.id: c.misconception for c in self.choices if c.misconception}


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


@dataclass
class MultipleChoice(ChoiceQuestion):
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

    def from_form(self, getlist: Callable[[str], list[str]]) -> Any:
        return getlist(self.field_name)

    def to_fields(self, answer: Any) -> dict[str, list[str]]:
        return {self.field_name: list(answer or [])}

    def normalize(self, raw: Any) -> list[str] | None:
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(x, str) and self.choice(x) for x in raw):
            return None
        return sorted(set(raw), key=[c.id for c in self.choices].index)

    def score(self, answer: Any) -> Score:
        picked, right = set(answer or []), set(self.answer)
        if self.scoring == "all_or_nothing":
            return Score(1.0 if picked == right else 0.0)
        return Score(max(0.0, (len(picked & right) - len(picked - right)) / len(right)))

    def correct_answer(self) -> list[str]:
        return list(self.answer)

    def feedback(self, answer: Any) -> str:
        wrong = [c.feedback for c in self.choices
                 if c.id in (answer or []) and c.id not in self.answer and c.feedback]
        return " ".join(wrong)


@dataclass
class TrueFalse(Question):
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


@dataclass(frozen=True)
class Item:
    id: str
    text: str


@dataclass
class Ordering(Question):
    type_name = "ordering"
    label = "Put in order"
    hint = "Give each item its own position, from first to last."
    own_fields: ClassVar[set[str]] = {"items"}
    items: list[Item] = field(default_factory=list)

    @classmethod
    def read(cls, f: Fields, common: dict[str, Any]) -> Ordering:
        items = f.unique_items("items", {"id", "text"}, lambda c: Item(c.text("id"), c.text("text")), "item",
                               minimum=3)
        return cls(**common, items=items)

    def from_form(self, getlist: Callable[[str], list[str]]) -> Any:
        positions = {}
        for item in self.items:
            values = getlist(f"{self.field_name}-{item.id}")
            if not values or not (values[0].isascii() and values[0].isdigit()):  # "²".isdigit() too
                return None
            positions[item.id] = int(values[0])
        if sorted(positions.values()) != list(range(1, len(self.items) + 1)):
            return None
        return sorted(positions, key=positions.__getitem__)

    def to_fields(self, answer: Any) -> dict[str, list[str]]:
        return {f"{self.field_name}-{item}": [str(place)] for place, item in enumerate(answer or [], start=1)}

    def field_names(self) -> list[str]:
        return [f"{self.field_name}-{item.id}" for item in self.items]

    def normalize(self, raw: Any) -> list[str] | None:
        ids = [i.id for i in self.items]
        if isinstance(raw, list) and sorted(map(str, raw)) == sorted(ids):
            return [str(x) for x in raw]
        return None

    def score(self, answer: Any) -> Score:
        return Score(1.0 if answer == self.correct_answer() else 0.0)

    def correct_answer(self) -> list[str]:
        return [i.id for i in self.items]

    def describe(self, answer: Any) -> str:
        text = {i.id: i.text for i in self.items}
        return " → ".join(text.get(x, "?") for x in answer or [])


@dataclass(frozen=True)
class Pair:
    id: str
    left: str
    right: str


@dataclass
class Matching(Question):
    type_name = "matching"
    label = "Match each item"
    hint = "Pick a match for each item."
    own_fields: ClassVar[set[str]] = {"pairs"}
    pairs: list[Pair] = field(default_factory=list)

    @classmethod
    def read(cls, f: Fields, common: dict[str, Any]) -> Matching:
        pairs = f.unique_items("pairs", {"id", "left", "right"},
                               lambda c: Pair(c.text("id"), c.text("left"), c.text("right")), "pair", minimum=2)
        return cls(**common, pairs=pairs)

    def from_form(self, getlist: Callable[[str], list[str]]) -> Any:
        answer = {}
        for pair in self.pairs:
            values = getlist(f"{self.field_name}-{pair.id}")
            if values and values[0]:
                answer[pair.id] = values[0]
        return answer or None

    def to_fields(self, answer: Any) -> dict[str, list[str]]:
        return {f"{self.field_name}-{left}": [right] for left, right in (answer or {}).items()}

    def field_names(self) -> list[str]:
        return [f"{self.field_name}-{pair.id}" for pair in self.pairs]

    def normalize(self, raw: Any) -> dict[str, str] | None:
        ids = {p.id for p in self.pairs}
        if not isinstance(raw, dict):
            return None
        answer = {str(k): str(v) for k, v in raw.items() if k in ids and v in ids}
        return answer or None

    def score(self, answer: Any) -> Score:
        right = sum(1 for p in self.pairs if (answer or {}).get(p.id) == p.id)
        return Score(right / len(self.pairs))

    def correct_answer(self) -> dict[str, str]:
        return {p.id: p.id for p in self.pairs}

    def describe(self, answer: Any) -> str:
        rights = {p.id: p.right for p in self.pairs}
        return "; ".join(f"{p.left} → {rights.get((answer or {}).get(p.id, ''), '(none)')}"
                         for p in self.pairs)


@dataclass
class Numeric(Question):
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


def squash(text: str) -> str:
    """Text compared ignoring case, spaces, punctuation and accents."""
    text = unicodedata.normalize("NFKD", text).casefold()
    return re.sub(r"[\W_]+", "", text)


@dataclass
class ShortAnswer(Question):
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


from .written_response import WrittenResponse  # noqa: E402  (it builds on Question, above)

QUESTION_TYPES: dict[str, type[Question]] = {
    cls.type_name: cls
    for cls in (SingleChoice, MultipleChoice, TrueFalse, Ordering, Matching, Numeric, ShortAnswer, WrittenResponse)
}
