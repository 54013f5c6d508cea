"""``flask --app webapp export --format cc|qti12|qti21|moodle|gift [--quiz ID] --out PATH``."""
from __future__ import annotations

from pathlib import Path

import click

from ..content_store import get_content
from . import FORMATS, UnknownExport, build_export


@click.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(list(FORMATS)),
              help="cc: Common Cartridge 1.1 · qti12: QTI 1.2 package (Canvas) · qti21: QTI 2.1 package · moodle: Moodle XML · gift: GIFT.")
@click.option("--quiz", "quiz_id", default=None, metavar="LESSON_ID",
              help="One lesson's quiz (its lesson id). Without it: the whole unit, every quiz.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=True, path_type=Path),
              help="File to write, or a folder to write the export into under its own name.")
def export_command(fmt: str, quiz_id: str | None, out: Path) -> None:
    """Export quizzes for another system (an LMS or a question bank)."""
    try:
        export = build_export(get_content(), fmt, quiz_id)
    except UnknownExport as error:
        raise click.UsageError(str(error)) from error
    target = out / export.filename if out.is_dir() else out
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(export.data)
    click.echo(f"wrote {target} ({len(export.data):,} bytes, {FORMATS[fmt].label})")
