"""Item analysis: how each question of an assignment did, and what the class misunderstood.

Read from each student's FIRST submitted attempt: later attempts follow feedback and the
answer key, so they hide what students understood on their own.

- facility: the share of the question's points the class earned (1.0 = everyone right);
- discrimination: the point-biserial correlation between the question's score and the rest
  of the quiz (the total without this question), over at least MIN_STUDENTS students;
- wrong answers: how many chose each wrong choice (or gave each wrong answer), with the
  misconception the author says it stands for;
- in plain words: one sentence a teacher reads first, from the same numbers (``in_plain_words``);
- picks: for a question whose parts are picked one by one (a highlight's sentences), how many
  students picked each (``class_picks`` gives the same to the teacher's attempt page).
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from ..content.lessons import Lesson
from ..content.loader import Content
from ..content.questions import AnswerKey, Question
from ..content.questions.base import MISSED
from ..content.quizzes import Quiz
from ..extensions import db
from ..models import Assignment, QuestionVersion, Regrade
from ..regrade import note, regrades_of
from .data import FIRST, PickedAttempt, first_answers, picked_attempts
from .related import Place, related_place

MIN_STUDENTS = 5        # fewer than this and the numbers say more about luck than the question
POOR = 0.2              # discrimination below this: the question barely separates
HARD = 0.3              # facility below this: most of the class missed it
COMMON = 0.3            # a wrong answer chosen by this share (and 2+ students) is worth a flag
EASY = 0.9              # facility at or above this: almost everyone got it
SAME = 0.15             # strong and struggling halves this close: the question does not tell them apart
BLANK = "(blank)"


@dataclass
class WrongAnswer:
    key: str
    label: str          # "B" for a choice, else the answer in words
    text: str
    count: int
    misconception: str = ""


@dataclass
class Flag:
    kind: str           # regraded | version | misconception | hard | easy | poor | negative | few
    text: str
    place: Place | None = None


@dataclass
class ItemStats:
    number: int
    question: Question
    students: int
    correct: int
    facility: float | None
    discrimination: float | None
    wrong: list[WrongAnswer]
    place: Place | None
    flags: list[Flag] = field(default_factory=list)
    plain: str = ""
    picks: dict[str, int] = field(default_factory=dict)
    pending: int = 0  # written answers awaiting the teacher's grade: left out of every number above

    @property
    def facility_percent(self) -> int | None:
        return None if self.facility is None else round(100 * self.facility)


@dataclass
class ItemAnalysis:
    assignment: Assignment
    lesson: Lesson | None
    quiz: Quiz | None
    class_size: int
    attempts: list[PickedAttempt]
    items: list[ItemStats]

    @property
    def scores(self) -> list[int]:
        return [a.percent for a in self.attempts if a.percent is not None]

    @property
    def message(self) -> str | None:
        """Why there is nothing (or too little) to analyse, in words for the teacher."""
        if self.quiz is None:
            return "This lesson has no quiz, so there is nothing to analyse."
        if not self.attempts:
            return "Nobody has submitted this quiz yet. The analysis appears after the first submission."
        if len(self.attempts) < MIN_STUDENTS:
            n = len(self.attempts)
            return (f"Only {n} student{'s have' if n != 1 else ' has'} submitted so far: read the numbers "
                    f"as early signs, not verdicts.")
        return None


def item_analysis(assignment: Assignment, content: Content, class_size: int) -> ItemAnalysis:
    lesson, quiz = content.lesson(assignment.lesson_id), content.quiz_for(assignment.lesson_id)
    attempts = picked_attempts(FIRST, assignment.classroom_id, assignment.id)
    items = [analyse_question(i, q, attempts, lesson, content)
             for i, q in enumerate(quiz.questions if quiz else [], start=1)]
    _add_regrades(items, attempts, assignment.classroom.zone_name)
    _add_earlier_versions(items, attempts)
    return ItemAnalysis(assignment, lesson, quiz, class_size, attempts, items)


def _add_regrades(items: list[ItemStats], attempts: list[PickedAttempt], zone_name: str) -> None:
    """A note on each question whose answers were regraded: "2 answers regraded on …: key corrected"."""
    found: dict[str, list[Regrade]] = {}
    for by_question in regrades_of([a.attempt.id for a in attempts]).values():
        for question_id, record in by_question.items():
            found.setdefault(question_id, []).append(record)
    for item in items:
        records = found.get(item.question.id)
        if records:
            latest = max(records, key=lambda r: r.regraded_at)
            answers = f"{len(records)} answer{'s' if len(records) != 1 else ''}"
            item.flags.insert(0, Flag("regraded", f"{answers} {note(latest, zone_name)}."))


def _add_earlier_versions(items: list[ItemStats], attempts: list[PickedAttempt]) -> None:
    """A note on each question some answered in an earlier wording: how many, and the wording they saw."""
    earlier: dict[str, Counter[int]] = {}
    for picked in attempts:
        for question_id, given in picked.answers.items():
            if given.earlier and given.version_id is not None:
                earlier.setdefault(question_id, Counter())[given.version_id] += 1
    if not earlier:
        return
    asked = {v.id: v for v in db.session.scalars(select(QuestionVersion).where(
        QuestionVersion.id.in_({v for counts in earlier.values() for v in counts})))}
    for item in items:
        for version_id, count in sorted(earlier.get(item.question.id, Counter()).items()):
            version = asked[version_id]
            wording = f": “{version.data['prompt']}”" if isinstance(version.data, dict) and "prompt" in version.data else ""
            who = f"{count} of {item.students}"
            item.flags.insert(0, Flag("version", f"{who} answered an earlier version of this question "
                                                 f"(version {version.number}){wording}."))


def analyse_question(number: int, question: Question, attempts: list[PickedAttempt],
                     lesson: Lesson | None, content: Content) -> ItemStats:
    waiting = [a for a in attempts if question.id in a.answers and a.answers[question.id].pending]
    attempts = [a for a in attempts if a not in waiting]
    n = len(attempts)
    points = [a.answers[question.id].points if question.id in a.answers else 0.0 for a in attempts]
    rest = [sum(x.points for qid, x in a.answers.items() if qid != question.id) for a in attempts]
    answers = [a.answers[question.id].answer if question.id in a.answers else None for a in attempts]
    stats = ItemStats(number, question, n, sum(1 for p in points if p >= 1.0),
                      sum(points) / n if n else None, point_biserial(points, rest), wrong_answers(question, answers),
                      related_place(question, lesson, content), picks=question.picks(answers))
    stats.pending = len(waiting)
    stats.flags = flags_for(stats, lesson)
    stats.plain = in_plain_words(points, rest)
    return stats


def class_picks(assignment: Assignment, content: Content) -> tuple[dict[str, dict[str, int]], int]:
    """Question id -> {part id: how many students picked it} for the questions that have
    parts to pick, read like the item analysis (first submitted attempts); and how many
    students that is."""
    quiz = content.quiz_for(assignment.lesson_id)
    pickable = [q for q in quiz.questions if q.picks([])] if quiz else []
    if not pickable:
        return {}, 0
    students, answers = first_answers(assignment.classroom_id, assignment.id, [q.id for q in pickable])
    return {q.id: q.picks(answers.get(q.id, [])) for q in pickable}, students


def in_plain_words(points: list[float], rest: list[float]) -> str:
    """What the numbers say about one question, in a sentence for a teacher.

    Students are split by how they did on the rest of the quiz: the stronger half and the
    weaker half (the middle student, in an odd class, in neither).
    """
    n = len(points)
    if n == 0:
        return ""
    right = sum(1 for p in points if p >= 1.0)
    facility = sum(points) / n
    if facility >= EASY:
        return "Almost everyone got this right."
    if n < MIN_STUDENTS:
        return f"{right} of {n} got this fully right; too few answers yet to say more."
    ranked = [p >= 1.0 for _, p in sorted(zip(rest, points), key=lambda pair: pair[0])]
    half = n // 2
    weak, strong = sum(ranked[:half]) / half, sum(ranked[-half:]) / half
    if facility < HARD:
        return "Most of the class got this wrong."
    if strong < 0.5 and strong < weak:
        return "Most students who did well overall got this wrong: check the wording and the answer key."
    if abs(strong - weak) < SAME:
        return "Students who did well and students who struggled did about the same on this."
    if strong > weak:
        return "Students who did well overall got this right more often than those who struggled."
    return "Students who struggled overall got this right more often than those who did well."


def point_biserial(item: list[float], rest: list[float]) -> float | None:
    """Correlation of the item's score with the rest score; None when it can't be judged."""
    if len(item) < MIN_STUDENTS:
        return None
    try:
        return statistics.correlation(item, rest)
    except statistics.StatisticsError:  # everyone scored the same on one side
        return None


def wrong_answers(question: Question, answers: list) -> list[WrongAnswer]:
    """Each wrong answer given, most common first, with the misconception behind it."""
    counts: Counter[str] = Counter()
    named: dict[str, AnswerKey] = {}
    for answer in answers:
        for key in _wrong_keys(question, answer):
            counts[key.key] += 1
            named[key.key] = key
    misconceptions = question.misconceptions()
    return [WrongAnswer(key, named[key].label, named[key].text, count, misconceptions.get(key, ""))
            for key, count in counts.most_common()]


def _wrong_keys(question: Question, answer) -> list[AnswerKey]:
    if answer is None:
        return [AnswerKey(BLANK, "No answer", "No answer")]
    if not question.auto_scored:  # graded with a rubric: an essay is no "wrong answer" to count
        return []
    if question.score(answer).correct:
        return []
    return question.answer_keys(answer)


def flags_for(stats: ItemStats, lesson: Lesson | None) -> list[Flag]:
    """Plain-language notes for the teacher, most useful first."""
    n = stats.students
    flags: list[Flag] = []
    if n == 0:
        return flags
    revisit = _revisit(stats, lesson)
    top = next((w for w in stats.wrong if w.key not in (BLANK, MISSED)), None)
    if top and top.count >= 2 and top.count >= COMMON * n:
        who = "Most of the class" if top.count > n / 2 else "Many students"
        chose = f"chose {top.label}" if top.label != top.text else f"answered “{top.text}”"
        why = f" — it says “{top.misconception}”" if top.misconception else ""
        flags.append(Flag("misconception", f"{who} ({top.count} of {n}) {chose}{why}{revisit}", stats.place))
    elif stats.facility is not None and stats.facility < HARD and n >= 2:
        flags.append(Flag("hard", f"Hard for this class: only {stats.correct} of {n} got it right{revisit}",
                          stats.place))
    if n >= 2 and stats.correct == n:
        flags.append(Flag("easy", "Everyone got this right."))
    spread = stats.correct >= 2 and n - stats.correct >= 2  # one odd answer says nothing about the question
    if n < MIN_STUDENTS:
        flags.append(Flag("few", "Only one student has answered so far: too few to judge this question."
                          if n == 1 else f"Only {n} students have answered: too few to judge how well it "
                          f"separates students."))
    elif stats.discrimination is not None and spread and stats.discrimination < 0:
        flags.append(Flag("negative", "Students who did well on the rest of the quiz tended to miss this one: "
                                      "check the wording and the answer key."))
    elif stats.discrimination is not None and spread and stats.discrimination < POOR:
        flags.append(Flag("poor", "It hardly tells apart students who did well overall and students who "
                                  "struggled: check that it asks what the lesson taught."))
    return flags


def _revisit(stats: ItemStats, lesson: Lesson | None) -> str:
    if stats.place is not None:
        return f"; revisit the section ‘{stats.place.section.heading}’."
    objective = lesson.objective(stats.question.objective) if lesson else None
    return f"; revisit the objective “{objective.text}”." if objective else "."
