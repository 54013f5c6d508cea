"""Lessons: Markdown files with YAML front matter, parsed into typed objects."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from .docsets import EXCERPT_MAX_WORDS, DocumentSet, check_document_set, find_document_set
from .fields import Fields
from .formats import check_format
from .frontmatter import split_front_matter
from .problems import Problem
from .sources import MAX_QUOTE_WORDS

FIXED_SECTIONS = {"Voices": "voices", "Comparing the sources": "comparison",
                  "Discussion": "discussion", "Teacher notes": "teacher"}
LESSON_FIELDS = {"format", "id", "title", "topic", "order", "grade_band", "minutes", "summary", "objectives",
                 "key_terms", "sources", "content_notes", "kind"}
CITATION = re.compile(r"\[@([A-Za-z][\w-]*)\]")
IMAGE = re.compile(r'!\[([^\]]*)\]\(([^)\s]+)(?:\s+"([^"]*)")?\)')
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUOTE_MARKS = "\"“”"


@dataclass(frozen=True)
class Objective:
    id: str
    text: str


@dataclass(frozen=True)
class KeyTerm:
    term: str
    definition: str


@dataclass(frozen=True)
class Quotation:
    """A marked quotation in a lesson: the quoted words and the line that attributes them."""

    text: str
    attribution: str
    line: int
    document: str = ""  # the letter of the document-set document it is the excerpt of

    @property
    def max_words(self) -> int:
        return EXCERPT_MAX_WORDS if self.document else MAX_QUOTE_WORDS

    @property
    def keys(self) -> list[str]:
        return CITATION.findall(self.attribution)


@dataclass(frozen=True)
class Section:
    heading: str
    kind: str  # reading | voices | comparison | discussion | teacher
    markdown: str
    line: int

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.heading.lower()).strip("-")


@dataclass
class Lesson:
    id: str
    title: str
    topic: str
    order: int
    grade_band: str
    minutes: int
    summary: str
    objectives: list[Objective]
    key_terms: list[KeyTerm]
    sources: list[str]
    content_notes: list[str]
    kind: str
    sections: list[Section]
    path: str
    quotations: list[Quotation] = field(default_factory=list)
    document_set: DocumentSet = field(default_factory=DocumentSet)

    @property
    def student_sections(self) -> list[Section]:
        return [s for s in self.sections if s.kind != "teacher"]

    @property
    def teacher_notes(self) -> Section | None:
        return next((s for s in self.sections if s.kind == "teacher"), None)

    def objective(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives if o.id == objective_id), None)


def split_sections(body: str, first_line: int) -> list[Section]:
    sections: list[Section] = []
    heading: str | None = None
    start = first_line
    lines: list[str] = []
    for number, line in enumerate(body.splitlines(), start=first_line):
        if line.startswith("## "):
            if heading is not None:
                sections.append(_section(heading, lines, start))
            heading, start, lines = line[3:].strip(), number, []
        elif heading is not None:
            lines.append(line)
    if heading is not None:
        sections.append(_section(heading, lines, start))
    return sections


def _section(heading: str, lines: list[str], line: int) -> Section:
    return Section(heading, FIXED_SECTIONS.get(heading, "reading"), "\n".join(lines).strip() + "\n", line)


def find_quotations(body: str, first_line: int, file: str, problems: list[Problem]) -> list[Quotation]:
    """Every blockquote in the body, each split into quoted words and attribution."""
    quotes, block, start = [], [], 0
    for number, line in enumerate(body.splitlines() + [""], start=first_line):
        if line.startswith(">"):
            start = start or number
            block.append(line[1:].strip())
            continue
        if block:
            quote = _quotation(block, start, file, problems)
            if quote:
                quotes.append(quote)
        block, start = [], 0
    return quotes


def _quotation(block: list[str], line: int, file: str, problems: list[Problem]) -> Quotation | None:
    lines = [b for b in block if b]
    if not lines or not lines[-1].startswith(("—", "--")):
        problems.append(Problem(file, "quotation has no attribution line starting with '—'", line=line))
        return None
    text = " ".join(lines[:-1]).strip()
    if len(text) > 1 and text[0] in QUOTE_MARKS and text[-1] in QUOTE_MARKS:
        text = text[1:-1].strip()
    quote = Quotation(text, lines[-1], line)
    if not quote.keys:
        problems.append(Problem(file, "quotation attribution cites no source ([@key])", line=line))
    return quote


def read_lesson(path: Path, root: Path) -> tuple[Lesson | None, list[Problem]]:
    name = str(path.relative_to(root))
    meta, body, body_line, problems = split_front_matter(path.read_text(encoding="utf-8"), name)
    if meta is None:  # unreadable; a duplicate field still leaves the rest to check
        return None, problems
    f = Fields(meta, problems, name, None, LESSON_FIELDS)
    check_format(f)
    lesson_id = f.text("id")
    if lesson_id and not SLUG.match(lesson_id):
        f.error("id", f"'{lesson_id}' is not a slug (lower-case words joined by '-')")
    kind = f.text("kind", False, "lesson")
    if kind not in ("lesson", "review"):
        f.error("kind", f"'{kind}' is not one of: lesson, review")
    lesson = Lesson(
        id=lesson_id, title=f.text("title"), topic=f.text("topic"), order=f.integer("order"),
        grade_band=f.text("grade_band"), minutes=f.integer("minutes"), summary=f.text("summary"),
        objectives=_objectives(f), key_terms=_key_terms(f), sources=f.texts("sources"),
        content_notes=f.texts("content_notes", kind == "lesson"), kind=kind,
        sections=split_sections(body, body_line), path=name,
        quotations=find_quotations(body, body_line, name, problems),
        document_set=find_document_set(body, body_line))
    _mark_excerpts(lesson)
    _check_sections(lesson, problems)
    if kind == "lesson" and any(s.kind == "comparison" for s in lesson.sections):
        excerpts = Counter(q.document for q in lesson.quotations if q.document)
        teacher = lesson.teacher_notes.markdown if lesson.teacher_notes else ""
        problems += check_document_set(lesson.document_set, excerpts, teacher, name)
    _check_images(lesson, body, path.parent, problems)
    return lesson, problems


def _mark_excerpts(lesson: Lesson) -> None:
    """A blockquote inside a document of the document set is that document's excerpt."""
    for i, quote in enumerate(lesson.quotations):
        document = lesson.document_set.document_at(quote.line)
        if document:
            lesson.quotations[i] = replace(quote, document=document.letter)


