"""Each question type checks its own answers, from JSON and from plain form fields."""
from __future__ import annotations

import inspect

import pytest
from werkzeug.datastructures import MultiDict

from webapp.content.questions import (
    QUESTION_TYPES,
    Choice,
    Item,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Pair,
    Score,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)

COMMON = dict(prompt="p", explanation="e", objective="o", skill="recall")


def choices(*ids):
    return [Choice(i, f"choice {i}", feedback=f"not {i}") for i in ids]


def test_all_eight_types_are_registered():
    assert set(QUESTION_TYPES) == {"single_choice", "multiple_choice", "true_false", "ordering", "matching",
                                   "numeric", "short_answer", "highlight", "written_response"}


def test_single_choice():
    q = SingleChoice(id="q", **COMMON, choices=choices("a", "b", "c"), answer="b")
    assert q.score("b").correct and not q.score("a").correct
    assert q.normalize("z") is None
    assert q.feedback("a") == "not a" and q.feedback("b") == ""


@pytest.mark.parametrize("picked, all_or_nothing, partial", [
    (["a", "c"], 1.0, 1.0), (["a"], 0.0, 0.5), (["a", "b"], 0.0, 0.0), (["a", "b", "c"], 0.0, 0.5), ([], 0.0, 0.0)])
def test_multiple_choice_scoring(picked, all_or_nothing, partial):
    strict = MultipleChoice(id="q", **COMMON, choices=choices("a", "b", "c", "d"), answer=["a", "c"])
    lenient = MultipleChoice(id="q", **COMMON, choices=choices("a", "b", "c", "d"), answer=["a", "c"],
                             scoring="partial")
    assert strict.score(picked).points == all_or_nothing
    assert lenient.score(picked).points == partial


def test_true_false_accepts_form_text_and_json_booleans():
    q = TrueFalse(id="q", **COMMON, answer=False, wrong_feedback="It is false.")
    assert q.normalize("false") is False and q.normalize(True) is True and q.normalize("maybe") is None
    assert q.score(False).correct and q.feedback(True) == "It is false."


def test_ordering_from_form_positions():
    q = Ordering(id="q", **COMMON, items=[Item("x", "first"), Item("y", "second"), Item("z", "third")])
    form = MultiDict({"q-q-x": "1", "q-q-y": "2", "q-q-z": "3"})
    assert q.score(q.normalize(q.from_form(form.getlist))).correct
    swapped = MultiDict({"q-q-x": "2", "q-q-y": "1", "q-q-z": "3"})
    assert not q.score(q.normalize(q.from_form(swapped.getlist))).correct
    repeated = MultiDict({"q-q-x": "1", "q-q-y": "1", "q-q-z": "3"})
    assert q.from_form(repeated.getlist) is None


def test_matching_gives_credit_per_pair():
    q = Matching(id="q", **COMMON, pairs=[Pair("a", "A", "1"), Pair("b", "B", "2"), Pair("c", "C", "3"),
                                          Pair("d", "D", "4")])
    form = MultiDict({"q-q-a": "a", "q-q-b": "c", "q-q-c": "b", "q-q-d": "d"})
    assert q.score(q.normalize(q.from_form(form.getlist))).points == 0.5
    assert "A → 1" in q.describe(q.correct_answer())


@pytest.mark.parametrize("typed, ok", [("4350", True), ("4,350", True), (" 4400 ", True), ("4401", False),
                                        ("about 4000", False), ("nan", False), ("inf", False)])
def test_numeric_within_tolerance(typed, ok):
    q = Numeric(id="q", **COMMON, answer=4350, tolerance=50, unit="km")
    value = q.normalize(typed)
    assert (value is not None and q.score(value).correct) is ok


@pytest.mark.parametrize("typed, value", [
    ("1200 km", 1200), ("1200km", 1200), ("1,200", 1200), ("1 200", 1200), ("4 350", 4350),
    ("4\u2009350", 4350), ("4\u202f350 KM", 4350), ("12 000.5", 12000.5), ("-3", -3), (" 7 ", 7), (1200.0, 1200),
    # refused: a comma that may be a decimal comma, groups that aren't thousands, a unit the question doesn't use
    ("1,5", None), ("1 20", None), ("12,00", None), ("1,200 300", None), ("1200 miles", None), ("about 1200", None), ("", None),
    # Tour 2-5: a point before exactly three digits is 4.8 here and 4800 in Vietnam or Germany
    ("4.800", None), ("4.800 km", None), ("-1.250", None), ("4.8", 4.8), ("4.80", 4.8), ("0.125", 0.125),
    ("1,200.500", 1200.5), ("\uff14\uff18\uff10\uff10", 4800)])
def test_numeric_understands_thousands_separators_and_the_questions_unit(typed, value):
    q = Numeric(id="q", **COMMON, answer=4350, tolerance=0, unit="km")
    assert q.normalize(typed) == value


