"""The editorial checks of `content check`: each one fails a broken copy of the mini unit with its message."""
from __future__ import annotations

import pytest
from test_content_check import LESSON, QUIZ, TEXTS, broken_copy

from webapp.content.editorial import check_editorial
from webapp.content.loader import load_content

NUMERIC = """  - id: mini-count
    type: numeric
    prompt: {prompt}
    answer: 1200
    tolerance: {tolerance}
    explanation: Counted.
    objective: crossing
    skill: {skill}
    evidence:
      - source: river.txt
        quote: because the road was closed
"""
REVIEW_LESSON = """---
id: mini-review
title: Review
topic: Testing
order: 2
grade_band: "8-12"
minutes: 10
summary: A review.
kind: review
objectives:
  - id: all
    text: Connect.
key_terms:
  - term: ferry
    definition: A boat.
sources:
  - river.txt
---

## Looking back

Travellers crossed a river early in the morning. Afterwards they waited on the opposite bank for transportation that never arrived.
"""
REVIEW_QUIZ = """lesson: mini-review
questions:
  - id: review-walk
    type: true_false
    prompt: The guide blamed the weather.
    answer: false
    explanation: He blamed the road.
    objective: all
    skill: inference
    draws_on: {draws_on}
    evidence:
      - source: river.txt
        quote: because the road was closed
"""


def editorial(root, texts=TEXTS):
    content = load_content(root, texts_dir=texts)
    assert [str(p) for p in content.problems] == []
    problems, notes = check_editorial(content)
    return [str(p) for p in problems], notes


def test_the_valid_fixture_passes_every_editorial_check(tmp_path):
    assert editorial(broken_copy(tmp_path, LESSON, "", "")) == ([], [])


LESSON_CASES = [
    ("reading level", "Afterwards they waited on the opposite bank for transportation that never arrived.",
     "Consequently, administrative authorities systematically investigated unaccompanied international "
     "travellers' documentation.",
     "lessons/01-mini.md: Flesch–Kincaid grade of the reading sections is 25.2 (syllables from the CMU "
     "Pronouncing Dictionary); expected 8.0–9.5"),
    ("long sentence", "1. Why?", "1. Why did " + "the very tired travellers " * 7 + "walk?",
     "lessons/01-mini.md: sentence of 31 words (at most 30): 'Why did the very tired travellers the very tired travellers…'"),
]


@pytest.mark.parametrize("kind, old, new, message", LESSON_CASES, ids=[c[0] for c in LESSON_CASES])
def test_reading_checks(tmp_path, kind, old, new, message):
    assert message in editorial(broken_copy(tmp_path, LESSON, old, new))[0]


def test_a_key_that_stands_out_by_length_is_noted_and_fails_above_one_in_three(tmp_path):
    problems, notes = editorial(broken_copy(tmp_path, QUIZ, "text: At dawn\n", "text: At dawn, before the sun rose\n"))
    assert notes == ["quizzes/mini.yaml: question mini-when: the key is the longest option"]
    assert problems == ["quizzes/: the key is the longest option in 1 of 1 choice questions; at most one in three may be"]


def test_a_key_that_is_never_the_longest_is_a_cue_too(tmp_path):
    extra = "".join(
        f"  - id: mini-when-{i}\n    type: single_choice\n    prompt: Question {i} about the ferry?\n"
        f"    choices:\n      - id: a\n        text: Key {i}\n      - id: b\n        text: A longer wrong answer {i}\n"
        f"        feedback: No.\n    answer: a\n    explanation: Yes.\n    objective: crossing\n    skill: recall\n"
        f"    evidence:\n      - source: river.txt\n        quote: waited on the far bank {i}\n"
        for i in range(10))
    root = broken_copy(tmp_path, QUIZ, "  - id: mini-walk\n", extra + "  - id: mini-walk\n")
    content = load_content(root, texts_dir=None)
    from webapp.content.editorial import key_length
    assert [str(p) for p in key_length(content)[0]] == [
        "quizzes/: the key is the longest option in 0 of 11 choice questions: a test-wise student learns to rule "
        "the longest out; let it be the longest in about one in four (at least 10%)"]


