"""A legacy app using Flask-SQLAlchemy on the project's database, mounted (used by
tests/test_contrib_sqlalchemy.py)."""

import flask
from django.urls import include, path
from flask_sqlalchemy import SQLAlchemy

from flaskcompat import mount
from flaskcompat.contrib.sqlalchemy import use_django_database

db = SQLAlchemy()


class Account(db.Model):
    """Django's auth_user, read by the legacy app's ORM."""

    __tablename__ = "auth_user"
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(150))


class Note(db.Model):
    __tablename__ = "legacy_note"
    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("auth_user.id"), nullable=False)
    text = db.Column(db.Text, nullable=False)
    owner = db.relationship(Account)


def create_app():
    app = flask.Flask("notes")
    use_django_database(app)  # no SQLALCHEMY_DATABASE_URI of its own
    db.init_app(app)

    @app.post("/notes")
    def add():
        note = Note(owner_id=int(flask.request.form["owner"]), text=flask.request.form["text"])
        db.session.add(note)
        db.session.commit()
        return {"id": note.id}

    @app.get("/notes")
    def notes():
        return [
            {"text": n.text, "owner": n.owner.username} for n in db.session.scalars(db.select(Note).order_by(Note.id))
        ]

    return app


app = create_app()

urlpatterns = [path("notes/", include(mount(app)))]
