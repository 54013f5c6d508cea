"""The readme written inside every export: how each question type arrives, and what degrades.

docs/exports.md says the same for people reading the project; a test keeps them in step.
"""
from __future__ import annotations

COMMON = (
    "Every question keeps its feedback: each wrong choice's feedback, and a general feedback "
    "that gives the explanation and the evidence quote with its citation (source, title, "
    "publisher, date). Question ids are kept as question names or identifiers, so a re-import "
    "can be matched with the original."
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
    ]),
    "cc": ("IMS Common Cartridge 1.1 with QTI 1.2 quizzes (Canvas, Schoology, Blackboard, Moodle)", [
        ("single_choice", "cc.multiple_choice", "nothing"),
        ("multiple_choice", "cc.multiple_response", "partial scoring becomes all-or-nothing"),
        ("true_false", "cc.true_false", "nothing"),
        ("short_answer", "cc.fib (fill in the blank), case ignored", "punctuation and accents are not ignored"),
        ("numeric", "numerical_question (QTI 1.2 range)",
         "not in the CC profile: Canvas imports it, Moodle's cartridge import skips it"),
        ("matching", "matching_question (one choice list per item)",
         "not in the CC profile: Canvas imports it, Moodle's cartridge import skips it"),
        ("ordering", "matching_question: each item to its position",
         "as matching; scored all-or-nothing like ours"),
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
    ]),
}


def readme_text(fmt: str, title: str, question_count: int) -> str:
    name, rows = TYPE_MAPS[fmt]
    width = max(len(r[0]) for r in rows)
    lines = [f"Crossings: {title}", f"Format: {name}", f"Questions: {question_count}", "",
             "Crossings is an open lesson unit about North Korean refugees for grades 8-12.", "",
             COMMON, "", "How each question type arrives, and what changes:", ""]
    for ours, theirs, lost in rows:
        lines.append(f"  {ours.ljust(width)}  ->  {theirs}; changes: {lost}")
    lines += ["", "Check a quiz after importing it: the app's own scoring is the reference."]
    return "\n".join(lines) + "\n"
