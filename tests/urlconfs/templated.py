"""A Django URLconf mounting a template-rendering Flask-style app beside a Django view
rendering through the Jinja2 backend (used by tests/test_templating.py)."""

from pathlib import Path

from django.shortcuts import render
from django.urls import include, path

from flaskcompat import Flask, render_template, render_template_string

TESTS = Path(__file__).resolve().parent.parent

legacy = Flask("legacy", root_path=str(TESTS))


@legacy.context_processor
def site():
    return {"site": "legacy", "name": "from processor"}


@legacy.route("/hello/<name>")
def hello(name):
    return render_template("hello.html", name=name)


@legacy.route("/form")
def form():
    return render_template_string("<form>{{ csrf_input }}</form>|{{ csrf_token|length }}")


def django_page(request):
    return render(request, "escape.html", {"value": "<v>", "safe": "ok"})


urlpatterns = [
    path("legacy/", include(legacy.urls)),
    path("django/", django_page),
]
