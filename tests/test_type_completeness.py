"""Every registered question type has every piece the app needs: each hook, each per-type table's
row (a writer, or LeftOut with its reason), each partial and its offline JS scorer.

The tables are found, not listed: every ``TypeTable`` in any module of the app is checked, so a
new exporter's table is covered the day it is written (docs/question-types.md).
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_question_types import unimplemented_hooks

import webapp
from webapp.content import questions
from webapp.content.questions.base import PARTIALS, LeftOut, Question, TypeTable

WEBAPP = Path(webapp.__path__[0])


def type_tables() -> list[TypeTable]:
    """Every per-type table defined at the top of any module of the app."""
    found: dict[int, TypeTable] = {}
    for info in pkgutil.walk_packages(webapp.__path__, "webapp."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, TypeTable):
                found[id(value)] = value
    return sorted(found.values(), key=lambda table: table.name)


def missing_pieces() -> list[str]:
    """What each registered type lacks, in words (empty when every type is complete)."""
    gaps = []
    for name, cls in questions.QUESTION_TYPES.items():
        gaps += [f"{name}: hook {hook} raises NotImplementedError" for hook in unimplemented_hooks(cls)]
        gaps += [f"{name}: no partial templates/{cls.partial(partial)}" for partial in PARTIALS
                 if not (WEBAPP / "templates" / cls.partial(partial)).is_file()]
        if not (WEBAPP / "static" / "packs" / "scorers" / f"{name}.js").is_file():
            gaps.append(f"{name}: no offline scorer static/packs/scorers/{name}.js")
        for table in type_tables():
            row = table.get(name)
            if row is None:
                gaps.append(f"{name}: no row in {table.name}")
            elif isinstance(row, LeftOut) and not (row.becomes and row.reason):
                gaps.append(f"{name}: {table.name} leaves it out without saying why")
    for table in type_tables():
        gaps += [f"{table.name}: a row for '{name}', which is not a question type"
                 for name in table if name not in questions.QUESTION_TYPES]
    return gaps


def test_every_registered_type_has_every_piece():
    assert missing_pieces() == []


def test_the_tables_are_the_exporters_and_the_worksheet():
    names = {table.name for table in type_tables()}
    assert {"the GIFT export", "the Moodle XML export", "the Common Cartridge export", "the QTI 1.2 package",
            "the QTI 2.1 export", "the printed worksheet", "the exports' prompt notes"} <= names


@dataclass
class Dummy(Question):
    type_name = "dummy"
    label = "A type registered without its pieces"


def test_a_type_registered_without_its_pieces_fails_the_check(monkeypatch):
    monkeypatch.setitem(questions.QUESTION_TYPES, "dummy", Dummy)
    gaps = [gap for gap in missing_pieces() if gap.startswith("dummy: ")]
    assert "dummy: hook score raises NotImplementedError" in gaps
    assert "dummy: no partial templates/questions/dummy/input.html" in gaps
    assert "dummy: no partial templates/questions/dummy/worksheet.html" in gaps
    assert "dummy: no offline scorer static/packs/scorers/dummy.js" in gaps
    for table in type_tables():
        assert f"dummy: no row in {table.name}" in gaps


def test_a_left_out_row_must_say_why(monkeypatch):
    from webapp.exports import gift

    monkeypatch.setitem(gift.TYPES, "ordering", LeftOut("left out", ""))
    assert missing_pieces() == ["ordering: the GIFT export leaves it out without saying why"]


def test_a_type_without_a_row_is_refused_plainly_not_written_some_other_way(monkeypatch):
    from webapp.content.questions.base import MissingRow
    from webapp.exports import gift
    from webapp.packs import worksheet

    question = Dummy(id="q", prompt="p", explanation="e", objective="o", skill="recall")
    with pytest.raises(MissingRow, match="the GIFT export has no row for question type 'dummy'"):
        gift.question_text(question, None)
    with pytest.raises(MissingRow, match="the printed worksheet"):
        worksheet.sheets([question])


def test_a_type_an_exporter_leaves_out_is_skipped_and_the_readme_says_so(app, monkeypatch):
    from factories import tricky_quiz

    from webapp.content_store import get_content
    from webapp.exports import gift

    monkeypatch.setitem(gift.TYPES, "ordering", LeftOut("left out (GIFT has no ordering)", "use Moodle XML"))
    quiz = tricky_quiz()
    ordering = next(q for q in quiz.questions if q.type_name == "ordering")
    text = gift.build([quiz], get_content(), "tricky").decode("utf-8")
    assert f"::{ordering.id}::" not in text
    assert re.search(r"//   ordering +->  left out \(GIFT has no ordering\); changes: use Moodle XML\n", text)
    assert "Left out of this file (1 question; the table above says why and what to use instead):" in text
    assert f"//   {ordering.id} (ordering)" in text
    assert f"Questions: {len(quiz.questions) - 1}" in text
