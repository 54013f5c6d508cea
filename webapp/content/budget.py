"""The quote budget: how much of each copyrighted source the project reproduces.

A source word counts as reproduced when it lies in a run of ``RUN`` or more words that
also stands in a shipped file (lessons, quizzes, the timeline, visuals, docs). The share of
reproduced words must stay under ``BUDGET`` for every source, however many files repeat the
same passage: quoting one decisive clause in five places costs it once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

RUN = 8
BUDGET = 0.15
SHIPPED = ("lessons", "quizzes", "docs")
SHIPPED_SUFFIXES = {".md", ".yaml", ".yml", ".svg"}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def words(text: str) -> list[str]:
    """Lower-case words, with curly apostrophes folded, as the budget compares them."""
    return _WORD.findall(text.lower().replace("’", "'").replace("‘", "'"))


def shipped_files(root: Path) -> list[Path]:
    return sorted(p for folder in SHIPPED for p in (root / folder).rglob("*")
                  if p.is_file() and p.suffix in SHIPPED_SUFFIXES)


def runs_of(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + RUN]) for i in range(len(tokens) - RUN + 1)}


@dataclass(frozen=True)
class Coverage:
    source: str
    words: int
    reproduced: int

    @property
    def share(self) -> float:
        return self.reproduced / self.words if self.words else 0.0


def coverage(source_text: str, runs: set[tuple[str, ...]], name: str = "") -> Coverage:
    tokens = words(source_text)
    covered = [False] * len(tokens)
    for i in range(len(tokens) - RUN + 1):
        if tuple(tokens[i:i + RUN]) in runs:
            covered[i:i + RUN] = [True] * RUN
    return Coverage(name, len(tokens), sum(covered))


def measure(texts: dict[str, str], files: list[Path]) -> list[Coverage]:
    """Coverage of each source by the given files together."""
    runs: set[tuple[str, ...]] = set()
    for path in files:
        runs |= runs_of(words(path.read_text(encoding="utf-8")))
    return [coverage(text, runs, name) for name, text in sorted(texts.items())]
