"""The shipped unit: valid, grounded, and true to the content standards as it changes."""
from __future__ import annotations

from collections import Counter

import pytest
from factories import PROJECT, SOURCES_DIR, requires_sources

from webapp.content.editorial import (
    MAX_SENTENCE_WORDS,
    READING_GRADE,
    key_length,
    long_sentences,
    quote_budget,
    reading_grade,
    repeats,
)
from webapp.content.loader import load_content
from webapp.content.questions import QUESTION_TYPES
from webapp.content.standards import HIGHER_ORDER, HIGHER_ORDER_SHARE, QUESTIONS, WORDS, check_standards, prose_words


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
def test_each_lesson_reads_at_grade_8_to_9_5_in_short_sentences(content, lesson_id):
    lesson = content.lesson(lesson_id)
    assert WORDS[0] <= prose_words(lesson) <= WORDS[1]
    assert READING_GRADE[0] <= reading_grade(lesson) <= READING_GRADE[1]
    assert long_sentences(lesson) == [], f"sentences over {MAX_SENTENCE_WORDS} words"
    assert lesson.grade_band == content.unit.grade_band == "8-12"


def test_each_lesson_has_a_document_set_of_two_to_four_excerpts(content):
    for lesson in content.lessons:
        if lesson.kind == "lesson":
            excerpts = [q for q in lesson.quotations if q.document]
            assert 2 <= len(lesson.document_set.documents) == len(excerpts) <= 4, lesson.id


def test_the_key_is_the_longest_option_in_between_a_tenth_and_a_third_of_choice_questions(content):
    problems, notes = key_length(content)
    assert problems == [], notes


def test_no_two_questions_in_the_unit_repeat_each_other(content):
    assert [str(p) for p in repeats(content)] == []


def test_every_review_question_connects_two_or_more_lessons(content):
    review = next(lesson for lesson in content.lessons if lesson.kind == "review")
    lessons = {lesson.id for lesson in content.lessons if lesson.kind == "lesson"}
    for q in content.quiz_for(review.id).questions:
        assert len(set(q.draws_on) & lessons) >= 2, q.id


@requires_sources()
def test_every_source_is_under_the_quote_budget(content):
    assert [str(p) for p in quote_budget(content)] == []


def test_each_quiz_has_the_right_size_mix_and_coverage(content):
    for lesson in content.lessons:
        quiz = content.quiz_for(lesson.id)
        n = len(quiz.questions)
        assert n >= 20 if lesson.kind == "review" else QUESTIONS[0] <= n <= QUESTIONS[1], lesson.id
        assert len({q.type_name for q in quiz.questions}) >= 4, lesson.id
        assert sum(q.skill in HIGHER_ORDER for q in quiz.questions) / n >= HIGHER_ORDER_SHARE, lesson.id
        per_objective = Counter(q.objective for q in quiz.questions)
        assert all(per_objective[o.id] >= 2 for o in lesson.objectives), lesson.id


def test_every_question_type_is_used_across_the_unit(content):
    used = {q.type_name for quiz in content.quizzes.values() for q in quiz.questions}
    assert used == set(QUESTION_TYPES)


def test_the_key_misconceptions_are_taught_as_wrong_choices(content):
    wrong = " ".join(c.misconception.lower() for quiz in content.quizzes.values() for q in quiz.questions
                     for c in getattr(q, "choices", []) if c.misconception)
    for idea in ("refugee", "day", "exact"):
        assert idea in wrong, idea
