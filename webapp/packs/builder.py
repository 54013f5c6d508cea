"""Building packs through the cache: what the app, the command line and the benchmark call."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from flask import current_app

from ..content.loader import Content
from .cache import PackCache, code_version, pack_key
from .documents import KINDS, UNIT, PackSpec, UnknownPack, pack_html
from .html_bundle import BUNDLE_NAME, write_bundle
from .pdf import html_to_pdf


def app_cache() -> PackCache:
    """The app's pack cache: ``PACKS_DIR`` if set, else ``instance/packs``."""
    folder = current_app.config.get("PACKS_DIR") or Path(current_app.instance_path) / "packs"
    return PackCache(Path(folder))


def render_pdf(content: Content, spec: PackSpec) -> bytes:
    """Build one pack now, without the cache."""
    return html_to_pdf(pack_html(content, spec, version=code_version()[:8]), spec.paper, content.root)


def build_pack(content: Content, spec: PackSpec, cache: PackCache) -> tuple[Path, bool]:
    """The pack's PDF file, from the cache when nothing it depends on has changed."""
    if spec.scope != UNIT and content.lesson(spec.scope) is None:
        raise UnknownPack(f"no lesson has id '{spec.scope}'")
    key = pack_key(content.root, spec.name)
    def build(temp: Path) -> None:
        temp.write_bytes(render_pdf(content, spec))
    return cache.get_or_build(spec.name, key, ".pdf", build)


def pack_specs(content: Content, lesson_id: str | None = None, paper: str = "a4") -> list[PackSpec]:
    """The packs ``packs build`` makes: one lesson's two, or every lesson's and the unit's."""
    if lesson_id is not None:
        if content.lesson(lesson_id) is None:
            known = ", ".join(lesson.id for lesson in content.lessons)
            raise UnknownPack(f"no lesson has id '{lesson_id}' (known: {known})")
        scopes = [lesson_id]
    else:
        scopes = [lesson.id for lesson in content.lessons] + [UNIT]
    return [PackSpec(scope, kind, paper) for scope in scopes for kind in KINDS]


def export_pack(content: Content, spec: PackSpec, cache: PackCache, out: Path) -> Path:
    """Build (or reuse) one pack and copy it to ``out`` under its reader-friendly name."""
    built, _ = build_pack(content, spec, cache)
    out.mkdir(parents=True, exist_ok=True)
    target = out / spec.filename
    shutil.copyfile(built, target)
    return target


def build_bundle_zip(content: Content, cache: PackCache) -> tuple[Path, bool]:
    """The offline edition as one zip, from the cache when nothing it depends on has changed."""
    def build(temp: Path) -> None:
        with tempfile.TemporaryDirectory() as work:
            shutil.copyfile(write_bundle(content, Path(work)).with_suffix(".zip"), temp)

    return cache.get_or_build(BUNDLE_NAME, pack_key(content.root, BUNDLE_NAME), ".zip", build)
