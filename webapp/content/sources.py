"""The source catalog and the full texts that quotes are checked against.

The full texts are not part of the project. They are read from ``CROSSINGS_SOURCES_DIR``,
else from ``../shared/sources`` beside the project, when either exists.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

MAX_QUOTE_WORDS = 60
BACKGROUND_KIND = "background reference"
SOURCES_ENV = "CROSSINGS_SOURCES_DIR"


@dataclass(frozen=True)
class Source:
    file: str
    key: str
    cite: str
    title: str
    publisher: str
    author: str
    date: str
    kind: str
    about: str

    @property
    def is_background(self) -> bool:
        """A background reference: an outside work cited for a fact the four sources lack."""
        return self.kind == BACKGROUND_KIND


def fold(text: str) -> str:
    """Fold runs of white space to one space, as quotes are compared."""
    return re.sub(r"\s+", " ", text).strip()


def shortened(text: str, limit: int = 70) -> str:
    """A quote folded and cut to ``limit`` characters, for messages."""
    text = fold(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def word_count(text: str) -> int:
    return len(text.split())


def full_texts_dir(project_root: Path) -> Path | None:
    """The folder of full source texts, or None when none is available."""
    named = os.environ.get(SOURCES_ENV)
    if named:
        path = Path(named)
        return path if path.is_dir() else None
    default = project_root.resolve().parent / "shared" / "sources"
    return default if default.is_dir() else None


def load_full_texts(folder: Path | None) -> dict[str, str] | None:
    """File name -> folded full text, or None when there is no folder to read."""
    if folder is None:
        return None
    return {p.name: fold(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))}


def quote_found(quote: str, folded_text: str, gaps: bool = False) -> bool:
    """True when ``quote`` is in the text verbatim (white space folded).

    With ``gaps``, an ellipsis marks left-out words and each part is looked up on its own.
    """
    if not gaps:
        return bool(fold(quote)) and fold(quote) in folded_text
    parts = [fold(part) for part in re.split(r"\s*(?:…|\.\.\.)\s*", quote)]
    parts = [p for p in parts if p]
    return bool(parts) and all(p in folded_text for p in parts)
