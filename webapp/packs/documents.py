"""The HTML that becomes a printed pack, from the same ``Content`` objects the app shows.

Packs are rendered with their own Jinja environment over the app's templates folder, not
Flask's: a pack is built from the command line and the benchmark as well as in a request,
and it must not depend on ``url_for``, the signed-in user or CSRF. It reuses the app's own
partials (``_lesson.html``, ``_evidence.html``, ``questions/_key.html``) so a printed
lesson says exactly what the screen says.
"""
from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from markupsafe import Markup

from ..content.lessons import Lesson, Section
from ..content.loader import Content
from ..content.render import keep_words, render_inline, render_markdown
from ..content.timeline import TimelineEvent
from ..content.timeline_svg import render_timeline_svg
from .worksheet import Sheet, sheets

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
KINDS = ("student", "teacher")
PAPERS = {"a4": "A4", "letter": "Letter"}  # the CSS page size of each paper
PAPER_NAMES = {"a4": "A4", "letter": "US Letter"}  # what teachers read
UNIT = "unit"
UNIT_TITLE = "North Korean Refugees: Leaving, Hiding, Crossing and Starting Over"
TIMELINE_PAGE_HEIGHT = 1000  # SVG units that fit one printed page at the page's width


@pass_context
def lesson_md(context, text: str):
    """Lesson Markdown with visuals at the address this build uses (``asset_url`` in the context)."""
    return render_markdown(text, context["content"].citable, context["asset_url"])


def scope_ids(html: str, prefix: str) -> Markup:
    """Every id in one part of a pack made unique, and only links whose target is in that part.

    The unit pack holds every lesson, and each reuses the same ids (its sections, its source
    list): without this, every citation would jump to lesson 1's sources, and a citation in
    the teacher notes (which have no source list) would point nowhere.
    """
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    html = re.sub(r'(\s(?:id|for))="([^"]+)"', lambda m: f'{m[1]}="{prefix}-{m[2]}"', html)
    html = re.sub(r'(\saria-(?:labelledby|describedby))="([^"]+)"',
                  lambda m: f'{m[1]}="' + " ".join(f"{prefix}-{i}" for i in m[2].split()) + '"', html)
    html = re.sub(r'\shref="#([^"]+)"', lambda m: f' href="#{prefix}-{m[1]}"' if m[1] in ids else "", html)
    # Safe: ``html`` is an autoescaped template block and ``prefix`` a lesson id (a checked slug).
    return Markup(html)  # nosec B704


ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
ENV.filters.update(lesson_md=lesson_md, inline_md=render_inline, scope_ids=scope_ids, keep_words=keep_words)


class UnknownPack(LookupError):
    """No such lesson, pack kind or paper size."""


@dataclass(frozen=True)
class PackSpec:
    """Which pack: a lesson id or ``unit``; ``student`` or ``teacher``; ``a4`` or ``letter``."""

    scope: str
    kind: str
    paper: str = "a4"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise UnknownPack(f"pack kind '{self.kind}' is not one of: {', '.join(KINDS)}")
        if self.paper not in PAPERS:
            raise UnknownPack(f"paper '{self.paper}' is not one of: {', '.join(PAPERS)}")

    @property
    def name(self) -> str:
        return f"{self.scope}-{self.kind}-{self.paper}"

    @property
    def filename(self) -> str:
        return f"crossings-{self.name}.pdf"


@dataclass
class Part:
    """One lesson of a pack, with its quiz laid out for paper."""

    lesson: Lesson
    sheets: list[Sheet] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"part-{self.lesson.id}"

    @property
    def label(self) -> str:
        if self.lesson.kind == "review":
            return self.lesson.title
        return f"Lesson {self.lesson.order}: {self.lesson.title}"

    @property
    def discussion(self) -> Section | None:
        return next((s for s in self.lesson.sections if s.kind == "discussion"), None)


def parts_for(content: Content, scope: str) -> list[Part]:
    if scope == UNIT:
        lessons = content.lessons
    else:
        one = content.lesson(scope)
        if one is None:
            raise UnknownPack(f"no lesson has id '{scope}'")
        lessons = [one]
    parts = []
    for lesson in lessons:
        quiz = content.quiz_for(lesson.id)
        parts.append(Part(lesson, sheets(quiz.questions) if quiz else []))
    return parts


def source_labels(content: Content) -> dict[str, str]:
    return {s.file: s.cite for s in content.catalog.values()}


def timeline_pages(events: list[TimelineEvent], labels: dict[str, str],
                   page_height: int = TIMELINE_PAGE_HEIGHT) -> list[str]:
    """The timeline cut into drawings that each fit a page, as ``data:`` URIs.

    The full drawing is about four times taller than wide; shrunk onto one page its words
    would be too small to read, so it is drawn again for each run of events that fits.
    """
    pages: list[str] = []
    chunk: list[TimelineEvent] = []
    for event in events:
        trial = chunk + [event]
        if chunk and _svg_height(_draw(trial, labels, len(pages))) > page_height:
            pages.append(_draw(chunk, labels, len(pages)))
            trial = [event]
        chunk = trial
    if chunk:
        pages.append(_draw(chunk, labels, len(pages)))
    return ["data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode() for svg in pages]


def _draw(events: list[TimelineEvent], labels: dict[str, str], page: int) -> str:
    heading = None if page == 0 else "Timeline of the unit (continued)"
    return render_timeline_svg(events, source_labels=labels, heading=heading)


def _svg_height(svg: str) -> float:
    match = re.search(r'<svg[^>]*\sheight="([\d.]+)"', svg)
    return float(match.group(1)) if match else 0.0


def pdf_asset_url(content: Content) -> Callable[[str], str]:
    """``visuals/x.svg`` in lesson Markdown -> the file's absolute ``file://`` URL for WeasyPrint."""
    return lambda path: (content.root / "lessons" / path).as_uri()


def pack_html(content: Content, spec: PackSpec, version: str = "") -> str:
    """The whole pack as one HTML document, ready for the PDF engine."""
    parts = parts_for(content, spec.scope)
    unit = spec.scope == UNIT
    who = "Student pack" if spec.kind == "student" else "Teacher pack"
    title = f"Crossings · {who}" + ("" if unit else f" · {parts[0].label}")
    labels = source_labels(content)
    return ENV.get_template("packs/pdf/pack.html").render(
        content=content, spec=spec, parts=parts, unit=unit, title=title, who=who, version=version,
        paper_name=PAPER_NAMES[spec.paper], unit_title=UNIT_TITLE,
        asset_url=pdf_asset_url(content), stylesheet=(STATIC_DIR / "packs" / "print.css").as_uri(),
        timeline=timeline_pages(content.timeline, labels) if unit else [])
