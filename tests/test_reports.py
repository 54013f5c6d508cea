"""Teacher insights: the gradebook and its CSV, item analysis, mastery by objective, charts."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from factories import login, make_assignment, make_classroom, make_student, make_teacher
from markupsafe import escape

from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Attempt, Response
from webapp.models.base import utcnow
from webapp.reports import charts, pages
from webapp.reports.gradebook import (
    gradebook,
    gradebook_csv,
    spreadsheet_text,
    submissions_per_day,
)
from webapp.reports.items import in_plain_words, item_analysis, point_biserial
from webapp.reports.mastery import class_mastery

LESSON = "china-repatriation"


def submit(assignment, student, answers: dict, number: int = 1, when=None, status: str = "submitted") -> Attempt:
    """A submitted attempt with these answers (question id -> answer), scored as the app scores."""
    quiz = get_content().quiz_for(assignment.lesson_id)
    attempt = Attempt(assignment_id=assignment.id, student_id=student.id, number=number, status=status,
                      submitted_at=(when or utcnow()) if status == "submitted" else None)
    db.session.add(attempt)
    db.session.flush()
    score, pending = 0.0, 0
    for question in quiz.questions:
        if question.id in answers:  # a written answer awaits its grade: in neither score nor maximum
            points = question.score(answers[question.id]).points if question.auto_scored else None
            score, pending = score + (points or 0.0), pending + (points is None)
            db.session.add(Response(attempt_id=attempt.id, question_id=question.id,
                                    answer=answers[question.id], points=points))
    if status == "submitted":
        attempt.score, attempt.max_score = score, float(len(quiz.questions) - pending)
    db.session.commit()
    return attempt


def right_answers(lesson_id: str = LESSON) -> dict:
    return {q.id: q.correct_answer() for q in get_content().quiz_for(lesson_id).questions}


@pytest.fixture
def room(app):
    teacher = make_teacher()
    return teacher, make_classroom(teacher, "Period 2")


# --- gradebook -------------------------------------------------------------------------------

def test_gradebook_csv_opens_in_spreadsheets_with_names_intact_and_formulas_defused(room):
    _, classroom = room
    assignment = make_assignment(classroom, LESSON)
    zoe = make_student(classroom, "zoe", "Zoë Ñúñez")
    make_student(classroom, "seo", "박서연")
    make_student(classroom, "evil", "=HYPERLINK(\"http://x\")")
    make_student(classroom, "plus", "+1 Sneaky")
    submit(assignment, zoe, right_answers())
    data = gradebook_csv(gradebook(classroom, get_content(), utcnow()))
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text)))
    names = [r[0] for r in rows[1:]]
    assert "Zoë Ñúñez" in names and "박서연" in names
    assert "'=HYPERLINK(\"http://x\")" in names and "'+1 Sneaky" in names
    zoe_row = next(r for r in rows if r[0] == "Zoë Ñúñez")
    assert zoe_row[2:4] == ["100", "Submitted; 1 answer awaiting grading (not in the score yet)"] and zoe_row[4]


@pytest.mark.parametrize("value, expected", [("=1+1", "'=1+1"), ("-2", "'-2"), ("@cmd", "'@cmd"),
                                             ("\tx", "'\tx"), ("Ann", "Ann"), (None, ""), (95, "95")])
def test_spreadsheet_text_neutralises_formula_starts(value, expected):
    assert spreadsheet_text(value) == expected


def test_gradebook_page_download_and_empty_class(app, client, room):
    teacher, classroom = room
    login(client, teacher)
    html = client.get(f"/teacher/reports/classes/{classroom.id}").get_data(as_text=True)
    assert "No students in this class yet" in html
    with client.get(f"/teacher/reports/classes/{classroom.id}/gradebook.csv") as response:
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        assert response.data.startswith(b"\xef\xbb\xbfStudent,Username")


def test_gradebook_shows_status_score_and_submission_time(app, client, room):
    teacher, classroom = room
    assignment = make_assignment(classroom, LESSON)
    ann, ben = make_student(classroom, "ann", "Ann"), make_student(classroom, "ben", "Ben")
    submit(assignment, ann, right_answers(), when=utcnow().replace(hour=9, minute=30) - timedelta(days=1))
    submit(assignment, ben, {}, status="in_progress")
    login(client, teacher)
    html = client.get(f"/teacher/reports/classes/{classroom.id}").get_data(as_text=True)
    assert "100%" in html and "In progress" in html and "9:30 am" in html
    assert 'role="img"' in html and "<title id=\"activity-title\">" in html
    assert "<caption>Quiz submissions per day</caption>" in html


# --- item analysis ---------------------------------------------------------------------------

def test_item_analysis_counts_wrong_choices_names_the_misconception_and_links_the_section(room):
    _, classroom = room
    assignment = make_assignment(classroom, LESSON)
    wrong = {**right_answers(), "china-how-china-sees": "a"}
    for i in range(6):
        submit(assignment, make_student(classroom, f"w{i}", f"Wrong {i}"), wrong)
    for i in range(3):
        submit(assignment, make_student(classroom, f"r{i}", f"Right {i}"), right_answers())
    analysis = item_analysis(assignment, get_content(), class_size=9)
    stats = next(i for i in analysis.items if i.question.id == "china-how-china-sees")
    assert stats.correct == 3 and stats.facility == pytest.approx(3 / 9)
    assert stats.wrong[0].label == "A" and stats.wrong[0].count == 6
    assert stats.wrong[0].misconception == "China treats them as refugees"
    flag = stats.flags[0]
    assert flag.kind == "misconception"
    assert flag.text.startswith("Most of the class (6 of 9) chose A — it says “China treats them as refugees”")
    assert "revisit the section ‘Why China sends people back’" in flag.text
    assert flag.place.section.slug == "why-china-sends-people-back"
    everyone = next(i for i in analysis.items if i.question.id == "china-lee-argument")
    assert [f.kind for f in everyone.flags] == ["easy"] and everyone.facility == 1.0


def test_item_analysis_uses_each_students_first_attempt(room):
    _, classroom = room
    assignment = make_assignment(classroom, LESSON, attempts_allowed=0)
    student = make_student(classroom, "s", "Sam")
    submit(assignment, student, {**right_answers(), "china-how-china-sees": "b"}, number=1)
    submit(assignment, student, right_answers(), number=2)
    stats = item_analysis(assignment, get_content(), 1).items[0]
    assert stats.correct == 0 and stats.wrong[0].label == "B"


def test_discrimination_is_the_point_biserial_and_flags_a_backwards_question(room):
    assert point_biserial([1, 1, 0, 0, 1], [9, 8, 2, 1, 7]) == pytest.approx(7.8 / (1.2 * 53.2) ** 0.5)  # worked by hand
    assert point_biserial([1, 1, 1, 1, 1], [9, 8, 2, 1, 7]) is None  # no spread: nothing to judge
    assert point_biserial([1, 0], [3, 1]) is None                      # too few students
    _, classroom = room
    assignment = make_assignment(classroom, LESSON)
    questions = get_content().quiz_for(LESSON).questions
    target = questions[0].id
    for i in range(6):  # strong students miss the target, weak ones get it: negative discrimination
        strong = i < 3
        answers = right_answers() if strong else {target: questions[0].correct_answer()}
        if strong:
            answers[target] = "a"
        submit(assignment, make_student(classroom, f"d{i}", f"D {i}"), answers)
    stats = next(s for s in item_analysis(assignment, get_content(), 6).items if s.question.id == target)
    assert stats.discrimination < 0
    assert any(f.kind == "negative" for f in stats.flags)


@pytest.mark.parametrize("submitted", [0, 1])
def test_item_analysis_page_with_nobody_or_one_student(app, client, room, submitted):
    teacher, classroom = room
    assignment = make_assignment(classroom, LESSON)
    student = make_student(classroom, "only", "Only One")
    if submitted:
        submit(assignment, student, {"china-how-china-sees": "a"})
    login(client, teacher)
    with client.get(f"/teacher/reports/assignments/{assignment.id}") as response:
        html = response.get_data(as_text=True)
    assert response.status_code == 200
    if submitted:
        assert "Only 1 student has submitted so far" in html
        assert "too few to judge this question" in html
        assert 'aria-labelledby="scores-title scores-desc"' in html and "<caption>Students in each score band</caption>" in html
    else:
        assert "Nobody has submitted this quiz yet" in html and "<svg" not in html


def test_other_teachers_get_404_for_reports(app, client, room):
    _, classroom = room
    assignment = make_assignment(classroom, LESSON)
    login(client, make_teacher("other@example.org"))
    for url in (f"/teacher/reports/classes/{classroom.id}", f"/teacher/reports/assignments/{assignment.id}",
                f"/teacher/reports/classes/{classroom.id}/gradebook.csv"):
        assert client.get(url).status_code == 404


# --- mastery ---------------------------------------------------------------------------------

def test_mastery_by_objective_uses_each_students_latest_attempt(app, client, room):
    teacher, classroom = room
    assignment = make_assignment(classroom, LESSON, attempts_allowed=0)
    ann, ben = make_student(classroom, "ann", "Ann"), make_student(classroom, "ben", "Ben")
    make_student(classroom, "cal", "Cal")  # has not submitted
    submit(assignment, ann, {}, number=1)
    submit(assignment, ann, right_answers(), number=2)
    submit(assignment, ben, {})
    report = class_mastery(classroom, [ann, ben], [assignment], get_content())
    reasons = next(i for i, c in enumerate(report.columns) if c.objective.id == "reasons")
    assert report.share(ann, reasons) == 1.0 and report.share(ben, reasons) == 0.0
    assert report.class_share(reasons) == 0.5 and report.submitted(reasons) == 2
    login(client, teacher)
    html = client.get(f"/teacher/reports/classes/{classroom.id}/mastery").get_data(as_text=True)
    objective = get_content().lesson(LESSON).objective("reasons").text
    assert str(escape(objective)) in html
    class_part, student_part = html.split("id=\"student-mastery-title\"")
    assert "50%" in class_part and "2 of 3" in class_part
    assert student_part.count("100%") >= 1 and "—" in student_part


def test_mastery_page_without_assignments(app, client, room):
    teacher, classroom = room
    make_student(classroom, "a", "A")
    login(client, teacher)
    html = client.get(f"/teacher/reports/classes/{classroom.id}/mastery").get_data(as_text=True)
    assert "Nothing with a quiz has been assigned yet" in html


# --- charts ----------------------------------------------------------------------------------

def test_charts_are_accessible_svg_without_style_attributes():
    bins = charts.score_bins([0, 55, 59, 100, 100])
    assert [b.value for b in bins] == [1, 0, 0, 0, 0, 2, 0, 0, 0, 2]
    svg = str(charts.bar_chart("c", "Scores", charts.histogram_desc(bins, 5), bins, unit="students"))
    assert 'role="img"' in svg and '<title id="c-title">Scores</title>' in svg
    assert "<desc id=\"c-desc\">" in svg and "50–59%: 2" in svg and "style=" not in svg
    empty = str(charts.bar_chart("e", "Nothing", "No data.", [charts.Bar("x", 0, "0")]))
    assert "NaN" not in empty and "inf" not in empty


def test_submissions_per_day_fills_gaps_and_switches_to_weeks():
    start = utcnow().replace(hour=12)
    unit, days = submissions_per_day([start, start, start + timedelta(days=2), None])
    assert unit == "day" and [n for _, n in days] == [2, 0, 1]
    unit, weeks = submissions_per_day([start, start + timedelta(days=70)])
    assert unit == "week" and sum(n for _, n in weeks) == 2 and all(d.weekday() == 0 for d, _ in weeks)
    assert submissions_per_day([]) == ("day", [])


def test_class_report_page_lists_assignments_for_item_analysis(app, client, room):
    teacher, classroom = room
    assignment = make_assignment(classroom, LESSON)
    make_student(classroom, "s", "S")
    login(client, teacher)
    html = client.get(f"/teacher/reports/classes/{classroom.id}").get_data(as_text=True)
    assert f"/teacher/reports/assignments/{assignment.id}" in html
    assert "No quiz has been submitted yet" in html
    assert pages.class_report(classroom, get_content(), utcnow()).activity_chart is None


@pytest.mark.parametrize("points, rest, words", [
    ([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], list(range(10)), "Almost everyone got this right."),
    ([0, 0, 0, 1, 1, 1], [9, 8, 7, 3, 2, 1], "Most students who did well overall got this wrong"),
    ([1, 0, 1, 1, 0, 1], [9, 8, 7, 3, 2, 1], "Students who did well and students who struggled did about the same"),
    ([1, 1, 1, 0, 0, 0], [9, 8, 7, 3, 2, 1], "Students who did well overall got this right more often"),
    ([0, 0, 0, 0, 0, 1], [9, 8, 7, 3, 2, 1], "Most of the class got this wrong."),
    ([1, 0, 0, 0, 0, 0], [9, 8, 7, 3, 2, 1], "Most of the class got this wrong."),
    ([1, 0], [3, 1], "1 of 2 got this fully right; too few answers yet"),
])
def test_each_question_is_summed_up_in_plain_words(points, rest, words):
    assert in_plain_words(points, rest).startswith(words)


def test_item_analysis_page_leads_with_plain_words_and_keeps_the_terms_in_tooltips(app, client, room):
    teacher, classroom = room
    assignment = make_assignment(classroom, LESSON)
    for i in range(6):
        submit(assignment, make_student(classroom, f"p{i}", f"P {i}"), right_answers() if i < 3 else {})
    login(client, teacher)
    html = client.get(f"/teacher/reports/assignments/{assignment.id}").get_data(as_text=True)
    assert "Students who did well overall got this right more often" in html
    assert re.search(r'<abbr title="[^"]*point-biserial[^"]*">', html) and re.search(r'<abbr title="Facility', html)
    assert "Discrimination is the point-biserial" not in html
    assert re.search(r'<td class="num">\d+ of \d+</td>', html)
