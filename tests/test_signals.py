"""Signals: Flask's own (``flaskcompat.signals is flask.signals``), sent for the requests Django
serves."""

from __future__ import annotations

import contextlib

import flask
import flask.signals
import pytest

import flaskcompat

SIGNAL_NAMES = [
    "template_rendered",
    "before_render_template",
    "request_started",
    "request_finished",
    "request_tearing_down",
    "got_request_exception",
    "appcontext_tearing_down",
    "appcontext_pushed",
    "appcontext_popped",
    "message_flashed",
]


@pytest.mark.parametrize("attr", SIGNAL_NAMES)
def test_signals_are_flasks(attr):
    assert flaskcompat.signals is flask.signals
    assert getattr(flaskcompat, attr) is getattr(flask.signals, attr)


def test_signals_fire_for_requests_django_serves():
    app = flaskcompat.Flask("signalled")
    seen = []

    @app.route("/page")
    def page():
        return flask.render_template_string("{{ 1 + 1 }}")

    receivers = {
        name: (lambda sender, name=name, **extra: seen.append((name, sender)))
        for name in (
            "request_started",
            "before_render_template",
            "template_rendered",
            "request_finished",
            "request_tearing_down",
            "appcontext_tearing_down",
        )
    }
    with contextlib.ExitStack() as stack:
        for name, receiver in receivers.items():
            stack.enter_context(getattr(flaskcompat, name).connected_to(receiver, app))
        response = app.test_client().get("/page")
    assert response.text == "2" and response.django_response is not None
    assert seen == [(name, app) for name in receivers]
