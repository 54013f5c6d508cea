"""What every question type is asked for: the contract (see docs/question-types.md).

Each hook either has a real, shared implementation here or raises NotImplementedError, so a
type that forgets one fails loudly in the completeness test instead of silently falling back
to a text box, answer lines or "can't be checked here".
"""
from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from ..fields import Fields

SKILLS = ("recall", "inference", "sourcing", "corroboration")
COMMON_FIELDS = {"id", "type", "prompt", "explanation", "objective", "skill", "evidence", "draws_on"}
PARTIALS = ("input", "key", "result", "worksheet")  # templates/questions/<type_name>/<partial>.html
HOOKS = ("read", "normalize", "score", "correct_answer", "describe", "feedback", "misconceptions",
         "field_names", "from_form", "to_fields", "display_order", "selfcheck_data", "answer_keys",
         "key_stands_out", "option_texts", "authoring_problems")  # each type implements every one
GetList = Callable[[str], list[str]]      # a form's values for one field name (MultiDict.getlist)


@dataclass(frozen=True)
class Evidence:
    source: str
    quote: str


@dataclass(frozen=True)
class Score:
    """How much of one question a student's answer earned (0 to 1)."""

    points: float

    @property
    def correct(self) -> bool:
        return self.points >= 1.0


@dataclass(frozen=True)
class AnswerKey:
    """One thing a student's answer counts under in item analysis: ``key`` groups the class's
    answers, ``label`` is how the report names it ("B" for a choice), ``text`` is it in words."""

    key: str
    label: str
    text: str


@dataclass(frozen=True)
class AuthoringProblem:
    """What an editorial check finds wrong with one question of this type, and in which field."""

    field: str
    message: str


def squash(text: str) -> str:
    """Text compared ignoring case, spaces, punctuation and accents."""
    text = unicodedata.normalize("NFKD", text).casefold()
    return re.sub(r"[\W_]+", "", text)


def shuffled(ids: list[str], seed: str, never_solved: bool = False) -> list[str]:
    """``ids`` in a fixed random order for ``seed``; ``never_solved``: never the author's order
    (where the author's order is the answer)."""
    out = list(ids)
    random.Random(seed).shuffle(out)
    if never_solved and out == list(ids) and len(ids) > 1:
        out = out[1:] + out[:1]
    return out


def picked_ids(raw: Any, known: list[str]) -> list[str] | None:
    """A multi-pick answer (one id, or a list of ids) as the ids it names, each once, in the
    order of ``known``; None when it is not one or names an id not in ``known``."""
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(x, str) and x in known for x in raw):
        return None
    return sorted(set(raw), key=known.index)


def pick_score(picked: Collection[str], right: Collection[str]) -> float:
    """Partial credit for picks: each right pick +1/len(right), each wrong pick −1/len(right), never below 0."""
    chosen, key = set(picked), set(right)
    if not key:
        return 0.0
    return max(0.0, (len(chosen & key) - len(chosen - key)) / len(key))


