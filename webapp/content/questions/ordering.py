"""Put the items in order: the author lists them in the right order."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..fields import Fields
from .base import Arranging, GetList, Score


@dataclass(frozen=True)
class Item:
    id: str
    text: str


@dataclass
class Ordering(Arranging):
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

    def from_form(self, getlist: GetList) -> Any:
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

    def option_texts(self) -> list[str]:
        return [i.text for i in self.items]
