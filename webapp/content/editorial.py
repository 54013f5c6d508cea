"""Editorial checks: what a test-maker and a careful editor look for across the unit.

Each check returns problems (the unit fails) and some also return notes (lines a writer
should look at, which do not fail the check on their own).
"""
from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

from .budget import BUDGET, RUN, measure, shipped_files
from .grounding import own_words
from .lessons import Lesson
from .loader import Content
from .problems import Problem
from .questions import Question
from .readability import flesch_kincaid_grade
from .sources import fold

READING_GRADE = (8.0, 9.5)
MAX_SENTENCE_WORDS = 30
LONGEST_KEY_SHARE = (0.1, 1 / 3)  # never the longest is a cue too: the longest gets ruled out
FLOOR_FROM = 10                    # ... judged once there are this many choice questions
SIMILAR = 0.45          # share of content words in common: prompts and options mostly coincide
SIMILAR_SHARED = 0.3    # ... enough, for two questions that also share an evidence quote
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]*\s+")
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STOP = {"what", "which", "does", "that", "this", "with", "from", "they", "their", "were", "have",
         "about", "into", "would", "there", "than", "them", "when", "because", "been", "most"}


def reading_grade(lesson: Lesson) -> float:
    """Flesch–Kincaid grade of the lesson's reading sections together (quotations left out)."""
    reading = [s for s in lesson.sections if s.kind == "reading"]
    return flesch_kincaid_grade(own_words(lesson, reading, keep_lines=True))


def long_sentences(lesson: Lesson) -> list[str]:
    """Student-facing sentences over MAX_SENTENCE_WORDS words (quotations left out)."""
    lines = own_words(lesson, lesson.student_sections, keep_lines=True).splitlines()
    return [s for line in lines for s in _SENTENCE.split(line) if len(s.split()) > MAX_SENTENCE_WORDS]


def reading_problems(lesson: Lesson) -> list[Problem]:
    problems = []
    grade, (low, high) = reading_grade(lesson), READING_GRADE
    too_hard_or_easy = not low <= grade <= high if lesson.kind == "lesson" else grade > high
    if too_hard_or_easy:
        problems.append(Problem(lesson.path, f"Flesch–Kincaid grade of the reading sections is {grade:.1f} "
                                f"(syllables from the CMU Pronouncing Dictionary); expected {low}–{high}"))
    for sentence in long_sentences(lesson):
        problems.append(Problem(lesson.path, f"sentence of {len(sentence.split())} words (at most "
                                f"{MAX_SENTENCE_WORDS}): '{_short(sentence)}'"))
    return problems


def key_length(content: Content) -> tuple[list[Problem], list[str]]:
    """The key-length rule, over the questions whose type it applies to (``Question.key_stands_out``)."""
    choice = [(quiz, q) for quiz in content.quizzes.values() for q in quiz.questions
              if q.key_stands_out() is not None]
    cued = [(quiz, q) for quiz, q in choice if q.key_stands_out()]
    notes = [f"{quiz.path}: question {q.id}: the key is the longest option" for quiz, q in cued]
    problems = []
    low, high = LONGEST_KEY_SHARE
    share = len(cued) / len(choice) if choice else low
    if share > high:
        problems.append(Problem("quizzes/", f"the key is the longest option in {len(cued)} of {len(choice)} "
                                f"choice questions; at most one in three may be"))
    elif share < low and len(choice) >= FLOOR_FROM:
        problems.append(Problem("quizzes/", f"the key is the longest option in {len(cued)} of {len(choice)} "
                                f"choice questions: a test-wise student learns to rule the longest out; "
                                f"let it be the longest in about one in four (at least {low:.0%})"))
    return problems, notes


def _evidence_set(q: Question) -> frozenset[tuple[str, str]]:
    return frozenset((ev.source, fold(ev.quote).lower()) for ev in q.evidence)


def _words(q: Question) -> set[str]:
    parts = [q.prompt, *q.option_texts()]
    tokens = _TOKEN.findall(" ".join(parts).lower())
    return {t for t in tokens if len(t) > 3 and t not in _STOP}


def similarity(a: Question, b: Question) -> float:
    """Share of the content words of two questions' prompts and options that they have in common."""
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def repeats(content: Content) -> list[Problem]:
    questions = [(quiz.path, q) for quiz in content.quizzes.values() for q in quiz.questions]
    problems = []
    for (file_a, a), (file_b, b) in combinations(questions, 2):
        why = _repeat(a, b)
        if why:
            problems.append(Problem(file_b, f"repeats question {a.id} ({file_a}): {why}", item=f"question {b.id}"))
    return problems


def _repeat(a: Question, b: Question) -> str:
    """Why two questions test the same thing, or ''."""
    ev_a, ev_b = _evidence_set(a), _evidence_set(b)
    if ev_a and ev_a == ev_b:
        return "the same evidence"
    alike = similarity(a, b)
    if alike >= SIMILAR:
        return f"prompts and options mostly coincide ({alike:.0%} of their words)"
    if ev_a & ev_b and alike >= SIMILAR_SHARED:
        return f"a shared evidence quote and similar wording ({alike:.0%} of their words)"
    return ""


def item_rules(content: Content) -> list[Problem]:
    """Each type's own authoring checks, honest corroboration, review synthesis."""
    lessons = {lesson.id: lesson for lesson in content.lessons}
    problems = []
    for quiz in content.quizzes.values():
        review = lessons.get(quiz.lesson_id) is not None and lessons[quiz.lesson_id].kind == "review"
        for q in quiz.questions:
            def report(message: str, field: str, quiz=quiz, q=q) -> None:
                problems.append(Problem(quiz.path, message, item=f"question {q.id}", field=field))
            for problem in q.authoring_problems():
                report(problem.message, problem.field)
            if q.skill == "corroboration" and len({ev.source for ev in q.evidence}) < 2:
                report("skill 'corroboration' needs evidence from at least two different sources", "skill")
            _draws_on(q, review, lessons, report)
    return problems


def _draws_on(q: Question, review: bool, lessons: dict[str, Lesson], report) -> None:
    if not review:
        if q.draws_on:
            report("only unit-review questions draw on other lessons", "draws_on")
        return
    unknown = [name for name in q.draws_on if name not in lessons or lessons[name].kind != "lesson"]
    if unknown:
        report(f"not a lesson of the unit: {', '.join(unknown)}", "draws_on")
    if len(set(q.draws_on) - set(unknown)) < 2:
        report("a review question names the two or more lessons it draws on", "draws_on")


def quote_budget(content: Content, root: Path | None = None) -> list[Problem]:
    """Each source under BUDGET reproduced across every shipped file (skipped without full texts)."""
    if content.texts_dir is None:
        return []
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(content.texts_dir).glob("*.txt"))}
    return [Problem(f"sources/{c.source}", f"{c.share:.1%} of this source is reproduced ({c.reproduced} of "
                    f"{c.words} words stand in runs of {RUN}+ words found in shipped files); the budget is "
                    f"under {BUDGET:.0%}: trim quotes to the decisive clause or share them")
            for c in measure(texts, shipped_files(root or content.root)) if c.share >= BUDGET]


def check_editorial(content: Content) -> tuple[list[Problem], list[str]]:
    problems: list[Problem] = []
    for lesson in content.lessons:
        problems += reading_problems(lesson)
    cue_problems, notes = key_length(content)
    problems += cue_problems + repeats(content) + item_rules(content) + quote_budget(content)
    return problems, notes


def _short(text: str, limit: int = 60) -> str:
    text = fold(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"
