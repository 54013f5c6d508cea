"""Match each left-hand item to its right-hand partner: the author writes the pairs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..fields import Fields
from .base import Arranging, GetList, Score


@dataclass(frozen=True)
class Pair:
    id: str
    left: str
    right: str


@dataclass
class Matching(Arranging):
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

    def from_form(self, getlist: GetList) -> Any:
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

    def option_texts(self) -> list[str]:
        return [f"{p.left} {p.right}" for p in self.pairs]
