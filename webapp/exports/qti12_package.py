"""A QTI 1.2 content package for Canvas's quiz import ("QTI .zip file"): every question type,
one assessment per quiz, and imsmanifest.xml listing them.

The Common Cartridge holds only the CC 1.1 profile's types; this package also holds numbers,
matching and ordering, written as Canvas's converter reads them (``TYPES``).
"""
from __future__ import annotations

from ..content.loader import Content
from ..content.questions.base import TypeTable
from ..content.quizzes import Quiz
from .common import ExportRow, ExportTable, content_package, package_resource, write_zip, xml_document
from .qti12 import BLANK, ESSAY, MULTIPLE, NUMERICAL, PAIRS, SENTENCES, SINGLE, TRUE_FALSE, Form, assessment_document
from .readme import SENTENCES as SENTENCE_LIST
from .readme import readme_text

QTI_PACKAGE = "imsqti_xmlv1p2"

# our type -> its QTI 1.2 item form as Canvas's converter reads it
TYPES: ExportTable[Form] = TypeTable("the QTI 1.2 package", {
    "single_choice": ExportRow(SINGLE, "multiple_choice_question"),
    "multiple_choice": ExportRow(MULTIPLE, "multiple_answers_question",
                                 "Canvas's own partial credit (right picks add, wrong picks take away)"),
    "true_false": ExportRow(TRUE_FALSE, "true_false_question"),
    "short_answer": ExportRow(BLANK, "short_answer_question (fill in the blank), case ignored",
                              "punctuation and accents are not ignored"),
    "numeric": ExportRow(NUMERICAL, "numerical_question: the answer, or a range of the tolerance",
                         "the unit is written into the prompt"),
    "matching": ExportRow(PAIRS, "matching_question (one choice list per item)"),
    "ordering": ExportRow(PAIRS, "matching_question: each item to its position (1st, 2nd, …)",
                          "partial credit for each right position (ours is all-or-nothing)"),
    "highlight": ExportRow(SENTENCES, "multiple_answers_question over the passage's sentences",
                           f"{SENTENCE_LIST}; Canvas's own partial credit (right picks add, wrong picks take away)"),
    "written_response": ExportRow(ESSAY, "essay_question", "the rubric and sample answers are left out (QTI 1.2 "
                                  "has no place a grader alone sees: use the teacher pack); the word guidance is in "
                                  "the prompt"),
})


def build(quizzes: list[Quiz], content: Content, title: str) -> bytes:
    manifest = content_package("crossings-qti12", "IMS Content", "1.1.3")
    files: dict[str, bytes | str] = {}
    for quiz in quizzes:
        href = f"quiz-{quiz.lesson_id}.xml"
        files[href] = assessment_document(quiz, content, f"quiz-{quiz.lesson_id}", TYPES)
        package_resource(manifest, f"quiz-{quiz.lesson_id}", QTI_PACKAGE, href)
    questions = [question for quiz in quizzes for question in quiz.questions]
    files["README.txt"] = readme_text("qti12", title, TYPES, questions)
    package_resource(manifest, "readme", "webcontent", "README.txt")
    return write_zip({"imsmanifest.xml": xml_document(manifest), **files})
