"""Crossings: lessons and quizzes about North Korean refugees, for classrooms."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    instance = os.environ.get("CROSSINGS_INSTANCE_PATH") or Path(__file__).resolve().parents[1] / "instance"
    app = Flask(__name__, instance_path=str(instance))
    app.config.update(config or {})
    from .config import from_env

    from_env(app.config, app.instance_path)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from . import cli, errors, extensions, lti, security, templating, views
    from .database import configure_engine

    extensions.db.init_app(app)
    with app.app_context():
        configure_engine(extensions.db.engine)
    extensions.csrf.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(Path(__file__).resolve().parents[1] / "migrations"))
    extensions.limiter.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    views.register_blueprints(app)
    cli.init_app(app)
    lti.init_app(app)
    hops = app.config["PROXY_HOPS"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    return app
