"""The unit's content standards: counts and reading levels a demanding department expects.

These go beyond the format (which ``loader`` checks): they keep the shipped unit true to
its promises as the content changes.
"""
from __future__ import annotations

from collections import Counter

from .editorial import check_editorial
from .grounding import own_words
from .lessons import Lesson
from .loader import Content
from .problems import Problem
from .questions import QUESTION_TYPES
from .quizzes import Quiz

WORDS = (1100, 2200)
OBJECTIVES = (3, 5)
KEY_TERMS = (5, 10)
QUESTIONS = (12, 18)
REVIEW_MIN_QUESTIONS = 20
TYPES_PER_QUIZ = 4
HIGHER_ORDER = {"inference", "sourcing", "corroboration"}
HIGHER_ORDER_SHARE = 0.30
REQUIRED_VISUALS = ("visuals/route-map.svg", "visuals/famine-estimates.svg")


def prose_words(lesson: Lesson) -> int:
    """Word count of the lesson's student-facing prose, quotations left out."""
    return len(own_words(lesson, lesson.student_sections).split())


def check_standards(content: Content) -> list[Problem]:
    """Counts and coverage, then the editorial checks (reading level, item writing, repeats, budget)."""
    problems: list[Problem] = check_editorial(content)[0]
    for lesson in content.lessons:
        problems += _lesson_standards(lesson)
        quiz = content.quiz_for(lesson.id)
        if quiz is None:
            problems.append(Problem(lesson.path, f"has no quiz (quizzes/{lesson.id}.yaml)"))
        else:
            problems += _quiz_standards(quiz, lesson)
    used = {q.type_name for quiz in content.quizzes.values() for q in quiz.questions}
    missing = [t for t in QUESTION_TYPES if t not in used]
    if missing:
        problems.append(Problem("quizzes/", f"question types never used in the unit: {', '.join(missing)}"))
    for visual in REQUIRED_VISUALS:
        if not (content.root / "lessons" / visual).is_file():
            problems.append(Problem(f"lessons/{visual}", "missing: the unit needs this visual"))
    return problems


def _between(problems, file, what, value, bounds, item=None):
    low, high = bounds
    if not low <= value <= high:
        shown = f"{value:.1f}" if isinstance(value, float) else str(value)
        problems.append(Problem(file, f"{what} is {shown}; expected {low}–{high}", item=item))


def _lesson_standards(lesson: Lesson) -> list[Problem]:
    problems: list[Problem] = []
    _between(problems, lesson.path, "number of objectives", len(lesson.objectives), OBJECTIVES)
    if lesson.kind != "lesson":
        return problems
    _between(problems, lesson.path, "number of key terms", len(lesson.key_terms), KEY_TERMS)
    _between(problems, lesson.path, "word count of the student-facing prose", prose_words(lesson), WORDS)
    voices = next((s for s in lesson.sections if s.kind == "voices"), None)
    if voices is not None and ">" not in voices.markdown:
        problems.append(Problem(lesson.path, "the Voices section has no quotation"))
    return problems


def _quiz_standards(quiz: Quiz, lesson: Lesson) -> list[Problem]:
    problems: list[Problem] = []
    count = len(quiz.questions)
    bounds = (REVIEW_MIN_QUESTIONS, 40) if lesson.kind == "review" else QUESTIONS
    _between(problems, quiz.path, "number of questions", count, bounds)
    per_objective = Counter(q.objective for q in quiz.questions)
    for objective in lesson.objectives:
        if per_objective[objective.id] < 2:
            problems.append(Problem(quiz.path, f"objective '{objective.id}' is covered by "
                                    f"{per_objective[objective.id]} question(s); expected at least 2"))
    types = {q.type_name for q in quiz.questions}
    if len(types) < TYPES_PER_QUIZ:
        problems.append(Problem(quiz.path, f"uses {len(types)} question types; expected at least {TYPES_PER_QUIZ}"))
    higher = sum(1 for q in quiz.questions if q.skill in HIGHER_ORDER)
    if count and higher / count < HIGHER_ORDER_SHARE:
        problems.append(Problem(quiz.path, f"{higher} of {count} questions test inference, sourcing or "
                                f"corroboration; expected at least {HIGHER_ORDER_SHARE:.0%}"))
    return problems
