"""Production settings: a shared secret key is required and cookies are secure."""
from __future__ import annotations

from pathlib import Path

import pytest

from webapp import create_app
from webapp.config import ConfigError


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("CROSSINGS_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="needs SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}"})


def test_production_cookies_are_secure_httponly_and_samesite(monkeypatch, tmp_path):
    monkeypatch.setenv("CROSSINGS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret-for-the-test-of-32-bytes-or-more")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}"})
    assert app.config["SECRET_KEY"] == "s3cret-for-the-test-of-32-bytes-or-more"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_keeps_one_key_across_restarts(monkeypatch, tmp_path):
    monkeypatch.delenv("CROSSINGS_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}"}
    first = create_app(dict(config)).config["SECRET_KEY"]
    assert create_app(dict(config)).config["SECRET_KEY"] == first and len(first) >= 32


def production_app(monkeypatch, tmp_path, secret="k" * 32, **env):
    monkeypatch.setenv("CROSSINGS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secret)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}"})


def test_production_refuses_a_secret_key_shorter_than_32_bytes(monkeypatch, tmp_path):
    """Security probe finding 11: SECRET_KEY=x was accepted, and a teacher session was forged with it."""
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        production_app(monkeypatch, tmp_path, secret="x")


def test_production_sends_hsts(monkeypatch, tmp_path):
    app = production_app(monkeypatch, tmp_path)
    with app.app_context():
        from webapp.extensions import db
        db.create_all()
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def seen_by_app(app) -> dict:
    """The scheme and client address the app sees for a request that came through a proxy."""
    from flask import request

    seen: dict = {}
    app.add_url_rule("/_seen", "seen", lambda: seen.update(scheme=request.scheme, addr=request.remote_addr) or "ok")
    app.test_client().get("/_seen", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    return seen


def test_a_proxy_is_trusted_only_when_configured(monkeypatch, tmp_path):
    """Finding 11: behind a load balancer X-Forwarded-Proto was ignored, so links came out as http://."""
    trusting = production_app(monkeypatch, tmp_path, CROSSINGS_PROXY_HOPS="1")
    assert seen_by_app(trusting) == {"scheme": "https", "addr": "203.0.113.9"}
    monkeypatch.delenv("CROSSINGS_PROXY_HOPS")
    plain = production_app(monkeypatch, tmp_path / "b")
    assert seen_by_app(plain) == {"scheme": "http", "addr": "127.0.0.1"}


def test_a_request_body_over_one_megabyte_is_refused_with_413(app, client):
    """Finding 7: three 200 MB sign-in bodies were read into memory."""
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    response = client.post("/login", data={"identifier": "x" * (2 * 1024 * 1024), "password": "p"})
    assert response.status_code == 413
    script = client.post("/login", data="x" * (2 * 1024 * 1024), headers={"Content-Type": "application/json"})
    assert script.status_code == 413 and script.json["reason"] == "too_large"


def test_the_tests_write_nothing_into_the_checkout(app):
    """Issue 14: the secret key, the packs cache and the instance folder used to land in the checkout."""
    from factories import PROJECT

    from webapp.packs.builder import app_cache

    assert PROJECT not in Path(app.instance_path).resolve().parents
    with app.test_request_context():
        assert PROJECT not in app_cache().folder.resolve().parents
