"""The QTI 2.1 package and the Common Cartridge, read back by pyslet (PyPI), an IMS library
nobody here wrote.

- QTI 2.1: pyslet parses each item and RUNS its response processing; for several answers per
  question its SCORE must equal ours, and the feedback it shows must be the feedback we wrote.
- Common Cartridge 1.1: pyslet opens it as an IMS content package and runs its Common
  Cartridge profile conformance tests; its QTI 1.2 reader parses each assessment, and what it
  read (items, choices, scoring conditions) must match our questions. pyslet's QTI 1 -> 2
  migration does not run on Python 3, so QTI 1.2 scoring is compared, not executed. Moodle's
  cartridge reader (backup/cc/entity11.quiz.class.php) is followed query by query (its XPath).
- Every XML file of both packages validates against the IMS schemas in ../shared/schemas
  (lxml; every import resolved on disk, nothing fetched).
- The synthetic quiz (``factories.tricky_quiz``) goes through both, text and keys intact.
"""
from __future__ import annotations

import html
import io
import re
import unittest
import warnings
import zipfile

import pytest
from factories import SCHEMAS_DIR, requires_schemas, tricky_quiz

from webapp.content.quizzes import Quiz
from webapp.content.render import render_markdown
from webapp.content_store import get_content
from webapp.exports import build_export, qti21, unit_quizzes
from webapp.exports.cartridge import TYPES as CC_TYPES
from webapp.exports.cartridge import build as build_cartridge
from webapp.exports.common import as_multiple_response, evidence_lines, kept, number, one_line, pairs, prompt
from webapp.exports.qti12_package import TYPES as CANVAS_TYPES
from webapp.exports.qti12_package import build as build_qti12
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
    elif kind == "highlight":
        value, cardinality, base = [ident(a, "s") for a in answer], "multiple", "identifier"
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
    if kind == "highlight":  # the penalty, and the floor at 0
        wrong = [s.id for s in question.spans if s.id not in right]
        return [right, right[:1], right + wrong[:1], wrong[:1], right[:1] + wrong]
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
    package = zipfile.ZipFile(io.BytesIO(build_export(content, "qti21").data))
    checked = sum(check_qti21_item(question, package) for quiz in unit_quizzes(content) for question in quiz.questions)
    assert checked > 300


def test_a_written_response_is_an_essay_box_with_the_rubric_for_scorers_only_in_qti21(content):
    quiz = tricky_quiz()
    written = next(q for q in quiz.questions if q.type_name == "written_response")
    package = zipfile.ZipFile(io.BytesIO(qti21.build([quiz], content, "tricky")))
    qtixml = pyslet("pyslet.qtiv2.xml")
    doc = qtixml.QTIDocument()
    doc.read(src=package.read(f"items/{written.id}.xml"))
    body = doc.root.ItemBody
    interactions = list(body.find_children_depth_first(pyslet("pyslet.qtiv2.interactions").ExtendedTextInteraction))
    assert len(interactions) == 1 and interactions[0].responseIdentifier == "RESPONSE"
    rubrics = list(body.find_children_depth_first(pyslet("pyslet.qtiv2.content").RubricBlock))
    assert len(rubrics) == 1 and 'view="scorer"' in package.read(f"items/{written.id}.xml").decode("utf-8")
    text = html.unescape(package.read(f"items/{written.id}.xml").decode("utf-8"))
    for criterion in written.rubric:
        assert criterion.criterion in text
    assert all(one_line(sample.text) in text for sample in written.samples)
    assert run_item(doc.root, qti_response(written, "Hunger drove them out."))[0] == 0  # until a scorer sets it


def test_tricky_quiz_keeps_its_text_and_keys_in_pyslets_qti21_engine(content):
    quiz = tricky_quiz()
    package = zipfile.ZipFile(io.BytesIO(qti21.build([quiz], content, "tricky")))
    for question in quiz.questions:
        assert check_qti21_item(question, package) >= 2
        text = package.read(f"items/{question.id}.xml").decode("utf-8")
        assert "1.23457e+06" not in text


