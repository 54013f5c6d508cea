"""Printable packs and the offline edition, for teachers to download (built on demand, cached)."""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, render_template, send_file
from flask_login import current_user

from .. import classes
from ..content_store import get_content
from ..packs.builder import app_cache, build_bundle_zip, build_pack
from ..packs.cards import login_cards_pdf
from ..packs.documents import KINDS, PAPER_NAMES, PAPERS, UNIT, PackSpec, UnknownPack
from ..packs.html_bundle import BUNDLE_NAME
from ..rosters.sheets import Card
from ..security import teacher_required
from .teacher import card_address

bp = Blueprint("packs", __name__, url_prefix="/teacher/packs")


@bp.before_request
@teacher_required
def _teachers_only():
    """Every download here is for teachers only (teacher packs hold the answer keys)."""


@bp.get("/")
def index():
    return render_template("packs/index.html", content=get_content(), kinds=KINDS, papers=PAPER_NAMES,
                           classrooms=classes.teacher_classrooms(current_user))


def _send_pack(scope: str, kind: str, paper: str):
    try:
        spec = PackSpec(scope, kind, paper)
        path, _ = build_pack(get_content(), spec, app_cache())
    except UnknownPack:
        abort(404)
    return send_file(path, mimetype="application/pdf", as_attachment=True, download_name=spec.filename)


@bp.get("/unit/<kind>/<paper>.pdf")
def unit_pdf(kind: str, paper: str):
    return _send_pack(UNIT, kind, paper)


@bp.get("/lessons/<lesson_id>/<kind>/<paper>.pdf")
def lesson_pdf(lesson_id: str, kind: str, paper: str):
    if lesson_id == UNIT:
        abort(404)
    return _send_pack(lesson_id, kind, paper)


@bp.get("/offline.zip")
def offline_zip():
    path, _ = build_bundle_zip(get_content(), app_cache())
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name=f"{BUNDLE_NAME}.zip")


@bp.get("/classes/<int:classroom_id>/login-cards/<paper>.pdf")
def login_cards(classroom_id: int, paper: str):
    room = classes.own_classroom(current_user, classroom_id)
    if paper not in PAPERS:
        abort(404)
    pdf = login_cards_pdf(room, [Card.of(s) for s in classes.roster(room)], card_address(), paper,
                          get_content().root)
    return send_file(BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=f"crossings-login-cards-{room.id}-{paper}.pdf")
