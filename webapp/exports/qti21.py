"""An IMS QTI 2.1 content package: one assessmentItem per question, one assessmentTest per
quiz, and imsmanifest.xml listing them.

Response processing is written out in full (no template URLs), so an engine scores an item
without fetching anything: SCORE is 0–1 like ours, and FEEDBACK collects the identifiers of
the feedback to show (the chosen choices, and GENERAL: the explanation with its evidence).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from ..content.loader import Content
from ..content.questions import (
    ChoiceQuestion,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from ..content.questions.base import TypeTable
from ..content.questions.highlight import Highlight
from ..content.questions.written_response import WrittenResponse
from ..content.quizzes import Quiz
from .common import (
    XSI,
    ExportRow,
    ExportTable,
    content_package,
    general_feedback,
    kept,
    lesson_title,
    number,
    one_line,
    package_resource,
    pairs,
    prompt,
    rubric_lines,
    write_zip,
    writer,
    xml_document,
)
from .readme import readme_text

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
GENERAL = "GENERAL"
# A root's namespace declarations, written as plain attributes: ElementTree's namespace
# prefixes are global state (register_namespace), shared by every export written at once.
QTI_ROOT = {"xmlns": QTI, "xmlns:xsi": XSI, "xsi:schemaLocation": f"{QTI} {QTI_XSD}"}
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def ident(value: str, prefix: str = "x") -> str:
    """A QTI identifier (an XML NCName) for one of our ids."""
    return value if NCNAME.match(value) else prefix + re.sub(r"[^A-Za-z0-9_.-]", "_", value)


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    el.text = text
    return el


def build(quizzes: list[Quiz], content: Content, title: str) -> bytes:
    files: dict[str, bytes | str] = {}
    manifest = content_package("crossings-qti21", "QTIv2.1 Package", "1.0.0", f"{QTI} {QTI_XSD}")
    for quiz in quizzes:
        test_href = f"test-{quiz.lesson_id}.xml"
        test = package_resource(manifest, f"test-{ident(quiz.lesson_id)}", "imsqti_test_xmlv2p1", test_href)
        files[test_href] = xml_document(assessment_test(quiz, content))
        for question in kept(TYPES, quiz.questions):
            href = f"items/{question.id}.xml"
            ET.SubElement(test, "dependency", identifierref=f"item-{ident(question.id)}")
            package_resource(manifest, f"item-{ident(question.id)}", "imsqti_item_xmlv2p1", href)
            files[href] = xml_document(assessment_item(question, content))
    questions = [question for quiz in quizzes for question in quiz.questions]
    files["README.txt"] = readme_text("qti21", title, TYPES, questions)
    package_resource(manifest, "readme", "webcontent", "README.txt")
    return write_zip({"imsmanifest.xml": xml_document(manifest), **files})


def assessment_test(quiz: Quiz, content: Content) -> ET.Element:
    test = ET.Element("assessmentTest", {"identifier": f"test-{ident(quiz.lesson_id)}",
                                           "title": lesson_title(content, quiz),
                                           **QTI_ROOT})
    sub(test, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    part = sub(test, "testPart", identifier="part", navigationMode="nonlinear", submissionMode="simultaneous")
    section = sub(part, "assessmentSection", identifier="questions", title=lesson_title(content, quiz),
                  visible="true")
    for question in kept(TYPES, quiz.questions):
        sub(section, "assessmentItemRef", identifier=ident(question.id), href=f"items/{question.id}.xml")
    total = sub(sub(test, "outcomeProcessing"), "setOutcomeValue", identifier="SCORE")
    sub(sub(total, "sum"), "testVariables", variableIdentifier="SCORE")
    return test


def assessment_item(question: Question, content: Content) -> ET.Element:
    item = ET.Element("assessmentItem", {"identifier": ident(question.id), "title": question.id,
                                           "adaptive": "false", "timeDependent": "false",
                                           **QTI_ROOT})
    form = form_for(question)
    declaration = sub(item, "responseDeclaration", identifier="RESPONSE", cardinality=form.cardinality,
                      baseType=form.base_type)
    values = form.correct(question)
    if values:  # a written answer has none (and the schema wants a value in a correctResponse)
        correct = sub(declaration, "correctResponse")
        for value in values:
            sub(correct, "value", value)
    if form.mapping:
        form.mapping(declaration, question)
    sub(item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    sub(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple", baseType="identifier")
    form.body(sub(item, "itemBody"), question)
    _processing(item, question, form)
    for identifier, text in [*form.feedback(question), (GENERAL, general_feedback(question, content))]:
        if text:
            shown = sub(item, "modalFeedback", outcomeIdentifier="FEEDBACK", showHide="show", identifier=identifier)
            for paragraph in [text] if isinstance(text, str) else text:
                sub(shown, "p", one_line(paragraph))
    return item


def _processing(item: ET.Element, question: Question, form: Form) -> None:
    processing = sub(item, "responseProcessing")
    if form.scored_by_hand:  # SCORE stays 0 until a scorer sets it; the explanation is shown
        sub(sub(sub(processing, "setOutcomeValue", identifier="FEEDBACK"), "multiple"), "baseValue", GENERAL,
            baseType="identifier")
        return
    condition = sub(processing, "responseCondition")
    blank = sub(condition, "responseIf")
    sub(sub(blank, "isNull"), "variable", identifier="RESPONSE")
    _set_score(blank, "0")
    if form.mapping:
        sub(sub(sub(condition, "responseElse"), "setOutcomeValue", identifier="SCORE"), "mapResponse",
            identifier="RESPONSE")
    else:
        right = sub(condition, "responseElseIf")
        right.append(form.right(question))
        _set_score(right, "1")
        _set_score(sub(condition, "responseElse"), "0")
    shown = sub(sub(processing, "setOutcomeValue", identifier="FEEDBACK"), "multiple")
    if form.feedback_from_response:
        sub(shown, "variable", identifier="RESPONSE")
    sub(shown, "baseValue", GENERAL, baseType="identifier")


def _set_score(parent: ET.Element, value: str) -> None:
    sub(sub(parent, "setOutcomeValue", identifier="SCORE"), "baseValue", value, baseType="float")


def _match_correct(question: Question) -> ET.Element:
    match = ET.Element("match")
    sub(match, "variable", identifier="RESPONSE")
    sub(match, "correct", identifier="RESPONSE")
    return match


def _within_tolerance(question: Numeric) -> ET.Element:
    both = ET.Element("and")
    for op, bound in (("gte", question.answer - question.tolerance), ("lte", question.answer + question.tolerance)):
        compare = sub(both, op)
        sub(compare, "variable", identifier="RESPONSE")
        sub(compare, "baseValue", number(bound), baseType="float")
    return both


def _any_accepted(question: ShortAnswer) -> ET.Element:
    """Any accepted answer, case ignored (stringMatch: engines honour it more widely than a
    case-insensitive mapEntry)."""
    either = ET.Element("or")
    for accepted in question.accepted:
        match = sub(either, "stringMatch", caseSensitive="false")
        sub(match, "variable", identifier="RESPONSE")
        sub(match, "baseValue", one_line(accepted), baseType="string")
    return either


def _choice_body(max_choices: str) -> Callable:
    def body(item_body: ET.Element, question: SingleChoice | MultipleChoice | TrueFalse) -> None:
        interaction = sub(item_body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false",
                          maxChoices=max_choices)
        sub(interaction, "prompt", prompt(question))
        for identifier, text in _choices(question):
            sub(interaction, "simpleChoice", one_line(text), identifier=identifier)
    return body


def _choices(question: Question) -> list[tuple[str, str]]:
    if isinstance(question, TrueFalse):
        return [("true", "True"), ("false", "False")]
    if not isinstance(question, ChoiceQuestion):
        raise TypeError(f"{question.type_name} has no choices")
    return [(ident(c.id, "c"), c.text) for c in question.choices]


def _order_body(item_body: ET.Element, question: Ordering) -> None:
    interaction = sub(item_body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
    sub(interaction, "prompt", prompt(question))
    for item in question.items:
        sub(interaction, "simpleChoice", one_line(item.text), identifier=ident(item.id, "i"))


def _match_body(item_body: ET.Element, question: Matching) -> None:
    interaction = sub(item_body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true",
                      maxAssociations=str(len(question.pairs)))
    sub(interaction, "prompt", prompt(question))
    for side in ("L", "R"):
        match_set = sub(interaction, "simpleMatchSet")
        for pair in pairs(question):
            sub(match_set, "simpleAssociableChoice", pair.left if side == "L" else pair.right,
                identifier=f"{side}_{ident(pair.id)}", matchMax="1")


def _hottext_body(item_body: ET.Element, question: Highlight) -> None:
    """The passage quoted, each sentence a hottext the student selects. The hottexts sit in a
    div (flow content), where the QTI schema and readers such as pyslet both take them."""
    interaction = sub(item_body, "hottextInteraction", responseIdentifier="RESPONSE", maxChoices="0")
    sub(interaction, "prompt", prompt(question))
    passage = sub(sub(interaction, "blockquote"), "div")
    for n, span in enumerate(question.spans):
        sub(passage, "hottext", one_line(span.text), identifier=ident(span.id, "s")).tail = \
            " " if n < len(question.spans) - 1 else None


def _span_entries(question: Highlight) -> list[tuple[str, float]]:
    share = 1 / len(question.answer)
    return [(ident(s.id, "s"), share if s.id in question.answer else -share) for s in question.spans]


def _text_body(item_body: ET.Element, question: Numeric | ShortAnswer) -> None:
    sub(item_body, "p", prompt(question))
    sub(sub(item_body, "p"), "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength="20")


def _essay_body(item_body: ET.Element, question: WrittenResponse) -> None:
    """The rubric and sample answers in a rubric block only scorers see, then the essay box."""
    rubric = sub(item_body, "rubricBlock", view="scorer")
    for line in rubric_lines(question):
        sub(rubric, "p", line)
    interaction = sub(item_body, "extendedTextInteraction", responseIdentifier="RESPONSE",
                      expectedLength=str(question.words_max * 6), expectedLines="15")
    sub(interaction, "prompt", prompt(question))


def _mapping(entries: Callable[[Any], list[tuple[str, float]]]) -> Callable:
    def add(declaration: ET.Element, question: Question) -> None:
        mapping = sub(declaration, "mapping", lowerBound="0", upperBound="1", defaultValue="0")
        for key, value in entries(question):
            sub(mapping, "mapEntry", mapKey=key, mappedValue=repr(value))
    return add


class Form:
    """How one of our question types is written as a QTI 2.1 item."""

    def __init__(self, cardinality: str, base_type: str, correct: Callable, body: Callable, *,
                 right: Callable = _match_correct, mapping: Callable | None = None,
                 feedback: Callable = lambda question: [], feedback_from_response: bool = False,
                 scored_by_hand: bool = False):
        self.cardinality, self.base_type, self.correct, self.body = cardinality, base_type, correct, body
        self.right, self.mapping, self.feedback = right, mapping, feedback
        self.feedback_from_response, self.scored_by_hand = feedback_from_response, scored_by_hand


def _choice_feedback(question: SingleChoice | MultipleChoice) -> list[tuple[str, str]]:
    return [(ident(c.id, "c"), c.feedback) for c in question.choices if c.feedback]


def _partial_entries(question: MultipleChoice) -> list[tuple[str, float]]:
    share = 1 / len(question.answer)
    return [(ident(c.id, "c"), share if c.id in question.answer else -share) for c in question.choices]


ALL_OR_NOTHING = Form("multiple", "identifier", lambda x: [ident(i, "c") for i in x.answer], _choice_body("0"),
                      feedback=_choice_feedback, feedback_from_response=True)
PARTIAL = Form("multiple", "identifier", lambda x: [ident(i, "c") for i in x.answer], _choice_body("0"),
               mapping=_mapping(_partial_entries), feedback=_choice_feedback, feedback_from_response=True)


def _multiple_form(question: MultipleChoice) -> Form:
    return PARTIAL if question.scoring == "partial" else ALL_OR_NOTHING


# our type -> its item form (or a function of the question that picks one), and what the readme says
TYPES: ExportTable[Form | Callable[[Any], Form]] = TypeTable("the QTI 2.1 export", {
    "single_choice": ExportRow(Form("single", "identifier", lambda x: [ident(x.answer, "c")], _choice_body("1"),
                                    feedback=_choice_feedback, feedback_from_response=True),
                               "choiceInteraction, one answer"),
    "multiple_choice": ExportRow(_multiple_form, "choiceInteraction, several answers (mapped for partial scoring)"),
    "true_false": ExportRow(Form("single", "identifier", lambda x: ["true" if x.answer else "false"],
                                 _choice_body("1"),
                                 feedback=lambda x: [("false" if x.answer else "true", x.wrong_feedback)],
                                 feedback_from_response=True),
                            "choiceInteraction with True and False"),
    "short_answer": ExportRow(Form("single", "string", lambda x: [one_line(a) for a in x.accepted[:1]], _text_body,
                                   right=_any_accepted),
                              "textEntryInteraction, any accepted answer (stringMatch, case ignored)",
                              "punctuation and accents are not ignored"),
    "numeric": ExportRow(Form("single", "float", lambda x: [number(x.answer)], _text_body, right=_within_tolerance),
                         "textEntryInteraction (float) scored within the tolerance", "the unit is in the prompt"),
    "matching": ExportRow(Form("multiple", "directedPair",
                               lambda x: [f"L_{ident(p.id)} R_{ident(p.id)}" for p in x.pairs], _match_body,
                               mapping=_mapping(lambda x: [(f"L_{ident(p.id)} R_{ident(p.id)}", 1 / len(x.pairs))
                                                           for p in x.pairs])),
                          "matchInteraction (partial credit per pair)"),
    "ordering": ExportRow(Form("ordered", "identifier", lambda x: [ident(i.id, "i") for i in x.items], _order_body),
                          "orderInteraction"),
    "highlight": ExportRow(Form("multiple", "identifier", lambda x: [ident(i, "s") for i in x.answer], _hottext_body,
                                mapping=_mapping(_span_entries)),
                           "hottextInteraction: the passage, each sentence selectable (mapped for partial scoring)"),
    "written_response": ExportRow(Form("single", "string", lambda x: [], _essay_body, scored_by_hand=True),
                                  "extendedTextInteraction, the rubric and sample answers in a rubricBlock for "
                                  "scorers only", "scored by a person: SCORE stays 0 until then"),
})


def form_for(question: Question) -> Form:
    found = writer(TYPES, question)
    if found is None:
        raise ValueError(f"QTI 2.1 leaves {question.type_name} questions out (see the readme)")
    return found if isinstance(found, Form) else found(question)
