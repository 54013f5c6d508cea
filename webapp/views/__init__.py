"""Blueprints: one per audience or job."""
from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import auth, exports, grading, lti, main, packs, reports, student, teacher

    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(teacher.bp)
    app.register_blueprint(grading.bp)
    app.register_blueprint(student.bp)
    app.register_blueprint(packs.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(lti.bp)
