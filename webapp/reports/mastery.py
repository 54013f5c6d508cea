"""Mastery by objective, for the class and for each student.

Read from each student's LATEST submitted attempt at each assignment: mastery is where a
student stands now, after any retakes. A student's share for an objective is the points
earned on that objective's questions over the number of those questions; answers awaiting the
teacher's grade count in neither until it is released.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..content.lessons import Objective
from ..content.loader import Content
from ..models import Assignment, Classroom, User
from ..progress import objective_questions, share_of
from .data import LATEST, picked_attempts


@dataclass(frozen=True)
class ObjectiveColumn:
    assignment: Assignment
    lesson_title: str
    objective: Objective
    question_ids: tuple[str, ...]


@dataclass
class MasteryReport:
    students: list[User]
    columns: list[ObjectiveColumn]
    shares: dict[tuple[int, int], float] = field(default_factory=dict)
    by_column: dict[int, list[float]] = field(default_factory=dict)
    awaiting: set[tuple[int, int]] = field(default_factory=set)  # (student, column): all of it awaits grading

    def is_awaiting(self, student: User, column: int) -> bool:
        return (student.id, column) in self.awaiting

    def share(self, student: User, column: int) -> float | None:
        return self.shares.get((student.id, column))

    def submitted(self, column: int) -> int:
        return len(self.by_column.get(column, []))

    def class_share(self, column: int) -> float | None:
        values = self.by_column.get(column, [])
        return sum(values) / len(values) if values else None

    @property
    def groups(self) -> list[tuple[str, int]]:
        """(lesson title, number of its objective columns), in column order, for a grouped header."""
        groups: list[list] = []
        last = None
        for column in self.columns:
            if column.assignment.id != last:
                groups.append([column.lesson_title, 0])
                last = column.assignment.id
            groups[-1][1] += 1
        return [(title, span) for title, span in groups]


def objective_columns(assignments: list[Assignment], content: Content) -> list[ObjectiveColumn]:
    """One column per objective that has quiz questions, assignment by assignment."""
    return [ObjectiveColumn(assignment, content.lesson_title(assignment.lesson_id), objective, ids)
            for assignment in assignments
            for objective, ids in objective_questions(assignment.lesson_id, content)]


def class_mastery(classroom: Classroom, students: list[User], assignments: list[Assignment],
                  content: Content) -> MasteryReport:
    report = MasteryReport(students, objective_columns(assignments, content))
    by_assignment: dict[int, list[int]] = {}
    for i, column in enumerate(report.columns):
        by_assignment.setdefault(column.assignment.id, []).append(i)
    for picked in picked_attempts(LATEST, classroom.id):
        points = {qid: None if a.pending else a.points for qid, a in picked.answers.items()}
        for i in by_assignment.get(picked.assignment_id, []):
            share = share_of(report.columns[i].question_ids, points)
            if share is None:
                report.awaiting.add((picked.student_id, i))
                continue
            report.shares[(picked.student_id, i)] = share
            report.by_column.setdefault(i, []).append(share)
    return report
