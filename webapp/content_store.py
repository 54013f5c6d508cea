"""The app's copy of the content, parsed once and reloaded when a file changes."""
from __future__ import annotations

import threading
import time
from pathlib import Path

from flask import abort, current_app

from . import versions
from .content.lessons import Lesson
from .content.loader import PROJECT_ROOT, Content, load_valid_content

_lock = threading.Lock()
_cache: dict[Path, tuple[tuple, Content]] = {}
_checked: dict[Path, float] = {}
CHECK_EVERY_SECONDS = 1.0  # looking at every file's mtime on every request cost real time


def _stamp(root: Path) -> tuple:
    files = [*root.glob("lessons/**/*"), *root.glob("quizzes/*"), root / "sources" / "catalog.yaml"]
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in files if p.is_file()))


def get_content(root: Path | None = None) -> Content:
    """The current content; raises ContentError (with every problem) if the files are broken."""
    root = root or Path(current_app.config.get("CONTENT_ROOT", PROJECT_ROOT))
    now = time.monotonic()
    with _lock:
        cached = _cache.get(root)
        if cached and now - _checked.get(root, 0.0) < CHECK_EVERY_SECONDS:
            return cached[1]
        stamp = _stamp(root)
        _checked[root] = now
        if cached and cached[0] == stamp:
            return cached[1]
        content = load_valid_content(root)
        _cache[root] = (stamp, content)
        versions.forget()
        return content


def lesson_or_404(lesson_id: str) -> tuple[Lesson, Content]:
    """The lesson with this id and the content it belongs to; 404 when there is none."""
    content = get_content()
    lesson = content.lesson(lesson_id)
    if lesson is None:
        abort(404)
    return lesson, content
