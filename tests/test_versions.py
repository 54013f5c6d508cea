"""Stored work keeps its meaning when content changes: question versions and the regrade.

Each test runs the app on a copy of the mini fixture, answers through the real save path,
then edits the quiz file as an author would and syncs the catalog.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from factories import (
    QueryCounter,
    app_over,
    login,
    make_assignment,
    make_classroom,
    make_student,
    make_teacher,
)
from sqlalchemy import select, update

from webapp import answer_saves, content_store, quizzing
from webapp.catalog_sync import sync_catalog
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Assignment, Attempt, Classroom, QuestionVersion, Regrade, Response
from webapp.models.base import utcnow
from webapp.models.work import ANSWER_FORMAT
from webapp.reports.gradebook import gradebook, gradebook_csv
from webapp.reports.items import item_analysis
from webapp.versions import StoredAnswerError

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path, monkeypatch):
    """The app over an editable copy of the mini content; yields the quiz file to edit."""
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    monkeypatch.setattr(content_store, "CHECK_EVERY_SECONDS", 0.0)  # see each edit at once
    for _ in app_over(root, tmp_path):
        yield root / "quizzes" / "mini.yaml"


def edit(quiz: Path, old: str, new: str) -> None:
    """Change the quiz file as an author would, and sync the catalog as a deploy does."""
    text = quiz.read_text(encoding="utf-8")
    assert old in text
    quiz.write_text(text.replace(old, new, 1), encoding="utf-8")
    sync_catalog(get_content())


def versions_of(question_id: str) -> list[int]:
    return list(db.session.scalars(select(QuestionVersion.number).where(QuestionVersion.question_id == question_id)
                                   .order_by(QuestionVersion.number)))


def answered(student_name: str, answers: dict, submit: bool = True):
    """A student of the (one) mini class answers through the save path and submits."""
    classroom = db.session.scalar(select(Classroom)) or make_classroom(make_teacher())
    student = make_student(classroom, student_name.lower(), name=student_name)
    assignment = db.session.scalar(select(Assignment)) or make_assignment(classroom, "mini")
    attempt = quizzing.start_or_resume(assignment, student)
    content = get_content()
    for question_id, answer in answers.items():
        answer_saves.store(attempt.id, content.question(question_id), answer)
    if submit:
        quizzing.submit(attempt, content)
    return db.session.get(Attempt, attempt.id), student


def test_sync_makes_a_new_version_only_when_content_changes(mini):
    assert versions_of("mini-when") == [1]
    sync_catalog(get_content())
    assert versions_of("mini-when") == [1]  # nothing changed, no new version
    answered("Ann", {"mini-when": "a"})
    edit(mini, "text: At dawn", "text: At dawn, before sunrise")
    assert versions_of("mini-when") == [1, 2]
    assert versions_of("mini-walk") == [1]
    edit(mini, "text: At dawn, before sunrise", "text: Just before dawn")
    assert versions_of("mini-when") == [1, 3]  # version 2 had no answers: dropped when replaced


def test_an_answer_points_at_the_version_it_answered(mini):
    attempt, _ = answered("Ann", {"mini-when": "a"}, submit=False)
    first = db.session.scalar(select(Response.version_id).where(Response.attempt_id == attempt.id))
    assert db.session.get(QuestionVersion, first).number == 1
    edit(mini, "prompt: When did the ferry cross?", "prompt: At what time did the ferry cross?")
    answer_saves.store(attempt.id, get_content().question("mini-when"), "b")  # saved again: the new version
    again = db.session.scalar(select(Response.version_id).where(Response.attempt_id == attempt.id))
    assert db.session.get(QuestionVersion, again).number == 2


def test_results_show_the_question_as_it_was_asked(mini, app_client):
    attempt, student = answered("Ann", {"mini-when": "b", "mini-walk": False})
    edit(mini, "prompt: When did the ferry cross?", "prompt: At what hour did the ferry leave the bank?")
    edit(mini, "text: At night", "text: After dark")
    login(app_client, student)
    page = app_client.get(f"/student/attempts/{attempt.id}/results").get_data(as_text=True)
    assert "When did the ferry cross?" in page and "At night" in page
    assert "At what hour" not in page and "After dark" not in page
    analysis = item_analysis(attempt.assignment, get_content(), class_size=1)
    when = next(i for i in analysis.items if i.question.id == "mini-when")
    assert "1 of 1 answered an earlier version of this question (version 1): “When did the ferry cross?”." in [
        f.text for f in when.flags]


@pytest.fixture
def app_client(mini):
    from flask import current_app
    return current_app.test_client()


def test_regrade_dry_run_lists_then_the_run_applies_and_reports_agree(mini, app_client):
    # the quiz's third question (mini-walk-evidence, a highlight) is left blank: scores are out of 3
    ann, ann_student = answered("Ann", {"mini-when": "b", "mini-walk": False})   # b was wrong: 1 of 3
    ben, _ = answered("Ben", {"mini-when": "a", "mini-walk": False})             # a was right: 2 of 3
    assert (ann.score, ben.score) == (1.0, 2.0)
    edit(mini, "    answer: a\n", "    answer: b\n")  # the author corrects the key: b is right
    runner = app_client.application.test_cli_runner()

    dry = runner.invoke(args=["content", "regrade", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would regrade: Ann (ann), mini attempt 1, question mini-when (version 1 → 2): 0 → 1 points" in dry.output
    assert "would regrade: Ben (ben), mini attempt 1, question mini-when (version 1 → 2): 1 → 0 points" in dry.output
    assert "dry run: no answer or score changed; only the catalog was synced with the files" in dry.output
    db.session.expire_all()
    assert (db.session.get(Attempt, ann.id).score, db.session.get(Attempt, ben.id).score) == (1.0, 2.0)
    assert db.session.scalars(select(Regrade)).all() == []

    real = runner.invoke(args=["content", "regrade"])
    assert real.exit_code == 0, real.output
    assert "2 answer(s) regraded, 0 left alone" in real.output
    db.session.expire_all()
    assert (db.session.get(Attempt, ann.id).score, db.session.get(Attempt, ben.id).score) == (2.0, 1.0)
    record = db.session.scalars(select(Regrade).join(Response).where(Response.attempt_id == ann.id)).one()
    assert (record.old_points, record.new_points, record.reason) == (0.0, 1.0, "key corrected")
    assert [db.session.get(QuestionVersion, v).number for v in (record.from_version_id, record.to_version_id)] == [1, 2]
    assert "0 answer(s) regraded" in runner.invoke(args=["content", "regrade"]).output  # done once

    today = utcnow()
    note = f"regraded on {today:%a} {today.day} {today:%b %Y}: key corrected"  # the class's zone is UTC here
    login(app_client, ann_student)
    results = app_client.get(f"/student/attempts/{ann.id}/results").get_data(as_text=True)
    assert "67%" in results and "2 out of 3 points" in results
    assert f"Score {note}." in results and "R" + note[1:] in results
    assert "✓</span> Correct" in results and "Not correct" not in results.split("mini-walk")[0]
    assignment = db.session.get(Attempt, ann.id).assignment
    analysis = item_analysis(assignment, get_content(), class_size=2)
    when = next(i for i in analysis.items if i.question.id == "mini-when")
    assert when.correct == 1 and when.facility == 0.5  # Ann now right, Ben now wrong: as the results say
    assert f"2 answers {note}." in [f.text for f in when.flags]
    book = gradebook(assignment.classroom, get_content(), utcnow())
    assert note in gradebook_csv(book).decode("utf-8-sig")


def test_teacher_sees_the_regrade_on_the_attempt_page(mini, app_client):
    ann, _ = answered("Ann", {"mini-when": "b", "mini-walk": False})
    edit(mini, "    answer: a\n", "    answer: b\n")
    assert app_client.application.test_cli_runner().invoke(args=["content", "regrade"]).exit_code == 0
    teacher = db.session.get(Attempt, ann.id).assignment.classroom.teacher
    login(app_client, teacher)
    page = app_client.get(f"/teacher/attempts/{ann.id}").get_data(as_text=True)
    assert "key corrected" in page and "2 / 3" in page
    book = app_client.get(f"/teacher/reports/classes/{ann.assignment.classroom_id}").get_data(as_text=True)
    assert "Regraded on" in book  # the gradebook
    items = app_client.get(f"/teacher/reports/assignments/{ann.assignment_id}").get_data(as_text=True)
    assert "1 answer regraded on" in items  # the item analysis


def test_a_renamed_choice_is_refused_not_misread(mini, app_client):
    ann, _ = answered("Ann", {"mini-when": "b", "mini-walk": False})
    text = mini.read_text(encoding="utf-8")
    mini.write_text(text.replace("      - id: b\n", "      - id: c\n").replace("    answer: a\n", "    answer: c\n"),
                    encoding="utf-8")
    runner = app_client.application.test_cli_runner()
    result = runner.invoke(args=["content", "regrade"])
    assert result.exit_code == 0, result.output
    assert "left alone: Ann (ann), mini attempt 1, question mini-when (version 1 → 2): can't regrade: choices changed" \
        in result.output
    assert "0 answer(s) regraded, 1 left alone" in result.output
    db.session.expire_all()
    assert db.session.get(Attempt, ann.id).score == 1.0 and db.session.scalars(select(Regrade)).all() == []


def test_a_teacher_graded_question_is_never_regraded(mini, app_client, monkeypatch):
    from webapp.content.questions import SingleChoice
    answered("Ann", {"mini-when": "b", "mini-walk": False})
    edit(mini, "    answer: a\n", "    answer: b\n")
    monkeypatch.setattr(SingleChoice, "auto_scored", False, raising=False)  # as written_response declares
    result = app_client.application.test_cli_runner().invoke(args=["content", "regrade"])
    assert "not regraded: the teacher grades this question" in result.output
    assert db.session.scalars(select(Regrade)).all() == []


def test_an_answer_in_an_unknown_format_is_refused_on_load_with_a_clear_error(mini, app_client):
    attempt, student = answered("Ann", {"mini-when": "a"}, submit=False)
    db.session.execute(update(Response).values(answer_format=2))  # as if a newer Crossings had saved it
    db.session.commit()
    db.session.expire_all()
    with pytest.raises(StoredAnswerError, match=r"question mini-when\) is stored in answer format 2; this version "
                                                r"of Crossings reads format 1"):
        quizzing.answers_of(attempt)
    with pytest.raises(StoredAnswerError, match="answer format 2"):
        quizzing.submit(attempt, get_content())
    db.session.rollback()
    login(app_client, student)
    page = app_client.get(f"/student/attempts/{attempt.id}")
    assert page.status_code == 500 and "saved by a different version of Crossings" in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)
    assert db.session.get(Attempt, attempt.id).status == "in_progress"


def test_answers_are_stored_in_the_current_format(mini):
    answered("Ann", {"mini-when": "a", "mini-walk": True})
    assert set(db.session.scalars(select(Response.answer_format))) == {ANSWER_FORMAT}


def test_a_key_corrected_while_an_attempt_is_open_scores_it_by_the_current_version(mini, app_client):
    attempt, student = answered("Ann", {"mini-when": "b", "mini-walk": False}, submit=False)
    edit(mini, "    answer: a\n", "    answer: b\n")
    quizzing.submit(attempt, get_content())
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == 2.0
    version = db.session.scalar(select(Response.version_id).where(Response.question_id == "mini-when"))
    assert db.session.get(QuestionVersion, version).number == 2  # the version that scored it
    login(app_client, student)
    results = app_client.get(f"/student/attempts/{attempt.id}/results").get_data(as_text=True)
    assert "2 out of 3 points" in results and "Not correct" not in results


def test_the_version_map_catches_up_when_another_process_syncs(mini, monkeypatch):
    from webapp import versions
    from webapp.catalog_sync import SyncReport, _sync, _sync_versions
    from webapp.database import writing

    text = mini.read_text(encoding="utf-8")
    mini.write_text(text.replace("text: At dawn", "text: Just before dawn"), encoding="utf-8")
    content = get_content()  # this process sees the edit (and forgets the map) before any sync
    first = versions.current_id("mini-when")
    with writing():  # another process (seed_data.py) syncs: this process's map is not told
        _sync(content)
        _sync_versions(content, SyncReport())
    monkeypatch.setattr(versions, "RECHECK_SECONDS", 3600.0)
    assert versions.current_id("mini-when") == first  # within the recheck interval: the map as read
    monkeypatch.setattr(versions, "RECHECK_SECONDS", 0.0)
    newest = versions.current_id("mini-when")
    assert newest != first and db.session.get(QuestionVersion, newest).number == 2
    with QueryCounter(db.engine) as counter:  # settled: no statement however often it is asked
        versions.current_id("mini-when")
    assert counter.count == 0
