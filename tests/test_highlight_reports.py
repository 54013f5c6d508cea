"""What the teacher sees of a highlight question: which sentences the class picked, on the
item analysis and beside one student's answer on their attempt page (the mini fixture's quiz)."""
from __future__ import annotations

import re

import pytest
from factories import app_over, login, make_assignment, make_classroom, make_student, make_teacher
from test_reports import submit

from webapp.content.loader import load_content
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.reports.items import class_picks, item_analysis

MINI = __import__("pathlib").Path(__file__).parent / "fixtures" / "mini"
QUESTION = "mini-walk-evidence"


@pytest.fixture
def mini_app(tmp_path):
    yield from app_over(MINI, tmp_path)


@pytest.fixture
def picked(mini_app):
    """Three students' picks: two right, one with a wrong sentence, one with half the key."""
    teacher = make_teacher()
    room = make_classroom(teacher)
    assignment = make_assignment(room, "mini")
    attempts = [submit(assignment, make_student(room, name=name), {QUESTION: picks})
                for name, picks in (("Ann", ["s2", "s3"]), ("Ben", ["s1", "s2"]), ("Cy", ["s3"]))]
    return teacher, assignment, attempts


def test_the_scores_follow_the_penalty(picked):
    _, _, attempts = picked
    assert [a.score for a in attempts] == [1.0, 0.0, 0.5]


def test_item_analysis_counts_each_sentence_picked(picked):
    _, assignment, _ = picked
    item = next(i for i in item_analysis(assignment, get_content(), class_size=3).items if i.question.id == QUESTION)
    assert item.picks == {"s1": 1, "s2": 2, "s3": 2, "s4": 0}
    assert class_picks(assignment, get_content()) == ({QUESTION: item.picks}, 3)


def test_the_teacher_sees_the_class_picks_on_the_report_and_the_attempt_page(mini_app, picked):
    teacher, assignment, attempts = picked
    client = mini_app.test_client()
    login(client, teacher)
    report = client.get(f"/teacher/reports/assignments/{assignment.id}").get_data(as_text=True)
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(Yes|No)</td><td class=\"num\">(\d) of 3</td></tr>", report)
    assert [(text[:12], key, n) for text, key, n in rows] == [
        ("A made-up so", "No", "1"), ("The ferry cr", "Yes", "2"), ("“We walked a", "Yes", "2"),
        ("Orchards slo", "No", "0")]
    page = client.get(f"/teacher/attempts/{attempts[1].id}").get_data(as_text=True)
    passage = page[page.index('class="passage-result"'):]
    first = passage[:passage.index("</li>")]
    assert "Ben’s answer: <span aria-hidden=\"true\">✓</span> picked" in first
    assert "Key: does not support it" in first and "Class: 1 of 3 picked it" in first


def test_the_teachers_preview_marks_the_supporting_sentences(mini_app):
    client = mini_app.test_client()
    login(client, make_teacher())
    page = client.get("/teacher/lessons/mini").get_data(as_text=True)
    assert page.count('<span class="visually-hidden">Supports the claim:</span>') == 2
    assert page.count('<span class="visually-hidden">Does not support it:</span>') == 2
    assert "Each one you pick earns half the points." in page


def test_the_class_picks_cost_one_statement_and_none_without_a_question_to_pick(picked, mini_app):
    from factories import QueryCounter

    _, assignment, _ = picked
    assert assignment.classroom_id and assignment.lesson_id  # loaded before counting
    with QueryCounter(db.engine) as counter:
        assert class_picks(assignment, get_content())[1] == 3
    assert counter.count == 1
    without = load_content(MINI, texts_dir=None)
    quiz = without.quiz_for("mini")
    quiz.questions = [q for q in quiz.questions if q.id != QUESTION]
    with QueryCounter(db.engine) as counter:
        assert class_picks(assignment, without) == ({}, 0)
    assert counter.count == 0
