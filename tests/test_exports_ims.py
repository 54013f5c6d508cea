"""The QTI 2.1 package and the Common Cartridge, read back by pyslet (PyPI), an IMS library
nobody here wrote.

- QTI 2.1: pyslet parses each item and RUNS its response processing; for several answers per
  question its SCORE must equal ours, and the feedback it shows must be the feedback we wrote.
- Common Cartridge 1.1: pyslet opens it as an IMS content package and runs its Common
  Cartridge profile conformance tests; its QTI 1.2 reader parses each assessment, and what it
  read (items, choices, scoring conditions) must match our questions. pyslet's QTI 1 -> 2
  migration does not run on Python 3, so QTI 1.2 scoring is compared, not executed.
"""
from __future__ import annotations

import io
import re
import unittest
import warnings
import zipfile

import pytest

from webapp.content.render import render_markdown
from webapp.content_store import get_content
from webapp.exports import build_export, unit_quizzes
from webapp.exports.common import one_line, pairs, prompt
from webapp.exports.qti21 import ident

# pyslet (2017) calls its own renamed functions, which warn; only those warnings are let through.
pytestmark = pytest.mark.filterwarnings("ignore:.* is deprecated, use:DeprecationWarning")


def pyslet(module: str):
    """Import a pyslet module: it is 2017 code that warns on import under Python 3.11."""
    pytest.importorskip("pyslet", reason="pyslet (PyPI) reads the IMS exports: pip install pyslet")
    import importlib

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return importlib.import_module(module)


@pytest.fixture(scope="module")
def content():
    from webapp import create_app

    with create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).app_context():
        yield get_content()


# --- QTI 2.1 ---------------------------------------------------------------------------------

def qti_response(question, answer):
    """Our answer as the QTI 2.1 response our item declares."""
    variables = pyslet("pyslet.qtiv2.variables")
    kind = question.type_name
    if kind == "single_choice":
        value, cardinality, base = ident(answer, "c"), "single", "identifier"
    elif kind == "true_false":
        value, cardinality, base = ("true" if answer else "false"), "single", "identifier"
    elif kind == "multiple_choice":
        value, cardinality, base = [ident(a, "c") for a in answer], "multiple", "identifier"
    elif kind == "ordering":
        value, cardinality, base = [ident(a, "i") for a in answer], "ordered", "identifier"
    elif kind == "matching":
        value = [(f"L_{ident(k)}", f"R_{ident(v)}") for k, v in answer.items()]
        cardinality, base = "multiple", "directedPair"
    elif kind == "numeric":
        value, cardinality, base = float(answer), "single", "float"
    else:
        value, cardinality, base = answer, "single", "string"
    result = variables.Value.new_value(variables.Cardinality.from_str(cardinality),
                                       variables.BaseType.from_str(base))
    result.set_value(value)
    return result


def answers_to_try(question):
    """The right answer, wrong ones and partly right ones, in our own answer form."""
    right = question.correct_answer()
    kind = question.type_name
    if kind == "single_choice":
        return [right, *(c.id for c in question.choices if c.id != right)]
    if kind == "true_false":
        return [right, not right]
    if kind == "multiple_choice":
        wrong = [c.id for c in question.choices if c.id not in right]
        return [right, right[:1], right + wrong[:1], wrong[:1]]
    if kind == "ordering":
        return [right, list(reversed(right)), right[1:] + right[:1]]
    if kind == "matching":
        ids = list(right)
        return [right, {k: ids[(i + 1) % len(ids)] for i, k in enumerate(ids)},
                {**right, ids[0]: ids[1], ids[1]: ids[0]}]
    if kind == "numeric":
        return [right, right + question.tolerance, right + question.tolerance + 1, right - question.tolerance - 1]
    return [right, right.upper(), "not the answer"]


def run_item(item, response=None):
    variables = pyslet("pyslet.qtiv2.variables")
    state = variables.ItemSessionState(item)
    state.begin_session()
    for declaration in item.ResponseDeclaration:  # what begin_attempt does, without rendering HTML
        state.map[declaration.identifier] = variables.Value.copy_value(state.map[declaration.identifier + ".DEFAULT"])
    if response is not None:
        state["RESPONSE"] = response
    state.end_attempt()
    return state["SCORE"].value, set(state["FEEDBACK"].value or {})


