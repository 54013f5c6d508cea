"""What the answer-save endpoint tells the quiz page, so that the page never says "Saved" wrongly.

The security probe (../shared/reviews/2026-11-30-security.md, findings 1, 6 and 8): a signed-out
save was redirected to the sign-in page and counted as saved; an older save was acknowledged
although it changed nothing; malformed bodies gave 500s.
"""
from __future__ import annotations

import pytest
from factories import csrf_token, login, make_assignment, post
from sqlalchemy import func, select
from test_student_quiz import first_of, save_json, setup_student, start

from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Response, User


def answer_url(attempt_id: int) -> str:
    return f"/student/attempts/{attempt_id}/answer"


def test_a_signed_out_save_gets_401_json_not_a_redirect_to_the_sign_in_page(client):
    student, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    token = csrf_token(client)
    post(client, "/logout")
    q = first_of("true_false")
    response = save_json(client, attempt_id, q, {q.field_name: ["true"]}, seq=1, token=token)
    assert response.status_code == 401 and response.is_json
    assert response.json["reason"] == "signed_out"
    assert response.json["signin"].startswith("/login?next=")
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_a_save_after_the_session_ended_on_another_device_gets_401_json(app, client):
    student, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    phone = app.test_client()
    login(phone, student)
    post(phone, "/logout")  # ends every session of this student, the laptop's too
    q = first_of("true_false")
    response = save_json(client, attempt_id, q, {q.field_name: ["true"]}, seq=1)
    assert response.status_code == 401 and response.json["reason"] == "signed_out"


