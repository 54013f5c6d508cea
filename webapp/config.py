"""Settings. Every one can be overridden by an environment variable of the same name."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


def _default(config: dict, key: str, value: Any) -> None:
    if config.get(key) is None:
        config[key] = value


MIN_SECRET_BYTES = 32
MAX_BODY_BYTES = 1024 * 1024  # a roster of a few hundred names is a few kilobytes


class ConfigError(RuntimeError):
    """A setting that production can't run without is missing."""


def is_production() -> bool:
    return os.environ.get("CROSSINGS_ENV", "development") == "production"


def _secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else (not in production) one kept in instance/.

    In production every app server must share one key, so a made-up one is refused.
    """
    if os.environ.get("SECRET_KEY"):
        key = os.environ["SECRET_KEY"]
        if is_production() and len(key.encode()) < MIN_SECRET_BYTES:
            raise ConfigError(f"SECRET_KEY must be at least {MIN_SECRET_BYTES} bytes in production "
                              "(e.g. python -c 'import secrets; print(secrets.token_hex(32))')")
        return key
    if is_production():
        raise ConfigError("CROSSINGS_ENV=production needs SECRET_KEY set (the same on every app server)")
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'crossings.sqlite'}"
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _check_limit_store(config: dict, env) -> None:
    """Several workers each counting sign-in failures in memory would let guesses through."""
    workers = int(env.get("WEB_CONCURRENCY", "1") or 1)
    if is_production() and workers > 1 and str(config["RATELIMIT_STORAGE_URI"]).startswith("memory"):
        raise ConfigError(f"CROSSINGS_ENV=production with {workers} workers needs RATELIMIT_STORAGE_URI set to a "
                          "shared store (redis://host:6379/0), so sign-in limits hold across workers")


def from_env(config: dict, instance_path: str) -> None:
    """Fill in settings from the environment, with safe development defaults."""
    env = os.environ
    _default(config, "SECRET_KEY", _secret_key(instance_path))
    _default(config, "SQLALCHEMY_DATABASE_URI", database_url(instance_path))
    _default(config, "TEACHER_SIGNUP_CODE", env.get("TEACHER_SIGNUP_CODE") or None)
    _default(config, "SIGNUP_NEEDS_CODE", is_production())
    _default(config, "SIGNUP_RATE_LIMIT", env.get("SIGNUP_RATE_LIMIT", "10 per minute"))
    _default(config, "RATELIMIT_STORAGE_URI", env.get("RATELIMIT_STORAGE_URI", "memory://"))
    # Per account: guessing one password. Per address: a whole class signs in from one school
    # address (NAT), so this one is far higher.
    _default(config, "LOGIN_RATE_LIMIT", env.get("LOGIN_RATE_LIMIT", "10 per minute"))
    _default(config, "LOGIN_RATE_LIMIT_PER_ADDRESS", env.get("LOGIN_RATE_LIMIT_PER_ADDRESS", "200 per minute"))
    _check_limit_store(config, env)
    if is_production() or env.get("SESSION_COOKIE_SECURE") == "1":
        config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                  REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax")
    # A database server can drop a pooled connection; a SQLite file can't, and the ping cost
    # every answer save two statements (issue 15).
    _default(config, "SQLALCHEMY_ENGINE_OPTIONS",
             {"pool_pre_ping": not str(config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite")})
    _default(config, "WTF_CSRF_TIME_LIMIT", None)
    _default(config, "PACKS_DIR", env.get("PACKS_DIR") or None)  # shared by app servers, or instance/packs
    _default(config, "MAX_CONTENT_LENGTH", int(env.get("MAX_CONTENT_LENGTH", MAX_BODY_BYTES)))
    # How many proxies (load balancers) stand in front of the app and may be trusted for
    # X-Forwarded-For/-Proto/-Host; 0 trusts none (docs/deploy.md).
    _default(config, "PROXY_HOPS", int(env.get("CROSSINGS_PROXY_HOPS", "0")))
    _default(config, "HSTS", is_production())