@dataclass
class Question:
    """The fields every question has, and every hook the app calls on a question type."""

    type_name: ClassVar[str]                 # the YAML `type:`; names the partials and the JS scorer
    label: ClassVar[str]                     # for authors and teachers ("Put in order")
    hint: ClassVar[str] = "Choose or type an answer."
    own_fields: ClassVar[set[str]] = set()   # YAML fields beyond COMMON_FIELDS
    auto_scored: ClassVar[bool] = True       # False: the teacher grades it (no score until released)
    evidence_required: ClassVar[bool] = True  # False: the type derives its evidence (highlight: the key spans)

    id: str
    prompt: str
    explanation: str
    objective: str
    skill: str
    evidence: list[Evidence] = field(default_factory=list)
    draws_on: list[str] = field(default_factory=list)  # a review question: the lessons it connects
    lesson_id: str = ""

    # --- the YAML -------------------------------------------------------------------------
    @classmethod
    def read(cls, f: Fields, common: dict[str, Any]) -> Question:
        """This type's own fields from the YAML (``f``), checked; ``common`` holds the shared ones.
        Report problems with ``f.error(field, message)``; still return a question."""
        raise NotImplementedError(f"{cls.__name__}.read")

    # --- answers ----------------------------------------------------------------------------
    def normalize(self, raw: Any) -> Any:
        """A submitted answer (form or JSON) in this type's canonical form, or None when it is not one."""
        raise NotImplementedError

    def score(self, answer: Any) -> Score:
        """The points a normalized answer earns (never called with None)."""
        raise NotImplementedError

    def correct_answer(self) -> Any:
        """The key, in the canonical form ``normalize`` returns."""
        raise NotImplementedError

    def describe(self, answer: Any) -> str:
        """A student's answer (or the correct one) in words, for results and answer keys."""
        raise NotImplementedError

    def feedback(self, answer: Any) -> str:
        """Feedback that corrects the misconception behind a wrong answer ("" when none was written)."""
        raise NotImplementedError

    def misconceptions(self) -> dict[str, str]:
        """Item-analysis key (see ``answer_keys``) -> the misconception the author says it stands for."""
        raise NotImplementedError

    def refusal(self, raw: Any) -> str:
        """Why ``normalize`` refused this answer, in words for the student."""
        return self.hint

    # --- the form ---------------------------------------------------------------------------
    @property
    def field_name(self) -> str:
        return f"q-{self.id}"

    def field_names(self) -> list[str]:
        """Every form field this question's input partial sends."""
        raise NotImplementedError

    def from_form(self, getlist: GetList) -> Any:
        """The raw answer in this question's form fields (the quiz page's script sends the same)."""
        raise NotImplementedError

    def to_fields(self, answer: Any) -> dict[str, list[str]]:
        """A stored answer as the form fields that give it: the inverse of ``from_form``."""
        raise NotImplementedError

    def is_blank(self, getlist: GetList) -> bool:
        """Every field of this question empty: the student took their answer back."""
        return not any(value.strip() for name in self.field_names() for value in getlist(name))

    def one_value(self, getlist: GetList) -> str | None:
        """Helper for one-field types: the field's first value."""
        values = getlist(self.field_name)
        return values[0] if values else None

    # --- partials -----------------------------------------------------------------------------
    @classmethod
    def partial(cls, name: str) -> str:
        """The template of one of this type's partials: ``input`` (the quiz form's controls),
        ``key`` (the teacher's key), ``result`` (an answer given, on the results and attempt pages),
        ``worksheet`` (the printed question)."""
        if name not in PARTIALS:
            raise ValueError(f"'{name}' is not a question partial ({', '.join(PARTIALS)})")
        return f"questions/{cls.type_name}/{name}.html"

    # --- display order ------------------------------------------------------------------------
    def display_order(self, ids: list[str], seed: str, shuffle: bool) -> list[str]:
        """``ids`` (choices, items, spans…) in the order shown: ``shuffle`` is the attempt's
        setting, ``seed`` the attempt's (or the printed sheet's) seed. Use ``shuffled``."""
        raise NotImplementedError

    # --- offline edition ----------------------------------------------------------------------
    def selfcheck_data(self) -> dict[str, Any]:
        """What this type's JS scorer (static/packs/scorers/<type_name>.js) needs beyond the
        common ``id``, ``type``, ``field``, ``answer``, ``answer_text``, ``explanation``, ``evidence``.
        Plain JSON; the key is in it, so only for the self-check edition."""
        raise NotImplementedError

    # --- item analysis ------------------------------------------------------------------------
    def answer_keys(self, answer: Any) -> list[AnswerKey]:
        """What a non-blank, not fully right answer counts under in item analysis: for a choice,
        each wrong pick (labelled by its letter); else the answer in words. Never empty."""
        raise NotImplementedError

    def picks(self, answers: list[Any]) -> dict[str, int]:
        """Part id -> how many of these answers picked it, for a type whose parts are picked one
        by one and shown that way to the teacher (a highlight's sentences); else empty."""
        return {}

    # --- authoring checks ---------------------------------------------------------------------
    def authored_evidence(self) -> list[Evidence]:
        """The evidence the author wrote (checked like every quote), without any the type derives."""
        return self.evidence

    def source_problems(self, known: Collection[str], texts: dict[str, str] | None) -> list[AuthoringProblem]:
        """Problems with the type's own quotations of the sources beyond its evidence (a
        highlight's passage): ``known`` source files, ``texts`` folded (None: skip the verbatim checks)."""
        return []

    def key_stands_out(self) -> bool | None:
        """The key-length rule: True when the key is the strictly longest option; None when the
        rule does not apply to this type (it has no options to compare)."""
        raise NotImplementedError

    def option_texts(self) -> list[str]:
        """The words a student reads besides the prompt (choices, items, pairs), for the
        near-duplicate check."""
        raise NotImplementedError

    def authoring_problems(self) -> list[AuthoringProblem]:
        """What the editorial check asks of this type (feedback for wrong answers, tolerances…)."""
        raise NotImplementedError


class OneField(Question):
    """A type answered in one form field (a radio group, a text box): its form hooks."""

    def field_names(self) -> list[str]:
        return [self.field_name]

    def from_form(self, getlist: GetList) -> Any:
        return self.one_value(getlist)

    def to_fields(self, answer: Any) -> dict[str, list[str]]:
        return {self.field_name: [str(answer)]} if answer is not None else {}


class ManyPicks(OneField):
    """A type answered by several values of one field (checkboxes, sentence toggles): its form hooks."""

    def from_form(self, getlist: GetList) -> Any:
        return getlist(self.field_name)

    def to_fields(self, answer: Any) -> dict[str, list[str]]:
        return {self.field_name: list(answer or [])}


class ExplanationOnly(Question):
    """A type whose author writes no feedback per answer: the explanation serves every answer,
    so there is no misconception to name and no feedback for the editorial check to ask for."""

    def feedback(self, answer: Any) -> str:
        return ""

    def misconceptions(self) -> dict[str, str]:
        return {}

    def authoring_problems(self) -> list[AuthoringProblem]:
        return []


