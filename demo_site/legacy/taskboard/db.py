"""The SQLite database: one connection per application context, kept on ``g``."""

import os
import sqlite3

import click
from flask import current_app, g
from flask.cli import with_appcontext


def get_db():
    """The request's connection; a database file that does not exist yet gets the schema."""
    if "db" not in g:
        path = current_app.config["DATABASE"]
        new = not os.path.exists(path)
        g.db = sqlite3.connect(path)
        g.db.row_factory = sqlite3.Row
        if new:
            _create_schema(g.db)
    return g.db


def close_db(e=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def _create_schema(db):
    with current_app.open_resource("schema.sql") as f:
        db.executescript(f.read().decode("utf8"))


def init_db():
    """Drop everything and create empty tables."""
    _create_schema(get_db())


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Clear the existing data and create new tables."""
    init_db()
    click.echo("Initialized the database.")


def init_app(app):
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