def check_qti21_item(question, package) -> int:
    """pyslet scores our answers to one item as we do and shows the feedback we wrote."""
    qtixml = pyslet("pyslet.qtiv2.xml")
    doc = qtixml.QTIDocument()
    doc.read(src=package.read(f"items/{question.id}.xml"))
    item = doc.root
    assert item.identifier == ident(question.id)
    blank, shown = run_item(item)
    assert blank == 0 and shown == {"GENERAL"}
    feedback = {f.identifier: " ".join(t for t in _texts(f) if t) for f in item.QTIModalFeedback}
    assert feedback["GENERAL"].startswith(one_line(question.explanation))
    checked = 0
    for answer in answers_to_try(question):
        ours = question.score(question.normalize(answer)).points
        score, shown = run_item(item, qti_response(question, answer))
        assert score == pytest.approx(ours, abs=1e-6), f"{question.id} {answer!r}: pyslet {score}, ours {ours}"
        expected = question.feedback(question.normalize(answer))
        got = " ".join(text for key, text in feedback.items() if key in shown and key != "GENERAL")
        assert got == one_line(expected), question.id
        checked += 1
    return checked


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
    for quiz in unit_quizzes(content):
        check_qti12_quiz(quiz, (cartridge / f"quiz-{quiz.lesson_id}" / "assessment.xml").read_bytes())


def in_profile(question) -> bool:
    """Whether the cartridge (the CC 1.1 profile) writes this question."""
    return bool(kept(CC_TYPES, [question]))


def check_qti12_quiz(quiz, data: bytes, table=CC_TYPES) -> None:
    qti1 = pyslet("pyslet.qtiv1.xml")
    item_model = pyslet("pyslet.qtiv1.item")
    common = pyslet("pyslet.qtiv1.common")
    doc = qti1.QTIDocument()
    doc.read(src=data)
    items = [i for section in doc.root.Assessment.SectionMixin for i in section.SectionItemMixin]
    written = kept(table, quiz.questions)
    assert [i.ident for i in items] == [q.id for q in written]
    for question, item in zip(written, items):
        read = Qti12Item(item, item_model, common)
        assert read.prompt == prompt(question)
        CHECK_QTI12[question.type_name](question, read)


def action_name(action) -> str:
    """A setvar's action as written (Set, Add…): pyslet keeps it as a number."""
    return pyslet("pyslet.qtiv1.core").Action.to_str(action)


class Qti12Item:
    """What pyslet's QTI 1.2 object model holds for one item (its HTML text as plain text)."""

    def __init__(self, item, item_model, common):
        def find(element, cls):
            return list(element.find_children_depth_first(cls))

        def text(element):
            mattext = find(element, common.MatText)[0]
            assert mattext.texttype == "text/html"
            return html.unescape(mattext.get_value())

        self.prompt = text(item.Presentation)
        self.lists = {lid.ident: [(label.ident, text(label)) for label in find(lid, item_model.ResponseLabel)]
                      for lid in find(item.Presentation, item_model.ResponseLId)}
        self.blanks = find(item.Presentation, item_model.ResponseStr)
        self.scoring = []  # (action, value, [(respident, value, negated)], [(inequality, bound)])
        for condition in find(item, item_model.RespCondition):
            for setvar in find(condition, common.SetVar):
                negated = {id(v) for n in find(condition.ConditionVar, common.Not)
                           for v in find(n, common.VarEqual)}
                tests = [(v.responseIdentifier, v.get_value(), id(v) in negated)
                         for v in find(condition.ConditionVar, common.VarEqual)]
                bounds = [(type(v).__name__, v.get_value()) for v in find(condition.ConditionVar, common.VarInequality)]
                self.scoring.append((action_name(setvar.action), float(setvar.get_value()), tests, bounds))


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
    else:  # written exactly: a float() of "1.23457e+06" would not give the answer back
        assert tests[0][1] == number(question.answer)
        assert sorted(float(b) for _, b in bounds) == [question.answer - question.tolerance,
                                                       question.answer + question.tolerance]


def _qti12_pairs(question, read):
    """Each item (an ordering's: each position) its own Add condition, as Canvas needs."""
    found = pairs(question)
    rights = [(f"r_{p.id}", p.right) for p in found]
    assert read.lists == {f"response_{p.id}": rights for p in found}
    assert [(action, tests) for action, _, tests, _ in read.scoring] == [
        ("Add", [(f"response_{p.id}", f"r_{p.id}", False)]) for p in found]
    assert sum(value for _, value, _, _ in read.scoring) == pytest.approx(100, abs=0.01)


