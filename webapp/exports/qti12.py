"""QTI 1.2 assessments: as the IMS Common Cartridge 1.1 profile writes them (``cartridge.TYPES``),
and with Canvas's extra types for the QTI 1.2 package (``qti12_package.TYPES``).

The profile has multiple choice, multiple response, true/false and fill in the blank. Numbers,
matching and ordering need conditions it leaves out (ranges, ``or``, ``setvar action="Add"``),
so the cartridge leaves them out and says so (its ``TYPES`` table); the QTI 1.2 package for
Canvas has them, written as Canvas's converter reads them. Every item carries Canvas's
``question_type``. Scores are 0–100 in SCORE.

Written for the two readers that matter, Moodle's cartridge import and Canvas's converter:
all text is HTML (``texttype="text/html"``, escaped), since both show it as HTML; the
general feedback is one mattext of paragraphs, since Moodle reads only the first of each
feedback; it hangs on the first condition (``continue="Yes"``), and the per-choice feedback
conditions come after the scoring one with ``continue="No"``, since Moodle pastes every
``continue="Yes"`` feedback into the general feedback.

Elements get plain names and the root declares the namespace as the default one (``xmlns=``):
ElementTree's namespace prefixes are global state (``register_namespace``), shared by every
export being written at the same time, and its ``default_namespace`` option refuses plain
attributes.
"""
from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Callable

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
from ..content.questions.highlight import Highlight
from ..content.questions.written_response import WrittenResponse
from ..content.quizzes import Quiz
from .common import (
    XSI,
    ExportTable,
    as_multiple_response,
    general_feedback,
    html_paragraphs,
    kept,
    lesson_title,
    number,
    one_line,
    pairs,
    prompt,
    writer,
    xml_document,
)

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSD = "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
RESPONSE = "response1"
Form = tuple[str, str, Callable, Callable]  # (cc_profile, Canvas question_type, presentation, scoring)


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    el.text = text
    return el


def assessment_document(quiz: Quiz, content: Content, identifier: str, table: ExportTable[Form]) -> bytes:
    """The quiz's questions that ``table`` (the cartridge's or the Canvas package's) writes, as one assessment."""
    root = ET.Element("questestinterop", {"xmlns": QTI, "xmlns:xsi": XSI, "xsi:schemaLocation": f"{QTI} {XSD}"})
    assessment = sub(root, "assessment", ident=identifier, title=f"{lesson_title(content, quiz)}: quiz")
    _metadata(sub(assessment, "qtimetadata"), {"cc_profile": "cc.exam.v0p1", "qmd_assessmenttype": "Examination",
                                               "qmd_scoretype": "Percentage", "cc_maxattempts": "1"})
    section = sub(assessment, "section", ident="root_section")
    for question in kept(table, quiz.questions):
        section.append(item(question, content, table))
    return xml_document(root)


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    for label, entry in fields.items():
        field = sub(parent, "qtimetadatafield")
        sub(field, "fieldlabel", label)
        sub(field, "fieldentry", entry)


def _material(parent: ET.Element, markup: str) -> ET.Element:
    """A material holding HTML (already escaped or built by us)."""
    material = sub(parent, "material")
    sub(material, "mattext", markup, texttype="text/html")
    return material


def _text(text: str) -> str:
    """Plain text as HTML: one line, & < > escaped."""
    return html.escape(one_line(text), quote=False)


def item(question: Question, content: Content, table: ExportTable[Form]) -> ET.Element:
    form = writer(table, question)
    if form is None:
        raise ValueError(f"{table.name} leaves {question.type_name} questions out (see the readme)")
    profile, canvas_type, present, score = form
    el = ET.Element("item", ident=question.id, title=question.id)
    fields = {"cc_profile": profile} if profile else {}
    _metadata(sub(sub(el, "itemmetadata"), "qtimetadata"),
              {**fields, "question_type": canvas_type, "points_possible": "1", "cc_weighting": "1"})
    presentation = sub(el, "presentation")
    _material(presentation, _text(prompt(question)))
    present(presentation, question)
    processing = sub(el, "resprocessing")
    sub(sub(processing, "outcomes"), "decvar", varname="SCORE", vartype="Decimal", minvalue="0",
        maxvalue="100")
    sub(_condition(processing, "Yes", feedback_id="general_fb"), "other")
    score(processing, question)
    choices = choice_feedback(question)
    for choice_id in choices:
        sub(_condition(processing, "No", feedback_id=f"{choice_id}_fb"), "varequal", choice_id,
            respident=RESPONSE)
    _item_feedback(el, "general_fb", html_paragraphs(general_feedback(question, content)))
    for choice_id, text in choices.items():
        _item_feedback(el, f"{choice_id}_fb", html_paragraphs([text]))
    return el


