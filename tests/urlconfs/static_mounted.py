"""A project URLconf mounting an app that has a static folder (tests/test_static.py)."""

from pathlib import Path

from django.urls import include, path

from flaskcompat import Flask

app = Flask("static_app", root_path=str(Path(__file__).parent.parent / "apps" / "static_app"))

urlpatterns = [path("shop/", include(app.urls))]
