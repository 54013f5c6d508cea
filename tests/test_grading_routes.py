"""The grading pages and the student's side of a written response, through HTTP."""
from __future__ import annotations

import re

import pytest
from factories import (
    PASSWORD,
    WRITTEN_ID,
    csrf_token,
    login,
    make_assignment,
    make_attempt,
    make_classroom,
    make_student,
    make_teacher,
    post,
)

from webapp import answer_saves, grading, quizzing
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Attempt, BankComment, Grade

SCRIPT = "<script>alert('x')</script> Hunger & fear drove them out."


@pytest.fixture
def world(app, written):
    teacher = make_teacher()
    classroom = make_classroom(teacher)
    assignment = make_assignment(classroom)
    ada, bo = make_student(classroom, "ada", "Ada Lee"), make_student(classroom, "bo", "Bo Kim")
    attempts = {}
    for student, text in ((ada, SCRIPT), (bo, "They left for food.")):
        attempt = make_attempt(assignment, student)
        answer_saves.store(attempt.id, written, text)
        attempts[student.username] = quizzing.submit(db.session.get(Attempt, attempt.id), get_content())
    return teacher, assignment, written, ada, bo, attempts


def paper_url(assignment, n=1, names=""):
    return f"/teacher/grading/assignments/{assignment.id}/questions/{WRITTEN_ID}?n={n}{names}"


def save_url(assignment, response_id):
    return f"/teacher/grading/assignments/{assignment.id}/questions/{WRITTEN_ID}/responses/{response_id}"


def response_of(assignment, written, username):
    return next(p.response.id for p in grading.papers(assignment, written) if p.student.username == username)


FULL = {"level-claim": "2", "level-evidence": "1", "level-reasoning": "0"}


def test_the_teacher_grades_one_answer_at_a_time_and_the_student_sees_it_only_once_released(client, world):
    teacher, assignment, written, ada, bo, attempts = world
    login(client, teacher)
    page = client.get(paper_url(assignment)).get_data(as_text=True)
    assert "Answer 1 of 2" in page and "Ada Lee" in page and "0 of 2 graded" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page  # the writing is shown as text
    response = post(client, save_url(assignment, response_of(assignment, written, "ada")),
                    {**FULL, "comment": "Name the document you quote.", "action": "next"})
    ada_paper = response_of(assignment, written, "ada")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"n=2&saved={ada_paper}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Grade saved for Ada Lee." in page and "1 of 2 graded" in page and "Bo Kim" in page

    login(client, ada)
    results = client.get(f"/student/attempts/{attempts['ada'].id}/results").get_data(as_text=True)
    assert "Awaiting grading" in results and "Name the document" not in results
    assert "&lt;script&gt;alert" in results and "<script>alert" not in results

    login(client, teacher)
    response = post(client, f"/teacher/grading/assignments/{assignment.id}/questions/{WRITTEN_ID}/release", {"n": "1"})
    released = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Released 1 grade" in released

    login(client, ada)
    results = client.get(f"/student/attempts/{attempts['ada'].id}/results").get_data(as_text=True)
    assert "Awaiting grading" not in results
    assert "Name the document you quote." in results and "3 of 6 points" in results
    assert "it adds 0.5 to the quiz score (3 ÷ 6)" in results  # how rubric points become the score (tour 4-7)
    assert re.search(r'class="is-chosen"><strong>Clear \(2\)</strong>', results)
    assert "A strong answer names a cause." in results  # the explanation, once released


def test_a_grade_missing_a_level_is_refused_and_nothing_is_saved(client, world):
    teacher, assignment, written, *_ = world
    login(client, teacher)
    response = post(client, save_url(assignment, response_of(assignment, written, "ada")),
                    {"level-claim": "2", "level-evidence": "9", "comment": "x"})
    assert response.status_code == 400
    assert "Choose one level for each part of the rubric." in response.get_data(as_text=True)
    assert db.session.query(Grade).count() == 0


@pytest.mark.parametrize("body", [{}, {"level-claim": "-1"}, {"level-claim": "²"}, {"level-claim": "99999999999"},
                                  {"comment": "x" * 5000, **FULL}])
def test_odd_grade_posts_get_400(client, world, body):
    teacher, assignment, written, *_ = world
    login(client, teacher)
    response = post(client, save_url(assignment, response_of(assignment, written, "ada")), body)
    assert response.status_code == 400
    assert db.session.query(Grade).count() == 0


def test_a_grade_without_csrf_is_refused(client, world):
    teacher, assignment, written, *_ = world
    login(client, teacher)
    response = client.post(save_url(assignment, response_of(assignment, written, "ada")), data=FULL)
    assert response.status_code == 400
    assert db.session.query(Grade).count() == 0


