"""ROOT_URLCONF of the hosted target: the bench app (kind from ``BENCH_APP``) at the root."""

import os

from django.urls import include, path

import flaskcompat
from bench.app import make

app = make(flaskcompat, os.environ.get("BENCH_APP", "main"))

urlpatterns = [path("", include(app.urls))]