def test_qti21_items_score_in_pyslets_engine_exactly_as_we_do(content):
    qtixml = pyslet("pyslet.qtiv2.xml")
    package = zipfile.ZipFile(io.BytesIO(build_export(content, "qti21").data))
    checked = 0
    for question in (q for quiz in unit_quizzes(content) for q in quiz.questions):
        doc = qtixml.QTIDocument()
        doc.read(src=package.read(f"items/{question.id}.xml"))
        item = doc.root
        assert item.identifier == question.id
        blank, shown = run_item(item)
        assert blank == 0 and shown == {"GENERAL"}
        feedback = {f.identifier: " ".join(t for t in _texts(f) if t) for f in item.QTIModalFeedback}
        assert question.explanation.split()[0] in feedback["GENERAL"]
        for answer in answers_to_try(question):
            ours = question.score(question.normalize(answer)).points
            score, shown = run_item(item, qti_response(question, answer))
            assert score == pytest.approx(ours, abs=1e-6), f"{question.id} {answer!r}: pyslet {score}, ours {ours}"
            expected = question.feedback(question.normalize(answer))
            got = " ".join(text for key, text in feedback.items() if key in shown and key != "GENERAL")
            assert got == one_line(expected), question.id
            checked += 1
    assert checked > 300


def _texts(element):
    for child in element.get_children():
        if isinstance(child, str):
            yield child.strip()
        else:
            yield from _texts(child)


def test_qti21_manifest_lists_every_item_and_a_test_per_quiz(content, tmp_path):
    imscp = pyslet("pyslet.imscpv1p2")
    zipfile.ZipFile(io.BytesIO(build_export(content, "qti21").data)).extractall(tmp_path)
    package = imscp.ContentPackage(str(tmp_path))
    kinds = {}
    for resource in package.manifest.root.Resources.Resource:
        kinds.setdefault(resource.type, []).append(resource)
    questions = [q for quiz in unit_quizzes(content) for q in quiz.questions]
    assert len(kinds["imsqti_item_xmlv2p1"]) == len(questions)
    assert len(kinds["imsqti_test_xmlv2p1"]) == len(unit_quizzes(content))
    first = kinds["imsqti_test_xmlv2p1"][0]
    assert len(first.Dependency) == len(unit_quizzes(content)[0].questions)
    assert "ordering" in (tmp_path / "README.txt").read_text(encoding="utf-8")


# --- Common Cartridge ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cartridge(content, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cartridge")
    zipfile.ZipFile(io.BytesIO(build_export(content, "cc").data)).extractall(folder)
    return folder


def test_cartridge_passes_pyslets_common_cartridge_conformance_tests(content, cartridge):
    profile = pyslet("pyslet.imscc_profilev1p1")
    tests = pyslet("pyslet.imscc_profilev1p0")
    cc = profile.CommonCartridge(str(cartridge))
    result = unittest.TestResult()
    tests.CCTestSuite(cc).run(result)
    assert result.testsRun >= 8 and result.wasSuccessful(), result.errors + result.failures
    assert sorted(cc.laoTable) == sorted(f"quiz-{q.lesson_id}" for q in unit_quizzes(content))
    assert len(cc.cwcList) == len(unit_quizzes(content)) + 1  # a reading per lesson, and the readme
    manifest = cc.cp.manifest.root
    assert manifest.Metadata.Schema.get_value() == "IMS Common Cartridge"
    assert manifest.Metadata.SchemaVersion.get_value() == "1.1.0"


def test_cartridge_readings_have_visuals_and_no_teacher_notes(content, cartridge):
    for quiz in unit_quizzes(content):
        page = (cartridge / "lessons" / quiz.lesson_id / "index.html").read_text(encoding="utf-8")
        lesson = content.lesson(quiz.lesson_id)
        assert "Teacher notes" not in page and lesson.teacher_notes is not None
        notes = str(render_markdown(lesson.teacher_notes.markdown, content.catalog)).split("</p>")[0]
        assert len(notes) > 40 and notes not in page
        for section in lesson.student_sections:
            assert f'id="{section.slug}"' in page
        for src in re.findall(r'<img src="([^"]+)"', page):
            assert (cartridge / "lessons" / quiz.lesson_id / src).is_file(), src
    assert (cartridge / "lessons" / "the-route" / "visuals" / "route-map.svg").is_file()


