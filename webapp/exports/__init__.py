"""Quizzes (and the lesson readings) for the systems schools already use.

One entry per format in ``FORMATS``; ``build_export`` makes one lesson's quiz, or the whole
unit (every quiz, lesson order) when no quiz is named. Each format writes a readme inside
its export saying which question types degrade and how (see ``readme.py``), from the per-type
table its module keeps (``TYPES``: a writer, or ``LeftOut`` and why).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..content.loader import Content
from ..content.quizzes import Quiz
from . import cartridge, gift, moodle, qti12_package, qti21
from .common import ExportTable
from .readme import NAMES, rows

UNIT = "unit"


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    extension: str
    mimetype: str
    build: Callable[[list[Quiz], Content, str], bytes]
    used_by: str


FORMATS: dict[str, Format] = {f.key: f for f in (
    Format("cc", "Common Cartridge 1.1", "imscc", "application/zip", cartridge.build,
           "Canvas, Schoology, Blackboard, Moodle (the lesson readings, and the choice, true/false and "
           "short-answer questions as QTI 1.2)"),
    Format("qti12", "QTI 1.2 package", "zip", "application/zip", qti12_package.build,
           "Canvas's quiz import (QTI .zip file), with every question type"),
    Format("qti21", "QTI 2.1 package", "zip", "application/zip", qti21.build,
           "assessment systems that import IMS QTI 2.1"),
    Format("moodle", "Moodle XML", "xml", "application/xml", moodle.build, "Moodle's question bank"),
    Format("gift", "GIFT", "gift.txt", "text/plain", gift.build, "Moodle's question bank (plain text)"),
)}


# format key -> its exporter's per-type table (the readme and the exports page show each)
TABLES: dict[str, ExportTable] = {"gift": gift.TYPES, "moodle": moodle.TYPES, "cc": cartridge.TYPES,
                                  "qti12": qti12_package.TYPES, "qti21": qti21.TYPES}
# format key -> (its name, [(our type, what it becomes, what is lost or changed)])
TYPE_MAPS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    key: (NAMES[key][0], rows(table)) for key, table in TABLES.items()}


@dataclass(frozen=True)
class Export:
    filename: str
    mimetype: str
    data: bytes


class UnknownExport(LookupError):
    """No such format, or no quiz for that lesson."""


def unit_quizzes(content: Content) -> list[Quiz]:
    """Every quiz, in lesson order (the unit review last)."""
    order = {lesson.id: lesson.order for lesson in content.lessons}
    return sorted(content.quizzes.values(), key=lambda quiz: (order.get(quiz.lesson_id, 999), quiz.lesson_id))


def build_export(content: Content, fmt: str, quiz_id: str | None = None) -> Export:
    found = FORMATS.get(fmt)
    if found is None:
        raise UnknownExport(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
    if quiz_id:
        quiz = content.quiz_for(quiz_id)
        if quiz is None:
            raise UnknownExport(f"no quiz for lesson '{quiz_id}'")
        quizzes, title = [quiz], f"{_title(content, quiz_id)} quiz"
    else:
        quizzes, title = unit_quizzes(content), "the whole unit (every quiz)"
    name = f"crossings-{quiz_id or UNIT}-{fmt}.{found.extension}"
    return Export(name, found.mimetype, found.build(quizzes, content, title))


def _title(content: Content, lesson_id: str) -> str:
    lesson = content.lesson(lesson_id)
    return lesson.title if lesson else lesson_id
