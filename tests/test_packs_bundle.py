"""The offline edition: a folder that works from file:// with no server and no network."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from markupsafe import escape

from webapp.content.loader import load_valid_content
from webapp.packs.html_bundle import BUNDLE_NAME, OfflineLink, bundle_url, write_bundle

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


@pytest.fixture(scope="module")
def content():
    return load_valid_content()


@pytest.fixture(scope="module")
def bundle(content, tmp_path_factory):
    return write_bundle(content, tmp_path_factory.mktemp("offline"))


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def test_every_page_is_there_and_every_link_is_relative_and_resolves(content, bundle):
    pages = sorted(p.name for p in bundle.glob("*.html"))
    expected = {"index.html", "glossary.html", "timeline.html", "sources.html"}
    expected |= {f"lesson-{lesson.id}.html" for lesson in content.lessons}
    expected |= {f"quiz-{lesson.id}.html" for lesson in content.lessons if content.quiz_for(lesson.id)}
    assert set(pages) == expected
    for page in bundle.glob("*.html"):
        for link in links(page.read_text(encoding="utf-8")):
            assert "://" not in link and not link.startswith("/"), f"{page.name}: {link}"
            target = link.split("#")[0]
            if target:
                assert (bundle / target).is_file(), f"{page.name} links to missing {target}"


def test_lessons_have_their_reading_and_no_teacher_notes(content, bundle):
    for lesson in content.lessons:
        html = (bundle / f"lesson-{lesson.id}.html").read_text(encoding="utf-8")
        assert escape(lesson.title) in html and escape(lesson.student_sections[0].heading) in html
        assert "Teacher notes" not in html
        notes = re.sub(r"\*\*[^*]+\*\*", "", lesson.teacher_notes.markdown).split()
        assert " ".join(notes[:12]) not in html, "teacher notes text leaked"
    route = (bundle / "lesson-the-route.html").read_text(encoding="utf-8")
    assert 'src="visuals/route-map.svg"' in route and (bundle / "visuals" / "route-map.svg").is_file()


def test_quiz_pages_carry_their_questions_as_json_data(content, bundle):
    html = (bundle / "quiz-why-people-leave.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="selfcheck-data">(.*?)</script>', html, re.S).group(1)
    data = {q["id"]: q for q in json.loads(block)}
    quiz = content.quiz_for("why-people-leave")
    assert list(data) == [q.id for q in quiz.questions]
    for q in quiz.questions:
        assert data[q.id]["explanation"] == q.explanation
        assert [e["quote"] for e in data[q.id]["evidence"]] == [e.quote for e in q.evidence]
    assert re.findall(r"<script(?![^>]*(?:src=|application/json))", html) == [], "no inline script"


def test_the_glossary_timeline_and_sources_pages_are_the_apps(content, bundle):
    glossary = (bundle / "glossary.html").read_text(encoding="utf-8")
    assert all(escape(term.term) in glossary for term, _ in content.glossary)
    assert 'src="timeline.svg"' in (bundle / "timeline.html").read_text(encoding="utf-8")
    sources = (bundle / "sources.html").read_text(encoding="utf-8")
    assert all(escape(s.title) in sources for s in content.catalog.values())
    with pytest.raises(OfflineLink):
        bundle_url("auth.login")


def test_the_stylesheet_finds_its_fonts_in_the_folder(bundle):
    """crossings.css serves Korean and Arabic fonts (classroom tour, bug 4); offline they come along."""
    css = (bundle / "assets" / "crossings.css").read_text(encoding="utf-8")
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert any("Hangul" in url for url in urls)
    for url in urls:
        assert (bundle / "assets" / url).is_file(), url


def test_the_zip_holds_the_same_folder(bundle):
    with zipfile.ZipFile(bundle.with_suffix(".zip")) as archive:
        names = set(archive.namelist())
    on_disk = {f"{BUNDLE_NAME}/{p.relative_to(bundle).as_posix()}" for p in bundle.rglob("*") if p.is_file()}
    assert names == on_disk


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed "
                    "(apt-get install chromium); the file:// browser test is skipped")
def test_self_check_works_from_file_with_the_network_blocked(content, bundle):
    from playwright.sync_api import expect, sync_playwright

    quiz = content.quiz_for("why-people-leave")
    first = quiz.questions[0]
    wrong = next(c for c in first.choices if c.id != first.answer and c.feedback)
    numeric = next(q for q in quiz.questions if q.type_name == "numeric")
    blocked: list[str] = []

    def only_files(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context()
        context.set_offline(True)
        context.route("**/*", only_files)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((bundle / "index.html").as_uri())
        page.get_by_role("link", name="Self-check quiz").first.click()
        expect(page).to_have_url(re.compile(r"quiz-why-people-leave\.html$"))

        box = page.locator(f'fieldset[data-question="{first.id}"]')
        box.locator(f'input[value="{wrong.id}"]').check()
        box.get_by_role("button", name="Check").click()
        result = box.locator(".selfcheck-result")
        expect(result).to_contain_text("Not correct")
        expect(result).to_contain_text(wrong.feedback.split(".")[0])
        expect(result).to_contain_text(first.explanation)
        expect(result).to_contain_text(first.evidence[0].quote)
        expect(result).to_contain_text(content.catalog[first.evidence[0].source].cite)

        box.locator(f'input[value="{first.answer}"]').check()
        box.get_by_role("button", name="Check").click()
        expect(result).to_contain_text("✓ Correct")
        expect(page.locator("#selfcheck-score")).to_contain_text(f"Checked 1 of {len(quiz.questions)}")

        number = page.locator(f'fieldset[data-question="{numeric.id}"]')
        number.locator("input").fill(f"{numeric.answer:,.0f}")
        number.get_by_role("button", name="Check").click()
        expect(number.locator(".selfcheck-result")).to_contain_text("✓ Correct")
        # the server's numbers (Tour 2-5): spaced thousands and the unit count, "4.800" is ambiguous
        number.locator("input").fill(f"{numeric.answer:,.0f} {numeric.unit}".replace(",", " "))
        number.get_by_role("button", name="Check").click()
        expect(number.locator(".selfcheck-result")).to_contain_text("✓ Correct")
        number.locator("input").fill("4.800")
        number.get_by_role("button", name="Check").click()
        expect(number.locator(".selfcheck-result")).to_contain_text("4.800 could mean 4.8 or 4800")

        page.goto((bundle / "lesson-the-route.html").as_uri())
        loaded = page.locator("figure.visual img").first.evaluate("img => img.complete && img.naturalWidth > 0")
        browser.close()
    assert loaded, "the route map loads from the bundle's visuals folder"
    assert errors == []
    assert blocked == [], f"the bundle tried the network: {blocked}"


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed "
                    "(apt-get install chromium); the file:// browser test is skipped")
def test_a_written_answer_counts_its_words_offline_and_says_who_grades_it(content, bundle):
    from playwright.sync_api import expect, sync_playwright

    written = next(q for q in content.quiz_for("why-people-leave").questions if not q.auto_scored)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((bundle / "quiz-why-people-leave.html").as_uri())
        box = page.locator(f'fieldset[data-question="{written.id}"]')
        count = box.locator(".word-count")
        expect(count).to_contain_text("0 words")
        box.locator("textarea").click()
        page.keyboard.type("Hunger drove them out.")
        expect(count).to_contain_text("4 words")
        expect(box).to_contain_text("your teacher grades it in the app")
        expect(box).not_to_contain_text("after you submit")
        browser.close()
    assert errors == []
