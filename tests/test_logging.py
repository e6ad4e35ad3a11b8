"""flaskcompat.logging against flask.logging (and flaskcompat.signals,
which has no test module of its own yet)."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import itertools
import logging
import logging.config
import re
import sys
from types import SimpleNamespace

import flask.logging
import flask.signals
import pytest

import flaskcompat.logging as fc_logging
from flaskcompat import signals

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
    """Apply ``setup`` to a fresh logger, call ``module.create_logger``,
    return (level, added default handler?, handler count)."""
    logger = logging.getLogger(name)
    _configure(logger, **setup)
    result = module.create_logger(SimpleNamespace(name=name, debug=debug))
    assert result is logger
    state = (
        logger.level,
        module.default_handler in logger.handlers,
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
def test_create_logger_matches_flask(fresh_name, debug, setup, root_handler):
    with no_root_handlers():
        if root_handler is not None:
            handler = logging.NullHandler()
            handler.setLevel(root_handler)
            logging.root.addHandler(handler)
        ours = _run_create_logger(fresh_name, debug, fc_logging, **setup)
        theirs = _run_create_logger(fresh_name, debug, flask.logging, **setup)
    assert ours == theirs


def test_create_logger_debug_sets_level(fresh_name):
    with no_root_handlers():
        logger = fc_logging.create_logger(SimpleNamespace(name=fresh_name, debug=True))
        assert logger.name == fresh_name
        assert logger.level == logging.DEBUG
        assert fc_logging.default_handler in logger.handlers
        # Called again (e.g. a second app with the same name): not added twice.
        fc_logging.create_logger(SimpleNamespace(name=fresh_name, debug=True))
    assert logger.handlers.count(fc_logging.default_handler) == 1


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
        for module in (fc_logging, flask.logging):
            logger = module.create_logger(SimpleNamespace(name=app_name, debug=False))
            assert module.default_handler not in logger.handlers
            assert module.has_level_handler(logger)
        # Without that configuration the default handler is added.
        other = fc_logging.create_logger(SimpleNamespace(name=f"{parent}x", debug=False))
        assert fc_logging.default_handler in other.handlers
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
    assert handler.stream is fc_logging.wsgi_errors_stream


@pytest.mark.parametrize("setup", CASES)
@pytest.mark.parametrize("parent_handler", [None, logging.DEBUG, logging.CRITICAL])
def test_has_level_handler_matches_flask(fresh_name, setup, parent_handler):
    parent = logging.getLogger(fresh_name)
    _configure(parent)
    if parent_handler is not None:
        _configure(parent, handler_levels=[parent_handler])
    logger = logging.getLogger(f"{fresh_name}.child")
    _configure(logger, **setup)
    with no_root_handlers():
        ours = fc_logging.has_level_handler(logger)
        assert ours == flask.logging.has_level_handler(logger)
    if not setup and parent_handler is None:
        assert ours is False


def test_default_handler_format_matches_flask():
    ours, theirs = fc_logging.default_handler, flask.logging.default_handler
    assert isinstance(ours, logging.StreamHandler)
    assert ours.formatter._fmt == theirs.formatter._fmt
    assert ours.formatter._fmt == "[%(asctime)s] %(levelname)s in %(module)s: %(message)s"
    assert ours.level == theirs.level == logging.NOTSET


def _emit_via(handler, message):
    record = logging.LogRecord("app", logging.ERROR, __file__, 1, message, None, None)
    handler.handle(record)


def test_default_handler_writes_like_flask_to_stderr(capsys):
    _emit_via(fc_logging.default_handler, "ours")
    _emit_via(flask.logging.default_handler, "ours")
    err = capsys.readouterr().err.splitlines()
    stamp = re.compile(r"^\[[^\]]+\] ")
    assert len(err) == 2
    assert stamp.sub("", err[0]) == stamp.sub("", err[1]) == "ERROR in test_logging: ours"


def test_wsgi_errors_stream_outside_request_is_current_stderr(monkeypatch):
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stderr", buffer)
    fc_logging.wsgi_errors_stream.write("x")
    fc_logging.wsgi_errors_stream.flush()
    assert buffer.getvalue() == "x"
    # Attribute access forwards too (StreamHandler reads ``.name`` in repr).
    assert fc_logging.wsgi_errors_stream.getvalue() == "x"
    assert repr(fc_logging.default_handler).startswith("<StreamHandler")


def _bind_request(request):
    """Activate a fake request context via the lead's ContextVar."""
    from flaskcompat import globals as fc_globals

    return fc_globals._cv_request, fc_globals._cv_request.set(
        SimpleNamespace(request=request)
    )


@pytest.mark.parametrize("attr", ["environ", "META"])
def test_wsgi_errors_stream_inside_request(monkeypatch, attr):
    errors, stderr = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    var, token = _bind_request(SimpleNamespace(**{attr: {"wsgi.errors": errors}}))
    try:
        _emit_via(fc_logging.default_handler, "in request")
    finally:
        var.reset(token)
    assert "ERROR in test_logging: in request" in errors.getvalue()
    assert stderr.getvalue() == ""


def test_wsgi_errors_stream_without_wsgi_errors_uses_stderr(monkeypatch):
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    var, token = _bind_request(SimpleNamespace(environ={"asgi": True}))
    try:
        fc_logging.wsgi_errors_stream.write("asgi")
    finally:
        var.reset(token)
    assert stderr.getvalue() == "asgi"


# --- flaskcompat.signals -------------------------------------------------

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
def test_signals_match_flask(attr):
    ours, theirs = getattr(signals, attr), getattr(flask.signals, attr)
    assert ours.name == theirs.name
    assert type(ours) is type(theirs)
    assert ours is not theirs  # our own namespace


def test_signals_send_and_connect_with_blinker():
    assert signals.signals_available is True
    seen = []

    def receiver(sender, **extra):
        seen.append((sender, extra))

    with signals.request_started.connected_to(receiver):
        signals.request_started.send("app", x=1)
    signals.request_started.send("app", x=2)
    assert seen == [("app", {"x": 1})]


def _load_without_blinker(monkeypatch):
    monkeypatch.setitem(sys.modules, "blinker", None)
    spec = importlib.util.spec_from_file_location("fc_signals_no_blinker", signals.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_signals_stand_in_without_blinker(monkeypatch):
    module = _load_without_blinker(monkeypatch)
    assert module.signals_available is False
    for attr in SIGNAL_NAMES:
        sig = getattr(module, attr)
        assert sig.name == getattr(flask.signals, attr).name
        assert sig.send("app", extra=1) == []
        assert not sig.receivers
        with pytest.raises(RuntimeError, match="pip install blinker"):
            sig.connect(lambda sender: None)
        with pytest.raises(RuntimeError, match="pip install blinker"):
            sig.connected_to(lambda sender: None)
    # Extensions can still create their own signals from the Namespace.
    custom = module.Namespace().signal("custom")
    assert custom.send() == []
