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
from markupsafe import Markup

from .lessons import CITATION, IMAGE
from .sources import Source

EXTENSIONS = ["extra", "sane_lists", "smarty"]


def render_markdown(text: str, catalog: dict[str, Source] | None = None,
                    asset_url: Callable[[str], str] = lambda path: path) -> Markup:
    by_key = {s.key: s for s in (catalog or {}).values()}

    def cite(match: re.Match) -> str:
        source = by_key.get(match.group(1))
        label = source.cite if source else match.group(1)
        if source and source.kind == "background reference":
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
    # Lesson files are ours and reviewed like code; teacher input goes through sanitize.py.
    return Markup(md.convert(text))  # nosec B704


@lru_cache(maxsize=4096)
def render_inline(text: str) -> Markup:
    """A one-line field (a prompt, a choice) with inline Markdown only.

    Cached: a quiz page shows some sixty of these, and building a Markdown converter for each
    was most of the page's time.
    """
    rendered = markdown.markdown(text, extensions=["smarty"], output_format="html")
    return Markup(re.sub(r"^<p>(.*)</p>$", r"\1", rendered.strip(), flags=re.S))  # nosec B704