def test_a_response_of_another_assignment_is_not_found(client, world):
    teacher, assignment, written, *_ = world
    other = make_assignment(make_classroom(teacher, "Period 2"))
    login(client, teacher)
    response = post(client, save_url(other, response_of(assignment, written, "ada")), FULL)
    assert response.status_code == 404


def test_another_teacher_can_neither_see_nor_grade_the_writing(client, world):
    teacher, assignment, written, *_ = world
    login(client, make_teacher("other@example.org"))
    assert client.get(paper_url(assignment)).status_code == 404
    assert post(client, save_url(assignment, response_of(assignment, written, "ada")), FULL).status_code == 404
    assert db.session.query(Grade).count() == 0


def test_hidden_names_show_student_numbers(client, world):
    teacher, assignment, *_ = world
    login(client, teacher)
    page = client.get(paper_url(assignment, 1, "&names=hidden")).get_data(as_text=True)
    assert "Student 1" in page and "Ada Lee" not in page and "Bo Kim" not in page
    assert "names=hidden" in page  # the next link keeps names hidden


def test_the_comment_bank_adds_shows_and_deletes(client, world):
    teacher, assignment, *_ = world
    login(client, teacher)
    back = paper_url(assignment)
    response = post(client, "/teacher/grading/comments", {"text": "Quote the document.", "next": back})
    assert response.status_code == 302 and response.headers["Location"].endswith(back)
    page = client.get(back).get_data(as_text=True)
    assert 'data-text="Quote the document."' in page
    comment = db.session.query(BankComment).one()
    assert post(client, "/teacher/grading/comments", {"text": "  ", "next": back}).status_code == 400
    assert post(client, f"/teacher/grading/comments/{comment.id}/delete", {"next": back}).status_code == 302
    assert db.session.query(BankComment).count() == 0


