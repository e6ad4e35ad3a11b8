"""A URLconf mounting an app at the root *before* a Django view (flaskcompat.E002)."""

from django.http import HttpResponse
from django.urls import include, path

from flaskcompat import Flask

app = Flask("shadowing")
urlpatterns = [path("", include(app.urls)), path("about/", lambda r: HttpResponse("django"))]
