"""A problem found in a content file, reported with enough detail to fix it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one content file.

    ``item`` names the thing inside the file (``question leave-01``, ``objective famine``,
    ``event famine``); ``field`` names the field of that thing.
    """

    file: str
    message: str
    line: int | None = None
    item: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.item:
            parts.append(self.item)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + ": " + self.message


class ContentError(Exception):
    """Raised when content cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
