"""The highlight question: scoring with its penalty and floor, the answer from the form, and
its authoring checks (each fails a broken copy of the mini fixture with its message)."""
from __future__ import annotations

import pytest
from test_content_check import QUIZ, broken_copy, problems_of
from werkzeug.datastructures import MultiDict

from webapp.content.questions import Evidence
from webapp.content.questions.base import pick_score
from webapp.content.questions.highlight import Highlight, Span

COMMON = dict(prompt="p", explanation="e", objective="o", skill="sourcing")
SPANS = [Span(f"s{n}", f"Sentence {n}.") for n in range(1, 6)]


def question(answer=("s2", "s4"), **kwargs) -> Highlight:
    return Highlight(id="hl", **COMMON, source="river.txt", spans=list(SPANS), answer=list(answer), **kwargs)


@pytest.mark.parametrize("picked, points", [
    (["s2", "s4"], 1.0),             # both right
    (["s2"], 0.5),                   # one of two right
    (["s2", "s4", "s1"], 0.5),       # both right, one wrong: a wrong pick takes 1/len(answer) away
    (["s2", "s1"], 0.0),             # one right, one wrong
    (["s1", "s3", "s5"], 0.0),       # only wrong picks: never below 0
    (["s2", "s1", "s3", "s5"], 0.0),  # more wrong than right: still 0
    ([], 0.0),
])
def test_each_right_pick_earns_and_each_wrong_pick_takes_away_a_share(picked, points):
    assert question().score(picked).points == points


def test_with_three_key_spans_each_pick_is_a_third():
    q = question(answer=("s1", "s2", "s3"))
    assert q.score(["s1", "s2"]).points == pytest.approx(2 / 3)
    assert q.score(["s1", "s2", "s3", "s4"]).points == pytest.approx(2 / 3)
    assert q.score(["s1", "s2", "s3"]).correct
    assert pick_score(["s1", "s4", "s5"], ["s1", "s2", "s3"]) == 0.0


def test_the_answer_comes_from_the_form_in_passage_order_and_round_trips():
    q = question()
    raw = q.from_form(MultiDict([("q-hl", "s4"), ("q-hl", "s2"), ("q-hl", "s4")]).getlist)
    assert q.normalize(raw) == ["s2", "s4"]
    assert q.to_fields(["s2", "s4"]) == {"q-hl": ["s2", "s4"]}
    assert q.normalize("s3") == ["s3"]
    assert q.normalize(["s2", "s9"]) is None and q.normalize({"s2": 1}) is None


def test_the_scoring_is_stated_in_plain_words():
    assert question().scoring_note() == (
        "How points work: 2 sentences support the claim. Each one you pick earns half the points. Each "
        "sentence you pick that does not support it takes the same share away. Your score can't go below zero.")
    assert question(answer=("s1",)).scoring_note() == (
        "How points work: One sentence supports the claim. Picking it earns all the points. Each sentence you "
        "pick that does not support it takes them all away. Your score can't go below zero.")


def test_on_paper_the_passage_is_numbered_and_the_student_underlines():
    from webapp.packs.worksheet import sheets

    q = question()
    q.prompt = "Select the sentences that show the road was closed."
    sheet = sheets([q])[0]
    assert [r.mark for r in sheet.rows] == ["1", "2", "3", "4", "5"]
    assert sheet.instruction.startswith("Underline the sentences that show the road was closed. How points work:")
    assert sheet.key == "Sentences 2, 4 underlined"
    assert q.describe(["s4", "s2"]) == "2. Sentence 2. 4. Sentence 4."


def test_the_offline_self_check_gets_what_its_scorer_needs():
    from test_content_check import MINI

    from webapp.content.loader import load_content
    from webapp.packs.html_bundle import selfcheck_data

    content = load_content(MINI, texts_dir=None)
    data = selfcheck_data(content.question("mini-walk-evidence"), content)
    assert data["type"] == "highlight" and data["field"] == "q-mini-walk-evidence" and data["answer"] == ["s2", "s3"]
    assert data["spans"] == ["s1", "s2", "s3", "s4"]


def test_the_key_spans_are_the_evidence_and_the_class_picks_are_counted():
    q = question()
    assert q.key_evidence() == [Evidence("river.txt", "Sentence 2."), Evidence("river.txt", "Sentence 4.")]
    assert q.picks([["s2"], ["s2", "s5"], None]) == {"s1": 0, "s2": 2, "s3": 0, "s4": 0, "s5": 1}


def test_the_fixture_question_is_read_with_its_derived_evidence():
    from test_content_check import MINI

    from webapp.content.loader import load_content

    q = load_content(MINI, texts_dir=None).question("mini-walk-evidence")
    assert isinstance(q, Highlight) and q.answer == ["s2", "s3"] and len(q.spans) == 4
    assert [e.quote[:12] for e in q.evidence] == ["The ferry cr", "“We walked a"]


