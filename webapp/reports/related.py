"""Which lesson section a question is about, so a flag can say what to revisit.

Deliberately simple: the section sharing the most content words with the question's
evidence quotes, explanation and objective wins. A review question searches every lesson.
When nothing shares enough words we name no section rather than guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.lessons import Lesson, Section
from ..content.loader import Content
from ..content.questions import Question

MIN_SHARED = 5
SEARCHED_KINDS = ("reading", "voices", "comparison")
STOPWORDS = frozenset(["about", "after", "also", "been", "before", "being", "between", "could", "does", "doing", "during", "each", "even", "from", "have", "having", "here", "into", "just", "like", "made", "make", "many", "more", "most", "much", "must", "only", "other", "over", "same", "should", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "through", "under", "until", "very", "were", "what", "when", "where", "which", "while", "will", "with", "would", "your", "because", "said", "says"])


@dataclass(frozen=True)
class Place:
    lesson: Lesson
    section: Section


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3 and w not in STOPWORDS}


def related_place(question: Question, lesson: Lesson | None, content: Content) -> Place | None:
    if lesson is None:
        return None
    objective = lesson.objective(question.objective)
    wanted = content_words(" ".join([*(e.quote for e in question.evidence), question.explanation,
                                     objective.text if objective else ""]))
    lessons = content.lessons if lesson.kind == "review" else [lesson]
    best, best_shared = None, MIN_SHARED - 1
    for candidate in lessons:
        for section in candidate.sections:
            if section.kind not in SEARCHED_KINDS:
                continue
            shared = len(wanted & content_words(f"{section.heading} {section.markdown}"))
            if shared > best_shared:
                best, best_shared = Place(candidate, section), shared
    return best
