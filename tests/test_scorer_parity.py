"""The offline edition's JavaScript scorers agree with the Python ones.

For every question type, the same form answers (right, wrong, partly right, blank and odd) go
through the type's Python path (``is_blank``, ``from_form``, ``normalize``, ``score``, as the quiz
page saves an answer) and through its scorer in webapp/static/packs/scorers/, run by node on the
question's self-check data, exactly as the offline edition bundles them. The verdicts must match:
blank, refused, or the same points.
"""
from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from factories import tricky_quiz

from webapp.content.questions import QUESTION_TYPES, Question
from webapp.packs.html_bundle import scorer_files, selfcheck_data

RUNNER = Path(__file__).parent / "tools" / "scorer_parity.js"
BLANK, REFUSED = "blank", "refused"


def variants(type_name: str) -> list[Question]:
    """The tricky quiz's question of this type, and the variants its scoring depends on."""
    q = next(q for q in tricky_quiz().questions if q.type_name == type_name)
    if type_name == "multiple_choice":
        return [q, dataclasses.replace(q, scoring="partial")]
    if type_name == "numeric":
        return [q, dataclasses.replace(q, answer=4350.0, tolerance=50.0, unit="km"),
                dataclasses.replace(q, answer=2.125, tolerance=0.0, unit="percent")]
    return [q]


def one(q: Question, *values: str) -> dict[str, list[str]]:
    return {q.field_name: list(values)}


def each(q: Question, prefix: list[str], values: list[str]) -> dict[str, list[str]]:
    return {f"{q.field_name}-{key}": [value] for key, value in zip(prefix, values)}


# type -> the form answers to try: right, wrong, partly right, blank, odd
CASES = {
    "single_choice": lambda q: [one(q, "a"), one(q, "b"), one(q, "c"), {}, one(q, "a", "b"), one(q, "b", "a"),
                                one(q, "zz"), one(q, "A"), one(q, "")],
    "true_false": lambda q: [one(q, "false"), one(q, "true"), {}, one(q, "TRUE"), one(q, "False"), one(q, " false "),
                             one(q, "yes"), one(q, "")],
    "multiple_choice": lambda q: [one(q, "a", "d"), one(q, "b"), one(q, "a"), one(q, "a", "b"), one(q, "a", "d", "b"),
                                  one(q, "a", "b", "c", "d"), {}, one(q, "d", "a", "a"), one(q, "d", "a"),
                                  one(q, "a", "zz"), one(q, "")],
    "ordering": lambda q: [each(q, ["i1", "i2", "i3"], ["1", "2", "3"]), each(q, ["i1", "i2", "i3"], ["2", "1", "3"]),
                           each(q, ["i1"], ["1"]), {}, each(q, ["i1", "i2", "i3"], ["", "", ""]),
                           each(q, ["i1", "i2", "i3"], ["1", "1", "2"]), each(q, ["i1", "i2", "i3"], ["1", "2", "²"]),
                           each(q, ["i1", "i2", "i3"], [" 1", "2", "3"]), each(q, ["i1", "i2", "i3"], ["1", "2", "4"])],
    "matching": lambda q: [each(q, ["p1", "p2"], ["p1", "p2"]), each(q, ["p1", "p2"], ["p2", "p1"]),
                           each(q, ["p1"], ["p1"]), each(q, ["p1", "p2"], ["p1", "p1"]), {},
                           each(q, ["p1", "p2"], ["", ""]), each(q, ["p1"], ["zz"]), each(q, ["p1", "p2"], ["zz", "p2"])],
    "numeric": lambda q: [one(q, q.describe(q.answer)), one(q, f"{q.answer:g}"), one(q, f"{q.answer + 1:g}"),
                          one(q, f"{q.answer + q.tolerance:g}"), {}, one(q, "  "), one(q, "4.800"), one(q, "1,5"),
                          one(q, "１２３４５６７"), one(q, "4 350"), one(q, "4,350 km"), one(q, "4400 kms"),
                          one(q, "2.125%"), one(q, "2.125 percent"), one(q, "-4350"), one(q, "4350 miles"),
                          one(q, "1 234 567"), one(q, "1,234,567 people & <kids>"), one(q, "nine")],
    "highlight": lambda q: [one(q, "s2", "s4"), one(q, "s1"), one(q, "s2"), one(q, "s2", "s4", "s1"),
                            one(q, "s2", "s1", "s3"), one(q, "s1", "s2", "s3", "s4"), {}, one(q, "s4", "s2", "s2"),
                            one(q, "s2", "zz"), one(q, ""), one(q, "s2", ""), one(q, "S2")],
    "short_answer": lambda q: [one(q, "A & B <c> {x} = 1"), one(q, "nope"), one(q, "ab C x-1"), {}, one(q, "   "),
                               one(q, "탈북자탈북자"), one(q, "Ａ＆Ｂ ｃ ｘ１"), one(q, "ab" * 300)],
    "written_response": lambda q: [one(q, "Hunger drove them out."), {}, one(q, "   "), one(q, "탈북자 & <b>")],
}


def python_verdict(q: Question, fields: dict[str, list[str]]):
    """What the app makes of these form fields: blank, refused, or the points."""
    def getlist(name: str) -> list[str]:
        return fields.get(name, [])

    if q.is_blank(getlist):
        return BLANK
    answer = q.normalize(q.from_form(getlist))
    if answer is None or not q.auto_scored:  # the teacher grades it: no score here to show
        return REFUSED
    return round(q.score(answer).points, 9)


def js_verdict(result):
    if result is None:
        return BLANK
    if "missing" in result:
        return f"no scorer for {result['missing']}"
    return REFUSED if "error" in result else round(result["points"], 9)


def run_node(cases: list[dict]) -> list:
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the offline scorers are checked by running them in node")
    done = subprocess.run(["node", str(RUNNER)], input=json.dumps({"files": [str(f) for f in scorer_files()],
                                                                   "cases": cases}),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_type_has_parity_cases():
    assert set(CASES) >= set(QUESTION_TYPES), "give the parity test answers for the new type"


@pytest.mark.parametrize("type_name", sorted(QUESTION_TYPES))
def test_the_offline_scorer_agrees_with_the_app(type_name):
    no_catalog = SimpleNamespace(catalog={})
    tried = [(q, fields) for q in variants(type_name) for fields in CASES[type_name](q)]
    cases = [{"type": type_name, "q": selfcheck_data(q, no_catalog), "fields": fields} for q, fields in tried]
    got = run_node(cases)
    disagree = [(q.id, fields, python_verdict(q, fields), js_verdict(result))
                for (q, fields), result in zip(tried, got) if python_verdict(q, fields) != js_verdict(result)]
    assert disagree == []
    verdicts = {python_verdict(q, fields) for q, fields in tried}
    wanted = {BLANK, 1.0, 0.0} if QUESTION_TYPES[type_name].auto_scored else {BLANK, REFUSED}
    assert wanted <= verdicts, "the cases try a right, a wrong and a blank answer"
