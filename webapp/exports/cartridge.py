"""An IMS Common Cartridge 1.1: each lesson's reading as web content (HTML with its SVG
visuals, no teacher notes) and its quiz as a QTI 1.2 assessment, one module per lesson.

Canvas, Schoology, Blackboard and Moodle all import CC 1.1 cartridges. Every file keeps to
the CC 1.1 schemas, so questions the profile cannot hold (numbers, matching, ordering) are
left out, and the readme lists them. The manifest's CC namespace must be the default one,
written literally as ``xmlns="…imscp_v1p1"``: that string is how Moodle recognises a cartridge.
So elements get plain names and the root declares the namespaces (see ``qti12.py``).
"""
from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from ..content.lessons import IMAGE, Lesson
from ..content.loader import Content
from ..content.questions.base import LeftOut, TypeTable
from ..content.quizzes import Quiz
from ..content.render import render_markdown
from .common import XSI, ExportRow, ExportTable, kept, write_zip, xml_document
from .qti12 import BLANK, ESSAY, MULTIPLE, SENTENCES, SINGLE, TRUE_FALSE, Form, assessment_document
from .readme import LEFT_OUT, readme_text
from .readme import SENTENCES as SENTENCE_LIST

CC = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
SCHEMAS = (f"{CC} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
           f"{LOM} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd")
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
PAGE_CSS = ("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
            "line-height:1.6;color:#1d232b}figure{margin:1.5rem 0}img{max-width:100%;height:auto}"
            "blockquote{border-left:4px solid #0b5c7a;margin:1rem 0;padding:.2rem 1rem;background:#f3f7f8}"
            ".note{background:#fff8ec;padding:.6rem 1rem}")

NOT_IN_PROFILE = "left out (not in the CC 1.1 profile)"

# our type -> its QTI 1.2 item form in the CC 1.1 profile, or why it is left out
TYPES: ExportTable[Form] = TypeTable("the Common Cartridge export", {
    "single_choice": ExportRow(SINGLE, "cc.multiple_choice"),
    "multiple_choice": ExportRow(MULTIPLE, "cc.multiple_response", "Moodle: picking every choice gets full marks "
                                 "(use Moodle XML); Canvas: its own partial credit"),
    "true_false": ExportRow(TRUE_FALSE, "cc.true_false"),
    "short_answer": ExportRow(BLANK, "cc.fib (fill in the blank), case ignored",
                              "punctuation and accents are not ignored"),
    "numeric": LeftOut(NOT_IN_PROFILE, LEFT_OUT),
    "matching": LeftOut(NOT_IN_PROFILE, LEFT_OUT),
    "ordering": LeftOut(NOT_IN_PROFILE, LEFT_OUT),
    "highlight": ExportRow(SENTENCES, "cc.multiple_response over the passage's sentences",
                           f"{SENTENCE_LIST}; Moodle: picking every sentence gets full marks (use Moodle XML); "
                           "Canvas: its own partial credit"),
    "written_response": ExportRow(ESSAY, "cc.essay", "the rubric and sample answers are left out (the profile "
                                  "has no place a grader alone sees: use the teacher pack or Moodle XML); "
                                  "the word guidance is in the prompt"),
})


