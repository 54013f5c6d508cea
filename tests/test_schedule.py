"""Due dates in the school's time zone, checks before assigning, and assignments changed later
(classroom tour 2026-11-30: bugs 1, 2 and 9, friction 1 and 10)."""
from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from factories import login, make_assignment, make_attempt, make_classroom, make_student, make_teacher, post
from sqlalchemy import func, select

from webapp import schedule
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Assignment, AssignmentException, Attempt, Response, User
from webapp.models.base import utcnow

LA, SEOUL = "America/Los_Angeles", "Asia/Seoul"
LESSON, OTHER = "why-people-leave", "the-route"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def teacher_in(client, zone: str, email: str = "t@example.org"):
    teacher = make_teacher(email, time_zone=zone)
    classroom = make_classroom(teacher)
    login(client, teacher)
    return teacher, classroom


def local_in(zone: str, hours: float) -> datetime:
    """The wall clock there, ``hours`` from now, to the minute."""
    return (datetime.now(ZoneInfo(zone)) + timedelta(hours=hours)).replace(second=0, microsecond=0)


def assign_form(lessons=(LESSON,), **fields) -> dict:
    return {"lesson_ids": list(lessons), "attempts_allowed": "1", "show_answers": "immediately", **fields}


def due_fields(moment: datetime) -> dict:
    return {"due_date": moment.strftime("%Y-%m-%d"), "due_time": moment.strftime("%H:%M")}


def as_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


# --- bug 1: due dates mean the school's time -------------------------------------------------

@pytest.mark.parametrize("zone", [LA, SEOUL])
def test_a_due_time_three_hours_ahead_there_is_not_overdue(app, client, zone):
    _, classroom = teacher_in(client, zone)
    student = make_student(classroom, "ann.a", "Ann")
    due = local_in(zone, 3)
    assert post(client, f"/teacher/classes/{classroom.id}/assign", assign_form(**due_fields(due))).status_code == 302
    assignment = db.session.scalar(select(Assignment))
    assert assignment.due_at == as_utc(due)
    city = zone.rsplit("/", 1)[1].replace("_", " ")
    clock = f"{due.hour % 12 or 12}:{due:%M} {'am' if due.hour < 12 else 'pm'} ({city} time)"
    assert clock in text(client.get(f"/teacher/classes/{classroom.id}"))
    assert clock in text(client.get(f"/teacher/classes/{classroom.id}/progress"))
    pupil = app.test_client()
    login(pupil, student)
    dashboard = text(pupil.get("/student/"))
    assert "Overdue" not in dashboard and "To do (1)" in dashboard and clock in dashboard


def test_the_student_pages_name_the_zone_next_to_the_due_time(app, client):
    _, classroom = teacher_in(client, SEOUL)
    student = make_student(classroom)
    assignment = make_assignment(classroom, LESSON, show_answers="after_due",
                                 due_at=datetime(2030, 5, 1, 14, 59))  # 11:59 pm in Seoul
    login(client, student)
    read = text(client.get(f"/student/assignments/{assignment.id}"))
    assert "due Wed 1 May 2030, 11:59 pm (Seoul time)" in read
    attempt_id = int(post(client, f"/student/assignments/{assignment.id}/start").headers["Location"].rsplit("/", 1)[1])
    assert "due Wed 1 May 2030, 11:59 pm (Seoul time)" in text(client.get(f"/student/attempts/{attempt_id}"))
    post(client, f"/student/attempts/{attempt_id}/submit")
    results = text(client.get(f"/student/attempts/{attempt_id}/results"))
    assert "after the due date (Wed 1 May 2030, 11:59 pm (Seoul time))" in results


# --- bug 2: a date without a time ------------------------------------------------------------

