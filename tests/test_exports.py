"""GIFT and Moodle XML exports, read back by parsers nobody here wrote, plus the CLI and downloads.

- GIFT: gift-pegjs (npm), a PEG grammar of Moodle's GIFT format (``npm ci --prefix tests/tools``).
- Moodle XML: moodle-xml-parser (PyPI) reads multichoice questions; the other types are checked
  against the elements Moodle's own importer (question/format/xml/format.php) reads, and the
  text as Moodle's XML reader (lib/xmlize.php) keeps it.
- A synthetic quiz (``factories.tricky_quiz``: every type, every special character, Korean, a
  seven-digit number) goes through both readers too.
"""
from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from factories import TRICKY, login, make_teacher, tricky_quiz

from webapp.content_store import get_content
from webapp.exports import FORMATS, TYPE_MAPS, build_export, gift, moodle, unit_quizzes
from webapp.exports.common import (
    as_multiple_response,
    choice_percents,
    evidence_lines,
    general_feedback,
    one_line,
    pairs,
    prompt,
)
from webapp.exports.readme import NOTES

TOOLS = Path(__file__).parent / "tools"
GIFT_PEGJS = TOOLS / "node_modules" / "gift-pegjs"
PROJECT = Path(__file__).resolve().parents[1]


def all_questions(content):
    return [q for quiz in unit_quizzes(content) for q in quiz.questions]


