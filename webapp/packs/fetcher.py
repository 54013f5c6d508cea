"""The only way WeasyPrint may read a file while it builds a pack.

A pack must print the same in a classroom with no network as on a developer's laptop, and
lesson Markdown is data that anyone can edit: so the PDF engine gets a fetcher that reads
only the project's own visuals and static files and refuses everything else (http, https,
ftp, and ``file://`` paths outside those folders, including ``..`` and symlink escapes).
The refusal is fatal, so a stray remote font or image fails the build loudly instead of
quietly printing a page without it.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .documents import STATIC_DIR


class FetchRefused(FatalURLFetchingError):
    """A pack asked for something that is not one of the project's own files.

    WeasyPrint stops only for a ``BaseException`` of this family; ``pdf.html_to_pdf`` turns
    it into ``OutsideResource``, an ordinary error that the app and the CLI report.
    """


class LocalFetcher(URLFetcher):
    """Serves ``file://`` URLs inside ``allowed`` folders and ``data:`` URLs; refuses the rest.

    ``data:`` is allowed because it reads nothing: the timeline is drawn into the page as one.
    """

    def __init__(self, allowed: list[Path]):
        super().__init__(fail_on_errors=True, allowed_protocols={"file", "data"})
        self.allowed = [Path(folder).resolve() for folder in allowed]

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise FetchRefused(f"packs never use the network: refused {url!r}")
        path = self.local_path(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    def local_path(self, url: str) -> Path:
        """The file a ``file://`` URL names, if it is inside an allowed folder; else refuse."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"packs read only this machine's project files: refused {url!r}")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(folder) for folder in self.allowed):
            names = ", ".join(str(folder) for folder in self.allowed)
            raise FetchRefused(f"packs read only the project's own files ({names}): refused {url!r}")
        if not path.is_file():
            raise FetchRefused(f"no such file in the project: {url!r}")
        return path


def project_fetcher(content_root: Path) -> LocalFetcher:
    """The fetcher for a build from ``content_root``: its lesson visuals and the app's static files."""
    return LocalFetcher([content_root / "lessons" / "visuals", STATIC_DIR])
