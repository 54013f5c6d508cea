"""A student's path: read, answer (saved at once), come back, submit once, see why."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from factories import csrf_token, login, make_assignment, make_classroom, make_student, make_teacher, post
from markupsafe import escape
from sqlalchemy import func, select

from webapp.content.loader import load_content
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Attempt, ReadingProgress, Response
from webapp.models.base import utcnow

# A lesson whose quiz has every type these tests answer (the unit's content may move types around).
NEEDED_TYPES = {"single_choice", "multiple_choice", "true_false", "numeric"}
LESSON = next(quiz.lesson_id for quiz in load_content(texts_dir=None).quizzes.values()
              if {q.type_name for q in quiz.questions} >= NEEDED_TYPES)


def setup_student(client, **assignment_kwargs):
    classroom = make_classroom(make_teacher())
    student = make_student(classroom, "ann.a", name="Ann")
    assignment = make_assignment(classroom, LESSON, **assignment_kwargs)
    login(client, student)
    return student, assignment


def start(client, assignment) -> int:
    response = post(client, f"/student/assignments/{assignment.id}/start")
    return int(re.search(r"/student/attempts/(\d+)$", response.headers["Location"]).group(1))


def questions():
    return get_content().quiz_for(LESSON).questions


def first_of(type_name):
    return next(q for q in questions() if q.type_name == type_name)


def save_json(client, attempt_id, question, fields, seq=0, token=None):
    return client.post(f"/student/attempts/{attempt_id}/answer",
                       json={"question_id": question.id, "fields": fields, "seq": seq},
                       headers={"X-CSRFToken": token or csrf_token(client)})


def test_dashboard_lists_the_assignment_to_do(client):
    _, assignment = setup_student(client)
    html = client.get("/student/").get_data(as_text=True)
    assert "To do (1)" in html and "Not started" in html and "Read 0 of" in html


def test_dashboard_leads_with_what_is_assigned_and_puts_the_other_lessons_apart(client):
    """Classroom tour friction 10: all six lessons were listed alike, two of them assigned."""
    _, assignment = setup_student(client)
    html = client.get("/student/").get_data(as_text=True)
    assigned = get_content().lesson(LESSON)
    others = [lesson for lesson in get_content().lessons if lesson.id != LESSON]
    assigned_at, apart = html.index(assigned.title), html.index("More lessons in this unit")
    assert assigned_at < html.index("To do (1)") + 500 < apart
    rest = html[apart:]
    assert all(str(escape(lesson.title)) in rest for lesson in others) and assigned.title not in rest
    assert f'href="/lessons/{others[0].id}"' in rest


def test_reader_records_sections_read_and_hides_teacher_notes(client):
    student, assignment = setup_student(client)
    lesson = get_content().lesson(LESSON)
    html = client.get(f"/student/assignments/{assignment.id}").get_data(as_text=True)
    assert "Teacher notes" not in html and f"Read 0 of {len(lesson.student_sections)} sections" in html
    post(client, f"/student/assignments/{assignment.id}/read/voices")
    post(client, f"/student/assignments/{assignment.id}/read/voices")
    assert db.session.scalar(select(func.count()).select_from(ReadingProgress)) == 1
    assert f"Read 1 of {len(lesson.student_sections)} sections" in \
        client.get(f"/student/assignments/{assignment.id}").get_data(as_text=True)
    assert "Reading" in client.get("/student/").get_data(as_text=True)


def test_answers_are_saved_at_once_and_there_after_a_reload(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("single_choice")
    before = utcnow()
    response = save_json(client, attempt_id, q, {q.field_name: [q.answer]}, seq=1)
    assert response.status_code == 200 and response.json["answered"] == 1
    saved = db.session.scalar(select(Response))
    assert saved.answer == q.answer and before <= saved.answered_at <= utcnow()
    html = client.get(f"/student/attempts/{attempt_id}").get_data(as_text=True)
    assert re.search(rf'name="{q.field_name}" value="{q.answer}"\s+checked', html)
    assert start(client, assignment) == attempt_id  # coming back resumes, never a second attempt


def test_the_plain_form_saves_every_type_without_javascript(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    form = {"action": "save"}
    for q in questions():
        if q.type_name == "single_choice" or q.type_name == "multiple_choice":
            form[q.field_name] = q.answer
        elif q.type_name == "true_false":
            form[q.field_name] = str(q.answer).lower()
        elif q.type_name == "ordering":
            form.update({f"{q.field_name}-{item.id}": str(i) for i, item in enumerate(q.items, start=1)})
        elif q.type_name == "matching":
            form.update({f"{q.field_name}-{p.id}": p.id for p in q.pairs})
        elif q.type_name == "numeric":
            form[q.field_name] = str(q.answer)
        elif q.type_name == "short_answer":
            form[q.field_name] = q.accepted[0].upper() + "!"
        else:  # highlight, written response: the fields that give the key (a written answer: some words)
            form.update(q.to_fields(q.correct_answer() if q.auto_scored else "Hunger, and news from outside."))
    assert post(client, f"/student/attempts/{attempt_id}", form).status_code == 302
    post(client, f"/student/attempts/{attempt_id}/submit")
    attempt = db.session.get(Attempt, attempt_id)
    graded_later = sum(not q.auto_scored for q in questions())
    assert graded_later and len(db.session.get(Attempt, attempt_id).responses) == len(questions())
    assert attempt.score == attempt.max_score == len(questions()) - graded_later  # written: awaiting grading


def test_submit_page_counts_unanswered_questions(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("true_false")
    save_json(client, attempt_id, q, {q.field_name: ["true"]})
    html = client.get(f"/student/attempts/{attempt_id}/submit").get_data(as_text=True)
    assert f"You have not answered {len(questions()) - 1} of {len(questions())} questions" in html


def test_results_show_score_explanation_and_the_source_passage(client):
    _, assignment = setup_student(client, show_answers="immediately")
    attempt_id = start(client, assignment)
    q = first_of("single_choice")
    wrong = next(c for c in q.choices if c.id != q.answer)
    save_json(client, attempt_id, q, {q.field_name: [wrong.id]})
    post(client, f"/student/attempts/{attempt_id}/submit")
    html = client.get(f"/student/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "0%" in html and "Not correct" in html
    source = get_content().catalog[q.evidence[0].source]
    assert wrong.feedback[:40] in html.replace("&#39;", "'").replace("&#34;", '"')
    assert "<strong>Correct answer:</strong>" in html and source.cite in html.replace("&#34;", '"')
    assert "By objective" in html


def test_double_submit_and_replays_never_make_a_second_attempt(client):
    _, assignment = setup_student(client, attempts_allowed=2)
    attempt_id = start(client, assignment)
    token = csrf_token(client)
    for _ in range(3):
        client.post(f"/student/attempts/{attempt_id}/submit", data={"csrf_token": token})
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1
    assert db.session.get(Attempt, attempt_id).status == "submitted"


def test_a_stale_tab_cannot_change_a_submitted_quiz(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("true_false")
    save_json(client, attempt_id, q, {q.field_name: [str(q.answer).lower()]})
    post(client, f"/student/attempts/{attempt_id}/submit")
    late = save_json(client, attempt_id, q, {q.field_name: [str(not q.answer).lower()]})
    assert late.status_code == 409 and "already submitted" in late.json["error"]
    assert db.session.scalar(select(Response.answer)) is q.answer


def test_a_bad_answer_gets_a_hint_and_saves_nothing(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("numeric")
    response = save_json(client, attempt_id, q, {q.field_name: ["lots"]})
    assert response.status_code == 422 and response.json["error"] == q.hint
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    bad = client.post(f"/student/attempts/{attempt_id}/answer", json={"question_id": "route-nope"},
                      headers={"X-CSRFToken": csrf_token(client)})
    assert bad.status_code == 400


def test_attempt_limits_and_retry(client):
    _, assignment = setup_student(client, attempts_allowed=2)
    first = start(client, assignment)
    post(client, f"/student/attempts/{first}/submit")
    assert "Try again" in client.get(f"/student/attempts/{first}/results").get_data(as_text=True)
    second = start(client, assignment)
    assert second != first
    post(client, f"/student/attempts/{second}/submit")
    refused = post(client, f"/student/assignments/{assignment.id}/start")
    assert refused.headers["Location"].endswith(f"/student/assignments/{assignment.id}")
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 2


def test_answers_after_the_due_date_stay_hidden_until_then(client):
    _, assignment = setup_student(client, show_answers="after_due", due_at=utcnow() + timedelta(days=1))
    attempt_id = start(client, assignment)
    post(client, f"/student/attempts/{attempt_id}/submit")
    html = client.get(f"/student/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "Correct answer:" not in html and "after the due date" in html
    assignment.due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert "Correct answer:" in client.get(f"/student/attempts/{attempt_id}/results").get_data(as_text=True)


def test_a_classmate_cannot_open_or_change_another_students_attempt(app, client):
    student, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    classmate = make_student(assignment.classroom, "cy.c")
    other = app.test_client()
    login(other, classmate)
    assert other.get(f"/student/attempts/{attempt_id}").status_code == 404
    assert post(other, f"/student/attempts/{attempt_id}/submit").status_code == 404
    q = first_of("true_false")
    assert save_json(other, attempt_id, q, {q.field_name: ["true"]}).status_code == 404
    assert db.session.get(Attempt, attempt_id).status == "in_progress"


def test_shuffled_assignments_keep_one_order_per_attempt(client):
    _, assignment = setup_student(client, shuffle=True)
    attempt_id = start(client, assignment)
    order = lambda html: re.findall(r'data-question="([^"]+)"', html)  # noqa: E731
    first = order(client.get(f"/student/attempts/{attempt_id}").get_data(as_text=True))
    again = order(client.get(f"/student/attempts/{attempt_id}").get_data(as_text=True))
    assert first == again and sorted(first) == sorted(q.id for q in questions())


def test_hidden_answers_are_not_given_away_by_right_and_wrong_marks(client):
    """Security probe finding 5: with answers never shown, the marks still gave away every key."""
    _, assignment = setup_student(client, show_answers="never", attempts_allowed=0)
    attempt_id = start(client, assignment)
    q = first_of("true_false")
    save_json(client, attempt_id, q, {q.field_name: [str(not q.answer).lower()]})
    post(client, f"/student/attempts/{attempt_id}/submit")
    html = client.get(f"/student/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "Your answer:" in html and "not to show the correct answers" in html
    for giveaway in ("Not correct", "is-wrong", "is-right", "✓", "By objective"):
        assert giveaway not in html, giveaway
    assert "By objective" not in client.get("/student/progress").get_data(as_text=True)
    assignment.show_answers = "immediately"
    db.session.commit()
    assert "Not correct" in client.get(f"/student/attempts/{attempt_id}/results").get_data(as_text=True)


def test_words_on_the_quiz_lesson_and_results_read_right(client):
    """Classroom tour bug 10: a doubled hint, a lower-cased acronym, nested parentheses."""
    _, assignment = setup_student(client, show_answers="immediately")
    attempt_id = start(client, assignment)
    quiz = client.get(f"/student/attempts/{attempt_id}").get_data(as_text=True)
    assert "Multiple choice (choose all that apply)." in quiz and "apply) — choose all that apply" not in quiz
    lesson = client.get(f"/student/assignments/{assignment.id}").get_data(as_text=True)
    assert "NGO storytelling page (advocacy)" in lesson and "Ngo storytelling" not in lesson
    post(client, f"/student/attempts/{attempt_id}/submit")
    results = client.get(f"/student/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "NGO storytelling page (advocacy)" in results and "(advocacy))" not in results


@pytest.mark.parametrize("held_back", [dict(show_answers="never"),
                                       dict(show_answers="after_due", due_at=utcnow() + timedelta(days=1))])
def test_held_back_answers_show_the_total_score_only(client, held_back):
    """Classroom tour bug 7: with answers held back, per-question marks gave the key away."""
    _, assignment = setup_student(client, **held_back)
    attempt_id = start(client, assignment)
    tf, numeric = first_of("true_false"), first_of("numeric")
    save_json(client, attempt_id, tf, {tf.field_name: [str(not tf.answer).lower()]})
    save_json(client, attempt_id, numeric, {numeric.field_name: [str(numeric.answer)]})
    post(client, f"/student/attempts/{attempt_id}/submit")
    for page in (f"/student/attempts/{attempt_id}/results", "/student/progress", "/student/",
                 f"/student/assignments/{assignment.id}"):
        html = client.get(page).get_data(as_text=True)
        for giveaway in ("Not correct", "Correct", "is-wrong", "is-right", "is-partial", "✓ Correct", "✗",
                         "Correct answer:", "By objective"):
            assert giveaway not in html, (page, giveaway)
    results = client.get(f"/student/attempts/{attempt_id}/results").get_data(as_text=True)
    assert re.search(r"<strong>\d+%</strong> — 1 out of \d+ points", results)
