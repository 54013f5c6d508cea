"""QTI 1.2 assessments as the IMS Common Cartridge 1.1 profile writes them.

Types in the CC profile carry ``cc_profile`` (multiple choice, multiple response, true/false,
fill in the blank); every item also carries Canvas's ``question_type``, which is how Canvas
imports the two types the profile lacks (numerical, matching). Scores are 0–100 in SCORE.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from ..content.loader import Content
from ..content.questions import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from ..content.quizzes import Quiz
from .common import general_feedback, lesson_title, one_line, pairs, prompt

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD = "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
RESPONSE = "response1"


def q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, q(tag), attrs)
    el.text = text
    return el


def assessment_document(quiz: Quiz, content: Content, identifier: str) -> bytes:
    ET.register_namespace("", QTI)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(q("questestinterop"), {f"{{{XSI}}}schemaLocation": f"{QTI} {XSD}"})
    assessment = sub(root, "assessment", ident=identifier, title=f"{lesson_title(content, quiz)}: quiz")
    _metadata(sub(assessment, "qtimetadata"), {"cc_profile": "cc.exam.v0p1", "qmd_assessmenttype": "Examination",
                                               "qmd_scoretype": "Percentage", "cc_maxattempts": "1"})
    section = sub(assessment, "section", ident="root_section")
    for question in quiz.questions:
        section.append(item(question, content))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    for label, entry in fields.items():
        field = sub(parent, "qtimetadatafield")
        sub(field, "fieldlabel", label)
        sub(field, "fieldentry", entry)


def _material(parent: ET.Element, text: str) -> ET.Element:
    material = sub(parent, "material")
    sub(material, "mattext", one_line(text), texttype="text/plain")
    return material


def item(question: Question, content: Content) -> ET.Element:
    profile, canvas_type, present, score = FORMS[question.type_name]
    el = ET.Element(q("item"), ident=question.id, title=question.id)
    fields = {"cc_profile": profile} if profile else {}
    _metadata(sub(sub(el, "itemmetadata"), "qtimetadata"),
              {**fields, "question_type": canvas_type, "points_possible": "1", "cc_weighting": "1"})
    presentation = sub(el, "presentation")
    _material(presentation, prompt(question))
    present(presentation, question)
    processing = sub(el, "resprocessing")
    sub(sub(processing, "outcomes"), "decvar", varname="SCORE", vartype="Decimal", minvalue="0",
        maxvalue="100")
    # Feedback first (continue="Yes"), as Canvas writes it; then the scoring condition.
    _condition(processing, "Yes", feedback_id="general_fb").append(ET.Element(q("other")))
    choices = choice_feedback(question)
    for choice_id in choices:
        sub(_condition(processing, "Yes", feedback_id=f"{choice_id}_fb"), "varequal", choice_id,
            respident=RESPONSE)
    score(processing, question)
    _item_feedback(el, "general_fb", general_feedback(question, content))
    for choice_id, text in choices.items():
        _item_feedback(el, f"{choice_id}_fb", [text])
    return el


def choice_feedback(question: Question) -> dict[str, str]:
    """Choice id -> the feedback that corrects the misconception behind choosing it."""
    if isinstance(question, TrueFalse):
        return {("false" if question.answer else "true"): question.wrong_feedback} if question.wrong_feedback else {}
    return {c.id: c.feedback for c in getattr(question, "choices", []) if c.feedback}


def _item_feedback(el: ET.Element, identifier: str, paragraphs: list[str]) -> None:
    flow = sub(sub(el, "itemfeedback", ident=identifier), "flow_mat")
    for paragraph in paragraphs:
        _material(flow, paragraph)


def _condition(processing: ET.Element, go_on: str, score: tuple[str, str] | None = None,
               feedback_id: str | None = None) -> ET.Element:
    """A respcondition; returns its conditionvar for the caller to fill."""
    condition = sub(processing, "respcondition", **{"continue": go_on})
    conditionvar = sub(condition, "conditionvar")
    if score:
        sub(condition, "setvar", score[1], action=score[0], varname="SCORE")
    if feedback_id:
        sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=feedback_id)
    return conditionvar


def _choice_list(presentation: ET.Element, cardinality: str, choices: list[tuple[str, str]],
                 ident: str = RESPONSE, label: str | None = None) -> None:
    lid = sub(presentation, "response_lid", ident=ident, rcardinality=cardinality)
    if label is not None:
        _material(lid, label)
    render = sub(lid, "render_choice")
    for choice_id, text in choices:
        _material(sub(render, "response_label", ident=choice_id), text)


def _present_single(presentation: ET.Element, question: SingleChoice) -> None:
    _choice_list(presentation, "Single", [(c.id, c.text) for c in question.choices])


def _present_multiple(presentation: ET.Element, question: MultipleChoice) -> None:
    _choice_list(presentation, "Multiple", [(c.id, c.text) for c in question.choices])


def _present_true_false(presentation: ET.Element, question: TrueFalse) -> None:
    _choice_list(presentation, "Single", [("true", "True"), ("false", "False")])


def _present_blank(presentation: ET.Element, question: ShortAnswer | Numeric) -> None:
    response = sub(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
    sub(sub(response, "render_fib", **({"fibtype": "Decimal"} if isinstance(question, Numeric) else {})),
        "response_label", ident="answer1", rshuffle="No")


def _present_pairs(presentation: ET.Element, question: Matching | Ordering) -> None:
    found = pairs(question)
    rights = [(f"r_{p.id}", p.right) for p in found]
    for pair in found:
        _choice_list(presentation, "Single", rights, ident=f"response_{pair.id}", label=pair.left)


def _score_single(processing: ET.Element, question: SingleChoice | TrueFalse) -> None:
    right = question.answer if isinstance(question, SingleChoice) else ("true" if question.answer else "false")
    sub(_condition(processing, "No", ("Set", "100")), "varequal", right, respident=RESPONSE)


def _score_multiple(processing: ET.Element, question: MultipleChoice) -> None:
    both = sub(_condition(processing, "No", ("Set", "100")), "and")
    for choice in question.choices:
        parent = both if choice.id in question.answer else sub(both, "not")
        sub(parent, "varequal", choice.id, respident=RESPONSE)


def _score_short(processing: ET.Element, question: ShortAnswer) -> None:
    either = sub(_condition(processing, "No", ("Set", "100")), "or")
    for accepted in question.accepted:
        sub(either, "varequal", one_line(accepted), respident=RESPONSE, case="No")


def _score_numeric(processing: ET.Element, question: Numeric) -> None:
    either = sub(_condition(processing, "No", ("Set", "100")), "or")
    sub(either, "varequal", f"{question.answer:g}", respident=RESPONSE)
    within = sub(either, "and")
    sub(within, "vargte", f"{question.answer - question.tolerance:g}", respident=RESPONSE)
    sub(within, "varlte", f"{question.answer + question.tolerance:g}", respident=RESPONSE)


def _score_matching(processing: ET.Element, question: Matching) -> None:
    found = pairs(question)
    for pair in found:
        sub(_condition(processing, "Yes", ("Add", f"{100 / len(found):.4f}")), "varequal", f"r_{pair.id}",
            respident=f"response_{pair.id}")


def _score_ordering(processing: ET.Element, question: Ordering) -> None:
    both = sub(_condition(processing, "No", ("Set", "100")), "and")
    for pair in pairs(question):
        sub(both, "varequal", f"r_{pair.id}", respident=f"response_{pair.id}")


# our type -> (cc_profile or "", Canvas question_type, presentation, scoring)
FORMS: dict[str, tuple[str, str, Callable, Callable]] = {
    "single_choice": ("cc.multiple_choice.v0p1", "multiple_choice_question", _present_single, _score_single),
    "multiple_choice": ("cc.multiple_response.v0p1", "multiple_answers_question", _present_multiple,
                        _score_multiple),
    "true_false": ("cc.true_false.v0p1", "true_false_question", _present_true_false, _score_single),
    "short_answer": ("cc.fib.v0p1", "short_answer_question", _present_blank, _score_short),
    "numeric": ("", "numerical_question", _present_blank, _score_numeric),
    "matching": ("", "matching_question", _present_pairs, _score_matching),
    "ordering": ("", "matching_question", _present_pairs, _score_ordering),
}
