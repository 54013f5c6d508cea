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


def _mail(config: dict, env) -> None:
    """Email (password reset links): off unless MAIL_SERVER names an SMTP relay (docs/deploy.md)."""
    _default(config, "MAIL_SERVER", env.get("MAIL_SERVER") or None)
    _default(config, "MAIL_PORT", int(env.get("MAIL_PORT") or 587))
    _default(config, "MAIL_SECURITY", env.get("MAIL_SECURITY") or "starttls")  # starttls, ssl or none
    _default(config, "MAIL_USERNAME", env.get("MAIL_USERNAME") or None)
    _default(config, "MAIL_PASSWORD", env.get("MAIL_PASSWORD") or None)
    _default(config, "MAIL_FROM", env.get("MAIL_FROM") or None)
    _default(config, "RESET_LINK_MINUTES", int(env.get("RESET_LINK_MINUTES") or 60))
    # Per email (nobody can flood a teacher's inbox) and per address.
    _default(config, "RESET_RATE_LIMIT", env.get("RESET_RATE_LIMIT", "3 per hour"))
    _default(config, "RESET_RATE_LIMIT_PER_ADDRESS", env.get("RESET_RATE_LIMIT_PER_ADDRESS", "20 per hour"))
    if config["MAIL_SECURITY"] not in ("starttls", "ssl", "none"):
        raise ConfigError("MAIL_SECURITY must be starttls, ssl or none")
    if is_production() and config["MAIL_SERVER"] and not config["PUBLIC_URL"]:
        raise ConfigError("MAIL_SERVER needs CROSSINGS_PUBLIC_URL in production: reset links in emails use "
                          "that address, never one taken from a request's Host header")


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
    # The address students and teachers type (http://192.168.1.20:5000): on login cards and in emails.
    _default(config, "PUBLIC_URL", env.get("CROSSINGS_PUBLIC_URL") or None)
    _mail(config, env)
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
    # Teachers who may register LMSs (the LMS page): emails, comma-separated (docs/lms.md).
    _default(config, "CROSSINGS_ADMINS", env.get("CROSSINGS_ADMINS", ""))
    # OIDC logins from an LMS per address (each stores a nonce; a class behind one address launches at once).
    _default(config, "LTI_LOGIN_RATE_LIMIT", env.get("LTI_LOGIN_RATE_LIMIT", "300 per minute"))
    # The first wait before sending a score to an LMS again; each failure doubles it (at most an hour).
    _default(config, "LTI_RETRY_SECONDS", float(env.get("LTI_RETRY_SECONDS", "30")))