@pytest.mark.parametrize("zone, stored", [(LA, datetime(2030, 12, 11, 7, 59)), (SEOUL, datetime(2030, 12, 10, 14, 59))])
def test_a_date_alone_means_the_end_of_that_day_there(client, zone, stored):
    _, classroom = teacher_in(client, zone)
    response = post(client, f"/teacher/classes/{classroom.id}/assign",
                    assign_form(due_date="2030-12-10", show_answers="after_due"))
    assert response.status_code == 302
    assert db.session.scalar(select(Assignment.due_at)) == stored
    assert "Tue 10 Dec 2030, 11:59 pm" in text(client.get(f"/teacher/classes/{classroom.id}"))


def test_after_the_due_date_needs_a_due_date(client):
    _, classroom = teacher_in(client, LA)
    response = post(client, f"/teacher/classes/{classroom.id}/assign", assign_form(show_answers="after_due"))
    assert response.status_code == 400 and "“After the due date” needs a due date" in text(response)
    response = post(client, f"/teacher/classes/{classroom.id}/assign", assign_form(due_time="15:00"))
    assert response.status_code == 400 and "Pick a date for the due time" in text(response)
    response = post(client, f"/teacher/classes/{classroom.id}/assign", assign_form(due_date="9999-12-31"))
    assert response.status_code == 400 and "Pick a date between 2000 and 2100" in text(response)
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


@pytest.mark.parametrize("zone, day, time, stored", [
    (LA, "2026-03-07", None, datetime(2026, 3, 8, 7, 59)),    # the last day on standard time
    (LA, "2026-03-08", None, datetime(2026, 3, 9, 6, 59)),    # clocks went forward that morning
    (LA, "2026-03-08", "02:30", datetime(2026, 3, 8, 10, 30)),  # a time that day skips: 3:30 am
    (LA, "2026-11-01", "01:30", datetime(2026, 11, 1, 8, 30)),  # happens twice: the first one
    (LA, "2026-11-01", None, datetime(2026, 11, 2, 7, 59)),   # a 25-hour day ends on standard time
    (SEOUL, "2026-03-08", None, datetime(2026, 3, 8, 14, 59)),  # no daylight saving in Korea
])
def test_daylight_saving_edges(zone, day, time, stored):
    when = datetime.strptime(f"{day} {time or '23:59'}", "%Y-%m-%d %H:%M")
    assert schedule.to_utc(when.date(), when.time() if time else None, zone) == stored


def test_the_spring_gap_is_shown_as_the_time_the_clocks_said():
    assert schedule.format_due(datetime(2026, 3, 8, 10, 30), LA) == "Sun 8 Mar 2026, 3:30 am (Los Angeles time)"


def test_overdue_turns_at_the_local_due_moment_in_both_zones():
    for zone in (LA, SEOUL):
        due = schedule.to_utc(datetime(2026, 11, 1).date(), None, zone)
        terms = schedule.Effective(Assignment(due_at=due), due, 1, "after_due")
        assert not terms.is_overdue(due) and not terms.answers_visible(due)
        assert terms.is_overdue(due + timedelta(minutes=1)) and terms.answers_visible(due + timedelta(minutes=1))


# --- time zones: sign-up, settings, classes --------------------------------------------------

def test_sign_up_asks_for_the_zone_and_prefills_it_from_the_browser(client):
    page = client.get("/signup").get_data(as_text=True)
    assert 'data-browser-zone' in page and "time_zone.js" in page and '<option value="Asia/Seoul">' in page
    response = post(client, "/signup", {"display_name": "Ms Park", "email": "park@example.org",
                                        "password": "a long enough one", "confirm": "a long enough one",
                                        "time_zone": SEOUL})
    assert response.status_code == 302
    assert db.session.scalar(select(User.time_zone).where(User.email == "park@example.org")) == SEOUL
    again = post(client, "/signup", {"display_name": "Mr Lee", "email": "lee@example.org", "password": "short",
                                     "confirm": "short", "time_zone": SEOUL}).get_data(as_text=True)
    assert '<option selected value="Asia/Seoul">' in again and "data-browser-zone" not in again


