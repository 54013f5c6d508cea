"""A highlight question in each export: QTI 2.1 natively (a hottextInteraction over the
passage), the others as multiple response over its numbered sentences, and every readme says so.
(Scoring read back by pyslet, the XSDs, the GIFT and Moodle readers: test_exports*.py, through
``factories.tricky_quiz``.)"""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from test_content_check import MINI

from webapp.content.loader import load_content
from webapp.exports import cartridge, gift, moodle, qti12_package, qti21
from webapp.exports.readme import HIGHLIGHT_NOTE

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
QUESTION = "mini-walk-evidence"


@pytest.fixture(scope="module")
def mini():
    content = load_content(MINI, texts_dir=None)
    return content, content.quiz_for("mini")


def test_qti21_writes_the_passage_as_hot_text_scored_with_the_penalty(mini):
    content, quiz = mini
    package = zipfile.ZipFile(io.BytesIO(qti21.build([quiz], content, "mini")))
    item = ET.fromstring(package.read(f"items/{QUESTION}.xml"))
    interaction = item.find(f"{QTI}itemBody/{QTI}hottextInteraction")
    assert interaction.get("maxChoices") == "0"
    assert [h.get("identifier") for h in interaction.iter(f"{QTI}hottext")] == ["s1", "s2", "s3", "s4"]
    assert "Your score can't go below zero." in interaction.findtext(f"{QTI}prompt")
    mapping = {e.get("mapKey"): float(e.get("mappedValue")) for e in item.iter(f"{QTI}mapEntry")}
    assert mapping == {"s1": -0.5, "s2": 0.5, "s3": 0.5, "s4": -0.5}
    assert "hottextInteraction" in package.read("README.txt").decode("utf-8")


def test_the_other_formats_write_numbered_sentences_to_tick_and_say_so(mini):
    content, quiz = mini
    xml = moodle.build([quiz], content, "mini").decode("utf-8")
    question = next(q for q in ET.fromstring(xml).findall("question") if q.findtext("name/text") == QUESTION)
    assert question.get("type") == "multichoice" and question.findtext("single") == "false"
    assert question.findtext("shuffleanswers") == "false", "a passage keeps its order"
    assert [(a.get("fraction"), a.findtext("text")[:5]) for a in question.findall("answer")] == [
        ("-50", "1. A "), ("50", "2. Th"), ("50", "3. “W"), ("-50", "4. Or")]
    text = gift.build([quiz], content, "mini").decode("utf-8")
    assert "~%50%2. The ferry crossed" in text and "~%-50%4. Orchards" in text
    for data in (xml, text):
        assert f"- {HIGHLIGHT_NOTE}" in data
    for build in (cartridge.build, qti12_package.build):
        package = zipfile.ZipFile(io.BytesIO(build([quiz], content, "mini")))
        readme = package.read("README.txt").decode("utf-8")
        assert f"- {HIGHLIGHT_NOTE}" in readme
        assembled = b"".join(package.read(n) for n in package.namelist() if n.endswith(".xml"))
        assert f'ident="{QUESTION}"'.encode() in assembled and b"multiple_answers_question" in assembled
