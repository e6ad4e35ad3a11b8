"""A Django URLconf mounting an app whose wsgi_app is wrapped (used by tests/test_wsgi_middleware.py)."""

from django.http import HttpResponse
from django.urls import include, path

import flaskcompat
from flaskcompat import Flask
from tests.test_wsgi_middleware import make_app

app = make_app(flaskcompat)
app.csrf_exempt = True  # the POSTs of the tests carry no CSRF token
plain = Flask("plain")


@plain.route("/")
def plain_index():
    return "plain"


def django_view(request):
    return HttpResponse("django view")


urlpatterns = [
    path("django/", django_view),
    path("legacy/", include(app.urls)),
    path("plain/", include(plain.urls)),
]