def test_zone_lists_hold_canonical_zones_only_and_a_stored_alias_still_shows_and_saves(client):
    page = client.get("/signup").get_data(as_text=True)
    options = re.findall(r'<option[^>]*value="([^"]*)"', page)
    assert "Africa/Asmera" not in options and "America/Knox_IN" not in options and "US/Pacific" not in options
    assert "Asia/Kolkata" in options and "Asia/Calcutta" not in options and "UTC" in options
    assert "America/Indiana/Knox" in options and options == sorted(options, key=lambda n: (n != "UTC", n))
    assert 400 <= len(options) < 430  # of about 600 names, the rest old aliases
    teacher, _ = teacher_in(client, "Asia/Calcutta")  # stored before the list was trimmed
    settings = client.get("/teacher/settings").get_data(as_text=True)
    assert re.search(r'<option selected value="Asia/Calcutta">|<option value="Asia/Calcutta" selected', settings)
    assert post(client, "/teacher/settings", {"time_zone": "Asia/Calcutta"}).status_code == 302
    db.session.refresh(teacher)
    assert teacher.time_zone == "Asia/Calcutta"


def test_the_teacher_changes_their_zone_and_a_class_can_use_its_own(client):
    teacher, classroom = teacher_in(client, LA)
    make_assignment(classroom, due_at=datetime(2030, 5, 1, 22, 0))
    assert "3:00 pm (Los Angeles time)" in text(client.get(f"/teacher/classes/{classroom.id}"))
    assert post(client, "/teacher/settings", {"time_zone": "Mars/Olympus"}).status_code == 400
    assert post(client, "/teacher/settings", {"time_zone": "America/New_York"}).status_code == 302
    db.session.refresh(teacher)
    assert teacher.time_zone == "America/New_York"
    assert "6:00 pm (New York time)" in text(client.get(f"/teacher/classes/{classroom.id}"))
    post(client, f"/teacher/classes/{classroom.id}/time-zone", {"time_zone": SEOUL})
    assert "Thu 2 May 2030, 7:00 am (Seoul time)" in text(client.get(f"/teacher/classes/{classroom.id}"))
    post(client, f"/teacher/classes/{classroom.id}/time-zone", {"time_zone": ""})
    assert "(New York time)" in text(client.get(f"/teacher/classes/{classroom.id}"))


# --- bug 9: checks before assigning; friction 10: several lessons at once ---------------------

def test_a_past_due_date_is_warned_about_and_saved_only_when_confirmed(client):
    _, classroom = teacher_in(client, LA)
    past = due_fields(local_in(LA, -2))
    response = post(client, f"/teacher/classes/{classroom.id}/assign", assign_form(**past))
    assert response.status_code == 200 and "has already passed" in text(response) and "Assign anyway" in text(response)
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0
    assert post(client, f"/teacher/classes/{classroom.id}/assign",
                assign_form(**past, confirm="y")).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 1


def test_several_lessons_at_once_with_a_warning_for_the_one_already_assigned(client):
    _, classroom = teacher_in(client, LA)
    make_assignment(classroom, LESSON)
    form = assign_form((LESSON, OTHER), attempts_allowed="2", shuffle="y", due_date="2030-05-01")
    response = post(client, f"/teacher/classes/{classroom.id}/assign", form)
    warnings = text(response)
    assert response.status_code == 200 and "“Why People Leave” is already assigned" in warnings
    assert "“The Route” is already assigned" not in warnings
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 1
    assert post(client, f"/teacher/classes/{classroom.id}/assign", {**form, "confirm": "y"}).status_code == 302
    made = db.session.scalars(select(Assignment).order_by(Assignment.id)).all()[1:]
    assert sorted(a.lesson_id for a in made) == sorted([LESSON, OTHER])
    assert {(a.attempts_allowed, a.shuffle, a.due_at) for a in made} == {(2, True, datetime(2030, 5, 2, 6, 59))}


