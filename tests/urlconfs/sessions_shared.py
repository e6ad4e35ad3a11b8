"""A Django URLconf mounting a Flask-style app beside Django views sharing its session
(used by tests/test_sessions.py)."""

from django.http import HttpResponse
from django.urls import include, path

from flaskcompat import Flask, session

app = Flask("shared_session")


@app.route("/set/<key>/<value>")
def flask_set(key, value):
    session[key] = value
    return "set"


@app.route("/get/<key>")
def flask_get(key):
    return str(session.get(key, "missing"))


@app.route("/permanent/<int:on>")
def permanent(on):
    session.permanent = bool(on)
    session["p"] = on
    return "permanent" if session.permanent else "browser session"


@app.route("/clear")
def clear():
    session.clear()
    return "cleared"


def django_set(request, key, value):
    request.session[key] = value
    return HttpResponse("set")


def django_get(request, key):
    return HttpResponse(str(request.session.get(key, "missing")))


urlpatterns = [
    path("flask/", include(app.urls)),
    path("django/set/<key>/<value>", django_set),
    path("django/get/<key>", django_get),
]
