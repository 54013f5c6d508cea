"""Command-line tools: ``flask --app webapp content check`` and friends."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .content.editorial import key_length
from .content.loader import PROJECT_ROOT, load_content
from .content.sources import SOURCES_ENV
from .content.standards import check_standards
from .exports.cli import export_command
from .packs.cli import packs_cli

content_cli = AppGroup("content", help="Check and inspect the lesson and quiz files.")
accounts_cli = AppGroup("accounts", help="Help people back into their accounts.")


@accounts_cli.command("reset-password")
@click.argument("email")
@click.option("--base-url", metavar="URL", help="The address teachers use to reach Crossings, e.g. "
              "http://192.168.1.20:5000 (default: CROSSINGS_PUBLIC_URL).")
def reset_password(email: str, base_url: str | None) -> None:
    """Print a one-time link with which the teacher who signs in with EMAIL chooses a new password.
    The command has no request to learn the server's address from, so it needs CROSSINGS_PUBLIC_URL
    or --base-url: a guessed address would send the teacher nowhere."""
    from . import password_reset

    base = base_url or current_app.config.get("PUBLIC_URL")
    if not base:
        raise click.ClickException("CROSSINGS_PUBLIC_URL is not set, so the link's address is unknown. Set it "
                                   "(docs/deploy.md), or give the address teachers use to reach Crossings: "
                                   f"flask --app webapp accounts reset-password {email} --base-url "
                                   "http://192.168.1.20:5000")
    teacher = password_reset.teacher_by_email(email)
    if teacher is None:
        raise click.ClickException(f"No teacher account uses {email}. (Students get a new passphrase from "
                                   "their teacher, on the class page.)")
    click.echo(f"A reset link for {teacher.email}. Give it to them only: it works once, "
               f"for {password_reset.minutes()} minutes.\n")
    click.echo(password_reset.link_for(teacher, base) + "\n")


@content_cli.command("check")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=PROJECT_ROOT,
              help="Project folder holding lessons/, quizzes/ and sources/.")
@click.option("--standards/--no-standards", default=True,
              help="Also check the unit's content standards (counts, word counts, readability).")
def check(root: Path, standards: bool) -> None:
    """Report every problem in the content files; exit 1 if there is any."""
    content = load_content(root)
    problems = list(content.problems)
    if standards and not problems:
        problems += check_standards(content)
        for note in key_length(content)[1]:
            click.echo(f"note: {note}")
    for problem in problems:
        click.echo(str(problem))
    questions = sum(len(q.questions) for q in content.quizzes.values())
    summary = f"{len(content.lessons)} lessons, {len(content.quizzes)} quizzes, {questions} questions"
    if content.texts_dir is None:
        click.echo(f"note: quotes were NOT checked against the full texts: no folder named by "
                   f"{SOURCES_ENV} and no ../shared/sources beside the project")
    else:
        click.echo(f"quotes checked verbatim against {content.texts_dir}")
    if problems:
        click.echo(f"{summary}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        raise SystemExit(1)
    click.echo(f"{summary}: no problems")


@content_cli.command("sync")
def sync() -> None:
    """Bring the database's lessons, questions and question versions in step with the files."""
    from .catalog_sync import sync_catalog
    from .content_store import get_content

    click.echo(f"Catalog synced with the files: {sync_catalog(get_content())}")


@content_cli.command("regrade")
@click.option("--dry-run", is_flag=True, help="List what would change, and change nothing.")
def regrade(dry_run: bool) -> None:
    """Score submitted answers again where a question's key was corrected, and keep a record.

    The catalog is synced with the files first (that is what makes a corrected key a new version;
    it changes no answer or score). Answers whose choices changed are listed and left alone."""
    from . import regrade as regrading
    from .catalog_sync import sync_catalog
    from .content_store import get_content

    content = get_content()
    click.echo(f"Catalog synced with the files: {sync_catalog(content)}")
    found = regrading.plan(content)
    for change in found.changes:
        click.echo(f"{'would regrade' if dry_run else 'regrade'}: {change}")
    for refused in found.refused:
        click.echo(f"left alone: {refused}")
    if dry_run:
        click.echo(f"{len(found.changes)} answer(s) would be regraded, {len(found.refused)} left alone "
                   f"(dry run: no answer or score changed; only the catalog was synced with the files)")
        return
    done = regrading.apply(found.changes)
    click.echo(f"{done} answer(s) regraded, {len(found.refused)} left alone")


@content_cli.command("budget")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=PROJECT_ROOT)
def budget(files: tuple[Path, ...], root: Path) -> None:
    """How much of each source FILES reproduce (default: everything the project ships)."""
    from .content.budget import BUDGET, RUN, measure, shipped_files
    from .content.sources import full_texts_dir

    folder = full_texts_dir(root)
    if folder is None:
        raise click.ClickException(f"no full source texts: set {SOURCES_ENV} or put them in ../shared/sources")
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    chosen = list(files) or shipped_files(root)
    click.echo(f"words of each source in runs of {RUN}+ words found in {len(chosen)} file(s); budget under {BUDGET:.0%}")
    for c in measure(texts, chosen):
        flag = "  OVER BUDGET" if c.share >= BUDGET else ""
        click.echo(f"  {c.source}: {c.reproduced} of {c.words} words, {c.share:.1%}{flag}")


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path), required=False)
def backup_command(target: Path | None) -> None:
    """Copy the SQLite database to TARGET (default: instance/backups/<time>.sqlite)."""
    from datetime import datetime

    from .backup import backup_to

    target = target or Path("instance/backups") / f"crossings-{datetime.now():%Y%m%d-%H%M%S}.sqlite"
    try:
        click.echo(f"Backed up to {backup_to(target)}")
    except ValueError as error:
        raise click.ClickException(str(error)) from None


@click.command("restore")
@click.argument("backup", type=click.Path(dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="Replace everything in the database with this backup?")
def restore_command(backup: Path) -> None:
    """Replace the SQLite database's contents with BACKUP."""
    from .backup import restore_from

    try:
        restore_from(backup)
    except (ValueError, FileNotFoundError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored from {backup}")


def init_app(app: Flask) -> None:
    from flask_migrate.cli import db as db_group

    db_group.add_command(backup_command)
    db_group.add_command(restore_command)
    app.cli.add_command(content_cli)
    app.cli.add_command(accounts_cli)
    app.cli.add_command(export_command)
    app.cli.add_command(packs_cli)