class TypedAnswer(Question):
    """A type with no options: nothing to shuffle, to compare for length or to read for
    near-duplicates, and item analysis groups the answers by their words."""

    def display_order(self, ids: list[str], seed: str, shuffle: bool) -> list[str]:
        return list(ids)

    def key_stands_out(self) -> None:
        return None

    def option_texts(self) -> list[str]:
        return []

    def answer_keys(self, answer: Any) -> list[AnswerKey]:
        return answer_in_words(self, answer)


class Arranging(ExplanationOnly):
    """A type whose student arranges the author's items (orders them, pairs them up). The author
    writes them in the answer's order, so they are always shown shuffled and never solved; no
    key-length rule; item analysis groups the answers by their words."""

    def display_order(self, ids: list[str], seed: str, shuffle: bool) -> list[str]:
        return shuffled(ids, seed, never_solved=True)

    def selfcheck_data(self) -> dict[str, Any]:
        return {}

    def answer_keys(self, answer: Any) -> list[AnswerKey]:
        return answer_in_words(self, answer)

    def key_stands_out(self) -> None:
        return None


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    feedback: str = ""
    misconception: str = ""


@dataclass
class ChoiceQuestion(OneField):
    """Shared by the types whose answer is one or more of the author's choices."""

    own_fields: ClassVar[set[str]] = {"choices", "answer"}
    choices: list[Choice] = field(default_factory=list)

    @classmethod
    def read_choices(cls, f: Fields) -> list[Choice]:
        return f.unique_items("choices", {"id", "text", "feedback", "misconception"}, lambda c: Choice(
            c.text("id"), c.text("text"), c.text("feedback", False), c.text("misconception", False)),
            "choice", minimum=2)

    def key_ids(self) -> list[str]:
        """The ids of the right choices."""
        raise NotImplementedError

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def check_answer_ids(self, f: Fields, ids: list[str]) -> None:
        known = [c.id for c in self.choices]
        for answer in ids:
            if known and answer not in known:
                f.error("answer", f"'{answer}' is not among the choices ({', '.join(known)})")

    def describe(self, answer: Any) -> str:
        ids = answer if isinstance(answer, list) else [answer]
        return "; ".join(c.text for i in ids if (c := self.choice(i)) is not None)

    def misconceptions(self) -> dict[str, str]:
        return {c.id: c.misconception for c in self.choices if c.misconception}

    def display_order(self, ids: list[str], seed: str, shuffle: bool) -> list[str]:
        return shuffled(ids, seed) if shuffle else list(ids)

    def selfcheck_data(self) -> dict[str, Any]:
        return {"choices": [c.id for c in self.choices],
                "feedback": {c.id: c.feedback for c in self.choices if c.feedback}}

    def answer_keys(self, answer: Any) -> list[AnswerKey]:
        letters = {c.id: chr(65 + i) for i, c in enumerate(self.choices)}
        picked = answer if isinstance(answer, list) else [answer]
        wrong = [AnswerKey(i, letters.get(i) or str(i), self.describe(i)) for i in picked if i not in self.key_ids()]
        return wrong or [AnswerKey(MISSED, "Left out a right choice", "Left out a right choice")]

    def key_stands_out(self) -> bool:
        keys = set(self.key_ids())
        right = [len(c.text) for c in self.choices if c.id in keys]
        wrong = [len(c.text) for c in self.choices if c.id not in keys]
        return bool(right and wrong) and min(right) > max(wrong)

    def option_texts(self) -> list[str]:
        return [c.text for c in self.choices]

    def authoring_problems(self) -> list[AuthoringProblem]:
        right = set(self.key_ids())
        return [AuthoringProblem(f"choices.{c.id}", "wrong choice has no feedback")
                for c in self.choices if c.id not in right and not c.feedback]


MISSED = "(missed)"  # item analysis: a choice answer that picked nothing wrong but left a right one out


def answer_in_words(question: Question, answer: Any) -> list[AnswerKey]:
    """``answer_keys`` for types without options: the answer in words is both key and label."""
    text = question.describe(answer)
    return [AnswerKey(text, text, text)]


V = TypeVar("V")


@dataclass(frozen=True)
class LeftOut:
    """A table's row for a type that part of the app deliberately does not handle: ``becomes``
    and ``reason`` are what the export readme says ("left out (not in the CC 1.1 profile)", and
    what to use instead)."""

    becomes: str
    reason: str


class MissingRow(LookupError):
    """A question type with no row in a per-type table: a type added without its row."""


class TypeTable(dict[str, V], Generic[V]):
    """type_name -> what one part of the app (an exporter, the worksheet…) does with that type.

    Every part that treats types differently keeps one of these; the completeness test finds
    every instance in the app and fails while one lacks a registered type.
    """

    def __init__(self, name: str, rows: dict[str, V]) -> None:
        super().__init__(rows)
        self.name = name

    def row(self, question: Question) -> V:
        """The question's row; MissingRow (never a fallback) when its type has none."""
        try:
            return self[question.type_name]
        except KeyError:
            raise MissingRow(f"{self.name} has no row for question type '{question.type_name}' "
                             f"(see docs/question-types.md)") from None
