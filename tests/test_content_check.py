"""The content checker: one broken fixture per kind of problem, each with its exact message."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from webapp.content.loader import load_content

MINI = Path(__file__).parent / "fixtures" / "mini"
TEXTS = Path(__file__).parent / "fixtures" / "mini-texts"
QUIZ, LESSON = "quizzes/mini.yaml", "lessons/01-mini.md"


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text to replace is missing: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def problems_of(root: Path, texts: Path | None = TEXTS) -> list[str]:
    return [str(p) for p in load_content(root, texts_dir=texts).problems]


def test_the_valid_fixture_has_no_problems():
    assert problems_of(MINI) == []


BROKEN = [
    ("unknown field", QUIZ, "    skill: recall\n", "    skill: recall\n    hint: guess\n",
     "quizzes/mini.yaml:16: question mini-when: field 'hint': unknown field (allowed: answer, choices, draws_on, evidence, "
     "explanation, id, objective, prompt, skill, type)"),
    ("missing field", QUIZ, "    prompt: When did the ferry cross?\n", "",
     "quizzes/mini.yaml:3: question mini-when: field 'prompt': missing required field"),
    ("wrong type", QUIZ, "    answer: false\n", "    answer: maybe\n",
     "quizzes/mini.yaml:22: question mini-walk: field 'answer': expected true or false, got text"),
    ("answer not among the choices", QUIZ, "    answer: a\n", "    answer: c\n",
     "quizzes/mini.yaml:12: question mini-when: field 'answer': 'c' is not among the choices (a, b)"),
    ("duplicate choice id", QUIZ, "      - id: b\n        text: At night", "      - id: a\n        text: At night",
     "quizzes/mini.yaml:9: question mini-when: field 'choices[2].id': duplicate choice id 'a' (first on line 7)"),
    ("duplicate id", QUIZ, "  - id: mini-walk\n", "  - id: mini-when\n",
     "quizzes/mini.yaml: question mini-when: field 'id': duplicate question id"),
    ("objective the lesson does not define", QUIZ, "    objective: sources\n", "    objective: mapping\n",
     "quizzes/mini.yaml: question mini-walk: field 'objective': 'mapping' is not an objective of lesson mini "
     "(known: crossing, sources)"),
    ("unknown source", QUIZ, "      - source: river.txt\n        quote: the bus",
     "      - source: lake.txt\n        quote: the bus",
     "quizzes/mini.yaml: question mini-walk: field 'evidence[1]': unknown source 'lake.txt' (known: river.txt)"),
    ("quote over 60 words", QUIZ, "        quote: the bus that never came\n",
     "        quote: " + "word " * 61 + "\n",
     "quizzes/mini.yaml: question mini-walk: field 'evidence[1]': quote has 61 words; at most 60"),
    ("quote not verbatim", QUIZ, "        quote: the bus that never came\n", "        quote: the bus that came late\n",
     "quizzes/mini.yaml: question mini-walk: field 'evidence[1]': quote not found verbatim in river.txt: "
     "'the bus that came late'"),
    ("unknown question type", QUIZ, "    type: true_false\n", "    type: essay\n",
     "quizzes/mini.yaml:20: question mini-walk: field 'type': 'essay' is not a question type (known: highlight, "
     "matching, multiple_choice, numeric, ordering, short_answer, single_choice, true_false, written_response)"),
    ("unknown skill", QUIZ, "    skill: inference\n", "    skill: guessing\n",
     "quizzes/mini.yaml:26: question mini-walk: field 'skill': 'guessing' is not one of: recall, inference, "
     "sourcing, corroboration"),
    ("malformed quiz YAML", QUIZ, "    prompt: When did the ferry cross?\n", "    prompt: [When did\n",
     "quizzes/mini.yaml:6: not valid YAML: expected ',' or ']', but got ':'"),
    ("malformed front matter", LESSON, "title: A Mini Lesson\n", "title: A Mini: Lesson: [\n",
     "lessons/01-mini.md:4: not valid YAML: mapping values are not allowed here"),
    ("missing lesson field", LESSON, "minutes: 10\n", "",
     "lessons/01-mini.md:2: field 'minutes': missing required field"),
    ("unknown lesson field", LESSON, "minutes: 10\n", "minutes: 10\nlevel: easy\n",
     "lessons/01-mini.md:9: field 'level': unknown field (allowed: content_notes, format, grade_band, id, key_terms, kind, "
     "minutes, objectives, order, sources, summary, title, topic)"),
    ("lesson cites a source not in the catalog", LESSON, "[@river]. Afterwards", "[@ocean]. Afterwards",
     "lessons/01-mini.md: citation [@ocean] names no source in the catalog"),
    ("quotation not verbatim", LESSON, "> The ferry crossed the wide river at dawn\n",
     "> The ferry crossed the narrow river at dawn\n",
     "lessons/01-mini.md:36: quotation not found verbatim in river.txt: 'The ferry crossed the narrow river at dawn'"),
    ("quotation without attribution", LESSON, ">\n> — the narrator [@river]\n", "\n",
     "lessons/01-mini.md:36: quotation has no attribution line starting with '—'"),
    ("missing section", LESSON, "## Discussion\n\n1. Why?\n", "",
     "lessons/01-mini.md: missing section '## Discussion'"),
    ("image that is not there", LESSON, "(visuals/map.svg", "(visuals/missing.svg",
     "lessons/01-mini.md: image visuals/missing.svg is not a file in lessons/"),
    ("lesson outside the unit's grade band", LESSON, 'grade_band: "8-12"', 'grade_band: "9-12"',
     "lessons/01-mini.md: field 'grade_band': grade_band is '9-12'; the unit's band (lessons/unit.yaml) is '8-12'"),
    ("unit without a content version", "lessons/unit.yaml", 'version: "1.0"\n', "",
     "lessons/unit.yaml:3: field 'version': missing required field"),
    ("quiz without a format", QUIZ, "format: 1\n", "",
     "quizzes/mini.yaml:1: field 'format': missing: add 'format: 1' (the file format this version of Crossings "
     "reads)"),
    ("quiz in a format this version does not read", QUIZ, "format: 1\n", "format: 2\n",
     "quizzes/mini.yaml:44: field 'format': format 2 is not one this version of Crossings reads (it reads "
     "format 1): was the file written for a newer Crossings?"),
    ("lesson without a format", LESSON, "format: 1\n", "",
     "lessons/01-mini.md:2: field 'format': missing: add 'format: 1' (the file format this version of Crossings "
     "reads)"),
    ("lesson in a format that is no number", LESSON, "format: 1\n", "format: one\n",
     "lessons/01-mini.md:2: field 'format': expected the whole number 1, got text"),
    ("quiz for a lesson that does not exist", QUIZ, "lesson: mini\n", "lesson: maxi\n",
     "quizzes/mini.yaml: field 'lesson': a quiz file is named after its lesson: quizzes/maxi.yaml"),
]


@pytest.mark.parametrize("kind, file, old, new, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_kind_of_problem_is_reported_exactly(tmp_path, kind, file, old, new, message):
    assert message in problems_of(broken_copy(tmp_path, file, old, new))


def test_every_problem_is_reported_at_once(tmp_path):
    root = broken_copy(tmp_path, QUIZ, "    answer: a\n", "    answer: c\n")
    text = (root / QUIZ).read_text().replace("    skill: inference\n", "    skill: guessing\n")
    (root / QUIZ).write_text(text)
    found = problems_of(root)
    assert any("'c' is not among the choices" in p for p in found)
    assert any("'guessing' is not one of" in p for p in found)


def test_without_full_texts_the_verbatim_check_is_skipped_but_the_rest_runs(tmp_path):
    root = broken_copy(tmp_path, QUIZ, "        quote: the bus that never came\n",
                       "        quote: the bus that came late\n")
    assert problems_of(root, texts=None) == []
    root2 = broken_copy(tmp_path / "b", QUIZ, "    answer: a\n", "    answer: c\n")
    assert any("not among the choices" in p for p in problems_of(root2, texts=None))


def test_lesson_prose_may_not_repeat_a_source_outside_a_quotation(tmp_path):
    copied = "The ferry crossed the wide river at dawn, and the travellers waited on the far bank."
    root = broken_copy(tmp_path, LESSON, "Travellers crossed a river early in the morning [@river].",
                       copied + " [@river]")
    assert any("runs of 12 words repeat river.txt outside a quotation" in p for p in problems_of(root))


DOCUMENT_SET = [
    ("too few documents", "### Document B: the guide's words", "### Not a document",
     "lessons/01-mini.md:40: the document set has 1 documents ('### Document A: …' under '## Comparing the sources'); "
     "expected 2–4"),
    ("document without a headnote", "**Headnote.** *Who made it:* the narrator.", "*Who made it:* the narrator.",
     "lessons/01-mini.md:44: Document A has no headnote (a paragraph starting '**Headnote.**')"),
    ("headnote that does not say for whom", "*For whom:* readers of the test press.", "readers of the test press.",
     "lessons/01-mini.md:44: Document A's headnote does not say: For whom:"),
    ("document without an excerpt", "> “We walked all day,” said the guide\n>\n> — the guide [@river]\n", "",
     "lessons/01-mini.md:53: Document B has 0 excerpts (blockquotes); expected exactly 1"),
    ("excerpt over 120 words", "> the travellers waited on the far bank for the bus that never came\n",
     "> " + "the bus that never came " * 25 + "\n",
     "lessons/01-mini.md:49: Document A's excerpt has 125 words; at most 120"),
    ("excerpt not verbatim", "> the travellers waited on the far bank for the bus that never came\n",
     "> the travellers waited on the near bank\n",
     "lessons/01-mini.md:49: quotation not found verbatim in river.txt: 'the travellers waited on the near bank'"),
    ("organizer without a corroboration row", "| **Corroboration:** do they agree? | | |\n", "",
     "lessons/01-mini.md: the organizer has no row for corroboration"),
    ("organizer filled in", "| **Sourcing:** who made it? | | |", "| **Sourcing:** who made it? | the narrator | |",
     "lessons/01-mini.md: the organizer's row 'sourcing' is filled in; leave its answer cells blank for students"),
    ("no model answers", "**Model answers.** Both", "Both",
     "lessons/01-mini.md: the teacher notes have no model answers for the document set "
     "(a paragraph starting '**Model answers.**')"),
]


@pytest.mark.parametrize("kind, old, new, message", DOCUMENT_SET, ids=[d[0] for d in DOCUMENT_SET])
def test_each_document_set_problem_is_reported_exactly(tmp_path, kind, old, new, message):
    assert message in problems_of(broken_copy(tmp_path, LESSON, old, new))


def test_a_background_reference_is_cited_without_being_a_lesson_source(tmp_path):
    root = broken_copy(tmp_path, "sources/catalog.yaml", "  about: a made-up crossing\n",
                       "  about: a made-up crossing\n- background: bg-ferries\n  cite: Ferry Atlas, 2001\n"
                       "  title: Ferries of the World\n  publisher: Atlas Press\n  year: 2001\n"
                       "  used_for: ferry timetables\n")
    lesson = root / LESSON
    lesson.write_text(lesson.read_text().replace("[@river]. Afterwards", "[@river]. *Background:* ferries are "
                                                 "slow [@bg-ferries]. Afterwards", 1))
    content = load_content(root, texts_dir=TEXTS)
    assert [str(p) for p in content.problems] == []
    assert [ref.cite for ref in content.background_for(content.lessons[0])] == ["Ferry Atlas, 2001"]
    quoted = broken_copy(tmp_path / "c", LESSON, ">\n> — the narrator [@river]\n", ">\n> — the atlas [@bg-ferries]\n")
    (quoted / "sources/catalog.yaml").write_text((root / "sources/catalog.yaml").read_text())
    assert "lessons/01-mini.md:36: a background reference is cited, never quoted" in problems_of(quoted)


def test_a_quiz_field_problem_carries_its_line(tmp_path):
    root = broken_copy(tmp_path, QUIZ, "    explanation: It crossed at dawn.\n", "    explanation: 42\n")
    assert problems_of(root) == ["quizzes/mini.yaml:13: question mini-when: field 'explanation': "
                                 "expected text, got a number (42)"]


def test_a_lesson_front_matter_field_problem_carries_its_line(tmp_path):
    root = broken_copy(tmp_path, LESSON, "minutes: 10\n", "minutes: ten\n")
    assert problems_of(root) == ["lessons/01-mini.md:8: field 'minutes': expected a whole number, got text"]


def test_a_problem_in_a_list_item_carries_the_item_line(tmp_path):
    root = broken_copy(tmp_path, LESSON, "  - Nothing upsetting.\n", "  - Nothing upsetting.\n  - [a, list]\n")
    assert problems_of(root) == ["lessons/01-mini.md:22: field 'content_notes[2]': expected text, got a list"]


def test_a_duplicate_key_in_a_quiz_is_reported_with_its_line(tmp_path):
    root = broken_copy(tmp_path, QUIZ, "    skill: inference\n", "    skill: inference\n    prompt: Again?\n")
    text = (root / QUIZ).read_text().replace("    answer: a\n", "    answer: c\n")
    (root / QUIZ).write_text(text)
    found = problems_of(root)
    assert "quizzes/mini.yaml:27: duplicate field 'prompt' (first on line 21)" in found
    assert any("'c' is not among the choices" in p for p in found)  # the rest of the file is still checked


def test_a_field_name_that_is_not_text_is_reported_with_its_line(tmp_path):
    root = broken_copy(tmp_path, QUIZ, "    skill: inference\n", "    skill: inference\n    2008: a year\n")
    assert "quizzes/mini.yaml:27: field names must be text, got a number (2008)" in problems_of(root)