def test_a_save_with_a_bad_csrf_token_gets_400_json_that_says_so(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("true_false")
    response = save_json(client, attempt_id, q, {q.field_name: ["true"]}, seq=1, token="not-a-token")
    assert response.status_code == 400 and response.is_json and response.json["reason"] == "csrf"
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_an_older_save_is_answered_stale_with_the_stored_answer(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("single_choice")
    other = next(c.id for c in q.choices if c.id != q.answer)
    assert save_json(client, attempt_id, q, {q.field_name: [q.answer]}, seq=7).status_code == 200
    late = save_json(client, attempt_id, q, {q.field_name: [other]}, seq=3)
    assert late.status_code == 409 and late.json["reason"] == "stale"
    assert late.json["fields"] == {q.field_name: [q.answer]} and late.json["seq"] == 7
    assert db.session.scalar(select(Response.answer)) == q.answer  # the older save overwrote nothing
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_the_same_sequence_number_from_a_second_device_still_saves(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("single_choice")
    other = next(c.id for c in q.choices if c.id != q.answer)
    save_json(client, attempt_id, q, {q.field_name: [q.answer]}, seq=4)
    assert save_json(client, attempt_id, q, {q.field_name: [other]}, seq=4).status_code == 200
    assert db.session.scalar(select(Response.answer)) == other


def test_the_quiz_page_tells_the_script_the_highest_sequence_number_stored(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("true_false")
    save_json(client, attempt_id, q, {q.field_name: ["true"]}, seq=41)
    assert 'data-seq="41"' in client.get(f"/student/attempts/{attempt_id}").get_data(as_text=True)


@pytest.mark.parametrize("body", [[1, 2], 7, "text", None, {"question_id": ["x"]}])
def test_a_body_that_is_not_an_answer_object_gets_400_json(client, body):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    response = client.post(answer_url(attempt_id), json=body, headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 400 and response.is_json


@pytest.mark.parametrize("seq", [2**63, -5, 1.5, "9"])
def test_a_sequence_number_out_of_range_gets_400_json(client, seq):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("true_false")
    response = save_json(client, attempt_id, q, {q.field_name: ["true"]}, seq=seq)
    assert response.status_code == 400 and response.is_json
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_an_ordering_position_that_is_not_a_plain_digit_is_a_bad_answer_not_a_crash(client):
    q = next(q for quiz in get_content().quizzes.values() for q in quiz.questions if q.type_name == "ordering")
    student, first = setup_student(client)
    assignment = make_assignment(first.classroom, q.lesson_id)
    attempt_id = start(client, assignment)
    fields = {f"{q.field_name}-{item.id}": [str(i + 1)] for i, item in enumerate(q.items)}
    fields[f"{q.field_name}-{q.items[0].id}"] = ["²"]
    assert save_json(client, attempt_id, q, fields, seq=1).status_code == 422
    plain = post(client, f"/student/attempts/{attempt_id}", fields)
    assert plain.status_code == 302


def signed_in_stranger(app):
    """A client signed in as another student (not in the class)."""
    other = app.test_client()
    stranger = User(role="student", username="bo.b", display_name="Bo", password_hash=db.session.scalar(
        select(User.password_hash).limit(1)))
    db.session.add(stranger)
    db.session.commit()
    login(other, stranger)
    return other


def test_a_save_for_someone_elses_attempt_gets_404_json(app, client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    other = signed_in_stranger(app)
    q = first_of("true_false")
    response = save_json(other, attempt_id, q, {q.field_name: ["true"]}, seq=1)
    assert response.status_code == 404 and response.is_json


def test_an_archived_class_takes_no_more_answers_or_submits(client):
    """Security probe finding 9: the reader said 404, but saves and submits still landed."""
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("true_false")
    assert save_json(client, attempt_id, q, {q.field_name: ["true"]}, seq=1).status_code == 200
    assignment.classroom.archived = True
    db.session.commit()
    assert save_json(client, attempt_id, q, {q.field_name: ["false"]}, seq=2).status_code == 404
    post(client, f"/student/attempts/{attempt_id}/submit")
    assert db.session.scalar(select(Response.answer)) is True
    from webapp.models import Attempt
    assert db.session.get(Attempt, attempt_id).status == "in_progress"


def test_a_student_removed_from_the_class_with_work_kept_cannot_answer(client):
    from webapp import classes

    student, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    classes.remove_student(assignment.classroom, student, delete_work=False)
    db.session.commit()
    q = first_of("true_false")
    assert save_json(client, attempt_id, q, {q.field_name: ["true"]}, seq=1).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_a_passphrase_reset_by_the_teacher_signs_the_student_out_of_saving(client):
    from webapp import classes

    student, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    classes.reset_passphrases(assignment.classroom, [student])
    db.session.commit()
    q = first_of("true_false")
    response = save_json(client, attempt_id, q, {q.field_name: ["true"]}, seq=1)
    assert response.status_code == 401 and response.json["reason"] == "signed_out"


def _stored(question):
    return db.session.scalar(select(Response).where(Response.question_id == question.id))


@pytest.mark.parametrize("emptied", [None, [""], ["   "]])
def test_emptying_a_typed_answer_clears_it(client, emptied):
    """Classroom tour bug 8: an emptied answer was refused and the old one came back on reload."""
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("numeric")
    assert save_json(client, attempt_id, q, {q.field_name: ["1200"]}, seq=1).status_code == 200
    fields = {} if emptied is None else {q.field_name: emptied}
    response = save_json(client, attempt_id, q, fields, seq=2)
    assert response.status_code == 200 and response.json["cleared"] is True and response.json["answered"] == 0
    assert response.json["fields"] == {} and _stored(q) is None
    quiz = client.get(f"/student/attempts/{attempt_id}").get_data(as_text=True)
    assert 'value="1200"' not in quiz and "0 of" in quiz
    review = client.get(f"/student/attempts/{attempt_id}/submit").get_data(as_text=True)
    assert "You have not answered" in review


def test_a_multi_select_with_nothing_ticked_is_unanswered(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("multiple_choice")
    assert save_json(client, attempt_id, q, {q.field_name: []}, seq=1).json["answered"] == 0
    assert _stored(q) is None
    save_json(client, attempt_id, q, {q.field_name: [q.choices[0].id]}, seq=2)
    assert _stored(q).answer == [q.choices[0].id]
    assert save_json(client, attempt_id, q, {}, seq=3).json["cleared"] is True and _stored(q) is None


def test_an_older_clear_does_not_wipe_a_newer_answer(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("numeric")
    save_json(client, attempt_id, q, {q.field_name: ["1200"]}, seq=5)
    response = save_json(client, attempt_id, q, {}, seq=4)
    assert response.status_code == 409 and response.json["reason"] == "stale"
    assert response.json["fields"] == {q.field_name: ["1200"]} and _stored(q).answer == 1200


def test_a_saved_answer_comes_back_as_the_form_fields_the_server_holds(client):
    """The page shows what the server stored (1,200 typed, 1200 held)."""
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("numeric")
    response = save_json(client, attempt_id, q, {q.field_name: ["1,200"]}, seq=1)
    assert response.json["fields"] == {q.field_name: ["1200"]} and response.json["cleared"] is False


def test_the_plain_form_clears_an_emptied_answer_too(client):
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q, other = first_of("numeric"), first_of("true_false")
    save_json(client, attempt_id, q, {q.field_name: ["1200"]}, seq=1)
    post(client, f"/student/attempts/{attempt_id}", data={q.field_name: "", other.field_name: "true",
                                                          "action": "save"})
    assert _stored(q) is None and _stored(other).answer is True


def test_an_answer_saved_while_the_submit_was_scoring_counts_as_saved(client, monkeypatch):
    """Submit scores before the write lock; a save that lands in between is scored inside it."""
    from contextlib import contextmanager

    from webapp import answer_saves, database, quizzing
    from webapp.models import Attempt

    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("single_choice")
    wrong = next(c.id for c in q.choices if c.id != q.answer)
    assert save_json(client, attempt_id, q, {q.field_name: [q.answer]}, seq=1).status_code == 200

    @contextmanager
    def a_late_save_then_writing():
        answer_saves.store(attempt_id, q, wrong, 2)  # after the submit scored, before its lock
        with database.writing():
            yield

    monkeypatch.setattr(quizzing, "writing", a_late_save_then_writing)
    quizzing.submit(db.session.get(Attempt, attempt_id), get_content())
    attempt = db.session.get(Attempt, attempt_id)
    stored = db.session.scalar(select(Response).where(Response.attempt_id == attempt_id))
    assert stored.answer == wrong and stored.points == 0.0 and attempt.score == 0.0 and attempt.is_submitted


def test_the_results_page_shows_the_stored_points_without_scoring_again(client, monkeypatch):
    from webapp.content.questions import QUESTION_TYPES

    _, assignment = setup_student(client, show_answers="immediately")
    attempt_id = start(client, assignment)
    q = first_of("single_choice")
    assert save_json(client, attempt_id, q, {q.field_name: [q.answer]}, seq=1).status_code == 200
    post(client, f"/student/attempts/{attempt_id}/submit")

    def no_scoring(self, answer):
        raise AssertionError("the results page scored an answer again")

    for question_type in QUESTION_TYPES.values():
        monkeypatch.setattr(question_type, "score", no_scoring)
    page = client.get(f"/student/attempts/{attempt_id}/results")
    assert page.status_code == 200 and "1 out of" in page.get_data(as_text=True)


def test_a_point_before_three_digits_is_refused_as_ambiguous_not_saved_as_a_decimal(client):
    """Tour 2-5: "4.800" (four thousand eight hundred in Vietnam or Germany) was saved as 4.8."""
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q = first_of("numeric")
    response = save_json(client, attempt_id, q, {q.field_name: ["4.800"]}, seq=1)
    assert response.status_code == 422
    assert response.json["error"] == "4.800 could mean 4.8 or 4800: type 4800, or 4.8."
    assert _stored(q) is None
    plain = post(client, f"/student/attempts/{attempt_id}", data={q.field_name: "4.800", "action": "save"})
    assert _stored(q) is None
    assert "4.800 could mean 4.8 or 4800" in client.get(plain.headers["Location"]).get_data(as_text=True)


def test_the_quiz_page_can_read_back_what_the_server_holds_for_its_own_attempt_only(app, client):
    """Tour 2-14: a second device refreshes from this when the student comes back to it."""
    _, assignment = setup_student(client)
    attempt_id = start(client, assignment)
    q, other = first_of("numeric"), first_of("true_false")
    save_json(client, attempt_id, q, {q.field_name: ["1,200"]}, seq=3)
    save_json(client, attempt_id, other, {other.field_name: ["false"]}, seq=4)
    held = client.get(f"/student/attempts/{attempt_id}/answers").json
    assert held["submitted"] is False
    assert held["answers"][q.id]["fields"] == {q.field_name: ["1200"]} and held["answers"][q.id]["seq"] == 3
    assert held["answers"][other.id]["fields"] == {other.field_name: ["false"]}
    assert held["answers"][other.id]["saved_at"].endswith("Z") and len(held["answers"]) == 2
    assert signed_in_stranger(app).get(f"/student/attempts/{attempt_id}/answers").status_code == 404
