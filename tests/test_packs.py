"""Printed packs read back from the PDF: what students see, what teachers see, and print quality.

The unit pack is built once for this module and one lesson's packs once; everything else
reads those files.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from webapp.content.loader import load_valid_content
from webapp.content.render import render_inline, render_markdown
from webapp.packs.builder import render_pdf
from webapp.packs.documents import PackSpec
from webapp.packs.worksheet import sheets

LESSON = "why-people-leave"
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed "
                                     "(apt-get install poppler-utils); PDF text checks skipped")
POINTS = {"A4": (595.3, 841.9), "Letter": (612.0, 792.0)}


def fold(text: str) -> str:
    """Text as compared: tags and entities gone, quotes and dashes plain, white space folded."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", str(text)))
    text = re.sub(r"[‘’“”\"']", "", text).replace("–", "-").replace("—", "-").replace("…", "...")
    return re.sub(r"\s+", " ", text).replace("- ", "").replace("-", "").strip().casefold()


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True)
    return out.stdout.split("\f")[:-1]


@pytest.fixture(scope="module")
def content():
    return load_valid_content()


@pytest.fixture(scope="module")
def built(content, tmp_path_factory):
    """This lesson's student and teacher packs (A4), and the teacher pack on Letter."""
    folder = tmp_path_factory.mktemp("lesson-packs")
    out = {}
    for kind, paper in (("student", "a4"), ("teacher", "a4"), ("teacher", "letter")):
        path = folder / f"{kind}-{paper}.pdf"
        path.write_bytes(render_pdf(content, PackSpec(LESSON, kind, paper)))
        out[kind, paper] = path
    return out


@pytest.fixture(scope="module")
def unit_pack(content, tmp_path_factory):
    path = tmp_path_factory.mktemp("unit-pack") / "unit-student-letter.pdf"
    path.write_bytes(render_pdf(content, PackSpec("unit", "student", "letter")))
    return path


def questions(content):
    return content.quiz_for(LESSON).questions


@needs_pdftotext
def visual_text(content, markdown: str) -> str:
    """The words drawn in the SVG visuals a section shows (a chart's labels are printed too)."""
    from xml.etree import ElementTree

    from webapp.content.lessons import IMAGE

    words = []
    for _alt, target, _title in IMAGE.findall(markdown):
        tree = ElementTree.parse(content.root / "lessons" / target)
        words += ["".join(t.itertext()) for t in tree.iter("{http://www.w3.org/2000/svg}text")]
    return " ".join(words)


def test_student_pack_has_every_prompt_and_no_answers_explanations_or_feedback(content, built):
    student = fold(" ".join(page_texts(built["student", "a4"])))
    teacher = fold(" ".join(page_texts(built["teacher", "a4"])))
    lesson = content.lesson(LESSON)
    reading = fold(" ".join(render_markdown(s.markdown, content.catalog) for s in lesson.student_sections)
                   + " ".join(visual_text(content, s.markdown) for s in lesson.student_sections))
    for q in questions(content):
        assert fold(render_inline(q.prompt)) in student, q.id
        assert fold(q.explanation) in teacher, f"{q.id}: the comparison itself must work"
        assert fold(q.explanation) not in student, f"{q.id}: explanation printed for students"
        for feedback in [c.feedback for c in getattr(q, "choices", []) if c.feedback] + \
                [getattr(q, "wrong_feedback", "")]:
            if feedback:
                assert fold(feedback) in teacher and fold(feedback) not in student, q.id
        passage = fold(" ".join(span.text for span in getattr(q, "spans", [])))  # a highlight prints its passage
        for ev in q.evidence:
            if fold(ev.quote) not in reading + passage:  # a quote the reading or the question shows may appear
                assert fold(ev.quote) not in student, f"{q.id}: evidence printed for students"
    for marker in ("answer key", "answer:", "on the worksheet:", "why:", "feedback", "teacher notes", "preview first"):
        assert marker not in student, marker