def _qti12_essay(question, read):
    """An essay box and no score: the teacher grades it."""
    assert len(read.blanks) == 1 and read.lists == {}
    assert read.scoring == []


CHECK_QTI12 = {"single_choice": _qti12_choices, "multiple_choice": _qti12_choices,
               "true_false": _qti12_choices, "short_answer": _qti12_blank, "numeric": _qti12_blank,
               "matching": _qti12_pairs, "ordering": _qti12_pairs, "written_response": _qti12_essay,
               "highlight": lambda question, read: _qti12_choices(as_multiple_response(question), read)}


def test_cartridge_manifest_says_its_namespace_as_moodle_looks_for_it(content):
    """Moodle recognises a cartridge by this literal string in the manifest's first 1024 bytes."""
    package = zipfile.ZipFile(io.BytesIO(build_export(content, "cc", "the-route").data))
    head = package.read("imsmanifest.xml")[:1024].decode("utf-8")
    assert 'xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"' in head


def test_cartridge_leaves_out_what_the_cc_profile_cannot_hold_and_says_so(content, cartridge):
    questions = [q for quiz in unit_quizzes(content) for q in quiz.questions]
    left_out = [q for q in questions if q.type_name in ("numeric", "matching", "ordering")]
    assert left_out, "the unit has numeric, matching or ordering questions to leave out"
    written = "".join(p.read_text(encoding="utf-8") for p in cartridge.glob("quiz-*/assessment.xml"))
    assert all(f'ident="{q.id}"' not in written for q in left_out)
    assert all(f'ident="{q.id}"' in written for q in questions if q not in left_out)
    readme = (cartridge / "README.txt").read_text(encoding="utf-8")
    assert f"Questions: {len(questions) - len(left_out)}" in readme
    assert f"Left out of this cartridge ({len(left_out)} questions" in readme
    assert all(f"  {q.id} ({q.type_name})" in readme for q in left_out)


# --- the QTI 1.2 package for Canvas ---------------------------------------------------------

def test_qti12_package_has_every_question_type_read_back_in_pyslet(content, tmp_path):
    imscp = pyslet("pyslet.imscpv1p2")
    zipfile.ZipFile(io.BytesIO(build_export(content, "qti12").data)).extractall(tmp_path)
    resources = imscp.ContentPackage(str(tmp_path)).manifest.root.Resources.Resource
    assert [r.href for r in resources if r.type == "imsqti_xmlv1p2"] == [
        f"quiz-{quiz.lesson_id}.xml" for quiz in unit_quizzes(content)]
    for quiz in unit_quizzes(content):
        check_qti12_quiz(quiz, (tmp_path / f"quiz-{quiz.lesson_id}.xml").read_bytes(), CANVAS_TYPES)
    kinds = {q.type_name for quiz in unit_quizzes(content) for q in quiz.questions}
    assert {"numeric", "matching", "ordering"} <= kinds


def test_tricky_quiz_keeps_its_text_and_keys_in_the_qti12_package(content):
    quiz = tricky_quiz()
    package = zipfile.ZipFile(io.BytesIO(build_qti12([quiz], content, "tricky")))
    check_qti12_quiz(quiz, package.read("quiz-tricky.xml"), CANVAS_TYPES)
    assert "1.23457e+06" not in package.read("quiz-tricky.xml").decode("utf-8")


# --- Moodle's cartridge reader, query by query -----------------------------------------------

MOODLE_NS = {"x": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}