def test_the_quiz_page_has_a_textarea_with_the_word_guidance(client, app, written):
    teacher = make_teacher()
    classroom = make_classroom(teacher)
    assignment = make_assignment(classroom)
    student = make_student(classroom, "cy")
    attempt = make_attempt(assignment, student)
    login(client, student)
    page = client.get(f"/student/attempts/{attempt.id}").get_data(as_text=True)
    assert f'<textarea id="q-{WRITTEN_ID}"' in page and "60–250 words" in page
    assert 'maxlength="20000"' in page  # the box takes no more than the server keeps (tour 4-12)
    response = client.post(f"/student/attempts/{attempt.id}/answer", json={
        "question_id": WRITTEN_ID, "fields": {f"q-{WRITTEN_ID}": ["Hunger, not politics."]}, "seq": 1},
        headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 200
    assert response.get_json()["fields"] == {f"q-{WRITTEN_ID}": ["Hunger, not politics."]}
    page = client.get(f"/student/attempts/{attempt.id}").get_data(as_text=True)
    assert "Hunger, not politics.</textarea>" in page and "3 words" in page


def test_reports_say_what_awaits_grading_and_leave_it_out_of_scores(client, world):
    teacher, assignment, written, ada, bo, attempts = world
    room = assignment.classroom_id
    login(client, teacher)
    book = client.get(f"/teacher/reports/classes/{room}").get_data(as_text=True)
    assert "1 answer awaiting grading (not in the score yet)" in book
    csv = client.get(f"/teacher/reports/classes/{room}/gradebook.csv").get_data(as_text=True)
    assert "Submitted; 1 answer awaiting grading (not in the score yet)" in csv
    progress = client.get(f"/teacher/classes/{room}/progress").get_data(as_text=True)
    assert "awaiting grading" in progress
    items = client.get(f"/teacher/reports/assignments/{assignment.id}").get_data(as_text=True)
    assert "2 answers awaiting your grade are left out of these numbers" in items
    assert "Hunger &amp; fear" not in items  # an essay is not a "wrong answer" to list
    mastery = client.get(f"/teacher/reports/classes/{room}/mastery").get_data(as_text=True)
    assert "Written answers awaiting your grade are left out of both" in mastery

    paper = next(p for p in grading.papers(assignment, written) if p.student.id == ada.id)
    grading.save_grade(paper, written, {"claim": 2, "evidence": 2, "reasoning": 2}, "", teacher)
    grading.release(assignment, written)
    items = client.get(f"/teacher/reports/assignments/{assignment.id}").get_data(as_text=True)
    assert "1 answer awaiting your grade is left out" in items
    csv = client.get(f"/teacher/reports/classes/{room}/gradebook.csv").get_data(as_text=True)
    assert csv.count("awaiting grading") == 1  # Bo's still waits; Ada's is in her score


def test_the_students_data_export_has_their_writing_and_its_grade(client, world):
    teacher, assignment, written, ada, bo, attempts = world
    paper = next(p for p in grading.papers(assignment, written) if p.student.id == ada.id)
    grading.save_grade(paper, written, {"claim": 2, "evidence": 1, "reasoning": 0}, "Name the document.", teacher)
    login(client, teacher)
    exported = client.get(f"/teacher/classes/{assignment.classroom_id}/students/{ada.id}/export").get_json()
    assert SCRIPT in [a["answer"] for a in exported["answers"]]
    assert [(g["levels"], g["comment"], g["released_at"]) for g in exported["grades"]] == [
        ({"claim": 2, "evidence": 1, "reasoning": 0}, "Name the document.", None)]


def test_the_teachers_attempt_page_shows_the_writing_escaped_and_links_to_grading(client, world):
    teacher, assignment, written, ada, bo, attempts = world
    login(client, teacher)
    page = client.get(f"/teacher/attempts/{attempts['ada'].id}").get_data(as_text=True)
    assert "&lt;script&gt;alert" in page and "<script>alert" not in page
    assert "Awaiting grading" in page and "1 written answer is awaiting grading" in page
    assert f"/teacher/grading/assignments/{assignment.id}/questions/{WRITTEN_ID}" in page
    classroom = client.get(f"/teacher/classes/{assignment.classroom_id}").get_data(as_text=True)
    assert f"/teacher/grading/assignments/{assignment.id}" in classroom


def test_the_grading_index_counts_each_written_question(client, world):
    teacher, assignment, written, ada, *_ = world
    paper = next(p for p in grading.papers(assignment, written) if p.student.id == ada.id)
    grading.save_grade(paper, written, {"claim": 2, "evidence": 1, "reasoning": 0}, "", teacher)
    login(client, teacher)
    page = client.get(f"/teacher/grading/assignments/{assignment.id}").get_data(as_text=True)
    assert "2 submitted · 1 graded · 1 ungraded · 0 released" in page


def _toggle(client, page):
    """Follow the "Hide names"/"Show names" form of a grading page, as a browser would."""
    form = re.search(r'<form method="get" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    return client.get(form.group(1), query_string=fields).get_data(as_text=True)


def _answer(page):
    return re.search(r'<div class="written-text">(.*?)</div>', page, re.S).group(1)


def test_hiding_and_showing_names_keeps_the_same_paper_on_screen(client, world):
    teacher, assignment, written, *_ = world
    classroom = assignment.classroom
    abe = make_student(classroom, "abe", "Abe Cho")  # first by name, last to submit
    attempt = make_attempt(assignment, abe)
    answer_saves.store(attempt.id, written, "Abe wrote this last.")
    quizzing.submit(db.session.get(Attempt, attempt.id), get_content())
    login(client, teacher)
    shown = client.get(paper_url(assignment, 1)).get_data(as_text=True)
    assert "Abe wrote this last." in _answer(shown)
    hidden = _toggle(client, shown)
    assert "Student 3" in hidden and "Abe wrote this last." in _answer(hidden)
    back = _toggle(client, hidden)
    assert "Abe Cho" in back and "Abe wrote this last." in _answer(back)


def test_a_grade_sent_after_signing_out_goes_to_sign_in_and_says_the_grade_is_kept(client, app, world):
    teacher, assignment, written, *_ = world
    login(client, teacher)
    page = paper_url(assignment, 2)
    html = client.get(page).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    signed_out = app.test_client()  # the cookies are gone: no session, so the token is stale too
    response = signed_out.post(save_url(assignment, response_of(assignment, written, "bo")),
                               data={"csrf_token": token, **FULL}, headers={"Referer": f"http://localhost{page}"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    signin = signed_out.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out" in signin and "kept on this device" in signin
    assert db.session.query(Grade).count() == 0
    back = post(signed_out, response.headers["Location"], {"identifier": teacher.email, "password": PASSWORD})
    assert back.headers["Location"].endswith(page)  # back to the same answer, where the draft waits


def test_deleting_a_bank_comment_asks_first_and_cancel_keeps_it(client, world):
    teacher, assignment, *_ = world
    login(client, teacher)
    back = paper_url(assignment)
    post(client, "/teacher/grading/comments", {"text": "Quote the document.", "next": back})
    comment = db.session.query(BankComment).one()
    page = client.get(back).get_data(as_text=True)
    ask = f"/teacher/grading/comments/{comment.id}/delete"
    assert f'<form method="post" action="{ask}"' not in page  # no one-click delete on the grading page
    link = re.search(rf'<a href="({re.escape(ask)}\?next=[^"]+)"', page)
    assert link is not None
    confirm = client.get(link.group(1).replace("&amp;", "&"))
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Delete this comment from your bank?" in html
    assert "Quote the document." in html and "Cancel" in html
    assert db.session.query(BankComment).count() == 1
    response = post(client, ask, {"next": back})
    assert response.status_code == 302 and response.headers["Location"].endswith(back)
    assert db.session.query(BankComment).count() == 0