def test_the_assign_link_from_a_lesson_ticks_it(client):
    _, classroom = teacher_in(client, LA)
    page = client.get(f"/teacher/classes/{classroom.id}/assign?lesson={OTHER}").get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*value="{OTHER}"|<input[^>]*value="{OTHER}"[^>]*checked', page)


# --- friction 1: change an assignment without losing work ------------------------------------

def work_of(assignment) -> list[tuple]:
    return sorted(db.session.execute(
        select(Attempt.id, Attempt.status, Attempt.shuffle_seed, Response.question_id, Response.answer)
        .join(Response, Response.attempt_id == Attempt.id, isouter=True)
        .where(Attempt.assignment_id == assignment.id)).all(), key=repr)


def class_with_work(client, zone=LA, **assignment_kwargs):
    _, classroom = teacher_in(client, zone)
    ann, ben = make_student(classroom, "ann.a", "Ann"), make_student(classroom, "ben.b", "Ben")
    assignment = make_assignment(classroom, LESSON, **assignment_kwargs)
    done = make_attempt(assignment, ann, status="submitted", score=1.0, max_score=16.0, submitted_at=utcnow())
    open_ = make_attempt(assignment, ben, shuffle_seed=12345)
    question = get_content().quiz_for(LESSON).questions[0]
    for attempt in (done, open_):
        db.session.add(Response(attempt_id=attempt.id, question_id=question.id, answer="b", points=0.0))
    db.session.commit()
    return classroom, assignment, ann, ben


def test_editing_every_setting_keeps_all_the_work(client):
    classroom, assignment, *_ = class_with_work(client)
    before = work_of(assignment)
    page = text(client.get(f"/teacher/assignments/{assignment.id}/edit"))
    assert "Change “Why People Leave”" in page
    response = post(client, f"/teacher/assignments/{assignment.id}/edit", {
        "due_date": "2030-06-01", "due_time": "08:00", "attempts_allowed": "3", "show_answers": "never",
        "shuffle": "", "instructions": "New plan."})
    assert response.status_code == 302
    db.session.refresh(assignment)
    assert (assignment.due_at, assignment.attempts_allowed, assignment.show_answers, assignment.shuffle,
            assignment.instructions) == (datetime(2030, 6, 1, 15, 0), 3, "never", False, "New plan.")
    assert work_of(assignment) == before


def test_the_edit_form_shows_the_due_time_in_the_class_zone(client):
    _, classroom = teacher_in(client, SEOUL)
    assignment = make_assignment(classroom, due_at=datetime(2030, 5, 1, 14, 59))
    page = client.get(f"/teacher/assignments/{assignment.id}/edit").get_data(as_text=True)
    assert 'value="2030-05-01"' in page and 'value="23:59"' in page


def test_editing_to_a_past_due_date_asks_first(client):
    classroom, assignment, *_ = class_with_work(client)
    past = {**due_fields(local_in(LA, -30)), "attempts_allowed": "1", "show_answers": "immediately"}
    response = post(client, f"/teacher/assignments/{assignment.id}/edit", past)
    assert response.status_code == 200 and "has already passed" in text(response)
    db.session.refresh(assignment)
    assert assignment.due_at > utcnow()
    assert post(client, f"/teacher/assignments/{assignment.id}/edit", {**past, "confirm": "y"}).status_code == 302


def test_turning_shuffle_off_or_on_does_not_reorder_a_started_quiz(app, client):
    _, classroom = teacher_in(client, LA)
    student = make_student(classroom)
    assignment = make_assignment(classroom, LESSON, shuffle=True)
    pupil = app.test_client()
    login(pupil, student)
    quiz = post(pupil, f"/student/assignments/{assignment.id}/start").headers["Location"]
    order = lambda: re.findall(r'data-question="([^"]+)"', pupil.get(quiz).get_data(as_text=True))  # noqa: E731
    first = order()
    assert first != [q.id for q in get_content().quiz_for(LESSON).questions]  # it was shuffled
    for shuffle in ("", "y"):
        post(client, f"/teacher/assignments/{assignment.id}/edit",
             {"attempts_allowed": "1", "show_answers": "immediately", "shuffle": shuffle, "due_date": "2030-01-01"})
        assert order() == first


