"""A Django URLconf where a Flask-style app and Django views share one message queue
(used by tests/test_messages.py)."""

from django.contrib import messages
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from flaskcompat import Flask, Markup, flash, get_flashed_messages, request

legacy = Flask("legacy")


@legacy.route("/flash")
def flask_flash():
    for category in request.args.getlist("category"):
        flash(f"flask {category} <b>", category)
    flash(Markup("<em>safe</em>"), "warning")
    return "flashed"


@legacy.route("/show")
def flask_show():
    return repr(get_flashed_messages(with_categories=True))


def django_add(request):
    messages.success(request, "django success")
    messages.error(request, "django error", extra_tags="urgent")
    messages.info(request, "django info")
    messages.debug(request, "django debug")  # below MESSAGE_LEVEL: Django drops it
    return HttpResponse("added")


def django_show(request):
    template = engines["django"].from_string("{% for m in messages %}{{ m }}/{{ m.tags }}/{{ m.level }};{% endfor %}")
    return HttpResponse(template.render(request=request))


urlpatterns = [
    path("legacy/", include(legacy.urls)),
    path("django/add", django_add),
    path("django/show", django_show),
]