SPANS_YAML = '''        - {id: s4, text: "Orchards slowly children their boat men town stone rowed."}
'''
LONG = " ".join(["Walls boat cattle low green boat men waved waved."] * 13)
BROKEN = [
    ("too few spans", '        - {id: s3, text: "“We walked all day,” said the guide, “because the road was closed.”"}\n'
     + SPANS_YAML, "",
     "quizzes/mini.yaml:35: question mini-walk-evidence: field 'passage.spans': has 2 spans; a passage has 3–8"),
    ("too many spans", SPANS_YAML, SPANS_YAML + "".join(
        f'        - {{id: x{n}, text: "Fields men stone waved boat town walls."}}\n' for n in range(5)),
     "quizzes/mini.yaml:35: question mini-walk-evidence: field 'passage.spans': has 9 spans; a passage has 3–8"),
    ("passage over 120 words", SPANS_YAML, f'        - {{id: s4, text: "{LONG}"}}\n',
     "quizzes/mini.yaml:35: question mini-walk-evidence: field 'passage.spans': the spans have 157 words "
     "together; at most 120"),
    ("answer names an unknown span", "    answer: [s2, s3]\n", "    answer: [s2, s9]\n",
     "quizzes/mini.yaml:40: question mini-walk-evidence: field 'answer': 's9' is not among the spans "
     "(s1, s2, s3, s4)"),
    ("empty answer", "    answer: [s2, s3]\n", "    answer: []\n",
     "quizzes/mini.yaml:40: question mini-walk-evidence: field 'answer': must not be empty"),
    ("answer names every span", "    answer: [s2, s3]\n", "    answer: [s1, s2, s3, s4]\n",
     "quizzes/mini.yaml:40: question mini-walk-evidence: field 'answer': names every span; leave at least one "
     "that does not support the claim"),
    ("duplicate span id", '{id: s4, text: "Orchards', '{id: s3, text: "Orchards',
     "quizzes/mini.yaml:39: question mini-walk-evidence: field 'passage.spans[4].id': duplicate span id 's3' "
     "(first on line 38)"),
    ("no passage", "    passage:\n      source: river.txt\n", "    unused:\n      source: river.txt\n",
     "quizzes/mini.yaml:30: question mini-walk-evidence: field 'passage': missing required field"),
    ("unknown source", "      source: river.txt\n      spans:", "      source: lake.txt\n      spans:",
     "quizzes/mini.yaml: question mini-walk-evidence: field 'passage.source': unknown source 'lake.txt' "
     "(known: river.txt)"),
    ("span not verbatim", "the wide river at dawn, and", "the wide lake at dawn, and",
     "quizzes/mini.yaml: question mini-walk-evidence: field 'passage.spans[2].text': span s2 not found verbatim "
     "in river.txt: 'The ferry crossed the wide lake at dawn, and the travellers waited on…'"),
    ("spans not consecutive", '{id: s1, text: "A made-up source for the tests."}',
     '{id: s1, text: "Fields men stone waved boat town walls."}',
     "quizzes/mini.yaml: question mini-walk-evidence: field 'passage.spans': the spans are not one run of "
     "river.txt: joined in order, they must stand there as written, each sentence right after the one before"),
]


@pytest.mark.parametrize("kind, old, new, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_authoring_check_fails_its_broken_fixture(tmp_path, kind, old, new, message):
    found = problems_of(broken_copy(tmp_path, QUIZ, old, new))
    assert message in found, found


def test_item_analysis_counts_each_wrong_sentence_or_the_missed_key():
    q = question()
    assert [(k.key, k.label) for k in q.answer_keys(["s1", "s2", "s5"])] == [("s1", "Sentence 1"), ("s5", "Sentence 5")]
    assert [k.label for k in q.answer_keys(["s2"])] == ["Left out a supporting sentence"]
    assert q.display_order(["s1", "s2", "s3"], "seed", shuffle=True) == ["s1", "s2", "s3"]


def test_the_offline_quiz_page_has_the_toggles_and_their_script():
    from test_content_check import MINI

    from webapp.content.loader import load_content
    from webapp.packs.html_bundle import ASSETS, pages

    page = pages(load_content(MINI, texts_dir=None))["quiz-mini.html"]
    assert page.count('class="span-toggle" aria-pressed="false"') == 4
    assert '<script src="assets/highlight.js">' in page and ASSETS["highlight.js"].is_file()


@pytest.mark.skipif(__import__("shutil").which("pdftotext") is None,
                    reason="pdftotext is not installed (apt-get install poppler-utils)")
def test_the_printed_passage_flows_with_each_number_inline_on_letter_paper(tmp_path):
    """WeasyPrint broke the line after the first word that followed a <sup> number ("1 All", then
    the sentence on the next line); the numbers are now text, so the passage wraps like prose."""
    import subprocess

    from webapp.content.loader import load_valid_content
    from webapp.packs.builder import render_pdf
    from webapp.packs.documents import PackSpec

    content = load_valid_content()
    q = next(q for q in content.quiz_for("why-people-leave").questions if q.type_name == "highlight")
    pdf = tmp_path / "student.pdf"
    pdf.write_bytes(render_pdf(content, PackSpec("why-people-leave", "student", "letter")))
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    first_words = " ".join(q.spans[0].text.split()[:6])
    line = next((line for line in text.splitlines() if first_words in line), None)
    assert line is not None, f"the passage's first line does not hold {first_words!r}"
    assert "1" in line.split(first_words.split()[0])[0], "the first sentence's number is on its line"
