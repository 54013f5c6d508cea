"""The attempt lifecycle as a state machine (Hypothesis): no illegal transition, ever.

In progress → submitted, once; no more attempts than allowed; at most one open attempt;
a submitted attempt's answers never change; scores stay between 0 and the maximum.
"""
from __future__ import annotations

from factories import make_assignment, make_classroom, make_student, make_teacher
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from webapp import answer_saves, quizzing
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Attempt, Response

LESSON = "the-route"


def make_machine(app):
    content = get_content()
    questions = content.quiz_for(LESSON).questions

    class AttemptLifecycle(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            db.session.remove()
            for table in ("responses", "attempts", "assignments", "enrollments", "classrooms", "users"):
                db.session.execute(db.metadata.tables[table].delete())
            db.session.commit()
            self.allowed = 2
            self.assignment = make_assignment(make_classroom(make_teacher()), LESSON, attempts_allowed=self.allowed)
            self.student = make_student(self.assignment.classroom)
            self.frozen: dict[int, dict[str, object]] = {}

        def attempts(self) -> list[Attempt]:
            return quizzing.attempts_for(self.assignment, self.student)

        @rule()
        def start(self):
            before = self.attempts()
            attempt = quizzing.start_or_resume(self.assignment, self.student)
            if attempt is None:
                assert len(before) == self.allowed and all(a.is_submitted for a in before)

        @precondition(lambda self: quizzing.open_attempt(self.assignment, self.student) is not None)
        @rule(index=st.integers(0, len(questions) - 1), right=st.booleans())
        def answer(self, index, right):
            attempt = quizzing.open_attempt(self.assignment, self.student)
            question = questions[index]
            raw = question.correct_answer() if right else None
            try:
                answer_saves.store(attempt.id, question, raw if raw is not None else "nonsense")
            except quizzing.BadAnswer:
                assert not right

        @rule(index=st.integers(0, len(questions) - 1))
        def answer_a_submitted_attempt(self, index):
            done = [a for a in self.attempts() if a.is_submitted]
            if done:
                try:
                    answer_saves.store(done[-1].id, questions[index], questions[index].correct_answer())
                except quizzing.QuizClosed:
                    return
                raise AssertionError("a submitted attempt accepted an answer")

        @rule(twice=st.booleans())
        def submit(self, twice):
            attempt = quizzing.open_attempt(self.assignment, self.student)
            if attempt is None:
                return
            quizzing.submit(attempt, content)
            if twice:
                quizzing.submit(attempt, content)
            self.frozen[attempt.id] = {r.question_id: r.answer for r in db.session.scalars(
                select(Response).where(Response.attempt_id == attempt.id))}

        @invariant()
        def at_most_one_open_and_never_too_many(self):
            attempts = self.attempts()
            assert sum(not a.is_submitted for a in attempts) <= 1
            assert len(attempts) <= self.allowed
            assert [a.number for a in attempts] == list(range(1, len(attempts) + 1))

        @invariant()
        def submitted_work_never_changes(self):
            for attempt_id, answers in self.frozen.items():
                now = {r.question_id: r.answer for r in db.session.scalars(
                    select(Response).where(Response.attempt_id == attempt_id))}
                assert now == answers
                attempt = db.session.get(Attempt, attempt_id)
                awaiting = sum(1 for q in questions if not q.auto_scored and q.id in answers)  # a written answer
                assert attempt.is_submitted and 0 <= attempt.score <= attempt.max_score == len(questions) - awaiting

    return AttemptLifecycle


def test_attempt_lifecycle(app):
    machine = make_machine(app)
    machine.TestCase.settings = settings(max_examples=25, stateful_step_count=15, deadline=None,
                                         suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
    machine.TestCase().runTest()