def test_release_answers_now_shows_them_to_the_class(app, client):
    classroom, assignment, ann, _ = class_with_work(client, show_answers="after_due",
                                                    due_at=utcnow() + timedelta(days=3))
    before = work_of(assignment)
    attempt_id = db.session.scalar(select(Attempt.id).where(Attempt.student_id == ann.id))
    pupil = app.test_client()
    login(pupil, ann)
    assert "Correct answer:" not in pupil.get(f"/student/attempts/{attempt_id}/results").get_data(as_text=True)
    assert "Release answers now" in text(client.get(f"/teacher/classes/{classroom.id}"))
    assert post(client, f"/teacher/assignments/{assignment.id}/release").status_code == 302
    assert "Correct answer:" in pupil.get(f"/student/attempts/{attempt_id}/results").get_data(as_text=True)
    assert work_of(assignment) == before


def test_removing_an_assignment_with_exceptions_still_warns_and_works(client):
    classroom, assignment, ann, _ = class_with_work(client)
    schedule.set_exceptions(assignment, [ann.id], schedule.ExceptionTerms(extra_attempts=1))
    assert "2 quiz attempts on this assignment will be deleted" in text(
        client.get(f"/teacher/assignments/{assignment.id}/delete"))
    assert post(client, f"/teacher/assignments/{assignment.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AssignmentException)) == 0


# --- per-student exceptions -----------------------------------------------------------------

def test_a_later_due_date_for_one_student_changes_overdue_late_and_answers_for_them_only(app, client):
    classroom, assignment, ann, ben = class_with_work(client, show_answers="after_due",
                                                      due_at=utcnow() - timedelta(hours=1))
    before = work_of(assignment)
    later = local_in(LA, 48)
    response = post(client, f"/teacher/assignments/{assignment.id}/exceptions",
                    {"student_ids": [str(ben.id)], **due_fields(later)})
    assert response.status_code == 302 and work_of(assignment) == before
    progress = text(client.get(f"/teacher/classes/{classroom.id}/progress"))
    assert f"extended to {schedule.format_due(as_utc(later), LA)}" in progress
    assert progress.count("extended to") == 1
    pupil = app.test_client()
    login(pupil, ben)
    dashboard = text(pupil.get("/student/"))
    assert "Overdue" not in dashboard and "extended for you" in dashboard
    attempt_id = db.session.scalar(select(Attempt.id).where(Attempt.student_id == ben.id))
    post(pupil, f"/student/attempts/{attempt_id}/submit")  # after the class's date, before his own
    assert "Correct answer:" not in pupil.get(f"/student/attempts/{attempt_id}/results").get_data(as_text=True)
    grid = text(client.get(f"/teacher/classes/{classroom.id}/progress"))
    assert "Ann (ann.a) ◆ Late" in grid and "Ben (ben.b) ● Submitted" in grid  # both handed in after the class's date
    ann_view = app.test_client()
    login(ann_view, ann)
    ann_attempt = db.session.scalar(select(Attempt.id).where(Attempt.student_id == ann.id))
    assert "Correct answer:" in ann_view.get(f"/student/attempts/{ann_attempt}/results").get_data(as_text=True)


def test_an_extra_attempt_and_early_answers_for_several_students_at_once(app, client):
    classroom, assignment, ann, ben = class_with_work(client, show_answers="never")
    cy = make_student(classroom, "cy.c", "Cy")
    before = work_of(assignment)
    page = text(client.get(f"/teacher/assignments/{assignment.id}/exceptions?student={ann.id}"))
    assert "Ann" in page and "Ben" in page and "Cy" in page
    post(client, f"/teacher/assignments/{assignment.id}/exceptions",
         {"student_ids": [str(ann.id), str(cy.id)], "extra_attempts": "1", "answers_released": "y"})
    assert work_of(assignment) == before
    progress = text(client.get(f"/teacher/classes/{classroom.id}/progress"))
    assert progress.count("+1 attempt") == 2 and progress.count("answers released") == 2
    pupil = app.test_client()
    login(pupil, ann)
    done = db.session.scalar(select(Attempt.id).where(Attempt.student_id == ann.id))
    assert "Try again" in pupil.get(f"/student/attempts/{done}/results").get_data(as_text=True)
    assert "Correct answer:" in pupil.get(f"/student/attempts/{done}/results").get_data(as_text=True)
    second = post(pupil, f"/student/assignments/{assignment.id}/start")
    assert "/student/attempts/" in second.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.student_id == ann.id)) == 2
    rows = list(csv.reader(io.StringIO(client.get(
        f"/teacher/reports/classes/{classroom.id}/gradebook.csv").data.decode("utf-8-sig"))))
    assert any("Los Angeles time" in h for h in rows[0])
    ann_row = next(r for r in rows if r[0] == "Ann")
    assert any("+1 attempt" in cell and "answers released" in cell for cell in ann_row)