@needs_pdftotext
def test_student_pack_has_objectives_reading_visual_key_terms_and_sources(content, built):
    text = fold(" ".join(page_texts(built["student", "a4"])))
    lesson = content.lesson(LESSON)
    for item in [o.text for o in lesson.objectives] + [t.term for t in lesson.key_terms] + \
            [s.heading for s in lesson.student_sections] + ["Sources for this lesson", "Quiz worksheet"]:
        assert fold(item) in text, item
    for name in lesson.sources:
        source = content.catalog[name]
        assert fold(f"{source.kind}; date: {source.date}") in text, name
    images = [page["/Resources"].get("/XObject", {}) for page in PdfReader(built["student", "a4"]).pages]
    assert any(images), "the famine chart (an SVG visual) is drawn in the pack"


@needs_pdftotext
def test_teacher_pack_has_notes_discussion_and_each_answer_with_evidence_and_citation(content, built):
    text = fold(" ".join(page_texts(built["teacher", "a4"])))
    lesson = content.lesson(LESSON)
    assert "teacher notes" in text and "discussion guide" in text and "content note" in text
    assert fold(lesson.content_notes[0]) in text
    for q in questions(content):
        assert fold(q.describe(q.correct_answer())) in text, q.id
        for ev in q.evidence:
            assert fold(ev.quote) in text, q.id
            assert fold(content.catalog[ev.source].cite) in text
    for sheet in sheets(questions(content)):
        assert fold(f"{sheet.number}. {sheet.question.label}") in text
        assert fold(f"On the worksheet: {sheet.key}") in text


def test_paper_sizes_fonts_embedded_and_page_numbers(built):
    for (kind, paper), path in built.items():
        reader = PdfReader(path)
        width, height = POINTS["A4" if paper == "a4" else "Letter"]
        for page in reader.pages:
            box = page.mediabox
            assert abs(float(box.width) - width) < 1 and abs(float(box.height) - height) < 1, (kind, paper)
    for page in PdfReader(built["student", "a4"]).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"])
            # The app's own fonts (print.css @font-face), never the server's (classroom tour, bug 4).
            assert str(font["/BaseFont"]).split("+")[-1].startswith("Crossings-"), font["/BaseFont"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object()), "font not embedded"


@needs_pdftotext
def test_every_page_is_numbered_and_no_question_is_split(content, built):
    pages = page_texts(built["student", "a4"])
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    for q in questions(content):
        prompt = fold(render_inline(q.prompt))
        assert sum(prompt in fold(text) for text in pages) == 1, f"{q.id} is not on one page"


@needs_pdftotext
def test_unit_pack_contents_match_the_pages_sections_start_on(content, unit_pack):
    pages = page_texts(unit_pack)
    reader = PdfReader(unit_pack)
    destinations = reader.named_destinations
    toc_page = next(i for i, text in enumerate(pages) if text.lstrip().startswith("Contents")
                    or "\nContents\n" in text)
    entries = [("part-glossary", "Glossary"), ("part-timeline", "Timeline")] + [
        (f"part-{lesson.id}", lesson.title) for lesson in content.lessons]
    assert content.lessons[-1].kind == "review"
    for anchor, title in entries:
        match = re.search(re.escape(title) + r"[ .]*?(\d+)\s*$", pages[toc_page], re.M)
        assert match, f"{title} is not in the contents"
        real = reader.get_destination_page_number(destinations[anchor]) + 1
        assert int(match.group(1)) == real, f"{title}: contents say {match.group(1)}, starts on {real}"
        assert fold(title) in fold(pages[real - 1]), f"{title} is not on page {real}"
    glossary_page = pages[reader.get_destination_page_number(destinations["part-glossary"])]
    assert fold(content.glossary[0][0].definition) in fold(glossary_page)


@needs_pdftotext
def test_unit_pack_has_cover_running_headers_timeline_and_letter_paper(content, unit_pack):
    pages = page_texts(unit_pack)
    assert "Student pack" in pages[0] and "Page 1 of" not in pages[0], "the cover is clean"
    first_lesson = content.lessons[0]
    headers = ["\n".join(text.splitlines()[:3]) for text in pages]
    assert sum(f"Lesson 1: {first_lesson.title}" in header for header in headers) > 3, \
        "the lesson's title runs in the page header"
    assert all(header.startswith("Crossings · Student pack") for header in headers[1:])
    timeline = fold(" ".join(pages))
    assert fold(content.timeline[0].title) in timeline and fold(content.timeline[-1].title) in timeline
    box = PdfReader(unit_pack).pages[5].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