def test_an_ambiguous_point_says_both_readings_and_is_a_decimal_where_the_question_uses_thousandths():
    q = Numeric(id="q", **COMMON, answer=4800, unit="km")
    assert q.refusal("4.800 km") == "4.800 could mean 4.8 or 4800: type 4800, or 4.8."
    assert q.refusal("lots") == q.hint
    assert Numeric(id="q", **COMMON, answer=2.125).normalize("4.800") == 4.8
    assert Numeric(id="q", **COMMON, answer=2, tolerance=0.005).normalize("1.995") == 1.995


def test_numeric_strips_the_unit_word_in_singular_or_plural():
    q = Numeric(id="q", **COMMON, answer=3, unit="years")
    assert q.normalize("3 years") == 3 and q.normalize("1 year") == 1 and q.normalize("3 Years") == 3


@pytest.mark.parametrize("typed, ok", [("Tumen River", True), ("tumen", True), ("  the TUMEN river. ", True),
                                        ("Tumen-River", True), ("Yalu", False), ("", False)])
def test_short_answer_ignores_case_space_and_punctuation(typed, ok):
    q = ShortAnswer(id="q", **COMMON, accepted=["Tumen", "Tumen River", "the Tumen River"])
    value = q.normalize(typed)
    assert (value is not None and q.score(value).correct) is ok


def test_every_stored_answer_goes_back_into_the_form_fields_that_give_it():
    """The quiz page shows a stored answer it was told about (a stale save) through to_fields."""
    from webapp.content.loader import load_content

    questions = [q for quiz in load_content(texts_dir=None).quizzes.values() for q in quiz.questions]
    assert {q.type_name for q in questions} == set(QUESTION_TYPES)
    for q in questions:
        answer = q.correct_answer()
        fields = q.to_fields(answer)
        assert q.normalize(q.from_form(lambda name, fields=fields: fields.get(name, []))) == q.normalize(answer), q.id


def unimplemented_hooks(cls) -> list[str]:
    """The hooks of the contract (docs/question-types.md) a type leaves to the raising base."""
    from webapp.content.questions.base import HOOKS, Question

    def code(owner, name):
        attr = inspect.getattr_static(owner, name)
        return getattr(attr, "__func__", attr)

    def inherited_from_base(name):
        owner = next(k for k in cls.__mro__ if name in vars(k))
        return owner is Question or code(owner, name) is code(Question, name)

    return [name for name in HOOKS if inherited_from_base(name)]


@pytest.mark.parametrize("type_name", sorted(QUESTION_TYPES))
def test_every_type_implements_every_hook(type_name):
    assert unimplemented_hooks(QUESTION_TYPES[type_name]) == []


def test_a_type_that_forgets_a_hook_is_caught_and_its_base_hook_raises():
    from dataclasses import dataclass

    from webapp.content.questions.base import Question

    @dataclass
    class Half(Question):
        type_name = "half"
        label = "Half done"

        def score(self, answer):
            return Score(0.0)

    assert "score" not in unimplemented_hooks(Half) and "read" in unimplemented_hooks(Half)
    with pytest.raises(NotImplementedError):
        Half(id="q", **COMMON).selfcheck_data()


def test_the_types_are_found_in_the_package_modules():
    from webapp.content import questions

    assert questions.discover() == QUESTION_TYPES
    assert {cls.__module__.rsplit(".", 1)[1] for cls in QUESTION_TYPES.values()} == set(QUESTION_TYPES)


def test_an_ordering_or_matching_is_never_shown_solved_even_when_the_quiz_does_not_shuffle():
    from factories import tricky_quiz

    for q in tricky_quiz().questions:
        ids = [i.id for i in q.items] if isinstance(q, Ordering) else [p.id for p in getattr(q, "pairs", [])]
        if not ids:
            continue
        shown = [q.display_order(ids, f"seed-{n}", shuffle=False) for n in range(40)]
        assert all(order != ids and sorted(order) == sorted(ids) for order in shown), q.type_name
        assert q.display_order(ids, "seed-1", shuffle=False) == shown[1]  # the same seed, the same order


def test_choices_keep_the_authors_order_unless_the_quiz_shuffles_them():
    q = SingleChoice(id="q", **COMMON, choices=choices("a", "b", "c", "d", "e"), answer="b")
    ids = [c.id for c in q.choices]
    assert q.display_order(ids, "seed", shuffle=False) == ids
    shuffled = {tuple(q.display_order(ids, f"seed-{n}", shuffle=True)) for n in range(20)}
    assert len(shuffled) > 1 and all(sorted(order) == ids for order in shuffled)


def test_item_analysis_keys_name_the_wrong_choice_by_letter_or_the_answer_in_words():
    q = MultipleChoice(id="q", **COMMON, choices=choices("a", "b", "c"), answer=["a", "c"])
    assert [(k.key, k.label) for k in q.answer_keys(["a", "b"])] == [("b", "B")]
    assert [k.label for k in q.answer_keys(["a"])] == ["Left out a right choice"]
    number = Numeric(id="q", **COMMON, answer=4350, unit="km")
    assert [(k.key, k.label) for k in number.answer_keys(4000.0)] == [("4,000 km", "4,000 km")]
