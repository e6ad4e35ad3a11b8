"""The soak project's URLconf: the Flask app under /app/ (anything else is Django's 404)."""

from django.urls import include, path

from flaskcompat import mount

from .app import app

urlpatterns = [path("app/", include(mount(app, namespace="soak")))]
