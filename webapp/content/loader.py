"""Load every content file into one ``Content`` object and report every problem at once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .fields import Fields
from .frontmatter import parse_yaml
from .grounding import check_lesson_grounding, check_quiz_evidence
from .lessons import KeyTerm, Lesson, read_lesson
from .problems import ContentError, Problem
from .questions import Question
from .quizzes import Quiz, read_quiz
from .sources import BACKGROUND_KIND, Source, full_texts_dir, load_full_texts
from .timeline import TimelineEvent, load_timeline

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LESSON_FILE = re.compile(r"^\d\d-[a-z0-9-]+\.md$")
SOURCE_FIELDS = {"file", "key", "cite", "title", "publisher", "author", "date", "kind", "about"}
BACKGROUND_FIELDS = {"background", "cite", "title", "publisher", "year", "used_for"}


@dataclass(frozen=True)
class Unit:
    """The unit as a whole (lessons/unit.yaml): its title, grade band and content release."""

    title: str = ""
    grade_band: str = ""
    version: str = ""
    released: str = ""


UNIT_FIELDS = {"title", "grade_band", "version", "released"}


@dataclass(eq=False)  # compared and hashed by identity: a reload makes a new one
class Content:
    lessons: list[Lesson]
    quizzes: dict[str, Quiz]
    catalog: dict[str, Source]
    root: Path
    texts_dir: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    background: dict[str, Source] = field(default_factory=dict)
    unit: Unit = field(default_factory=Unit)

    @property
    def citable(self) -> dict[str, Source]:
        """Everything a lesson may cite as ``[@key]``: the four sources and the background references."""
        return {**{s.key: s for s in self.catalog.values()}, **self.background}

    def background_for(self, lesson: Lesson) -> list[Source]:
        """The background references a lesson cites, in catalog order."""
        body = "\n".join(s.markdown for s in lesson.sections)
        return [ref for key, ref in self.background.items() if f"[@{key}]" in body]

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def lesson_title(self, lesson_id: str) -> str:
        """A lesson's title, or its id when it is no longer in the unit (an old assignment)."""
        lesson = self.lesson(lesson_id)
        return lesson.title if lesson else lesson_id

    def quiz_for(self, lesson_id: str) -> Quiz | None:
        return self.quizzes.get(lesson_id)

    def question(self, question_id: str) -> Question | None:
        return next((q for quiz in self.quizzes.values() for q in quiz.questions if q.id == question_id), None)

    def source_by_key(self, key: str) -> Source | None:
        return next((s for s in self.catalog.values() if s.key == key), None)

    @property
    def glossary(self) -> list[tuple[KeyTerm, list[Lesson]]]:
        """Every key term once (first definition in lesson order), with the lessons using it."""
        terms: dict[str, tuple[KeyTerm, list[Lesson]]] = {}
        for lesson in self.lessons:
            for term in lesson.key_terms:
                terms.setdefault(term.term.casefold(), (term, []))[1].append(lesson)
        return sorted(terms.values(), key=lambda pair: pair[0].term.casefold())


def load_content(root: Path = PROJECT_ROOT, texts_dir: Path | None | bool = True) -> Content:
    """Read lessons/, quizzes/ and sources/catalog.yaml under ``root``.

    ``texts_dir`` is the folder of full source texts; ``True`` means find it the usual
    way (``CROSSINGS_SOURCES_DIR`` or ``../shared/sources``) and ``None`` means skip the
    verbatim checks.
    """
    problems: list[Problem] = []
    folder = full_texts_dir(root) if texts_dir is True else (texts_dir or None)
    texts = load_full_texts(folder)
    catalog, background = read_catalog(root, problems)
    lessons = _read_lessons(root, problems)
    quizzes = _read_quizzes(root, problems)
    content = Content(lessons, quizzes, catalog, root, folder, problems, background=background,
                      unit=read_unit(root, problems))
    timeline_file = root / "lessons" / "timeline.yaml"
    if timeline_file.exists():
        content.timeline, errors = load_timeline(timeline_file, texts, label="lessons/timeline.yaml")
        problems += errors
    for lesson in lessons:
        problems += check_lesson_grounding(lesson, catalog, texts, background)
    for quiz in quizzes.values():
        problems += check_quiz_evidence(quiz, catalog, texts)
    _cross_check(content, problems)
    return content


def load_valid_content(root: Path = PROJECT_ROOT) -> Content:
    """Content for the app: raises ContentError naming every problem if anything is wrong."""
    content = load_content(root, texts_dir=None)
    if content.problems:
        raise ContentError(content.problems)
    return content


def read_unit(root: Path, problems: list[Problem]) -> Unit:
    path, name = root / "lessons" / "unit.yaml", "lessons/unit.yaml"
    if not path.is_file():
        problems.append(Problem(name, "missing: the unit's title, grade band and content version"))
        return Unit()
    data, errors = parse_yaml(path.read_text(encoding="utf-8"), name)
    problems += errors
    if data is None:
        return Unit()
    f = Fields(data, problems, name, None, UNIT_FIELDS)
    return Unit(**{k: f.text(k) for k in sorted(UNIT_FIELDS)})