def gift_pegjs(text: str) -> list[dict]:
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the GIFT export is checked with gift-pegjs, an npm package")
    if not GIFT_PEGJS.is_dir():
        pytest.skip("gift-pegjs is not installed: run `npm ci --prefix tests/tools`")
    done = subprocess.run(["node", str(TOOLS / "gift_parse.js")], input=text, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, f"gift-pegjs could not parse our GIFT: {done.stderr}"
    return json.loads(done.stdout)


def test_gift_export_reads_back_in_gift_pegjs_as_our_questions_and_answers(app):
    content = get_content()
    text = build_export(content, "gift").data.decode("utf-8")
    parsed = gift_pegjs(text)
    assert [p["title"] for p in parsed if p["type"] == "Category"] == [
        f"Crossings/{content.lesson(quiz.lesson_id).title}" for quiz in unit_quizzes(content)]
    read = [p for p in parsed if p["type"] != "Category"]
    questions = all_questions(content)
    assert [p["title"] for p in read] == [q.id for q in questions]
    for question, got in zip(questions, read):
        assert gift_html(got["stem"]["text"]) == prompt(question)
        feedback = got["globalFeedback"]["text"]
        assert question.explanation.split()[0] in feedback
        for evidence in question.evidence:
            assert " ".join(evidence.quote.split()) in feedback
        CHECK_GIFT[question.type_name](question, got)


def _gift_single(question, got):
    assert got["type"] == "MC"
    assert [(gift_html(c["text"]["text"]), c["isCorrect"]) for c in got["choices"]] == [
        (c.text, c.id == question.answer) for c in question.choices]
    for choice, read in zip(question.choices, got["choices"]):
        assert gift_html((read["feedback"] or {}).get("text", "")) == one_line(choice.feedback)


def _gift_multiple(question, got):
    assert got["type"] == "MC"
    percents = choice_percents(question)
    assert [gift_html(c["text"]["text"]) for c in got["choices"]] == [c.text for c in question.choices]
    assert [c["weight"] for c in got["choices"]] == pytest.approx([percents[c.id] for c in question.choices],
                                                                  abs=1e-4)
    assert sum(c["weight"] for c in got["choices"] if c["weight"] > 0) == pytest.approx(100, abs=1e-3)


def _gift_true_false(question, got):
    assert got["type"] == "TF" and got["isTrue"] is question.answer


def _gift_short(question, got):
    assert got["type"] == "Short"
    assert [c["text"]["text"] for c in got["choices"]] == question.accepted
    assert all(c["isCorrect"] for c in got["choices"])


def _gift_numeric(question, got):
    assert got["type"] == "Numerical"
    assert got["choices"]["number"] == question.answer and got["choices"]["range"] == question.tolerance


def _gift_pairs(question, got):
    assert got["type"] == "Matching"
    assert [(gift_html(m["subquestion"]["text"]), gift_plain(m["subanswer"])) for m in got["matchPairs"]] == [
        (p.left, p.right) for p in pairs(question)]


def _gift_essay(question, got):
    assert got["type"] == "Essay"


CHECK_GIFT = {"single_choice": _gift_single, "multiple_choice": _gift_multiple, "true_false": _gift_true_false,
              "short_answer": _gift_short, "numeric": _gift_numeric, "matching": _gift_pairs,
              "ordering": _gift_pairs, "written_response": _gift_essay,
              "highlight": lambda question, got: _gift_multiple(as_multiple_response(question), got)}


def test_gift_escapes_control_characters_so_the_parser_keeps_them_as_text(app):
    from webapp.content.questions import Choice, SingleChoice
    from webapp.exports.gift import question_text

    tricky = SingleChoice(id="t", prompt="Cost: {about} $1,000 = 2~3 #1?", explanation="Why: a=b.",
                          objective="o", skill="recall", evidence=[],
                          choices=[Choice("a", "A: {x}"), Choice("b", "B=2", "no #way")], answer="a")
    got = gift_pegjs(question_text(tricky, get_content()) + "\n")[0]
    assert got["stem"]["text"] == "Cost: {about} $1,000 = 2~3 #1?"
    assert [c["text"]["text"] for c in got["choices"]] == ["A: {x}", "B=2"]
    assert got["choices"][1]["feedback"]["text"] == "no #way"


def gift_html(text: str) -> str:
    """GIFT text Moodle shows as HTML, as a reader sees it: no tag survives, and the text is ours."""
    assert "<" not in text and ">" not in text, f"unescaped HTML in GIFT: {text}"
    return html.unescape(text)


def gift_plain(text: str) -> str:
    """A plain GIFT answer as gift-pegjs reads it (it leaves its own &&035; placeholders in matching answers)."""
    return re.sub(r"&&(\d{3});", lambda m: chr(int(m.group(1))), text)


def test_tricky_quiz_keeps_its_text_and_keys_in_gift_pegjs(app):
    quiz = tricky_quiz()
    content = get_content()
    parsed = [p for p in gift_pegjs(gift.build([quiz], content, "tricky").decode("utf-8")) if p["type"] != "Category"]
    assert [p["title"] for p in parsed] == [q.id for q in quiz.questions]
    for question, got in zip(quiz.questions, parsed):
        assert gift_html(got["stem"]["text"]) == prompt(question)
        assert gift_html(got["globalFeedback"]["text"]) == " ".join(general_feedback(question, content))
        if question.type_name == "highlight":  # multiple response over its numbered sentences
            question = as_multiple_response(question)
        if question.type_name in ("single_choice", "multiple_choice"):
            assert [gift_html(c["text"]["text"]) for c in got["choices"]] == [c.text for c in question.choices]
            assert [gift_html((c["feedback"] or {}).get("text", "")) for c in got["choices"]] == [
                c.feedback for c in question.choices]
            assert [c["isCorrect"] or (c["weight"] or 0) > 0 for c in got["choices"]] == [
                c.id in question.key_ids() for c in question.choices]
        elif question.type_name == "true_false":
            assert got["isTrue"] is question.answer
            assert gift_html(got["trueFeedback"]["text"]) == question.wrong_feedback
        elif question.type_name == "short_answer":
            assert [c["text"]["text"] for c in got["choices"]] == question.accepted
        elif question.type_name == "numeric":
            assert (got["choices"]["number"], got["choices"]["range"]) == (1234567, 0.1)
        elif question.type_name == "written_response":
            assert got["type"] == "Essay"
        else:
            assert [(gift_html(m["subquestion"]["text"]), gift_plain(m["subanswer"])) for m in got["matchPairs"]] == [
                (p.left, p.right) for p in pairs(question)]


def test_gift_numbers_are_written_exactly(app):
    quiz = tricky_quiz()
    numeric = next(q for q in quiz.questions if q.type_name == "numeric")
    assert "#1234567:0.1" in gift.question_text(numeric, get_content())


def test_gift_matching_left_side_with_an_arrow_is_not_split(app):
    """Moodle splits a pair at its first "->"; the left side is HTML, so its arrow is written -&gt;."""
    matching = next(q for q in tricky_quiz().questions if q.type_name == "matching")
    written = gift.question_text(matching, get_content())
    for line in written.splitlines()[1:3]:
        assert line.count("->") == 1, line


# --- Moodle XML ------------------------------------------------------------------------------

def moodle_questions(data: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(data)
    return {q.findtext("name/text"): q for q in root.findall("question") if q.get("type") != "category"}


@pytest.mark.parametrize("which", ["unit", "tricky"])
def test_moodle_xml_multichoice_reads_back_in_moodle_xml_parser(app, capsys, which):
    """Choice questions, and highlights (multiple response over their sentences)."""
    parser = pytest.importorskip("moodle_xml_parser.parser",
                                 reason="moodle-xml-parser (PyPI) reads Moodle XML: pip install it")
    content = get_content()
    quizzes = unit_quizzes(content) if which == "unit" else [tricky_quiz()]
    read = parser.parse_bytes(moodle.build(quizzes, content, which))
    assert capsys.readouterr().out == "", "moodle-xml-parser reported errors"
    asked = [q for quiz in quizzes for q in quiz.questions
             if q.type_name in ("single_choice", "multiple_choice", "highlight")]
    assert [m.name for m in read["multichoice"]] == [q.id for q in asked]
    for original, got in zip(asked, read["multichoice"]):
        question = as_multiple_response(original) if original.type_name == "highlight" else original
        assert re.sub(r"</?p>", "", got.text_pre_parse) == prompt(original)
        assert got.single is (question.type_name == "single_choice")
        expected = (choice_percents(question) if question.type_name == "multiple_choice"
                    else {c.id: 100 if c.id == question.answer else 0 for c in question.choices})
        assert [(o.answer, o.score_fraction) for o in got.options] == [
            (c.text, pytest.approx(expected[c.id], abs=1e-4)) for c in question.choices]
        assert [re.sub(r"</?p>", "", o.feedback) for o in got.options] == [
            " ".join(c.feedback.split()) for c in question.choices]
        assert question.evidence[0].quote.split()[-1] in got.general_feedback


def test_moodle_xml_other_types_have_what_moodles_importer_reads(app):
    content = get_content()
    by_name = moodle_questions(build_export(content, "moodle").data)
    for question in all_questions(content):
        el = by_name[question.id]
        general = html.unescape(el.findtext("generalfeedback/text"))
        assert all(line in general for line in evidence_lines(question, content))
        if question.type_name == "true_false":
            assert el.get("type") == "truefalse"
            fractions = {a.findtext("text"): a.get("fraction") for a in el.findall("answer")}
            assert fractions == {"true": "100" if question.answer else "0", "false": "0" if question.answer else "100"}
        elif question.type_name == "numeric":
            assert el.get("type") == "numerical"
            answer = el.find("answer")
            assert float(answer.findtext("text")) == question.answer
            assert float(answer.findtext("tolerance")) == question.tolerance
        elif question.type_name == "short_answer":
            assert el.get("type") == "shortanswer" and el.findtext("usecase") == "0"
            assert [a.findtext("text") for a in el.findall("answer")] == question.accepted
        elif question.type_name in ("matching", "ordering"):
            assert el.get("type") == "matching"
            assert [(s.findtext("text"), s.findtext("answer/text")) for s in el.findall("subquestion")] == [
                (p.left, p.right) for p in pairs(question)]


# --- readmes, CLI and downloads --------------------------------------------------------------

def test_every_format_maps_every_question_type_and_the_docs_say_the_same():
    from webapp.content.questions import QUESTION_TYPES

    docs = (PROJECT / "docs" / "exports.md").read_text(encoding="utf-8")
    for key, (name, rows) in TYPE_MAPS.items():
        assert {r[0] for r in rows} == set(QUESTION_TYPES), key
        assert name in docs
        for ours, theirs, lost in rows:
            assert f"| `{ours}` | {theirs} | {lost} |" in docs
        for note in NOTES[key]:
            assert f"- {note}" in docs, note
    assert "0.3333333" in " ".join(NOTES["gift"]) and "ID number" in " ".join(NOTES["gift"])


def test_export_cli_writes_each_format_for_one_quiz_or_the_whole_unit(app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export", "--format", "gift", "--quiz", "the-route", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = tmp_path / "crossings-the-route-gift.gift.txt"
    assert written.read_text(encoding="utf-8").count("::route-") == len(get_content().quiz_for("the-route").questions)
    out = tmp_path / "unit.xml"
    assert runner.invoke(args=["export", "--format", "moodle", "--out", str(out)]).exit_code == 0
    assert len(moodle_questions(out.read_bytes())) == len(all_questions(get_content()))
    bad = runner.invoke(args=["export", "--format", "gift", "--quiz", "no-such-lesson", "--out", str(tmp_path)])
    assert bad.exit_code != 0 and "no quiz for lesson 'no-such-lesson'" in bad.output
    assert runner.invoke(args=["export", "--format", "pdf", "--out", str(tmp_path)]).exit_code != 0


def test_teachers_download_exports_from_the_catalog_and_preview(app, client):
    login(client, make_teacher())
    assert "/teacher/exports/" in client.get("/teacher/lessons").get_data(as_text=True)
    preview = client.get("/teacher/lessons/the-route").get_data(as_text=True)
    assert "/teacher/exports/quizzes/the-route/moodle" in preview
    for fmt, spec in FORMATS.items():
        with client.get(f"/teacher/exports/quizzes/the-route/{fmt}") as response:
            assert response.status_code == 200 and response.mimetype == spec.mimetype
            assert f'filename="crossings-the-route-{fmt}.{spec.extension}"' in response.headers["Content-Disposition"]
    assert client.get("/teacher/exports/unit/gift").status_code == 200
    assert client.get("/teacher/exports/unit/docx").status_code == 404
    assert client.get("/teacher/exports/quizzes/nope/gift").status_code == 404
    index = client.get("/teacher/exports/").get_data(as_text=True)
    assert "How each question type arrives" in index and "ordering" in index


def xmlize_text(data: bytes) -> dict[str, list[str]]:
    """Each <text> of a Moodle XML file as Moodle's xmlize keeps it: libxml2 (which PHP's XML
    parser uses, as lxml does) hands text over in chunks, ending one at each entity and before
    a non-ASCII letter; xmlize drops every chunk that PHP's trim() empties."""
    etree = pytest.importorskip("lxml.etree", reason="lxml (PyPI) reads XML as Moodle's parser does")

    class Texts:
        def __init__(self):
            self.path: list[str] = []
            self.found: dict[str, list[str]] = {}
            self.chunks: list[str] = []

        def start(self, tag, attrib):
            self.path.append(tag)
            self.chunks = []

        def data(self, chunk):
            if chunk.strip(" \t\n\r\0\x0b"):
                self.chunks.append(chunk)

        def end(self, tag):
            if tag == "text":
                self.found.setdefault("/".join(self.path[-2:]), []).append("".join(self.chunks))
            self.path.pop()

        def close(self):
            return self.found

    return etree.fromstring(data, etree.XMLParser(target=Texts()))


def test_moodle_xml_text_survives_moodles_xml_reader_with_korean_next_to_an_entity(app):
    """"& 탈북자" came back from Moodle as "&탈북자": a lone space between an entity and Korean."""
    quiz = tricky_quiz()
    texts = xmlize_text(moodle.build([quiz], get_content(), "tricky"))
    assert texts["name/text"] == [q.id for q in quiz.questions]
    assert texts["questiontext/text"] == [f"<p>{html.escape(prompt(q), quote=False)}</p>" for q in quiz.questions]
    for question, feedback in zip(quiz.questions, texts["generalfeedback/text"]):
        assert html.unescape(re.sub(r"</?p>", " ", feedback)).split() == " ".join(
            general_feedback(question, get_content())).split()
        assert "탈북자 & 탈북자" in html.unescape(feedback)
    short = next(q for q in quiz.questions if q.type_name == "short_answer")
    assert set(short.accepted) <= set(texts["answer/text"])
    matching = next(q for q in quiz.questions if q.type_name == "matching")
    assert [p.left for p in matching.pairs] == texts["subquestion/text"][3:]


def test_a_written_response_is_a_moodle_essay_with_the_rubric_for_the_grader(app):
    quiz = tricky_quiz()
    written = next(q for q in quiz.questions if q.type_name == "written_response")
    data = moodle.build([quiz], get_content(), "tricky")
    el = moodle_questions(data)[written.id]
    assert el.get("type") == "essay" and el.findtext("responserequired") == "1"
    grader = html.unescape(el.findtext("graderinfo/text"))
    assert all(c.criterion in grader for c in written.rubric) and all(s.text in grader for s in written.samples)
    assert el.find("graderinfo").get("format") == "html"
    assert "60–250 words" in html.unescape(el.findtext("questiontext/text"))
    read = xmlize_text(data)  # as Moodle's lib/xmlize.php reads it: the Korean and the entity survive
    assert any("Claim " + TRICKY in html.unescape(t) for t in read["graderinfo/text"])


def test_tricky_quiz_keeps_its_keys_in_moodle_xml(app):
    quiz = tricky_quiz()
    by_name = moodle_questions(moodle.build([quiz], get_content(), "tricky"))
    numeric = by_name["tricky-numeric"].find("answer")
    assert (numeric.findtext("text"), numeric.findtext("tolerance")) == ("1234567", "0.1")
    multiple = by_name["tricky-multiple_choice"]
    assert [float(a.get("fraction")) for a in multiple.findall("answer")] == [50, -50, -50, 50]
    assert [a.findtext("text") for a in multiple.findall("answer")] == [
        c.text for c in quiz.questions[1].choices]
    assert [a.findtext("text") for a in by_name["tricky-short_answer"].findall("answer")] == quiz.questions[6].accepted
    assert [(s.findtext("text"), s.findtext("answer/text")) for s in by_name["tricky-matching"].findall("subquestion")] \
        == [(p.left, p.right) for p in quiz.questions[4].pairs]


def test_evidence_that_starts_with_quotation_marks_gets_no_second_pair(app):
    content = get_content()
    quiz = tricky_quiz()
    quote = quiz.questions[0].evidence[0].quote
    assert quote.startswith("“")
    for fmt in FORMATS.values():
        data = fmt.build([quiz], content, "tricky")
        if data.startswith(b"PK"):
            package = zipfile.ZipFile(io.BytesIO(data))
            data = b"".join(package.read(name) for name in package.namelist())
        joined = html.unescape(data.decode("utf-8"))
        assert "““" not in joined and "””" not in joined, fmt.key
        assert "“&" in joined, fmt.key
