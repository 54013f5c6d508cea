"""Crossings' signing keys: the newest signs, retired ones stay published for a grace period.

``flask --app webapp lti rotate-key`` makes a new key. Platforms fetch our JWKS now and then and
cache it; a message signed with the old key just before the rotation (a Deep Linking response, a
token request) must still check, so the old public key stays in the JWKS for ``GRACE``.
"""
from __future__ import annotations

import json
from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto.jwk import JWK
from sqlalchemy import delete, or_, select

from ..database import writing
from ..extensions import db
from ..models import LtiKey
from ..models.base import utcnow

GRACE = timedelta(days=7)


def _new_pair() -> tuple[str, str, str]:
    """(kid, private PEM, public PEM): RSA 2048, the size LTI 1.3 asks for. Slow: call before writing()."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return JWK.from_pem(public.encode()).thumbprint(), private, public


def current_key() -> LtiKey:
    """The key that signs now; the first one is made on first use."""
    key = _newest()
    if key is None:
        kid, private, public = _new_pair()
        with writing():
            if _newest() is None:  # another request may have made it meanwhile
                db.session.add(LtiKey(kid=kid, private_pem=private, public_pem=public))
        key = _newest()
    if key is None:
        raise RuntimeError("no LTI signing key could be made")
    return key


def _newest() -> LtiKey | None:
    return db.session.scalar(select(LtiKey).where(LtiKey.retired_at.is_(None)).order_by(LtiKey.id.desc()))


def rotate() -> tuple[LtiKey, list[LtiKey]]:
    """A new signing key; the old one is retired (still published for GRACE). Returns (new, retired)."""
    kid, private, public = _new_pair()
    now = utcnow()
    with writing():
        db.session.execute(delete(LtiKey).where(LtiKey.retired_at < now - GRACE))
        retired = list(db.session.scalars(select(LtiKey).where(LtiKey.retired_at.is_(None))))
        for key in retired:
            key.retired_at = now
        new = LtiKey(kid=kid, private_pem=private, public_pem=public)
        db.session.add(new)
    return new, retired


def jwks() -> dict:
    """The public keys platforms check our signatures with: the current one and those in their grace period."""
    current_key()
    cutoff = utcnow() - GRACE
    keys = db.session.scalars(select(LtiKey).where(or_(LtiKey.retired_at.is_(None), LtiKey.retired_at > cutoff))
                              .order_by(LtiKey.id.desc()))
    return {"keys": [public_jwk(key) for key in keys]}


def public_jwk(key: LtiKey) -> dict:
    jwk = json.loads(JWK.from_pem(key.public_pem.encode()).export_public())
    return {**jwk, "kid": key.kid, "alg": "RS256", "use": "sig"}