def choice_feedback(question: Question) -> dict[str, str]:
    """Wrong choice id -> the feedback that corrects the misconception behind choosing it.

    Only wrong choices, as in the app: Moodle scores a choice 0 when any condition after its
    scoring one names it without a setvar.
    """
    if isinstance(question, TrueFalse):
        return {("false" if question.answer else "true"): question.wrong_feedback} if question.wrong_feedback else {}
    if isinstance(question, ChoiceQuestion):
        return {c.id: c.feedback for c in question.choices if c.feedback and c.id not in question.key_ids()}
    return {}


def _item_feedback(el: ET.Element, identifier: str, markup: str) -> None:
    _material(sub(sub(el, "itemfeedback", ident=identifier), "flow_mat"), markup)


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
        _material(lid, _text(label))
    render = sub(lid, "render_choice")
    for choice_id, text in choices:
        _material(sub(render, "response_label", ident=choice_id), _text(text))


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
    """All right choices and no wrong one; right ones carry case="Yes", which is how Moodle's
    cartridge reader finds them."""
    both = sub(_condition(processing, "No", ("Set", "100")), "and")
    for choice in question.choices:
        if choice.id in question.answer:
            sub(both, "varequal", choice.id, respident=RESPONSE, case="Yes")
        else:
            sub(sub(both, "not"), "varequal", choice.id, respident=RESPONSE)


def _score_short(processing: ET.Element, question: ShortAnswer) -> None:
    """Each accepted answer as a sibling varequal: the profile has no <or>, and this is where
    Moodle's and Canvas's readers look for the answers."""
    conditionvar = _condition(processing, "No", ("Set", "100"))
    for accepted in question.accepted:
        sub(conditionvar, "varequal", one_line(accepted), respident=RESPONSE, case="No")


def _score_numeric(processing: ET.Element, question: Numeric) -> None:
    """The exact answer, or any answer within the tolerance (Canvas's numerical_question)."""
    either = sub(_condition(processing, "No", ("Set", "100")), "or")
    sub(either, "varequal", number(question.answer), respident=RESPONSE)
    within = sub(either, "and")
    sub(within, "vargte", number(question.answer - question.tolerance), respident=RESPONSE)
    sub(within, "varlte", number(question.answer + question.tolerance), respident=RESPONSE)


def _present_essay(presentation: ET.Element, question: WrittenResponse) -> None:
    response = sub(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
    sub(sub(response, "render_fib", rows="15", columns="80"), "response_label", ident="answer1", rshuffle="No")


def _score_essay(processing: ET.Element, question: WrittenResponse) -> None:
    """Nothing to score: the teacher grades it (the profile's essay has no scoring condition)."""


def _score_pairs(processing: ET.Element, question: Matching | Ordering) -> None:
    """One Add condition per pair (an ordering: per position): Canvas keeps a right match only
    from such a condition, and gives credit for each."""
    found = pairs(question)
    for pair in found:
        sub(_condition(processing, "Yes", ("Add", f"{100 / len(found):.4f}")), "varequal", f"r_{pair.id}",
            respident=f"response_{pair.id}")


# The item forms the two QTI 1.2 tables use (cartridge.TYPES, qti12_package.TYPES): (cc_profile,
# Canvas question_type, presentation, scoring); a form outside the CC 1.1 profile has no profile.
SINGLE: Form = ("cc.multiple_choice.v0p1", "multiple_choice_question", _present_single, _score_single)
MULTIPLE: Form = ("cc.multiple_response.v0p1", "multiple_answers_question", _present_multiple, _score_multiple)
TRUE_FALSE: Form = ("cc.true_false.v0p1", "true_false_question", _present_true_false, _score_single)
BLANK: Form = ("cc.fib.v0p1", "short_answer_question", _present_blank, _score_short)
NUMERICAL: Form = ("", "numerical_question", _present_blank, _score_numeric)
PAIRS: Form = ("", "matching_question", _present_pairs, _score_pairs)


def _present_sentences(presentation: ET.Element, question: Highlight) -> None:
    _present_multiple(presentation, as_multiple_response(question))


def _score_sentences(processing: ET.Element, question: Highlight) -> None:
    _score_multiple(processing, as_multiple_response(question))


# a highlight: multiple response over its passage's sentences (the profile has no hot text)
SENTENCES: Form = ("cc.multiple_response.v0p1", "multiple_answers_question", _present_sentences, _score_sentences)
ESSAY: Form = ("cc.essay.v0p1", "essay_question", _present_essay, _score_essay)