QUIZ_CASES = [
    ("same evidence", "  - id: mini-walk\n",
     "  - id: mini-when-again\n    type: true_false\n    prompt: The crossing was in the evening.\n    answer: false\n"
     "    explanation: At dawn.\n    objective: crossing\n    skill: recall\n    evidence:\n"
     "      - source: river.txt\n        quote: The ferry crossed the wide river at dawn\n  - id: mini-walk\n",
     "quizzes/mini.yaml: question mini-when-again: repeats question mini-when (quizzes/mini.yaml): the same evidence"),
    ("prompts that coincide", "  - id: mini-walk\n",
     "  - id: mini-when-twice\n    type: single_choice\n    prompt: When did the ferry cross the river?\n"
     "    choices:\n      - id: a\n        text: At dawn\n      - id: b\n        text: At night\n"
     "        feedback: Dawn.\n    answer: a\n    explanation: Dawn.\n    objective: crossing\n    skill: recall\n"
     "    evidence:\n      - source: river.txt\n        quote: crossed the wide river\n  - id: mini-walk\n",
     "quizzes/mini.yaml: question mini-when-twice: repeats question mini-when (quizzes/mini.yaml): prompts and "
     "options mostly coincide (80% of their words)"),
    ("recall tolerance", "  - id: mini-walk\n",
     NUMERIC.format(prompt="How many people?", tolerance=1, skill="recall") + "  - id: mini-walk\n",
     "quizzes/mini.yaml: question mini-count: field 'tolerance': a recall question's tolerance is 1; expected 0"),
    ("rounding tolerance", "  - id: mini-walk\n",
     NUMERIC.format(prompt="Round to the nearest hundred.", tolerance=50, skill="inference") + "  - id: mini-walk\n",
     "quizzes/mini.yaml: question mini-count: field 'tolerance': tolerance 50 accepts answers that round "
     "differently; for the nearest hundred it must be under 50"),
    ("wrong choice without feedback", "        feedback: The text says dawn.\n", "",
     "quizzes/mini.yaml: question mini-when: field 'choices.b': wrong choice has no feedback"),
    ("true/false without feedback", "    feedback: The bus never came.\n", "",
     "quizzes/mini.yaml: question mini-walk: field 'feedback': no feedback for the wrong answer"),
    ("corroboration from one source", "    skill: inference\n", "    skill: corroboration\n",
     "quizzes/mini.yaml: question mini-walk: field 'skill': skill 'corroboration' needs evidence from at least "
     "two different sources"),
    ("draws_on outside the review", "    skill: inference\n", "    skill: inference\n    draws_on: [mini]\n",
     "quizzes/mini.yaml: question mini-walk: field 'draws_on': only unit-review questions draw on other lessons"),
]


@pytest.mark.parametrize("kind, old, new, message", QUIZ_CASES, ids=[c[0] for c in QUIZ_CASES])
def test_item_checks(tmp_path, kind, old, new, message):
    assert message in editorial(broken_copy(tmp_path, QUIZ, old, new))[0]


@pytest.mark.parametrize("draws_on, message", [
    ("[mini]", "quizzes/mini-review.yaml: question review-walk: field 'draws_on': a review question names the two "
               "or more lessons it draws on"),
    ("[mini, mini-review]", "quizzes/mini-review.yaml: question review-walk: field 'draws_on': not a lesson of "
                            "the unit: mini-review"),
])
def test_a_review_question_names_two_lessons_it_draws_on(tmp_path, draws_on, message):
    root = broken_copy(tmp_path, LESSON, "", "")
    (root / "lessons" / "02-mini-review.md").write_text(REVIEW_LESSON)
    (root / "quizzes" / "mini-review.yaml").write_text(REVIEW_QUIZ.format(draws_on=draws_on))
    assert message in editorial(root)[0]


def test_the_quote_budget_fails_when_a_source_is_copied_at_length(tmp_path):
    source = (TEXTS / "river.txt").read_text()
    root = broken_copy(tmp_path, LESSON, "", "")
    (root / "docs").mkdir()
    (root / "docs" / "notes.md").write_text(source[len(source) // 3:])
    problems = editorial(root)[0]
    assert len(problems) == 1 and problems[0].startswith("sources/river.txt: ")
    assert "of this source is reproduced" in problems[0] and "the budget is under 15%" in problems[0]


def test_without_full_texts_the_budget_is_not_measured(tmp_path):
    root = broken_copy(tmp_path, LESSON, "", "")
    (root / "docs").mkdir()
    (root / "docs" / "notes.md").write_text((TEXTS / "river.txt").read_text())
    assert editorial(root, texts=None) == ([], [])
