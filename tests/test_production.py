"""Production settings: a shared secret key is required and cookies are secure."""
from __future__ import annotations

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
    monkeypatch.setenv("SECRET_KEY", "s3cret-for-the-test")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}"})
    assert app.config["SECRET_KEY"] == "s3cret-for-the-test"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_keeps_one_key_across_restarts(monkeypatch, tmp_path):
    monkeypatch.delenv("CROSSINGS_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}"}
    first = create_app(dict(config)).config["SECRET_KEY"]
    assert create_app(dict(config)).config["SECRET_KEY"] == first and len(first) >= 32
