"""The document set: excerpts that students source, contextualize, read closely and corroborate.

In ``## Comparing the sources`` a lesson gives 2–4 ``### Document X: …`` subsections, each with
a headnote and one verbatim excerpt, then an ``### Organizer`` table whose answer cells are
blank: the students do the sourcing, and the model answers live in the teacher notes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .problems import Problem

DOCUMENT = re.compile(r"^### Document ([A-Z])\b[:.]?\s*(.*)$")
HEADNOTE = "**Headnote.**"
HEADNOTE_LABELS = ("Who made it:", "When:", "What kind of source:", "For whom:")
ORGANIZER_ROWS = ("sourcing", "contextualization", "close reading", "corroboration")
MODEL_ANSWERS = "**Model answers.**"
DOCUMENTS = (2, 4)
EXCERPT_MAX_WORDS = 120


@dataclass
class Document:
    letter: str
    title: str
    line: int
    end: int
    headnote: str = ""


@dataclass
class DocumentSet:
    documents: list[Document] = field(default_factory=list)
    organizer: list[list[str]] = field(default_factory=list)  # table rows, cells stripped
    line: int = 0

    def document_at(self, line: int) -> Document | None:
        return next((d for d in self.documents if d.line <= line < d.end), None)


def find_document_set(body: str, first_line: int) -> DocumentSet:
    """The documents and organizer under ``## Comparing the sources``, with their lines."""
    found = DocumentSet()
    inside, current, in_organizer = False, None, False
    paragraph: list[str] = []
    for number, line in enumerate(body.splitlines() + ["## end"], start=first_line):
        if line.startswith("## "):
            if current:
                current.end = number
            inside = line[3:].strip() == "Comparing the sources"
            found.line = found.line or (number if inside else 0)
            current, in_organizer = None, False
            continue
        if not inside:
            continue
        if line.startswith("### "):
            if current:
                current.end = number
            match = DOCUMENT.match(line)
            current = Document(match.group(1), match.group(2).strip(), number, number) if match else None
            if current:
                found.documents.append(current)
            in_organizer = line[4:].strip().lower() == "organizer"
            continue
        if in_organizer and line.strip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                found.organizer.append(cells)
        paragraph = _headnote(current, line, paragraph)
    return found


def _headnote(current: Document | None, line: str, paragraph: list[str]) -> list[str]:
    """Collect the paragraph that starts with **Headnote.** into the current document."""
    if current is None:
        return []
    if line.strip().startswith(HEADNOTE):
        paragraph = [line.strip()]
    elif paragraph and line.strip() and not line.startswith(">"):
        paragraph.append(line.strip())
    else:
        paragraph = []
    if paragraph:
        current.headnote = " ".join(paragraph)
    return paragraph


def check_document_set(docset: DocumentSet, excerpts_by_document: dict[str, int], teacher_notes: str,
                       file: str) -> list[Problem]:
    problems: list[Problem] = []

    def report(message: str, line: int | None = None) -> None:
        problems.append(Problem(file, message, line=line))

    low, high = DOCUMENTS
    if not low <= len(docset.documents) <= high:
        report(f"the document set has {len(docset.documents)} documents ('### Document A: …' under "
               f"'## Comparing the sources'); expected {low}–{high}", docset.line or None)
    for doc in docset.documents:
        if not doc.headnote:
            report(f"Document {doc.letter} has no headnote (a paragraph starting '{HEADNOTE}')", doc.line)
        else:
            missing = [label for label in HEADNOTE_LABELS if label not in doc.headnote]
            if missing:
                report(f"Document {doc.letter}'s headnote does not say: {', '.join(missing)}", doc.line)
        count = excerpts_by_document.get(doc.letter, 0)
        if count != 1:
            report(f"Document {doc.letter} has {count} excerpts (blockquotes); expected exactly 1", doc.line)
    if docset.documents:
        problems += _organizer_problems(docset, file)
        if MODEL_ANSWERS not in teacher_notes:
            report(f"the teacher notes have no model answers for the document set "
                   f"(a paragraph starting '{MODEL_ANSWERS}')")
    return problems


def _organizer_problems(docset: DocumentSet, file: str) -> list[Problem]:
    if not docset.organizer:
        return [Problem(file, "the document set has no organizer ('### Organizer' with a table)", line=docset.line)]
    problems = []
    rows = docset.organizer[1:]
    labels = [re.sub(r"[*_]", "", row[0]).lower() for row in rows]
    for wanted in ORGANIZER_ROWS:
        if not any(label.startswith(wanted) for label in labels):
            problems.append(Problem(file, f"the organizer has no row for {wanted}"))
    columns = len(docset.organizer[0]) - 1
    if columns < len(docset.documents):
        problems.append(Problem(file, f"the organizer has {columns} answer columns for "
                                f"{len(docset.documents)} documents"))
    for row, label in zip(rows, labels):
        if any(cell for cell in row[1:]):
            problems.append(Problem(file, f"the organizer's row '{label.split(':')[0]}' is filled in; "
                                    "leave its answer cells blank for students"))
    return problems
