"""``flask --app webapp packs build``: printable PDF packs, or the offline HTML edition."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from ..content.problems import ContentError
from ..content_store import get_content
from .builder import app_cache, export_pack, pack_specs
from .documents import PAPERS, UnknownPack
from .html_bundle import write_bundle
from .pdf import OutsideResource

packs_cli = AppGroup("packs", help="Build printable PDF packs and the offline HTML edition.")


@packs_cli.command("build")
@click.option("--lesson", "lesson_id", metavar="ID", help="Only this lesson's two packs (its id).")
@click.option("--paper", type=click.Choice(list(PAPERS)), default="a4", show_default=True, help="Paper size.")
@click.option("--html", "html", is_flag=True,
              help="Write the offline HTML edition (a folder and a zip) instead of the PDFs.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("packs-out"),
              show_default=True, help="Folder to write into.")
def build(lesson_id: str | None, paper: str, html: bool, out: Path) -> None:
    """Write each lesson's student and teacher packs and the whole unit's (cached: unchanged packs are copied)."""
    try:
        content = get_content()
    except ContentError as error:
        raise click.ClickException(f"the content has problems; run `flask --app webapp content check`:\n{error}") from None
    if html:
        folder = write_bundle(content, out)
        click.echo(f"offline edition: {folder}/index.html (zipped: {folder.with_suffix('.zip')})")
        return
    try:
        specs = pack_specs(content, lesson_id, paper)
    except UnknownPack as error:
        raise click.BadParameter(str(error), param_hint="--lesson") from None
    cache = app_cache()
    with click.progressbar(specs, label="Building packs", show_pos=True,
                           item_show_func=lambda spec: spec.name if spec else None) as bar:
        for spec in bar:
            try:
                export_pack(content, spec, cache, out)
            except OutsideResource as error:
                raise click.ClickException(f"{spec.name}: {error}") from None
    click.echo(f"{len(specs)} packs in {out} ({cache.builds} built, {len(specs) - cache.builds} unchanged)")
