"""The shipped unit: valid, grounded, and true to the content standards as it changes."""
from __future__ import annotations

from collections import Counter

import pytest

from conftest import PROJECT, SOURCES_DIR, requires_sources
from webapp.content.loader import load_content
from webapp.content.standards import (GRADE, HIGHER_ORDER, HIGHER_ORDER_SHARE, QUESTIONS, WORDS, check_standards,
                                      prose_stats)


@pytest.fixture(scope="module")
def content():
    return load_content(PROJECT, texts_dir=SOURCES_DIR if SOURCES_DIR.is_dir() else None)


def test_shipped_content_has_no_format_problems(content):
    assert [str(p) for p in content.problems] == []


@requires_sources()
def test_every_quote_is_found_verbatim_in_the_full_texts(content):
    assert content.texts_dir == SOURCES_DIR
    quotes = [ev for quiz in content.quizzes.values() for q in quiz.questions for ev in q.evidence]
    assert len(quotes) >= 100 and not content.problems


def test_shipped_content_meets_the_standards(content):
    assert [str(p) for p in check_standards(content)] == []


def test_the_unit_has_five_lessons_and_a_review(content):
    kinds = Counter(lesson.kind for lesson in content.lessons)
    assert kinds == {"lesson": 5, "review": 1}
    assert set(content.quizzes) == {lesson.id for lesson in content.lessons}


@pytest.mark.parametrize("lesson_id", ["why-people-leave", "brokers-and-trafficking", "china-repatriation",
                                       "the-route", "resettlement"])
def test_each_lesson_reads_at_grade_8_to_11_in_1200_to_2000_words(content, lesson_id):
    words, grade = prose_stats(content.lesson(lesson_id))
    assert WORDS[0] <= words <= WORDS[1]
    assert GRADE[0] <= grade <= GRADE[1]


def test_each_quiz_has_the_right_size_mix_and_coverage(content):
    for lesson in content.lessons:
        quiz = content.quiz_for(lesson.id)
        n = len(quiz.questions)
        assert n >= 20 if lesson.kind == "review" else QUESTIONS[0] <= n <= QUESTIONS[1], lesson.id
        assert len({q.type_name for q in quiz.questions}) >= 4, lesson.id
        assert sum(q.skill in HIGHER_ORDER for q in quiz.questions) / n >= HIGHER_ORDER_SHARE, lesson.id
        per_objective = Counter(q.objective for q in quiz.questions)
        assert all(per_objective[o.id] >= 2 for o in lesson.objectives), lesson.id


def test_all_seven_types_are_used_across_the_unit(content):
    used = {q.type_name for quiz in content.quizzes.values() for q in quiz.questions}
    assert len(used) == 7


def test_the_key_misconceptions_are_taught_as_wrong_choices(content):
    wrong = " ".join(c.misconception.lower() for quiz in content.quizzes.values() for q in quiz.questions
                     for c in getattr(q, "choices", []) if c.misconception)
    for idea in ("refugee", "day", "exact"):
        assert idea in wrong, idea
