"""The grounding check: every quote is short and found verbatim in the source it cites.

Lessons are our own words: outside marked quotations, no run of ``COPY_RUN`` words may
repeat a source.
"""
from __future__ import annotations

import re
from collections.abc import Collection

from .lessons import IMAGE, Lesson
from .problems import Problem
from .quizzes import Quiz
from .sources import MAX_QUOTE_WORDS, Source, fold, quote_found, shortened, word_count

COPY_RUN = 12


# Curly and straight quotation marks: a quote that differs from its source only in these gets a hint.
QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def check_quote(source: str, quote: str, known: Collection[str] | None,
                texts: dict[str, str] | None) -> list[tuple[str, str]]:
    """What is wrong with one evidence quote, as (field, message) with field ``source`` or ``quote``.

    The checks shared by quizzes and the timeline: the source is one of ``known`` (skipped
    when ``None``), the quote has at most MAX_QUOTE_WORDS words, and it stands verbatim in
    the source's folded text in ``texts`` (skipped when ``None``). Empty values were
    reported by the reader and are not checked again.
    """
    if known is not None and source and source not in known:
        return [("source", f"unknown source '{source}' (known: {', '.join(known) or 'none'})")]
    found = []
    if word_count(quote) > MAX_QUOTE_WORDS:
        found.append(("quote", f"quote has {word_count(quote)} words; at most {MAX_QUOTE_WORDS}"))
    text = texts.get(source, "") if texts is not None and source and quote else None
    if text is not None and not quote_found(quote, text):
        message = f"quote not found verbatim in {source}: '{shortened(quote)}'"
        if quote_found(quote.translate(QUOTE_MARKS), text.translate(QUOTE_MARKS)):
            message += " (only its quotation marks or apostrophes differ: copy them from the source)"
        found.append(("quote", message))
    return found


def check_quiz_evidence(quiz: Quiz, catalog: dict[str, Source],
                        texts: dict[str, str] | None) -> list[Problem]:
    problems = [Problem(quiz.path, message, item=f"question {q.id}", field=f"evidence[{i}]")
                for q in quiz.questions for i, ev in enumerate(q.authored_evidence(), start=1)
                for _field, message in check_quote(ev.source, ev.quote, catalog, texts)]
    return problems + [Problem(quiz.path, p.message, item=f"question {q.id}", field=p.field)
                       for q in quiz.questions for p in q.source_problems(catalog, texts)]


def check_lesson_grounding(lesson: Lesson, catalog: dict[str, Source], texts: dict[str, str] | None,
                           background: dict[str, Source] | None = None) -> list[Problem]:
    problems = []
    by_key = {s.key: s for s in catalog.values()}
    background = background or {}
    for name in lesson.sources:
        if name not in catalog:
            problems.append(Problem(lesson.path, f"unknown source '{name}'", field="sources"))
    body = "\n".join(s.markdown for s in lesson.sections)
    for key in sorted(set(re.findall(r"\[@([A-Za-z][\w-]*)\]", body))):
        if key in background:
            continue
        if key not in by_key:
            problems.append(Problem(lesson.path, f"citation [@{key}] names no source in the catalog"))
        elif by_key[key].file not in lesson.sources:
            problems.append(Problem(lesson.path, f"citation [@{key}] cites {by_key[key].file}, "
                                    "which is not in the lesson's sources"))
    for quote in lesson.quotations:
        if any(k in background for k in quote.keys):
            problems.append(Problem(lesson.path, "a background reference is cited, never quoted", line=quote.line))
        problems += _check_quotation(lesson, quote, by_key, texts)
    if texts is not None:
        problems += _copied_runs(lesson, texts)
    return problems


def _check_quotation(lesson, quote, by_key, texts) -> list[Problem]:
    problems = []
    if word_count(quote.text) > quote.max_words:
        what = f"Document {quote.document}'s excerpt" if quote.document else "quotation"
        problems.append(Problem(lesson.path, f"{what} has {word_count(quote.text)} words; "
                                f"at most {quote.max_words}", line=quote.line))
    files = [by_key[k].file for k in quote.keys if k in by_key]
    if texts is not None and files and not any(quote_found(quote.text, texts.get(f, ""), gaps=True) for f in files):
        problems.append(Problem(lesson.path, f"quotation not found verbatim in {', '.join(files)}: "
                                f"'{shortened(quote.text)}'", line=quote.line))
    return problems


def _copied_runs(lesson: Lesson, texts: dict[str, str]) -> list[Problem]:
    """Runs of COPY_RUN words outside quotations that stand in a source too."""
    prose = own_words(lesson)
    words = prose.split()
    shingles = {" ".join(words[i:i + COPY_RUN]) for i in range(len(words) - COPY_RUN + 1)}
    problems = []
    for name, text in texts.items():
        hits = sorted(s for s in shingles if s in text)
        if hits:
            problems.append(Problem(lesson.path, f"{len(hits)} runs of {COPY_RUN} words repeat {name} "
                                    f"outside a quotation, e.g. '{shortened(hits[0])}'"))
    return problems


def own_words(lesson: Lesson, sections: list | None = None, keep_lines: bool = False) -> str:
    """The lesson's prose without quotations, images, citations or Markdown marks.

    With ``keep_lines``, each paragraph, list item and table row is a line of its own,
    so that one without a full stop still counts as a sentence when judging readability.
    """
    units: list[list[str]] = []
    for section in sections if sections is not None else lesson.sections:
        units.append([])
        for raw in section.markdown.splitlines():
            if raw.startswith(">") or not raw.strip() or re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", raw):
                units.append([])
                continue
            starts_unit = re.match(r"^\s*(?:[-*+]|\d+\.|\|)\s*", raw)
            line = IMAGE.sub("", raw)
            line = re.sub(r"\[@[\w-]+\]", "", line)
            line = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line)
            line = re.sub(r"[*_`#|]", " " if starts_unit else "", line)
            if starts_unit:
                units.append([])
            units[-1].append(line)
    lines = [fold(" ".join(unit)) for unit in units]
    return "\n".join(line for line in lines if line) if keep_lines else fold(" ".join(lines))