def build(quizzes: list[Quiz], content: Content, title: str) -> bytes:
    manifest = ET.Element("manifest", {"xmlns": CC, "xmlns:lomimscc": LOM, "xmlns:xsi": XSI,
                                       "identifier": "crossings-cartridge", "xsi:schemaLocation": SCHEMAS})
    _metadata(ET.SubElement(manifest, "metadata"), f"Crossings: {title}")
    root_item = ET.SubElement(ET.SubElement(ET.SubElement(manifest, "organizations"), "organization",
                                            identifier="organization", structure="rooted-hierarchy"),
                              "item", identifier="root")
    resources = ET.SubElement(manifest, "resources")
    files: dict[str, bytes | str] = {}
    for quiz in quizzes:
        lesson = content.lesson(quiz.lesson_id)
        module = ET.SubElement(root_item, "item", identifier=f"module-{quiz.lesson_id}")
        ET.SubElement(module, "title").text = lesson.title if lesson else quiz.lesson_id
        if lesson is not None:
            page, page_files = lesson_page(lesson, content)
            files.update(page_files)
            _resource(resources, f"reading-{lesson.id}", "webcontent", list(page_files), href=page)
            _link(module, f"reading-{lesson.id}", f"Reading: {lesson.title}")
        if not kept(TYPES, quiz.questions):
            continue  # an assessment needs an item; the readme lists the questions left out
        quiz_file = f"quiz-{quiz.lesson_id}/assessment.xml"
        files[quiz_file] = assessment_document(quiz, content, f"quiz-{quiz.lesson_id}", TYPES)
        _resource(resources, f"quiz-{quiz.lesson_id}", ASSESSMENT, [quiz_file])
        _link(module, f"quiz-{quiz.lesson_id}", f"Quiz: {lesson.title if lesson else quiz.lesson_id}")
    questions = [question for quiz in quizzes for question in quiz.questions]
    files["README.txt"] = readme_text("cc", title, TYPES, questions)
    _resource(resources, "readme", "webcontent", ["README.txt"], href="README.txt")
    return write_zip({"imsmanifest.xml": xml_document(manifest), **files})


def _metadata(metadata: ET.Element, title: str) -> None:
    ET.SubElement(metadata, "schema").text = "IMS Common Cartridge"
    ET.SubElement(metadata, "schemaversion").text = "1.1.0"
    general = ET.SubElement(ET.SubElement(metadata, "lomimscc:lom"), "lomimscc:general")
    ET.SubElement(ET.SubElement(general, "lomimscc:title"), "lomimscc:string", language="en").text = title


def _resource(resources: ET.Element, identifier: str, kind: str, hrefs: list[str], href: str | None = None) -> None:
    attrs = {"identifier": identifier, "type": kind, **({"href": href} if href else {})}
    resource = ET.SubElement(resources, "resource", attrs)
    for name in hrefs:
        ET.SubElement(resource, "file", href=name)


def _link(module: ET.Element, identifier: str, title: str) -> None:
    item = ET.SubElement(module, "item", identifier=f"item-{identifier}", identifierref=identifier)
    ET.SubElement(item, "title").text = title


def lesson_page(lesson: Lesson, content: Content) -> tuple[str, dict[str, bytes | str]]:
    """The lesson's student reading as one HTML page with its visuals beside it."""
    folder = f"lessons/{lesson.id}"
    files: dict[str, bytes | str] = {}
    sections = []
    for section in lesson.student_sections:
        for _alt, target, _title in IMAGE.findall(section.markdown):
            files[f"{folder}/{target}"] = (content.root / "lessons" / target).read_bytes()
        body = render_markdown(section.markdown, content.citable)
        sections.append(f'<section id="{section.slug}"><h2>{html.escape(section.heading)}</h2>{body}</section>')
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in lesson.content_notes)
    cited = [s for s in content.catalog.values() if s.file in lesson.sources]
    sources = "".join(f'<li id="source-{s.key}"><strong>{html.escape(s.cite)}</strong>: “{html.escape(s.title)}”, '
                      f"{html.escape(s.publisher)} ({html.escape(s.date)})</li>" for s in cited)
    page = (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(lesson.title)}</title>'
            f"<style>{PAGE_CSS}</style></head><body><h1>{html.escape(lesson.title)}</h1>"
            + (f'<div class="note"><h2>Content note</h2><ul>{notes}</ul></div>' if notes else "")
            + "".join(sections) + f"<h2>Sources</h2><ol>{sources}</ol></body></html>\n")
    files = {f"{folder}/index.html": page, **files}
    return f"{folder}/index.html", files
