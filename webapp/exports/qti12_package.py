"""A QTI 1.2 content package for Canvas's quiz import ("QTI .zip file"): every question type,
one assessment per quiz, and imsmanifest.xml listing them.

The Common Cartridge holds only the CC 1.1 profile's types; this package also holds numbers,
matching and ordering, written as Canvas's converter reads them (``qti12.CANVAS_FORMS``).
"""
from __future__ import annotations

from ..content.loader import Content
from ..content.quizzes import Quiz
from .common import content_package, package_resource, write_zip, xml_document
from .qti12 import CANVAS_FORMS, assessment_document
from .readme import readme_text

QTI_PACKAGE = "imsqti_xmlv1p2"


def build(quizzes: list[Quiz], content: Content, title: str) -> bytes:
    manifest = content_package("crossings-qti12", "IMS Content", "1.1.3")
    files: dict[str, bytes | str] = {}
    for quiz in quizzes:
        href = f"quiz-{quiz.lesson_id}.xml"
        files[href] = assessment_document(quiz, content, f"quiz-{quiz.lesson_id}", CANVAS_FORMS)
        package_resource(manifest, f"quiz-{quiz.lesson_id}", QTI_PACKAGE, href)
    files["README.txt"] = readme_text("qti12", title, sum(len(q.questions) for q in quizzes))
    package_resource(manifest, "readme", "webcontent", "README.txt")
    return write_zip({"imsmanifest.xml": xml_document(manifest), **files})
