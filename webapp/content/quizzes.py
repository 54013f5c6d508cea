"""Quizzes: YAML files of questions, each parsed by its type's class."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fields import Fields
from .formats import check_format
from .frontmatter import parse_yaml
from .problems import ContentError, Problem
from .questions import COMMON_FIELDS, QUESTION_TYPES, SKILLS, Evidence, Question


@dataclass
class Quiz:
    lesson_id: str
    questions: list[Question]
    path: str
    # Each question's mapping as the file gives it (plain JSON data), by question id: what a
    # question version stores, and what ``rebuild_question`` reads back.
    data: dict[str, Any] = field(default_factory=dict)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def read_quiz(path: Path, root: Path) -> tuple[Quiz | None, list[Problem]]:
    name = str(path.relative_to(root))
    data, problems = parse_yaml(path.read_text(encoding="utf-8"), name)
    if data is None:  # unreadable; a duplicate field still leaves the rest to check
        return None, problems
    f = Fields(data, problems, name, None, {"format", "lesson", "questions"})
    check_format(f)
    quiz = Quiz(f.text("lesson"), [], name)
    seen: set[str] = set()
    for i, raw in enumerate(f.items("questions")):
        question = read_question(raw, i + 1, name, problems)
        if question is None:
            continue
        if question.id in seen:
            problems.append(Problem(name, "duplicate question id", item=f"question {question.id}", field="id"))
        seen.add(question.id)
        question.lesson_id = quiz.lesson_id
        quiz.questions.append(question)
        quiz.data[question.id] = json.loads(json.dumps(raw, default=str))
    return quiz, problems


def read_question(raw: Any, number: int, file: str, problems: list[Problem]) -> Question | None:
    """One question, or None when its type is unknown (its fields can't be judged then)."""
    qid = str(raw.get("id")) if isinstance(raw, dict) and raw.get("id") is not None else f"#{number}"
    item = f"question {qid}"
    type_name = raw.get("type") if isinstance(raw, dict) else None
    cls = QUESTION_TYPES.get(type_name) if isinstance(type_name, str) else None
    if cls is None:
        f = Fields(raw, problems, file, item, set(raw) if isinstance(raw, dict) else set())
        if isinstance(raw, dict):
            if type_name is None:
                f.error("type", "missing required field")
            else:
                known = ", ".join(QUESTION_TYPES)
                f.error("type", f"'{type_name}' is not a question type (known: {known})")
        return None
    f = Fields(raw, problems, file, item, COMMON_FIELDS | cls.own_fields)
    skill = f.text("skill")
    if skill and skill not in SKILLS:
        f.error("skill", f"'{skill}' is not one of: {', '.join(SKILLS)}")
    common = dict(id=f.text("id"), prompt=f.text("prompt"), explanation=f.text("explanation"),
                  objective=f.text("objective"), skill=skill,
                  evidence=read_evidence(f, cls.evidence_required),
                  draws_on=f.texts("draws_on", False))
    return cls.read(f, common)


def read_evidence(f: Fields, required: bool = True) -> list[Evidence]:
    out = []
    for i, raw in enumerate(f.items("evidence", required)):
        c = f.child(raw, {"source", "quote"}, f"evidence[{i + 1}]")
        out.append(Evidence(c.text("source"), c.text("quote")))
    return out


def rebuild_question(data: Any, lesson_id: str, where: str) -> Question:
    """A question from its stored mapping (a question version), read by its type's reader.

    Raises ContentError when it no longer reads (a type this code does not know any more).
    """
    problems: list[Problem] = []
    question = read_question(data, 1, where, problems)
    if question is None or problems:
        raise ContentError(problems or [Problem(where, "cannot be read back")])
    question.lesson_id = lesson_id
    return question
