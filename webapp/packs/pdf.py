"""HTML to PDF with WeasyPrint, on paper of the chosen size, reading only project files."""
from __future__ import annotations

from pathlib import Path

from .documents import PAPERS


class OutsideResource(RuntimeError):
    """A pack could not be built because it refers to something outside the project."""


def html_to_pdf(html: str, paper: str, content_root: Path) -> bytes:
    """The document as PDF bytes: fonts embedded (subset) from fontconfig, and tagged, so
    that screen readers can read a pack opened on a device."""
    # Imported here, not at the top: WeasyPrint takes most of a second to import, and every
    # app start and CLI command would pay for it even when no pack is built.
    from weasyprint import CSS, HTML

    from .fetcher import FetchRefused, project_fetcher

    fetcher = project_fetcher(content_root)
    page = CSS(string=f"@page {{ size: {PAPERS[paper]}; }}", url_fetcher=fetcher)
    document = HTML(string=html, base_url=content_root.as_uri() + "/", url_fetcher=fetcher)
    try:
        return document.write_pdf(stylesheets=[page], pdf_tags=True)
    except FetchRefused as refused:
        raise OutsideResource(str(refused)) from None
