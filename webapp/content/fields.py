"""Reading the fields of a YAML mapping while collecting every problem instead of raising."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .problems import Problem

KINDS = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
         list: "a list", dict: "a mapping"}


def describe(value: Any) -> str:
    """A short, plain description of what a field holds, for messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true or false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def first_on(line: int | None) -> str:
    """`` (first on line N)`` for a message about a repeated name, when the line is known."""
    return f" (first on line {line})" if line is not None else ""


class Fields:
    """The fields of one mapping in one file, e.g. one question of a quiz.

    Every reader returns a usable default when the field is missing or wrong, after
    recording a Problem, so that one pass reports everything.
    """

    def __init__(self, data: Any, problems: list[Problem], file: str, item: str | None,
                 allowed: set[str], field_prefix: str = "", line: int | None = None):
        """``line`` is where the mapping stands when ``data`` does not know (it is no YamlMap)."""
        self.problems, self.file, self.item, self.prefix = problems, file, item, field_prefix
        self.is_mapping = isinstance(data, dict)
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        self.line: int | None = getattr(data, "line", None) or line
        self.key_lines: dict[str, int] = getattr(data, "key_lines", {})
        if not self.is_mapping:
            self.error(None, f"expected a mapping, got {describe(data)}")
        for name in sorted(set(self.data) - allowed, key=str):
            self.error(str(name), f"unknown field (allowed: {', '.join(sorted(allowed))})")

    def line_of(self, field: str | None) -> int | None:
        """The line of a field (``name``, or ``name[i]`` for an item of a list), else of the mapping."""
        name, _, rest = (field or "").partition("[")
        index = rest.partition("]")[0]
        item_lines = getattr(self.data.get(name), "item_lines", [])
        if index.isdigit() and 0 < int(index) <= len(item_lines):
            return item_lines[int(index) - 1]
        return self.key_lines.get(name, self.line)

    def error(self, field: str | None, message: str) -> None:
        name = f"{self.prefix}{field}" if field else (self.prefix.rstrip(".") or None)
        self.problems.append(Problem(self.file, message, line=self.line_of(field), item=self.item, field=name))

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def get(self, name: str, kind: type | tuple[type, ...], required: bool = True,
            default: Any = None) -> Any:
        value = self.data.get(name)
        if value is None:
            if required and self.is_mapping:  # not a mapping at all: that one problem is enough
                self.error(name, "missing required field")
            return default
        kinds = kind if isinstance(kind, tuple) else (kind,)
        wrong_bool = isinstance(value, bool) and bool not in kinds
        if not isinstance(value, kinds) or wrong_bool:
            self.error(name, f"expected {KINDS[kinds[0]]}, got {describe(value)}")
            return default
        return value

    def text(self, name: str, required: bool = True, default: str = "") -> str:
        value = self.get(name, (str, int, float) if not required else str, required, default)
        text = str(value).strip() if value is not None else default
        if required and isinstance(self.data.get(name), str) and not text:
            self.error(name, "must not be empty")
        return text

    def integer(self, name: str, required: bool = True, default: int = 0) -> int:
        return self.get(name, int, required, default)

    def number(self, name: str, required: bool = True, default: float = 0.0) -> float:
        return float(self.get(name, (int, float), required, default))

    def boolean(self, name: str, required: bool = True, default: bool = False) -> bool:
        return self.get(name, bool, required, default)

    def items(self, name: str, required: bool = True) -> list[Any]:
        value = self.get(name, list, required, [])
        if required and name in self.data and value == [] and isinstance(self.data[name], list):
            self.error(name, "must not be empty")
        return value

    def texts(self, name: str, required: bool = True) -> list[str]:
        out = []
        for i, value in enumerate(self.items(name, required)):
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                out.append(str(value).strip())
            else:
                self.error(f"{name}[{i + 1}]", f"expected text, got {describe(value)}")
        return out

    def unique_items(self, name: str, allowed: set[str], build: Callable[[Fields], Any], noun: str,
                     minimum: int = 0) -> list[Any]:
        """A list of mappings, each built into an object with an ``id`` unique in the list."""
        out: list[Any] = []
        seen: dict[str, int | None] = {}
        for i, raw in enumerate(self.items(name)):
            child = self.child(raw, allowed, f"{name}[{i + 1}]")
            item = build(child)
            if item.id in seen:
                child.error("id", f"duplicate {noun} id '{item.id}'{first_on(seen[item.id])}")
            seen.setdefault(item.id, child.line_of("id"))
            out.append(item)
        if 0 < len(out) < minimum:
            self.error(name, f"needs at least {minimum} {noun}s")
        return out

    def child(self, data: Any, allowed: set[str], field: str) -> Fields:
        """The fields of a mapping nested in this one (a choice, a pair, an evidence quote)."""
        return Fields(data, self.problems, self.file, self.item, allowed, f"{self.prefix}{field}.",
                      line=self.line_of(field))
