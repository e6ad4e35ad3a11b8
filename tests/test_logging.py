"""Logging: Flask's own (``flaskcompat.logging is flask.logging``), seen through the bridge:
``app.logger`` of a flaskcompat app is set up as Flask sets up its app's logger, and the default
handler writes to the ``wsgi.errors`` of the request Django serves. (Signals:
``tests/test_signals.py``.)"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import logging.config
import sys

import flask
import flask.logging
import flask.signals
import pytest
from django.test import AsyncRequestFactory

import flaskcompat
from flaskcompat.urls import AppView

_names = itertools.count()


@pytest.fixture
def fresh_name():
    """A never-used logger name, cleaned up afterwards."""
    name = f"fc_test_app_{next(_names)}"
    yield name
    for logger_name in list(logging.root.manager.loggerDict):
        if logger_name == name or logger_name.startswith(name + "."):
            logger = logging.getLogger(logger_name)
            logger.handlers.clear()
            logger.setLevel(logging.NOTSET)
            logger.propagate = True


@contextlib.contextmanager
def no_root_handlers():
    """Hide the root logger's handlers (pytest adds its capture handler
    there around each test phase, so a fixture could not remove it)."""
    saved = logging.root.handlers
    logging.root.handlers = []
    try:
        yield
    finally:
        logging.root.handlers = saved


def _configure(logger, *, level=None, handler_levels=(), propagate=True):
    logger.handlers.clear()
    logger.setLevel(level or logging.NOTSET)
    for handler_level in handler_levels:
        handler = logging.NullHandler()
        handler.setLevel(handler_level)
        logger.addHandler(handler)
    logger.propagate = propagate


def _run_create_logger(name, debug, module, **setup):
    """Apply ``setup`` to a fresh logger, create ``module.Flask(name)`` and read ``app.logger``,
    return (level, added default handler?, handler count)."""
    logger = logging.getLogger(name)
    _configure(logger, **setup)
    app = module.Flask(name)
    app.debug = debug
    assert app.logger is logger
    state = (
        logger.level,
        flask.logging.default_handler in logger.handlers,
        len(logger.handlers),
    )
    _configure(logger)
    return state


CASES = [
    {},
    {"level": logging.INFO},
    {"level": logging.ERROR},
    {"handler_levels": [logging.NOTSET]},
    {"handler_levels": [logging.ERROR]},
    {"level": logging.ERROR, "handler_levels": [logging.ERROR]},
    {"level": logging.DEBUG, "handler_levels": [logging.INFO]},
    {"handler_levels": [logging.CRITICAL, logging.DEBUG]},
    {"propagate": False},
    {"propagate": False, "handler_levels": [logging.WARNING]},
]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("setup", CASES)
@pytest.mark.parametrize("root_handler", [None, logging.NOTSET, logging.CRITICAL])
def test_app_logger_is_set_up_as_flasks(fresh_name, debug, setup, root_handler):
    with no_root_handlers():
        if root_handler is not None:
            handler = logging.NullHandler()
            handler.setLevel(root_handler)
            logging.root.addHandler(handler)
        ours = _run_create_logger(fresh_name, debug, flaskcompat, **setup)
        theirs = _run_create_logger(fresh_name, debug, flask, **setup)
    assert ours == theirs


def test_logging_is_flasks():
    assert flaskcompat.logging is flask.logging


def test_debug_app_logger_is_at_debug_level(fresh_name):
    with no_root_handlers():
        app = flaskcompat.Flask(fresh_name)
        app.debug = True
        logger = app.logger
        assert logger.name == fresh_name
        assert logger.level == logging.DEBUG
        assert flask.logging.default_handler in logger.handlers
        # A second app with the same name: the handler is not added twice.
        flaskcompat.Flask(fresh_name).logger  # noqa: B018 (the logger is set up on first read)
    assert logger.handlers.count(flask.logging.default_handler) == 1


def test_parent_handler_from_django_logging_wins(fresh_name):
    """A handler configured the way Django's LOGGING does (dictConfig on a
    parent logger) means no default handler is added to the app logger."""
    parent, app_name = fresh_name, f"{fresh_name}.app"
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {"null": {"class": "logging.NullHandler", "level": "DEBUG"}},
            "loggers": {parent: {"handlers": ["null"], "level": "INFO"}},
        }
    )
    with no_root_handlers():
        logger = flaskcompat.Flask(app_name).logger
        assert flask.logging.default_handler not in logger.handlers
        # Without that configuration the default handler is added.
        other = flaskcompat.Flask(f"{parent}x").logger
        assert flask.logging.default_handler in other.handlers
        other.handlers.clear()


def test_dictconfig_can_reference_stream(fresh_name):
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {
                "wsgi": {
                    "class": "logging.StreamHandler",
                    "stream": "ext://flaskcompat.logging.wsgi_errors_stream",
                }
            },
            "loggers": {fresh_name: {"handlers": ["wsgi"]}},
        }
    )
    handler = logging.getLogger(fresh_name).handlers[0]
    assert handler.stream is flask.logging.wsgi_errors_stream


def logging_app(name):
    app = flaskcompat.Flask(name)

    @app.route("/log")
    def log():
        app.logger.error("in request")
        return "logged"

    return app


def test_default_handler_writes_to_the_wsgi_errors_of_the_request(fresh_name, monkeypatch):
    """Served through Django's handler, the request's environ keeps the server's ``wsgi.errors``."""
    errors, stderr = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    with no_root_handlers():
        response = logging_app(fresh_name).test_client().get("/log", errors_stream=errors)
    assert response.text == "logged" and response.django_response is not None  # Django served it
    assert "ERROR in test_logging: in request" in errors.getvalue()
    assert stderr.getvalue() == ""


def test_default_handler_writes_to_stderr_under_asgi(fresh_name, monkeypatch):
    """An ASGI request has no ``wsgi.errors``: the handler writes to the current stderr."""
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    with no_root_handlers():
        response = AppView(logging_app(fresh_name))(AsyncRequestFactory().get("/log"), "log")
    assert response.content == b"logged"
    assert "ERROR in test_logging: in request" in stderr.getvalue()