def test_setting_nothing_goes_back_to_the_class_terms(client):
    classroom, assignment, ann, _ = class_with_work(client)
    schedule.set_exceptions(assignment, [ann.id], schedule.ExceptionTerms(extra_attempts=2))
    page = client.get(f"/teacher/assignments/{assignment.id}/exceptions?student={ann.id}").get_data(as_text=True)
    assert re.search(r'<option selected value="2">|<option value="2" selected', page)
    post(client, f"/teacher/assignments/{assignment.id}/exceptions", {"student_ids": [str(ann.id)]})
    assert db.session.scalar(select(func.count()).select_from(AssignmentException)) == 0


def test_exceptions_only_for_students_in_the_class_and_only_by_its_teacher(app, client):
    classroom, assignment, ann, _ = class_with_work(client)
    other_teacher = make_teacher("other@example.org")
    outsider = make_student(make_classroom(other_teacher, "Other"), "out.o")
    response = post(client, f"/teacher/assignments/{assignment.id}/exceptions",
                    {"student_ids": [str(outsider.id)], "extra_attempts": "3"})
    assert response.status_code == 400 and "not a valid choice" in text(response)
    intruder = app.test_client()
    login(intruder, other_teacher)
    for url in (f"/teacher/assignments/{assignment.id}/exceptions", f"/teacher/assignments/{assignment.id}/edit"):
        assert intruder.get(url).status_code == 404
        assert post(intruder, url, {"student_ids": [str(ann.id)], "extra_attempts": "3",
                                    "attempts_allowed": "0", "show_answers": "immediately"}).status_code == 404
    assert post(intruder, f"/teacher/assignments/{assignment.id}/release").status_code == 404
    pupil = app.test_client()
    login(pupil, ann)
    assert pupil.get(f"/teacher/assignments/{assignment.id}/exceptions").status_code == 403
    assert post(pupil, f"/teacher/assignments/{assignment.id}/exceptions",
                {"student_ids": [str(ann.id)], "extra_attempts": "3"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(AssignmentException)) == 0
    db.session.refresh(assignment)
    assert assignment.attempts_allowed == 1


def test_exceptions_cost_no_statement_per_student(app, client):
    from factories import QueryCounter

    teacher = make_teacher(time_zone=LA)
    login(client, teacher)
    counts = []
    for size in (3, 30):
        classroom = make_classroom(teacher, f"Class of {size}")
        assignment = make_assignment(classroom, LESSON)
        students = [make_student(classroom, f"s{size}-{i}") for i in range(size)]
        schedule.set_exceptions(assignment, [s.id for s in students], schedule.ExceptionTerms(extra_attempts=1))
        db.session.commit()
        with QueryCounter(db.engine) as counter:
            html = client.get(f"/teacher/classes/{classroom.id}/progress").get_data(as_text=True)
        assert html.count("+1 attempt") == size
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_terms_one_student_gets_from_an_exception():
    from webapp.models import Classroom

    classroom = Classroom(time_zone=LA)
    assignment = Assignment(classroom=classroom, due_at=datetime(2030, 5, 1, 19), attempts_allowed=2,
                            show_answers="never")
    later = schedule.effective(assignment, AssignmentException(due_at=datetime(2030, 5, 3, 19), extra_attempts=1,
                                                               answers_released=True))
    assert (later.due_at, later.attempts_allowed, later.answers_visible(datetime(2030, 1, 1))) == \
        (datetime(2030, 5, 3, 19), 3, True)
    assert later.notes == ("extended to Fri 3 May 2030, 12:00 pm (Los Angeles time)", "+1 attempt",
                           "answers released")
    earlier = schedule.effective(assignment, AssignmentException(due_at=datetime(2030, 4, 30, 19), extra_attempts=0,
                                                                 answers_released=False))
    assert earlier.notes == ("due Tue 30 Apr 2030, 12:00 pm (Los Angeles time)",)
    assert schedule.effective(assignment).notes == () and not schedule.effective(assignment).answers_visible(
        datetime(2031, 1, 1))
    assignment.attempts_allowed = 0
    assert schedule.effective(assignment, AssignmentException(extra_attempts=2)).attempts_allowed == 0


def test_an_exception_with_a_past_date_or_one_before_the_class_date_asks_first(client):
    classroom, assignment, ann, _ = class_with_work(client, due_at=as_utc(local_in(LA, 72)))
    url = f"/teacher/assignments/{assignment.id}/exceptions"
    response = post(client, url, {"student_ids": [str(ann.id)], **due_fields(local_in(LA, -2))})
    assert response.status_code == 200 and "Check before saving" in text(response)
    assert "has already passed" in text(response) and "Save anyway" in text(response)
    assert db.session.scalar(select(func.count()).select_from(AssignmentException)) == 0
    earlier = post(client, url, {"student_ids": [str(ann.id)], **due_fields(local_in(LA, 24))})
    assert earlier.status_code == 200 and "is earlier than the class" in text(earlier)
    assert db.session.scalar(select(func.count()).select_from(AssignmentException)) == 0
    saved = post(client, url, {"student_ids": [str(ann.id)], **due_fields(local_in(LA, 24)), "confirm": "y"})
    assert saved.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AssignmentException)) == 1


def test_two_students_with_the_same_name_are_told_apart_by_username(client):
    classroom, assignment, *_ = class_with_work(client)
    for username in ("omar.h", "omar.ha"):
        make_student(classroom, username, "Omar Haddad")
    for url in (f"/teacher/assignments/{assignment.id}/exceptions", f"/teacher/classes/{classroom.id}/progress",
                f"/teacher/classes/{classroom.id}", f"/teacher/reports/classes/{classroom.id}",
                f"/teacher/reports/classes/{classroom.id}/mastery"):
        page = text(client.get(url))
        assert "Omar Haddad (omar.h)" in page and "Omar Haddad (omar.ha)" in page, url


def test_the_attempt_page_names_the_zone_of_its_times(client):
    teacher, classroom = teacher_in(client, LA)
    student = make_student(classroom, name="Ann")
    attempt = make_attempt(make_assignment(classroom), student, status="submitted", score=1.0, max_score=2.0,
                           submitted_at=datetime(2030, 5, 1, 22, 0))
    page = text(client.get(f"/teacher/attempts/{attempt.id}"))
    assert "Submitted Wed 1 May 2030, 3:00 pm (Los Angeles time)" in page  # tour 4-11