def _objectives(f: Fields) -> list[Objective]:
    return f.unique_items("objectives", {"id", "text"}, lambda c: Objective(c.text("id"), c.text("text")),
                          "objective")


def _key_terms(f: Fields) -> list[KeyTerm]:
    out = []
    for i, raw in enumerate(f.items("key_terms")):
        c = f.child(raw, {"term", "definition"}, f"key_terms[{i + 1}]")
        out.append(KeyTerm(c.text("term"), c.text("definition")))
    return out


def _check_sections(lesson: Lesson, problems: list[Problem]) -> None:
    kinds = [s.kind for s in lesson.sections]
    if "reading" not in kinds:
        problems.append(Problem(lesson.path, "no reading section (a '## ' heading of your own)"))
    if lesson.kind == "lesson":
        for heading, kind in FIXED_SECTIONS.items():
            if kind not in kinds:
                problems.append(Problem(lesson.path, f"missing section '## {heading}'"))


def _check_images(lesson: Lesson, body: str, folder: Path, problems: list[Problem]) -> None:
    for alt, target, _title in IMAGE.findall(body):
        if not alt.strip():
            problems.append(Problem(lesson.path, f"image {target} has no alt text"))
        if "://" in target or not (folder / target).is_file():
            problems.append(Problem(lesson.path, f"image {target} is not a file in lessons/"))
