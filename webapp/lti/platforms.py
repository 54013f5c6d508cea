"""Registering LMS platforms (by the admin page or the CLI), and who is an admin."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from ..database import writing
from ..extensions import db
from ..models import LtiPlatform, LtiScore, User


class BadPlatform(ValueError):
    """A registration that can't work (the message says which field and why)."""


@dataclass(frozen=True)
class PlatformFields:
    name: str
    issuer: str
    client_id: str
    deployment_ids: list[str]
    key_set_url: str
    token_url: str
    auth_url: str
    token_audience: str = ""


def is_admin(user: User) -> bool:
    """Admins are the teachers whose emails are listed in CROSSINGS_ADMINS (comma-separated)."""
    admins = {e.strip().lower() for e in str(current_app.config.get("CROSSINGS_ADMINS") or "").split(",")}
    return bool(getattr(user, "is_teacher", False) and user.email and user.email.lower() in admins)


def parse_deployments(text: str) -> list[str]:
    seen: list[str] = []
    for part in text.replace(",", "\n").splitlines():
        if part.strip() and part.strip() not in seen:
            seen.append(part.strip())
    return seen


def check(fields: PlatformFields) -> None:
    if not fields.issuer or not fields.client_id:
        raise BadPlatform("The issuer and the client id are both needed: the LMS shows them when you add the tool.")
    if not fields.deployment_ids:
        raise BadPlatform("Add at least one deployment id: the LMS shows it once the tool is deployed.")
    for label, url in (("key set URL", fields.key_set_url), ("token URL", fields.token_url),
                       ("authentication URL", fields.auth_url)):
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise BadPlatform(f"The {label} must be a full web address, starting with https://.")


def add_platform(fields: PlatformFields) -> LtiPlatform:
    """A new registration; the same issuer and client id again updates the one there is."""
    check(fields)
    with writing():
        platform = db.session.scalar(select(LtiPlatform).where(LtiPlatform.issuer == fields.issuer,
                                                               LtiPlatform.client_id == fields.client_id))
        if platform is None:
            platform = LtiPlatform(issuer=fields.issuer, client_id=fields.client_id)
            db.session.add(platform)
        platform.name = fields.name or urlsplit(fields.issuer).netloc or fields.issuer
        platform.deployment_ids = fields.deployment_ids
        platform.key_set_url, platform.token_url, platform.auth_url = \
            fields.key_set_url, fields.token_url, fields.auth_url
        platform.token_audience = fields.token_audience
    return platform


def remove_platform(platform: LtiPlatform) -> None:
    """The registration goes (launches from it stop); classes and work made through it stay."""
    with writing():
        db.session.delete(platform)


def platforms() -> list[LtiPlatform]:
    return list(db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.name, LtiPlatform.id)))


def unsent_scores() -> list[LtiScore]:
    return list(db.session.scalars(select(LtiScore).where(LtiScore.sent_at.is_(None)).order_by(LtiScore.id)))
