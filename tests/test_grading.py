"""Grading written responses, without HTTP: grade, regrade, release, the score maths, pending counts."""
from __future__ import annotations

import pytest
from factories import make_assignment, make_attempt, make_classroom, make_student, make_teacher

from webapp import answer_saves, grading, quizzing
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Attempt, Response

ESSAY = "Hunger pushed most people out. " * 12  # 60 words


@pytest.fixture
def room(app, written):
    teacher = make_teacher()
    classroom = make_classroom(teacher)
    assignment = make_assignment(classroom)
    return teacher, classroom, assignment, written


def submitted(assignment, student, written, essay=ESSAY, right_first=True):
    """A submitted attempt: the quiz's first question right (or wrong), the essay written."""
    content = get_content()
    attempt = make_attempt(assignment, student)
    first = content.quiz_for(assignment.lesson_id).questions[0]
    answer_saves.store(attempt.id, first, first.correct_answer() if right_first else _wrong(first))
    if essay:
        answer_saves.store(attempt.id, written, essay)
    return quizzing.submit(db.session.get(Attempt, attempt.id), content)


def _wrong(question):
    return next(c.id for c in question.choices if c.id != question.correct_answer())


def paper_of(assignment, written, student):
    return next(p for p in grading.papers(assignment, written) if p.student.id == student.id)


def test_a_submitted_essay_awaits_grading_and_counts_in_neither_score_nor_maximum(room):
    teacher, classroom, assignment, written = room
    attempt = submitted(assignment, make_student(classroom), written)
    assert (attempt.score, attempt.max_score) == (1.0, 2.0)  # 3 questions, the essay left out
    assert grading.pending_count([attempt.id]) == {attempt.id: 1}
    assert db.session.get(Response, paper_of(assignment, written, attempt.student).response.id).points is None


def test_an_unanswered_essay_is_not_pending_and_counts_zero(room):
    _, classroom, assignment, written = room
    attempt = submitted(assignment, make_student(classroom), written, essay="")
    assert (attempt.score, attempt.max_score) == (1.0, 3.0)
    assert grading.pending_count([attempt.id]) == {}


def test_a_grade_changes_nothing_the_student_sees_until_it_is_released(room):
    teacher, classroom, assignment, written = room
    student = make_student(classroom)
    attempt = submitted(assignment, student, written)
    grading.save_grade(paper_of(assignment, written, student), written, {"claim": 2, "evidence": 1, "reasoning": 0},
                       "Name the document.", teacher)
    db.session.expire_all()
    assert (attempt.score, attempt.max_score) == (1.0, 2.0)
    assert grading.released_grades(attempt) == {}
    assert paper_of(assignment, written, student).status == "graded"

    assert len(grading.release(assignment, written)) == 1
    db.session.expire_all()
    assert attempt.score == pytest.approx(1.0 + 3 / 6)
    assert attempt.max_score == 3.0
    assert grading.pending_count([attempt.id]) == {}
    grade = grading.released_grades(attempt)[written.id]
    assert (grade.levels, grade.comment, grade.grader_id) == ({"claim": 2, "evidence": 1, "reasoning": 0},
                                                              "Name the document.", teacher.id)


def test_regrading_a_released_grade_rescores_without_counting_the_question_twice(room):
    teacher, classroom, assignment, written = room
    student = make_student(classroom)
    attempt = submitted(assignment, student, written, right_first=False)
    grading.save_grade(paper_of(assignment, written, student), written, {"claim": 0, "evidence": 0, "reasoning": 0},
                       "", teacher)
    grading.release(assignment, written)
    grading.save_grade(paper_of(assignment, written, student), written, {"claim": 2, "evidence": 2, "reasoning": 2},
                       "Better on a second read.", teacher)
    assert grading.release(assignment, written) == []  # already released: nothing new
    db.session.expire_all()
    assert (attempt.score, attempt.max_score) == (1.0, 3.0)
    assert grading.released_grades(attempt)[written.id].comment == "Better on a second read."


def test_a_grade_after_the_release_waits_for_the_next_one(room):
    teacher, classroom, assignment, written = room
    early, late = make_student(classroom, name="Ada"), make_student(classroom, name="Bo")
    first = submitted(assignment, early, written)
    grading.save_grade(paper_of(assignment, written, early), written, {"claim": 1, "evidence": 1, "reasoning": 1},
                       "", teacher)
    grading.release(assignment, written)
    second = submitted(assignment, late, written)
    grading.save_grade(paper_of(assignment, written, late), written, {"claim": 2, "evidence": 2, "reasoning": 2},
                       "", teacher)
    assert grading.released_grades(second) == {}
    assert set(grading.released_grades(first)) == {written.id}
    assert len(grading.release(assignment, written)) == 1
    db.session.expire_all()
    assert (second.score, second.max_score) == (2.0, 3.0)


