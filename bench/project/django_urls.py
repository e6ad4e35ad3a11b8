"""ROOT_URLCONF of the plain Django target (kind from ``BENCH_APP``)."""

import os

from bench.django_views import handler404, urlpatterns_for  # noqa: F401  (handler404 is read by Django)

urlpatterns = urlpatterns_for(os.environ.get("BENCH_APP", "main"))
