"""run.sh's guard: under ``pytest --flaskcompat``, a plain ``flask.Flask`` is served by Django.

Run as ``pytest -p flaskcompat.pytest_plugin --flaskcompat check_bridge.py`` in each suite's
environment before its suite, so a table row can't come from a run where the plugin was inert.
"""

import flask
from django.core.signals import request_started


def test_plain_flask_app_is_served_by_django() -> None:
    app = flask.Flask(__name__)

    started: list = []

    def on_started(sender: object, **kwargs: object) -> None:
        started.append(sender)

    request_started.connect(on_started)

    @app.route("/")
    def index() -> str:
        # set by the bridge when Django's handler serves the request, not built on demand
        return str("flaskcompat.django_request" in flask.request.environ)

    response = app.test_client().get("/")
    request_started.disconnect(on_started)
    assert response.data == b"True"
    assert started, "Django's request_started was not sent"