@pytest.mark.parametrize("levels", [None, [], {}, {"claim": 2, "evidence": 2}, {"claim": 3, "evidence": 2, "reasoning": 2},
                                    {"claim": "2", "evidence": 2, "reasoning": 2},
                                    {"claim": True, "evidence": 2, "reasoning": 2},
                                    {"claim": 2, "evidence": 2, "reasoning": 2, "style": 1}])
def test_a_grade_needs_one_real_level_per_criterion(room, levels):
    teacher, classroom, assignment, written = room
    student = make_student(classroom)
    submitted(assignment, student, written)
    with pytest.raises(grading.GradingError, match="one level for each part"):
        grading.save_grade(paper_of(assignment, written, student), written, levels, "", teacher)
    assert paper_of(assignment, written, student).grade is None


def test_a_comment_too_long_is_refused(room):
    teacher, classroom, assignment, written = room
    student = make_student(classroom)
    submitted(assignment, student, written)
    with pytest.raises(grading.GradingError, match="longer than"):
        grading.save_grade(paper_of(assignment, written, student), written,
                           {"claim": 2, "evidence": 2, "reasoning": 2}, "x" * 2001, teacher)


def test_rubric_score_is_points_over_top_points(written):
    assert written.rubric_score({"claim": 2, "evidence": 2, "reasoning": 2}).points == 1.0
    assert written.rubric_score({"claim": 1, "evidence": 0, "reasoning": 2}).points == pytest.approx(0.5)
    assert written.rubric_score({"claim": 0, "evidence": 0, "reasoning": 0}).points == 0.0


def test_papers_list_only_submitted_answers_of_that_assignment(room):
    teacher, classroom, assignment, written = room
    done, writing_still = make_student(classroom, name="Ada"), make_student(classroom, name="Bo")
    submitted(assignment, done, written)
    open_attempt = make_attempt(assignment, writing_still)
    answer_saves.store(open_attempt.id, written, ESSAY)
    other = make_assignment(make_classroom(make_teacher("u@example.org"), "Other"))
    assert [p.student.id for p in grading.papers(assignment, written)] == [done.id]
    assert grading.papers(other, written) == []
    assert paper_of(assignment, written, done).words == 60


def test_the_comment_bank_keeps_each_teachers_own_comments(app):
    one, two = make_teacher(), make_teacher("two@example.org")
    kept = grading.add_to_bank(one, "  Quote the document.  ")
    assert [c.text for c in grading.bank(one)] == ["Quote the document."]
    assert grading.bank(two) == []
    with pytest.raises(grading.GradingError, match="already"):
        grading.add_to_bank(one, "Quote the document.")
    with pytest.raises(grading.GradingError, match="Type"):
        grading.add_to_bank(one, "   ")
    assert grading.remove_from_bank(two, kept.id) is False
    assert grading.remove_from_bank(one, kept.id) is True
    assert grading.bank(one) == []


def test_mastery_leaves_out_answers_awaiting_grading():
    from webapp.progress import share_of

    assert share_of(("a", "essay"), {"a": 1.0, "essay": None}) == 1.0
    assert share_of(("a", "essay"), {"a": 1.0, "essay": 0.5}) == 0.75
    assert share_of(("a", "essay"), {"essay": None}) == 0.0  # "a" unanswered counts 0
    assert share_of(("essay",), {"essay": None}) is None


def test_an_lms_gets_a_pending_score_at_submit_and_the_full_one_at_release(room, monkeypatch):
    from factories import make_platform
    from sqlalchemy import select

    from webapp.lti import outbox
    from webapp.models import LtiAssignment, LtiCourse, LtiScore, LtiUser

    monkeypatch.setattr(outbox, "wake", lambda: None)
    teacher, classroom, assignment, written = room
    student = make_student(classroom)
    platform = make_platform()
    course = LtiCourse(platform_id=platform.id, context_id="course-1", classroom_id=classroom.id)
    db.session.add_all([course, LtiUser(issuer=platform.issuer, sub="lms-sam", user_id=student.id)])
    db.session.flush()
    db.session.add(LtiAssignment(assignment_id=assignment.id, course_id=course.id, lineitem_url="https://lms/li/1"))
    db.session.commit()
    attempt = submitted(assignment, student, written)
    outbox.after_submit(attempt.id)
    grading.save_grade(paper_of(assignment, written, student), written, {"claim": 2, "evidence": 2, "reasoning": 2},
                       "", teacher)
    outbox.after_release(grading.release(assignment, written))
    rows = db.session.scalars(select(LtiScore).order_by(LtiScore.id)).all()
    assert [(r.score_given, r.score_maximum, r.activity_progress, r.grading_progress) for r in rows] == [
        (1.0, 2.0, "Submitted", "Pending"), (2.0, 3.0, "Completed", "FullyGraded")]