def test_cartridge_quizzes_read_back_in_pyslets_qti12_reader(content, cartridge):
    qti1 = pyslet("pyslet.qtiv1.xml")
    item_model = pyslet("pyslet.qtiv1.item")
    common = pyslet("pyslet.qtiv1.common")
    for quiz in unit_quizzes(content):
        doc = qti1.QTIDocument()
        doc.read(src=(cartridge / f"quiz-{quiz.lesson_id}" / "assessment.xml").read_bytes())
        items = [i for section in doc.root.Assessment.SectionMixin for i in section.SectionItemMixin]
        assert [i.ident for i in items] == [q.id for q in quiz.questions]
        for question, item in zip(quiz.questions, items):
            read = Qti12Item(item, item_model, common)
            assert read.prompt == prompt(question)
            CHECK_QTI12[question.type_name](question, read)


class Qti12Item:
    """What pyslet's QTI 1.2 object model holds for one item."""

    def __init__(self, item, item_model, common):
        def find(element, cls):
            return list(element.find_children_depth_first(cls))

        self.prompt = find(item.Presentation, common.MatText)[0].get_value()
        self.lists = {lid.ident: [(label.ident, find(label, common.MatText)[0].get_value())
                                  for label in find(lid, item_model.ResponseLabel)]
                      for lid in find(item.Presentation, item_model.ResponseLId)}
        self.blanks = find(item.Presentation, item_model.ResponseStr)
        self.scoring = []  # (action, value, [(respident, value, negated)])
        for condition in find(item, item_model.RespCondition):
            for setvar in find(condition, common.SetVar):
                negated = {id(v) for n in find(condition.ConditionVar, common.Not)
                           for v in find(n, common.VarEqual)}
                tests = [(v.responseIdentifier, v.get_value(), id(v) in negated)
                         for v in find(condition.ConditionVar, common.VarEqual)]
                bounds = [(type(v).__name__, v.get_value()) for v in find(condition.ConditionVar, common.VarInequality)]
                self.scoring.append((str(setvar.action), float(setvar.get_value()), tests, bounds))


def _qti12_choices(question, read):
    choices = [(c.id, c.text) for c in question.choices] if hasattr(question, "choices") else \
        [("true", "True"), ("false", "False")]
    assert read.lists == {"response1": [(i, one_line(t)) for i, t in choices]}
    (_action, value, tests, _), = read.scoring
    assert value == 100
    right = question.correct_answer()
    right = right if isinstance(right, list) else ["true" if right is True else "false" if right is False else right]
    assert sorted(v for _, v, negated in tests if not negated) == sorted(right)
    assert sorted(v for _, v, negated in tests if negated) == sorted(
        c.id for c in getattr(question, "choices", []) if question.type_name == "multiple_choice" and c.id not in right)


def _qti12_blank(question, read):
    assert len(read.blanks) == 1
    (_action, value, tests, bounds), = read.scoring
    assert value == 100
    if question.type_name == "short_answer":
        assert [v for _, v, _ in tests] == [one_line(a) for a in question.accepted]
    else:
        assert float(tests[0][1]) == question.answer
        assert sorted(float(b) for _, b in bounds) == [question.answer - question.tolerance,
                                                       question.answer + question.tolerance]


def _qti12_pairs(question, read):
    found = pairs(question)
    rights = [(f"r_{p.id}", p.right) for p in found]
    assert read.lists == {f"response_{p.id}": rights for p in found}
    tests = [t for _, _, ts, _ in read.scoring for t in ts]
    assert sorted((r, v) for r, v, _ in tests) == sorted((f"response_{p.id}", f"r_{p.id}") for p in found)
    total = sum(value for _, value, _, _ in read.scoring) if question.type_name == "matching" else read.scoring[0][1]
    assert total == pytest.approx(100, abs=0.01)


CHECK_QTI12 = {"single_choice": _qti12_choices, "multiple_choice": _qti12_choices,
               "true_false": _qti12_choices, "short_answer": _qti12_blank, "numeric": _qti12_blank,
               "matching": _qti12_pairs, "ordering": _qti12_pairs}
