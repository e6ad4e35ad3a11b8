"""Taskboard: a small team task tracker, written as a plain Flask application."""

import os
from datetime import date

from flask import Flask, g, render_template


def create_app(test_config=None):
    """Application factory: ``flask --app taskboard run`` or ``create_app({"TESTING": True, ...})``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="dev",
        DATABASE=os.path.join(app.instance_path, "taskboard.sqlite"),
        BOARD_TITLE="Taskboard",
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    from . import api, auth, db, tasks

    db.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(tasks.bp)
    app.register_blueprint(api.bp)

    @app.route("/")
    def index():
        counts = None
        if g.user is not None:
            counts = (
                db.get_db()
                .execute(
                    "SELECT SUM(done = 0) AS open, SUM(done = 1) AS done FROM task WHERE owner_id = ?",
                    (g.user["id"],),
                )
                .fetchone()
            )
        return render_template("index.html", counts=counts)

    @app.errorhandler(403)
    @app.errorhandler(404)
    def http_error(error):
        return render_template("errors/error.html", error=error), error.code

    @app.template_filter("due")
    def format_due(value):
        if not value:
            return "no due date"
        day = date.fromisoformat(value)
        if day < date.today():
            return f"overdue since {day:%d %b %Y}"
        return f"due {day:%d %b %Y}"

    @app.context_processor
    def inject_year():
        return {"year": date.today().year}

    return app
