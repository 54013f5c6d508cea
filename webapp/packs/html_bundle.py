"""The offline edition: a folder of plain HTML (and a zip of it) that opens from ``file://``.

For a classroom with a USB stick and no server: every lesson (without teacher notes), the
glossary, the timeline, the sources, and self-check quizzes that score in the browser.
Links are relative and nothing is fetched: the quiz data sits in each quiz page as a
``<script type="application/json">`` block, because browsers forbid ``fetch()`` from
``file://``. Pages reuse the app's lesson and answer-control partials, so they read and
work like the app.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..content.loader import Content
from ..content.questions import QUESTION_TYPES, Question
from ..content.timeline_svg import render_timeline_svg
from ..templating import SHARED_FILTERS
from .documents import STATIC_DIR, TEMPLATES, UNIT_TITLE, lesson_md, source_labels
from .worksheet import print_order

BUNDLE_NAME = "crossings-offline"
ASSETS = {"crossings.css": STATIC_DIR / "crossings.css", "bundle.css": STATIC_DIR / "packs" / "bundle.css",
          "highlight.js": STATIC_DIR / "highlight.js",  # the highlight type's toggles (its input partial)
          "word_count.js": STATIC_DIR / "word_count.js",  # a written answer's live count (its input partial)
          **{f"fonts/{font.name}": font for font in sorted((STATIC_DIR / "fonts").glob("*.woff"))
             if font.name.startswith(("CrossingsHangul", "NotoSansArabic"))}}  # crossings.css's @font-face
SCORERS = STATIC_DIR / "packs" / "scorers"
PAGES = {"main.home": "index.html", "main.catalog": "index.html", "main.glossary": "glossary.html",
         "main.timeline": "timeline.html", "main.timeline_svg": "timeline.svg", "main.sources": "sources.html"}


class OfflineLink(LookupError):
    """An app page links somewhere the offline edition has no copy of."""


def bundle_url(endpoint: str, **values: Any) -> str:
    """``url_for`` for the offline edition: the relative file an app link points to."""
    if endpoint in PAGES:
        return PAGES[endpoint]
    if endpoint == "main.lesson":
        return f"lesson-{values['lesson_id']}.html"
    if endpoint == "selfcheck":
        return f"quiz-{values['lesson_id']}.html"
    if endpoint == "main.visual":
        return f"visuals/{values['name']}"
    if endpoint == "static":
        return f"assets/{values['filename']}"
    raise OfflineLink(f"the offline edition has no page for {endpoint}")


class _OfflineLoader(FileSystemLoader):
    """The app's templates, with base.html swapped for the offline layout."""

    def get_source(self, environment, template):
        return super().get_source(environment, "packs/bundle/_page.html" if template == "base.html" else template)


class _Nobody:
    """The offline edition's reader: never signed in (the app's pages ask)."""

    is_authenticated = False
    is_teacher = False


ENV = Environment(loader=_OfflineLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
ENV.filters.update(SHARED_FILTERS, lesson_md=lesson_md)
ENV.globals.update(url_for=bundle_url, current_user=_Nobody())


class FixedOrder:
    """Stands in for ``webapp.quizzing`` in ``questions/_input.html``: with no attempt to seed a
    shuffle, choices keep the author's order and ordering/matching use the printed order."""

    @staticmethod
    def choice_order(attempt: Any, question: Question, ids: list[str]) -> list[str]:
        return print_order(question, ids)


def selfcheck_data(question: Question, content: Content) -> dict[str, Any]:
    """What the browser needs to score one question and explain it, as plain JSON."""
    return {
        "id": question.id, "type": question.type_name, "field": question.field_name,
        "answer": question.correct_answer(),
        "answer_text": question.describe(question.correct_answer()),
        "explanation": question.explanation,
        "evidence": [_evidence(ev.source, ev.quote, content) for ev in question.evidence],
        **question.selfcheck_data(),
    }


def _evidence(file: str, quote: str, content: Content) -> dict[str, str]:
    source = content.catalog.get(file)
    cite = f"{source.cite}, “{source.title}” ({source.kind})" if source else file
    return {"quote": quote, "cite": cite}


def pages(content: Content) -> dict[str, str]:
    """File name -> HTML for every page of the bundle (the glossary, timeline and sources
    pages are the app's own templates)."""
    common = {"content": content, "asset_url": lambda path: path, "unit_title": UNIT_TITLE}
    out = {"index.html": _render("packs/bundle/index.html", **common)}
    for endpoint in ("main.glossary", "main.timeline", "main.sources"):
        out[PAGES[endpoint]] = _render(PAGES[endpoint], **common)
    lessons = content.lessons
    for i, lesson in enumerate(lessons):
        quiz = content.quiz_for(lesson.id)
        nav = {"previous": lessons[i - 1] if i else None,
               "next": lessons[i + 1] if i + 1 < len(lessons) else None}
        out[bundle_url("main.lesson", lesson_id=lesson.id)] = _render(
            "packs/bundle/lesson.html", lesson=lesson, quiz=quiz, **nav, **common)
        if quiz:
            data = [selfcheck_data(q, content) for q in quiz.questions]
            out[bundle_url("selfcheck", lesson_id=lesson.id)] = _render(
                "packs/bundle/quiz.html", lesson=lesson, quiz=quiz, data=data, quizzing=FixedOrder, **common)
    return out


def _render(name: str, **context: Any) -> str:
    return ENV.get_template(name).render(**context)


def write_bundle(content: Content, out: Path) -> Path:
    """Write ``out/crossings-offline/`` and ``out/crossings-offline.zip``; return the folder."""
    folder = Path(out) / BUNDLE_NAME
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "assets" / "fonts").mkdir(parents=True)
    visuals = content.root / "lessons" / "visuals"
    if visuals.is_dir():
        shutil.copytree(visuals, folder / "visuals")
    for name, path in ASSETS.items():
        shutil.copyfile(path, folder / "assets" / name)
    (folder / "assets" / "selfcheck.js").write_text(selfcheck_script(), encoding="utf-8")
    (folder / "timeline.svg").write_text(
        render_timeline_svg(content.timeline, source_labels=source_labels(content)), encoding="utf-8")
    for name, html in pages(content).items():
        (folder / name).write_text(html, encoding="utf-8")
    zip_folder(folder, folder.with_suffix(".zip"))
    return folder


def scorer_files() -> list[Path]:
    """The scorer registry, then each registered type's scorer (scorers/<type_name>.js)."""
    return [SCORERS / "_registry.js", *(SCORERS / f"{name}.js" for name in QUESTION_TYPES)]


def selfcheck_script() -> str:
    """The offline edition's one script (file:// pages load it without a module loader):
    the scorers, then selfcheck.js, which uses them."""
    parts = [*scorer_files(), STATIC_DIR / "packs" / "selfcheck.js"]
    return "\n".join(path.read_text(encoding="utf-8") for path in parts)


def zip_folder(folder: Path, target: Path) -> Path:
    """A zip whose single top folder is ``folder``'s name, so unzipping makes one folder."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, Path(folder.name) / path.relative_to(folder))
    return target
