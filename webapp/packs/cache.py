"""Built packs kept on disk under a key that changes whenever the pack could change.

The key hashes the bytes of every content file, the pack's name (scope, kind, paper) and
the code version (the packs code, every template, the print CSS and the WeasyPrint
version), so an unchanged pack is served at once and a changed one is never stale.
Hashing bytes rather than trusting mtimes keeps the key the same across a fresh clone.
"""
from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

WEBAPP = Path(__file__).resolve().parents[1]
CODE_FOLDERS = ("packs", "templates", "static/packs", "static/fonts", "content")
KEY_LENGTH = 16


def _hash_files(digest, root: Path, paths) -> None:
    for path in sorted(p for p in paths if p.is_file() and p.suffix != ".pyc"):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")


def content_hash(root: Path) -> str:
    """The hash of the lesson, visual, quiz and source catalog files under ``root``."""
    digest = hashlib.sha256()
    _hash_files(digest, root, [*root.glob("lessons/**/*"), *root.glob("quizzes/*"),
                               root / "sources" / "catalog.yaml"])
    return digest.hexdigest()


def code_version() -> str:
    """The hash of everything besides content that shapes a pack's bytes."""
    digest = hashlib.sha256(version("weasyprint").encode())
    for folder in CODE_FOLDERS:
        _hash_files(digest, WEBAPP, (WEBAPP / folder).glob("**/*"))
    return digest.hexdigest()[:KEY_LENGTH]


def pack_key(root: Path, name: str) -> str:
    digest = hashlib.sha256(f"{content_hash(root)}:{name}:{code_version()}".encode())
    return digest.hexdigest()[:KEY_LENGTH]


class PackCache:
    """A folder of built files named ``<name>-<key><suffix>``; a build happens once per key.

    ``builds`` counts the builds this object ran (the tests and the benchmark read it).
    A build writes a temporary file and renames it into place, so a reader never sees
    half a PDF; a per-name lock stops two requests building the same pack at once.
    """

    _locks: dict[str, threading.Lock] = {}
    _locks_guard = threading.Lock()

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.builds = 0

    def path(self, name: str, key: str, suffix: str) -> Path:
        return self.folder / f"{name}-{key}{suffix}"

    def get_or_build(self, name: str, key: str, suffix: str,
                     build: Callable[[Path], None]) -> tuple[Path, bool]:
        """The cached file for ``key`` (built now by ``build(temp_path)`` if missing), and
        whether it was built by this call."""
        target = self.path(name, key, suffix)
        if target.is_file():
            return target, False
        with self._lock(str(target)):
            if target.is_file():
                return target, False
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            try:
                build(temp)
                os.replace(temp, target)
            finally:
                temp.unlink(missing_ok=True)
            self.builds += 1
            self._prune(name, suffix, keep=target)
        return target, True

    def _prune(self, name: str, suffix: str, keep: Path) -> None:
        """Remove this pack's older builds: only the current key can ever be served again."""
        old = re.compile(re.escape(name) + f"-[0-9a-f]{{{KEY_LENGTH}}}" + re.escape(suffix))
        for path in self.folder.iterdir():
            if path != keep and old.fullmatch(path.name):
                path.unlink(missing_ok=True)

    @classmethod
    def _lock(cls, name: str) -> threading.Lock:
        with cls._locks_guard:
            return cls._locks.setdefault(name, threading.Lock())
