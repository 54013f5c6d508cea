"""The ``highlight`` question: a passage split into sentence spans; the student selects the
spans that support the claim in the prompt.

Scoring is fixed and stated to the student under the prompt (``scoring_note``): each right
pick earns 1/len(answer) of the question, each wrong pick takes the same away, and the score
never goes below 0. The evidence is the key spans (derived), after any ``evidence:`` given.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..fields import Fields
from ..sources import fold, quote_found, shortened, word_count
from .base import MISSED, AnswerKey, AuthoringProblem, Evidence, ManyPicks, Score, pick_score, picked_ids

MIN_SPANS, MAX_SPANS = 3, 8
MAX_PASSAGE_WORDS = 120
SHARES = {2: "half the points", 3: "a third of the points", 4: "a quarter of the points"}


@dataclass(frozen=True)
class Span:
    id: str
    text: str


@dataclass
class Highlight(ManyPicks):
    type_name = "highlight"
    label = "Highlight the evidence"
    hint = "Select the sentences that support the claim."
    own_fields: ClassVar[set[str]] = {"passage", "answer"}
    evidence_required: ClassVar[bool] = False
    source: str = ""
    spans: list[Span] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, f: Fields, common: dict[str, Any]) -> Highlight:
        raw = f.get("passage", dict)
        passage = f.child(raw, {"source", "spans"}, "passage") if raw is not None else None
        q = cls(**common, answer=f.texts("answer"))
        if passage is not None:
            q.source = passage.text("source")
            q.spans = passage.unique_items("spans", {"id", "text"}, lambda c: Span(c.text("id"), c.text("text")),
                                           "span")
        for where, message in q.passage_problems():
            if where == "answer":
                f.error("answer", message)
            elif passage is not None:
                passage.error("spans", message)
        q.evidence = [*q.evidence, *(e for e in q.key_evidence() if e not in q.evidence)]
        return q

    # -- authoring checks -------------------------------------------------------------------

    def passage_problems(self) -> list[tuple[str, str]]:
        """What is wrong with the passage and the key, as (where, message); ``where`` is
        ``passage`` (its ``spans`` field) or ``answer``. Needs no source texts."""
        found: list[tuple[str, str]] = []
        if self.spans and not MIN_SPANS <= len(self.spans) <= MAX_SPANS:
            found.append(("passage", f"has {len(self.spans)} spans; a passage has {MIN_SPANS}–{MAX_SPANS}"))
        words = sum(word_count(s.text) for s in self.spans)
        if words > MAX_PASSAGE_WORDS:
            found.append(("passage", f"the spans have {words} words together; at most {MAX_PASSAGE_WORDS}"))
        known = [s.id for s in self.spans]
        for answer in self.answer:
            if known and answer not in known:
                found.append(("answer", f"'{answer}' is not among the spans ({', '.join(known)})"))
        if known and self.answer and set(self.answer) >= set(known):
            found.append(("answer", "names every span; leave at least one that does not support the claim"))
        return found

    def source_problems(self, known: Collection[str], texts: dict[str, str] | None) -> list[AuthoringProblem]:
        """The passage against the catalog (``known`` source files) and, when ``texts`` are
        here, the folded full texts: each span verbatim, and the spans joined with spaces one
        verbatim run (consecutive, in order). As (field, message)."""
        if self.source and self.source not in known:
            return [AuthoringProblem("passage.source", f"unknown source '{self.source}' "
                                     f"(known: {', '.join(known) or 'none'})")]
        text = texts.get(self.source) if texts is not None else None
        if text is None or not self.spans:
            return []
        missing = [AuthoringProblem(f"passage.spans[{i}].text", f"span {s.id} not found verbatim in "
                                    f"{self.source}: '{shortened(s.text)}'")
                   for i, s in enumerate(self.spans, start=1) if not quote_found(s.text, text)]
        if missing:
            return missing
        if not quote_found(self.passage_text, text):
            return [AuthoringProblem("passage.spans", f"the spans are not one run of {self.source}: joined in order, they must "
                     "stand there as written, each sentence right after the one before")]
        return []

    # -- the answer ---------------------------------------------------------------------------

    @property
    def passage_text(self) -> str:
        return fold(" ".join(s.text for s in self.spans))

    def span(self, span_id: str) -> Span | None:
        return next((s for s in self.spans if s.id == span_id), None)

    def authored_evidence(self) -> list[Evidence]:
        key = self.key_evidence()
        return [e for e in self.evidence if e not in key]

    def key_evidence(self) -> list[Evidence]:
        return [Evidence(self.source, s.text) for s in self.spans if s.id in self.answer]

    def normalize(self, raw: Any) -> list[str] | None:
        return picked_ids(raw, [s.id for s in self.spans])

    def score(self, answer: Any) -> Score:
        return Score(pick_score(answer or [], self.answer))

    def correct_answer(self) -> list[str]:
        return list(self.answer)

    def describe(self, answer: Any) -> str:
        picked = [f"{n}. {s.text}" for n, s in enumerate(self.spans, start=1) if s.id in (answer or [])]
        return " ".join(picked) if picked else "(no sentence)"

    def feedback(self, answer: Any) -> str:
        """No feedback per sentence: the explanation says why these sentences and not the others."""
        return ""

    def misconceptions(self) -> dict[str, str]:
        return {}

    def display_order(self, ids: list[str], seed: str, shuffle: bool) -> list[str]:
        """Never shuffled: the passage's order is its meaning (and the spans are one run of the source)."""
        return list(ids)

    def selfcheck_data(self) -> dict[str, Any]:
        """The span ids (an answer naming another is refused); the key is the common ``answer``."""
        return {"spans": [s.id for s in self.spans]}

    def answer_keys(self, answer: Any) -> list[AnswerKey]:
        """Each wrong sentence picked ("Sentence 2"), else the supporting sentences left out."""
        wrong = [AnswerKey(s.id, f"Sentence {n}", s.text) for n, s in enumerate(self.spans, start=1)
                 if s.id in (answer or []) and s.id not in self.answer]
        return wrong or [AnswerKey(MISSED, "Left out a supporting sentence", "Left out a supporting sentence")]

    def key_stands_out(self) -> None:
        return None

    def option_texts(self) -> list[str]:
        return [s.text for s in self.spans]

    def authoring_problems(self) -> list[AuthoringProblem]:
        """The passage and key are checked when read (``passage_problems``) and against the
        source (``source_problems``); no editorial rule beyond those."""
        return []

    def scoring_note(self) -> str:
        """How the points work, in words a 13-year-old gets."""
        n = len(self.answer)
        if n == 1:
            earns = "One sentence supports the claim. Picking it earns all the points"
        else:
            earns = f"{n} sentences support the claim. Each one you pick earns {SHARES.get(n, f'1/{n} of the points')}"
        return (f"How points work: {earns}. Each sentence you pick that does not support it takes "
                f"{'them all' if n == 1 else 'the same share'} away. Your score can't go below zero.")

    def picks(self, answers: list[Any]) -> dict[str, int]:
        """Span id -> how many of these answers picked it (item analysis, the attempt page)."""
        counts = {s.id: 0 for s in self.spans}
        for answer in answers:
            for span_id in answer or []:
                if span_id in counts:
                    counts[span_id] += 1
        return counts

