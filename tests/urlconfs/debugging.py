"""Apps that fail, render and post forms, mounted beside a Django view (tests/test_django_developer.py)."""

from datetime import UTC, datetime

import flask
from django.http import HttpResponse
from django.urls import include, path

from flaskcompat import Flask, mount

follows = Flask("follows")  # leaves DEBUG unset: Django's DEBUG rules


@follows.route("/boom")
def boom():
    raise ValueError("kaboom from a Flask view")


@follows.route("/form", methods=["GET", "POST"])
def form():
    return "posted"


@follows.route("/remember")
def remember():
    flask.session["when"] = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    return "remembered"


@follows.route("/recall")
def recall():
    return repr(flask.session.get("when"))


own = Flask("own")  # sets DEBUG itself: its value rules
own.config["DEBUG"] = True


@own.route("/boom")
def own_boom():
    raise ValueError("kaboom from an app in debug mode")


plain = flask.Flask("plain")  # a plain Flask app, bridged by mount()


@plain.route("/boom")
def plain_boom():
    raise ValueError("kaboom from a plain Flask view")


def django_boom(request):
    raise ValueError("kaboom from a Django view")


def django_ok(request):
    return HttpResponse("django")


def django_form(request):
    return HttpResponse("posted")


urlpatterns = [
    path("django/boom", django_boom),
    path("django/", django_ok),
    path("django/form", django_form),
    path("follows/", include(follows.urls)),
    path("own/", include(own.urls)),
    path("plain/", include(mount(plain))),
]
