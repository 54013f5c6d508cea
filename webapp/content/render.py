"""Lesson Markdown to HTML, through one configured renderer.

Citations ``[@key]`` become short links to the lesson's source list; an image with a
title becomes a figure with a caption. ``asset_url`` maps ``visuals/x.svg`` to wherever
the page is served from (the app, a PDF build, the offline bundle).
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache

import markdown
from markupsafe import Markup, escape

from .lessons import CITATION, IMAGE
from .sources import Source

EXTENSIONS = ["extra", "sane_lists", "smarty"]


def render_markdown(text: str, catalog: dict[str, Source] | None = None,
                    asset_url: Callable[[str], str] = lambda path: path) -> Markup:
    by_key = {s.key: s for s in (catalog or {}).values()}

    def cite(match: re.Match) -> str:
        source = by_key.get(match.group(1))
        label = source.cite if source else match.group(1)
        if source and source.is_background:
            label = f"background: {label}"
        label = html.escape(label)
        return f'<cite class="source-cite"><a href="#source-{match.group(1)}">({label})</a></cite>'

    def figure(match: re.Match) -> str:
        alt, target, title = match.groups()
        img = f'<img src="{html.escape(asset_url(target))}" alt="{html.escape(alt)}">'
        caption = f"<figcaption>{html.escape(title)}</figcaption>" if title else ""
        return f'\n\n<figure class="visual">{img}{caption}</figure>\n\n'

    text = IMAGE.sub(figure, text)
    text = CITATION.sub(cite, text)
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    html_out = _scrollable_tables(md.convert(text))
    # Lesson files are ours and reviewed like code; teacher input goes through sanitize.py.
    return Markup(html_out)  # nosec B704


def _scrollable_tables(html_text: str) -> str:
    """Each table in a box that scrolls sideways on a narrow screen and can take keyboard focus
    (a scrollable region keyboard users could not reach fails axe's scrollable-region-focusable)."""
    opening = '<div class="table-scroll" role="region" tabindex="0" aria-label="Table: scroll sideways to see all of it">'
    return html_text.replace("<table>", opening + "<table>").replace("</table>", "</table></div>")


def upper_first(text: str) -> str:
    """The first letter in capitals and the rest as written ("NGO page" stays "NGO page").

    It stands in for Jinja's ``capitalize``, which lower-cases the rest ("Ngo page").
    """
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=4096)
def render_inline(text: str) -> Markup:
    """A one-line field (a prompt, a choice) with inline Markdown only.

    Cached: a quiz page shows some sixty of these, and building a Markdown converter for each
    was most of the page's time.
    """
    rendered = markdown.markdown(text, extensions=["smarty"], output_format="html")
    return Markup(re.sub(r"^<p>(.*)</p>$", r"\1", rendered.strip(), flags=re.S))  # nosec B704


HANGUL_WORD = re.compile(r"\S*[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7A3]\S*")


def keep_words(text: str) -> Markup:
    """Plain text, escaped, with each Korean word in a ``keep-word`` span (CSS: nowrap).

    Line breaking may split Korean between any two syllables, and a name broken across lines
    is hard to read. Browsers keep words whole with ``word-break: keep-all``; the PDF engine
    (WeasyPrint 70) ignores that, so printed names need the spans.
    """
    escaped = str(escape(text))
    # Safe: the text is escaped first and the spans are fixed markup.
    return Markup(HANGUL_WORD.sub(lambda m: f'<span class="keep-word">{m[0]}</span>', escaped))  # nosec B704