def read_catalog(root: Path, problems: list[Problem]) -> tuple[dict[str, Source], dict[str, Source]]:
    """The sources (by file name) and the background references (by key).

    A background reference is a well-established outside work that a lesson leans on for a
    fact the four sources do not give; it is cited like a source but never quoted.
    """
    path, name = root / "sources" / "catalog.yaml", "sources/catalog.yaml"
    catalog: dict[str, Source] = {}
    background: dict[str, Source] = {}
    if not path.is_file():
        problems.append(Problem(name, "missing: the source catalog is required"))
        return catalog, background
    data, errors = parse_yaml(path.read_text(encoding="utf-8"), name)
    problems += errors
    if data is None:
        return catalog, background
    if not isinstance(data, list):
        problems.append(Problem(name, "expected a list of sources"))
        return catalog, background
    for i, raw in enumerate(data, start=1):
        if isinstance(raw, dict) and "background" in raw:
            ref = _background(Fields(raw, problems, name, f"background {raw.get('background')}", BACKGROUND_FIELDS))
            background[ref.key] = ref
            continue
        f = Fields(raw, problems, name, f"source {i}", SOURCE_FIELDS)
        source = Source(**{k: f.text(k) for k in sorted(SOURCE_FIELDS)})
        catalog[source.file] = source
    return catalog, background


def _background(f: Fields) -> Source:
    return Source(file="", key=f.text("background"), cite=f.text("cite"), title=f.text("title"),
                  publisher=f.text("publisher"), author="", date=str(f.integer("year")),
                  kind=BACKGROUND_KIND, about=f.text("used_for"))


def _read_lessons(root: Path, problems: list[Problem]) -> list[Lesson]:
    lessons = []
    for path in sorted((root / "lessons").glob("*.md")):
        if not LESSON_FILE.match(path.name):
            problems.append(Problem(str(path.relative_to(root)), "lesson file names look like NN-slug.md"))
            continue
        lesson, errors = read_lesson(path, root)
        problems += errors
        if lesson is not None:
            lessons.append(lesson)
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))


def _read_quizzes(root: Path, problems: list[Problem]) -> dict[str, Quiz]:
    quizzes: dict[str, Quiz] = {}
    for path in sorted((root / "quizzes").glob("*.y*ml")):
        quiz, errors = read_quiz(path, root)
        problems += errors
        if quiz is None:
            continue
        if quiz.lesson_id and path.stem != quiz.lesson_id:
            problems.append(Problem(quiz.path, f"a quiz file is named after its lesson: "
                                    f"quizzes/{quiz.lesson_id}.yaml", field="lesson"))
        quizzes[quiz.lesson_id or path.stem] = quiz
    return quizzes


def _cross_check(content: Content, problems: list[Problem]) -> None:
    for event in content.timeline:
        for lesson_id in event.lessons:
            if content.lesson(lesson_id) is None:
                problems.append(Problem("lessons/timeline.yaml", f"no lesson has id '{lesson_id}'",
                                        item=f"event {event.id}", field="lessons"))
    seen_lessons: dict[str, str] = {}
    for lesson in content.lessons:
        if content.unit.grade_band and lesson.grade_band != content.unit.grade_band:
            problems.append(Problem(lesson.path, f"grade_band is '{lesson.grade_band}'; the unit's band "
                                    f"(lessons/unit.yaml) is '{content.unit.grade_band}'", field="grade_band"))
        if lesson.id in seen_lessons:
            problems.append(Problem(lesson.path, f"duplicate lesson id '{lesson.id}' "
                                    f"(also in {seen_lessons[lesson.id]})", field="id"))
        seen_lessons[lesson.id] = lesson.path
    seen_questions: dict[str, str] = {}
    for quiz in content.quizzes.values():
        owner = content.lesson(quiz.lesson_id)
        if quiz.lesson_id and owner is None:
            problems.append(Problem(quiz.path, f"no lesson has id '{quiz.lesson_id}'", field="lesson"))
        for q in quiz.questions:
            item = f"question {q.id}"
            if q.id in seen_questions and seen_questions[q.id] != quiz.path:
                problems.append(Problem(quiz.path, f"duplicate question id (also in {seen_questions[q.id]})",
                                        item=item, field="id"))
            seen_questions.setdefault(q.id, quiz.path)
            if owner is not None and q.objective and owner.objective(q.objective) is None:
                known = ", ".join(o.id for o in owner.objectives)
                problems.append(Problem(quiz.path, f"'{q.objective}' is not an objective of lesson "
                                        f"{owner.id} (known: {known})", item=item, field="objective"))
