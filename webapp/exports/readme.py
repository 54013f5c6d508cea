"""The readme written inside every export: how each question type arrives, what each system
keeps and what it loses.

docs/exports.md says the same for people reading the project; a test keeps them in step.
"""
from __future__ import annotations

from collections.abc import Sequence

COMMON = (
    "Every question keeps its feedback: each wrong choice's feedback, and a general feedback "
    "that gives the explanation and the evidence quote with its citation (source, title, "
    "publisher, date). Question ids are kept as question names or identifiers, so a re-import "
    "can be matched with the original."
)

LEFT_OUT = "the whole question: use the QTI 1.2 package (Canvas), Moodle XML (Moodle) or QTI 2.1"
SENTENCES = "the passage arrives as a list of sentences to tick, not one text to select in"
HIGHLIGHT_NOTE = (
    "Highlight questions (select the sentences of a passage that support a claim) have no type of their "
    "own in this format: each becomes a multiple-response question whose choices are the passage's "
    "sentences, numbered in order, and whose prompt states the scoring: each right sentence earns an equal "
    "share, each wrong one takes the same share away, never below zero. The QTI 2.1 package keeps them "
    "as a passage to select in (hottextInteraction)."
)

# format key -> (title, [(our type, what it becomes, what is lost or changed)])
TYPE_MAPS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "gift": ("GIFT (Moodle's plain-text format)", [
        ("single_choice", "multiple choice, one answer", "nothing"),
        ("multiple_choice", "multiple choice with weights (%)", "all-or-nothing questions give partial credit"),
        ("true_false", "true/false", "nothing"),
        ("short_answer", "short answer", "Moodle ignores case but not punctuation or accents"),
        ("numeric", "numerical with tolerance", "the unit is written into the prompt"),
        ("matching", "matching", "nothing"),
        ("ordering", "matching: each item to its position (1st, 2nd, …)",
         "partial credit for each right position (ours is all-or-nothing)"),
        ("highlight", "multiple choice with weights (%) over the passage's sentences",
         f"{SENTENCES}; Moodle may shuffle them (their numbers keep the order)"),
    ]),
    "moodle": ("Moodle XML", [
        ("single_choice", "multichoice, single answer", "nothing"),
        ("multiple_choice", "multichoice, several answers, with fractions",
         "all-or-nothing questions give partial credit"),
        ("true_false", "truefalse", "nothing"),
        ("short_answer", "shortanswer (case ignored)", "punctuation and accents are not ignored"),
        ("numeric", "numerical with tolerance", "the unit is written into the prompt"),
        ("matching", "matching", "nothing"),
        ("ordering", "matching: each item to its position (the ordering type is a Moodle plugin)",
         "partial credit for each right position (ours is all-or-nothing)"),
        ("highlight", "multichoice, several answers, over the passage's sentences (in order, not shuffled)",
         SENTENCES),
    ]),
    "cc": ("IMS Common Cartridge 1.1 with QTI 1.2 quizzes (Canvas, Schoology, Blackboard, Moodle)", [
        ("single_choice", "cc.multiple_choice", "nothing"),
        ("multiple_choice", "cc.multiple_response",
         "Moodle: picking every choice gets full marks (use Moodle XML); Canvas: its own partial credit"),
        ("true_false", "cc.true_false", "nothing"),
        ("short_answer", "cc.fib (fill in the blank), case ignored", "punctuation and accents are not ignored"),
        ("numeric", "left out (not in the CC 1.1 profile)", LEFT_OUT),
        ("matching", "left out (not in the CC 1.1 profile)", LEFT_OUT),
        ("ordering", "left out (not in the CC 1.1 profile)", LEFT_OUT),
        ("highlight", "cc.multiple_response over the passage's sentences",
         f"{SENTENCES}; Moodle: picking every sentence gets full marks (use Moodle XML); Canvas: its own "
         "partial credit"),
    ]),
    "qti12": ("QTI 1.2 package (Canvas's quiz import)", [
        ("single_choice", "multiple_choice_question", "nothing"),
        ("multiple_choice", "multiple_answers_question", "Canvas's own partial credit (right picks add, wrong "
         "picks take away)"),
        ("true_false", "true_false_question", "nothing"),
        ("short_answer", "short_answer_question (fill in the blank), case ignored",
         "punctuation and accents are not ignored"),
        ("numeric", "numerical_question: the answer, or a range of the tolerance", "the unit is written into "
         "the prompt"),
        ("matching", "matching_question (one choice list per item)", "nothing"),
        ("ordering", "matching_question: each item to its position (1st, 2nd, …)",
         "partial credit for each right position (ours is all-or-nothing)"),
        ("highlight", "multiple_answers_question over the passage's sentences",
         f"{SENTENCES}; Canvas's own partial credit (right picks add, wrong picks take away)"),
    ]),
    "qti21": ("IMS QTI 2.1 content package", [
        ("single_choice", "choiceInteraction, one answer", "nothing"),
        ("multiple_choice", "choiceInteraction, several answers (mapped for partial scoring)", "nothing"),
        ("true_false", "choiceInteraction with True and False", "nothing"),
        ("short_answer", "textEntryInteraction, any accepted answer (stringMatch, case ignored)",
         "punctuation and accents are not ignored"),
        ("numeric", "textEntryInteraction (float) scored within the tolerance", "the unit is in the prompt"),
        ("matching", "matchInteraction (partial credit per pair)", "nothing"),
        ("ordering", "orderInteraction", "nothing"),
        ("highlight", "hottextInteraction: the passage, each sentence selectable (mapped for partial scoring)",
         "nothing"),
    ]),
}

