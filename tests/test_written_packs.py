"""A written response on paper and in the teacher's key: lined space and the rubric for students,
the rubric and the annotated sample answers for the teacher only."""
from __future__ import annotations

import dataclasses
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from factories import WRITTEN_ID, written_question
from test_browser import ARGS, CHROMIUM

from webapp import create_app
from webapp.content.loader import load_valid_content
from webapp.content.quizzes import Quiz
from webapp.packs.builder import render_pdf
from webapp.packs.documents import PackSpec, pack_html

LESSON = "why-people-leave"


@pytest.fixture(scope="module")
def content():
    """The unit with the fixture's written response ending this lesson's quiz."""
    real = load_valid_content()
    quiz = real.quiz_for(LESSON)
    quizzes = {**real.quizzes, LESSON: Quiz(LESSON, [*quiz.questions[:2], written_question(LESSON)], quiz.path)}
    return dataclasses.replace(real, quizzes=quizzes)


def text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_the_student_worksheet_has_lined_space_and_the_rubric_but_no_samples(content):
    page = pack_html(content, PackSpec(LESSON, "student"))
    sheet = page[page.index("Quiz worksheet"):]
    assert sheet.count('class="write-line write-full"') == 12  # at most what fits under a long rubric
    assert sheet.index("Rubric") < sheet.index("write-line write-full")  # read before writing
    words = text(sheet)
    assert ("Write 60–250 words on the lines (and on the back if you need more room). Your teacher grades it "
            "with this rubric:") in words
    assert "Claim Clear (2) Claim: clear." in words and "Reasoning" in words
    assert "Hunger drove them out." not in words and "No evidence." not in words  # the samples


def test_the_teacher_key_has_the_rubric_and_the_annotated_samples(content):
    words = text(pack_html(content, PackSpec(LESSON, "teacher")))
    assert "Sample “strong” — Claim: 2, Evidence: 2, Reasoning: 2 (6 of 6 points)" in words
    assert "Hunger drove them out." in words and "No evidence." in words
    assert "What a strong answer does: A strong answer names a cause." in words


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed (apt-get install "
                    "poppler-utils); PDF text checks skipped")
def test_the_prompt_and_its_rubric_print_on_one_page_even_on_letter(content, tmp_path):
    pdf = tmp_path / "student-letter.pdf"
    pdf.write_bytes(render_pdf(content, PackSpec(LESSON, "student", "letter")))
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    page = next(p for p in pages if "Why did most people leave?" in p)
    assert "Rubric" in page and "Reasoning: missing." in page
    assert render_pdf(content, PackSpec(LESSON, "teacher")).startswith(b"%PDF")


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed "
                    "(apt-get install chromium); the file:// browser test is skipped")
def test_the_offline_self_check_shows_the_rubric_to_check_a_written_answer_against(content, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from webapp.packs.html_bundle import write_bundle

    with create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SERVER_NAME": "localhost"}
                    ).app_context():
        bundle = write_bundle(content, tmp_path / "bundle")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((bundle / f"quiz-{LESSON}.html").as_uri())
        box = page.locator(f'fieldset[data-question="{WRITTEN_ID}"]')
        box.locator("textarea").fill("Hunger drove most people out, the survey says.")
        box.get_by_role("button", name="Check").click()
        result = box.locator(".selfcheck-result")
        expect(result).to_contain_text("You wrote 8 words (guidance: 60–250)")
        expect(result).to_contain_text("Partial (1): Evidence: partial.")
        expect(result).to_contain_text("A strong answer names a cause.")
        assert errors == []
        browser.close()