def moodle_read(data: bytes, question_id: str) -> dict:
    """What Moodle's cartridge import (entity11.quiz.class.php) takes from one item: its XPath
    queries, run on our file."""
    etree = pytest.importorskip("lxml.etree", reason="lxml (PyPI) runs Moodle's XPath queries")
    doc = etree.fromstring(data)
    item = f'//x:item[@ident="{question_id}"]'

    def xpath(query, node=doc):
        return node.xpath(query, namespaces=MOODLE_NS)

    def feedback_text(ids):  # get_general_feedback / get_feedback: the first mattext of each
        return " ".join(xpath(f'{item}/x:itemfeedback[@ident="{i}"]/x:flow_mat/x:material/x:mattext')[0].text
                        for i in ids)

    conditions = xpath(f"{item}/x:resprocessing/x:respcondition")
    general_ids = [f.get("linkrefid") for c in conditions if (c.get("continue") or "").lower() == "yes"
                   for f in xpath("x:displayfeedback", c)]
    multi_keys = [v.text for v in xpath(f"{item}//x:setvar[@varname='SCORE'][.=100]/../x:conditionvar"
                                        "//x:varequal[@case='Yes'][not(parent::x:not)]")]
    right = xpath(f'{item}/x:resprocessing/x:respcondition/x:setvar[text()="100"]/..')
    fib = [v.text for v in xpath("x:conditionvar/x:varequal", right[0])] if right else []
    scores, choice_feedback = {}, {}
    for label in xpath(f"{item}/x:presentation/x:response_lid/x:render_choice/x:response_label"):
        ident_ = label.get("ident")
        score, ids = "", []
        for condition in conditions:  # get_score and get_feedback: the first direct varequal
            first = xpath("x:conditionvar/x:varequal", condition)
            if first and first[0].text.lower() == ident_.lower():
                score = "".join(v.text for v in xpath("x:setvar", condition))
                ids += [f.get("linkrefid") for f in xpath("x:displayfeedback", condition)]
        scores[ident_] = 1.0 if score else 0.0
        choice_feedback[ident_] = feedback_text(ids) if ids else ""
    if multi_keys:
        scores.update({key: round(1 / len(multi_keys), 7) for key in multi_keys})
    return {"general": feedback_text(general_ids), "multi_keys": multi_keys, "fib": fib, "scores": scores,
            "choice_feedback": choice_feedback}


def _moodle_expected_scores(question) -> dict[str, float]:
    if question.type_name == "true_false":
        return {"true": float(question.answer), "false": float(not question.answer)}
    right = question.key_ids()
    return {c.id: (1 / len(right) if c.id in right else 0.0) for c in question.choices}


def check_moodle_reads(question, data: bytes, content) -> None:
    if question.type_name == "highlight":  # written as multiple response over its sentences
        question = as_multiple_response(question)
    read = moodle_read(data, question.id)
    general = html.unescape(re.sub(r"</?p>", " ", read["general"])).split()
    assert general == " ".join([one_line(question.explanation), *evidence_lines(question, content)]).split()
    if question.type_name == "short_answer":
        assert read["fib"] == [one_line(a) for a in question.accepted]
        return
    if question.type_name == "written_response":
        assert read["fib"] == [] and read["scores"] == {}
        return
    assert read["scores"] == pytest.approx(_moodle_expected_scores(question), abs=1e-6)
    if question.type_name == "multiple_choice":
        assert sorted(read["multi_keys"]) == sorted(question.answer)
    for choice, text in read["choice_feedback"].items():
        wrong = question.feedback(question.normalize(choice))
        assert html.unescape(re.sub(r"</?p>", "", text)).strip() == one_line(wrong)


def test_moodles_cartridge_reader_finds_every_key_and_the_whole_feedback(content, cartridge):
    for quiz in unit_quizzes(content):
        data = (cartridge / f"quiz-{quiz.lesson_id}" / "assessment.xml").read_bytes()
        for question in quiz.questions:
            if in_profile(question):
                check_moodle_reads(question, data, content)


def test_cartridge_feedback_is_one_html_block_and_choice_feedback_follows_the_score(content, cartridge):
    etree = pytest.importorskip("lxml.etree", reason="lxml (PyPI) reads the conditions")
    data = (cartridge / "quiz-the-route" / "assessment.xml").read_bytes()
    for item in etree.fromstring(data).iterfind(".//x:item", MOODLE_NS):
        general = item.findall('x:itemfeedback[@ident="general_fb"]//x:mattext', MOODLE_NS)
        assert len(general) == 1 and general[0].get("texttype") == "text/html"
        assert general[0].text.startswith("<p>") and general[0].text.count("<p>") >= 2
        kinds = [("score" if c.find("x:setvar", MOODLE_NS) is not None else "feedback", c.get("continue"))
                 for c in item.iterfind("x:resprocessing/x:respcondition", MOODLE_NS)]
        if "cc.essay.v0p1" in [f.text for f in item.iterfind(".//x:fieldentry", MOODLE_NS)]:
            assert kinds == [("feedback", "Yes")]  # an essay: a person scores it
            continue
        assert kinds[:2] == [("feedback", "Yes"), ("score", "No")]
        assert all(kind == ("feedback", "No") for kind in kinds[2:])


