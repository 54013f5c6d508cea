"""The LTI library's view of our tables: registrations, deployments, and its short-lived values.

``pylti1p3`` asks a *tool config* for the registration of an issuer and client id and for known
deployments; ours reads ``lti_platforms`` and signs with the current key (``keys.py``). Its
*launch data storage* (issued nonces, a Deep Linking launch kept for the picker) is a table, not
the session cookie: inside an LMS iframe the browser may not send our cookie back on the
cross-site POST of the launch, but the nonce must still be found.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from pylti1p3.deployment import Deployment
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import delete, select

from ..database import writing
from ..extensions import db
from ..models import LtiLaunchValue, LtiPlatform
from ..models.base import utcnow
from . import keys

DEFAULT_LIFETIME = 86400


def find_platform(issuer: str, client_id: str | None) -> LtiPlatform | None:
    """The registration for an issuer and client id; without a client id (it is optional in the
    login request), the issuer's only registration."""
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        return db.session.scalar(query.where(LtiPlatform.client_id == client_id))
    found = list(db.session.scalars(query.limit(2)))
    return found[0] if len(found) == 1 else None


def registration(platform: LtiPlatform) -> Registration:
    key = keys.current_key()
    return (Registration().set_issuer(platform.issuer).set_client_id(platform.client_id)
            .set_key_set_url(platform.key_set_url).set_auth_token_url(platform.token_url)
            .set_auth_login_url(platform.auth_url).set_tool_private_key(key.private_pem)
            .set_tool_public_key(key.public_pem).set_auth_audience(platform.token_audience or platform.token_url))


class TableToolConf(ToolConfAbstract):
    """Every issuer may have several client ids (one per registration), as LTI 1.3 allows."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args, **kwargs) -> Registration:
        raise NotImplementedError("every issuer is looked up with its client id")

    def find_registration_by_params(self, iss: str, client_id: str, *args, **kwargs) -> Registration:
        platform = find_platform(iss, client_id)
        return registration(platform) if platform else None  # type: ignore[return-value]

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        raise NotImplementedError("every issuer is looked up with its client id")

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id: str, *args,
                                  **kwargs) -> Deployment | None:
        platform = find_platform(iss, client_id)
        if platform is None or deployment_id not in (platform.deployment_ids or []):
            return None
        return Deployment().set_deployment_id(deployment_id)


class TableStorage(LaunchDataStorage[Any]):
    """Values keyed by unguessable ids (a nonce, a launch id), so no per-browser session is needed."""

    def get_session_cookie_name(self) -> str | None:
        return None

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key: str) -> Any:
        row = db.session.get(LtiLaunchValue, key)
        return row.value if row is not None and row.expires_at > utcnow() else None

    def set_value(self, key: str, value: Any, exp: int | None = None) -> None:
        now = utcnow()
        with writing():
            db.session.execute(delete(LtiLaunchValue).where(LtiLaunchValue.expires_at < now))
            row = db.session.get(LtiLaunchValue, key)
            if row is None:
                row = LtiLaunchValue(key=key)
                db.session.add(row)
            row.value, row.expires_at = value, now + timedelta(seconds=exp or DEFAULT_LIFETIME)

    def check_value(self, key: str) -> bool:
        return self.get_value(key) is not None