# format key -> what each system keeps and loses, beyond the table
NOTES: dict[str, list[str]] = {
    "gift": [
        "GIFT cannot set a question's penalty or ID number. Moodle gives every imported GIFT question a "
        "penalty of 0.3333333 (true/false: 1), which takes marks off each wrong try in interactive or "
        "adaptive quizzes; the question name keeps our id. Use Moodle XML for penalty 0 and ID numbers.",
        "Text is written as HTML (& < > escaped), since Moodle shows GIFT text as HTML; answers to short-answer "
        "and matching questions stay plain text, as Moodle compares them.",
        HIGHLIGHT_NOTE,
    ],
    "moodle": [
        "Moodle keeps everything: text, explanation and evidence, each wrong choice's feedback, penalty 0 "
        "and our question id as the ID number. This is the best route into Moodle.",
        "Text is written in CDATA sections, so Moodle's XML reader keeps every space (it drops spaces that "
        "sit alone between an entity such as &amp; and a non-ASCII letter).",
        HIGHLIGHT_NOTE,
    ],
    "cc": [
        "Only the question types of the CC 1.1 profile are in the cartridge, so it validates against the "
        "IMS schemas and imports whole; the readme lists the questions left out. For Canvas, the QTI 1.2 "
        "package has every question type.",
        "Moodle (course restore): multiple-select questions keep their right answers, but Moodle gives "
        "wrong choices 0 instead of a deduction, so picking every choice gets full marks: use Moodle XML "
        "for those. The explanation and evidence arrive as the general feedback; each wrong choice keeps "
        "its feedback.",
        "Canvas: multiple-select questions are scored by Canvas's own partial-credit rule (right picks "
        "add, wrong picks take away). The explanation and evidence arrive as the general feedback, each "
        "wrong choice's feedback as that answer's comment.",
        "A QTI 1.2 engine that runs the scoring shows the feedback for one wrong choice only.",
        HIGHLIGHT_NOTE,
    ],
    "qti12": [
        "For Canvas: Settings, Import Course Content, \"QTI .zip file\". Unlike the Common Cartridge it "
        "holds every question type (no lesson readings).",
        "The explanation and evidence arrive as the general feedback, each wrong choice's feedback as that "
        "answer's comment. How Canvas reads the package is taken from its converter's code; check a quiz "
        "after importing it.",
        "A QTI 1.2 engine that runs the scoring shows the feedback for one wrong choice only.",
        HIGHLIGHT_NOTE,
    ],
    "qti21": [
        "Scoring is written out in full (no templates), so an engine scores every item as the app does.",
        "Highlight questions are hottextInteractions: the passage is shown whole and each sentence is a hot "
        "text to select; right picks add, wrong picks take away, never below zero (mapResponse).",
    ],
}


def readme_text(fmt: str, title: str, question_count: int, extra: Sequence[str] = ()) -> str:
    name, rows = TYPE_MAPS[fmt]
    width = max(len(r[0]) for r in rows)
    lines = [f"Crossings: {title}", f"Format: {name}", f"Questions: {question_count}", "",
             "Crossings is an open lesson unit about North Korean refugees for grades 8-12.", "",
             COMMON, "", "How each question type arrives, and what changes:", ""]
    for ours, theirs, lost in rows:
        lines.append(f"  {ours.ljust(width)}  ->  {theirs}; changes: {lost}")
    lines += ["", *(f"- {note}" for note in NOTES[fmt])]
    if extra:
        lines += ["", *extra]
    lines += ["", "Check a quiz after importing it: the app's own scoring is the reference."]
    return "\n".join(lines) + "\n"