# --- the IMS schemas -------------------------------------------------------------------------

def ims_schema(path):
    """An XSD from ../shared/schemas, its imports resolved on disk: never from the network."""
    etree = pytest.importorskip("lxml.etree", reason="lxml (PyPI) validates against the IMS schemas")

    class OnDisk(etree.Resolver):
        def resolve(self, url, pubid, context):
            if url.startswith(("http://", "https://")):  # only the W3C's xml.xsd is named by URL
                local = SCHEMAS_DIR / "qti21" / "w3" / url.rsplit("/", 1)[-1]
                assert local.is_file(), f"a schema refers to {url}, which is not on disk"
                return self.resolve_filename(str(local), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(OnDisk())
    return etree.XMLSchema(etree.parse(str(SCHEMAS_DIR / path), parser))


def schema_errors(package: bytes, schemas: dict[str, object]) -> list[str]:
    """Each XML file of a zip checked against its schema: "manifest" for imsmanifest.xml, else "item"."""
    from lxml import etree

    errors = []
    archive = zipfile.ZipFile(io.BytesIO(package))
    names = [n for n in archive.namelist() if n.endswith(".xml")]
    assert "imsmanifest.xml" in names and len(names) > 1
    for name in names:
        schema = schemas["manifest" if name == "imsmanifest.xml" else "item"]
        if not schema.validate(etree.fromstring(archive.read(name))):
            errors += [f"{name}: {e.line}: {e.message}" for e in schema.error_log][:3]
    return errors


@requires_schemas()
def test_every_cartridge_file_validates_against_the_cc_11_schemas(content):
    schemas = {"manifest": ims_schema("cc11/cc11libxml2validator.xsd"),
               "item": ims_schema("cc11/ccv1p1_qtiasiv1p2p1_v1p0.xsd")}
    numbers_only = Quiz("numbers", [q for q in tricky_quiz().questions if not in_profile(q)], "numbers.yaml")
    for data in (build_export(content, "cc").data, build_cartridge([tricky_quiz()], content, "tricky"),
                 build_cartridge([tricky_quiz(), numbers_only], content, "a quiz with nothing the profile holds")):
        assert schema_errors(data, schemas) == []


@requires_schemas()
def test_the_qti12_package_manifest_validates_against_ims_cp(content):
    """Its assessments hold Canvas's types, outside the CC profile: no schema here covers them."""
    from lxml import etree

    schema = ims_schema("qti21/imscp_v1p1.xsd")
    for data in (build_export(content, "qti12").data, build_qti12([tricky_quiz()], content, "tricky")):
        manifest = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("imsmanifest.xml"))
        assert schema.validate(manifest), schema.error_log


@requires_schemas()
def test_every_qti21_file_validates_against_the_qti_21_and_ims_cp_schemas(content):
    schemas = {"manifest": ims_schema("qti21/imscp_v1p1.xsd"), "item": ims_schema("qti21/qtiv2p1/imsqti_v2p1.xsd")}
    for data in (build_export(content, "qti21").data, qti21.build([tricky_quiz()], content, "tricky")):
        assert schema_errors(data, schemas) == []


# --- the synthetic quiz ----------------------------------------------------------------------

def test_tricky_quiz_keeps_its_text_and_keys_in_the_cartridge(content, tmp_path):
    quiz = tricky_quiz()
    zipfile.ZipFile(io.BytesIO(build_cartridge([quiz], content, "tricky"))).extractall(tmp_path)
    data = (tmp_path / "quiz-tricky" / "assessment.xml").read_bytes()
    check_qti12_quiz(quiz, data)
    for question in quiz.questions:
        if in_profile(question):
            check_moodle_reads(question, data, content)
    profile = pyslet("pyslet.imscc_profilev1p1")
    tests = pyslet("pyslet.imscc_profilev1p0")
    result = unittest.TestResult()
    tests.CCTestSuite(profile.CommonCartridge(str(tmp_path))).run(result)
    assert result.wasSuccessful(), result.errors + result.failures
