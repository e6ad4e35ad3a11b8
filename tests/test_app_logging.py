"""``app.logger``: Flask's logger of the app, obeying Django's LOGGING when it configures one.

Logging is Flask's (``flaskcompat.logging is flask.logging``, see ``tests/test_logging.py``); this
module covers the app's logger in the three situations a legacy app meets: embedded mode, a
project whose LOGGING says nothing about the app, and one whose LOGGING does. Each runs in a
fresh interpreter, since Django applies LOGGING once, at setup.
"""

import logging

import flask
import pytest

import flaskcompat
from tests.subprocesses import run_python

PROJECT = """
    import django
    from django.conf import settings

    settings.configure(
        INSTALLED_APPS=["django.contrib.sessions", "django.contrib.messages", "flaskcompat"],
        MIDDLEWARE=[], ROOT_URLCONF=__name__, SECRET_KEY="x", ALLOWED_HOSTS=["*"],
        LOGGING={logging!r},
    )
    urlpatterns = []
    django.setup()
"""

APP = """
    import logging
    import flask.logging
    from flaskcompat import Flask

    app = Flask("legacyapp")
    app.debug = {debug}

    @app.route("/")
    def boom():
        raise ValueError("boom")

    logger = app.logger
    print("default_handler", flask.logging.default_handler in logger.handlers)
    print("level", logging.getLevelName(logger.level))
    app.test_client().get("/")
"""

STDOUT_HANDLER = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}
FORMATTERS = {"plain": {"format": "LOGGING %(name)s %(levelname)s %(message)s"}}


def _lines(output):
    return [line for line in output.splitlines() if line]


@pytest.mark.slow
def test_embedded_mode_uses_flasks_default_handler():
    stderr_to_stdout = """
    import sys
    sys.stderr = sys.stdout  # the default handler writes to the current stderr
"""
    proc_out = run_python(stderr_to_stdout + APP.format(debug=False))
    lines = _lines(proc_out)
    assert lines[:2] == ["default_handler True", "level NOTSET"]
    assert any(line.endswith("ERROR in app: Exception on / [GET]") for line in lines)
    assert "ValueError: boom" in proc_out


@pytest.mark.slow
def test_debug_app_logs_at_debug_level():
    out = run_python(APP.format(debug=True).replace('app.test_client().get("/")', ""))
    assert _lines(out) == ["default_handler True", "level DEBUG"]


@pytest.mark.slow
def test_project_logging_without_the_app_keeps_the_default_handler():
    logging_config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": FORMATTERS,
        "handlers": {"out": STDOUT_HANDLER},
        "loggers": {"otherpkg": {"handlers": ["out"]}},
    }
    out = run_python(PROJECT.format(logging=logging_config) + APP.format(debug=False))
    assert _lines(out)[0] == "default_handler True"


@pytest.mark.slow
@pytest.mark.parametrize("where", ["app logger", "root logger"])
def test_project_logging_rules_the_app_logger(where):
    logging_config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": FORMATTERS,
        "handlers": {"out": STDOUT_HANDLER},
    }
    if where == "app logger":
        logging_config["loggers"] = {"legacyapp": {"handlers": ["out"], "level": "INFO"}}
    else:
        logging_config["root"] = {"handlers": ["out"], "level": "WARNING"}
    out = run_python(PROJECT.format(logging=logging_config) + APP.format(debug=False))
    lines = _lines(out)
    assert lines[:2] == ["default_handler False", "level " + ("INFO" if where == "app logger" else "NOTSET")]
    assert "LOGGING legacyapp ERROR Exception on / [GET]" in lines


@pytest.mark.parametrize("module", [flaskcompat, flask])
def test_logger_is_the_standard_logger_named_after_the_app(module):
    app = module.Flask("named_logger_app")
    try:
        assert app.logger is logging.getLogger("named_logger_app")
        assert app.logger.name == app.name
    finally:
        app.logger.handlers.clear()


@pytest.mark.parametrize("module", [flaskcompat, flask])
def test_unhandled_exception_is_logged_with_flasks_message(module, caplog):
    app = module.Flask("logged_exception_app")

    @app.route("/fail")
    def fail():
        raise KeyError("k")

    try:
        with caplog.at_level(logging.ERROR, logger=app.name):
            assert app.test_client().get("/fail").status_code == 500
    finally:
        app.logger.handlers.clear()
    record = next(r for r in caplog.records if r.name == app.name)
    assert record.getMessage() == "Exception on /fail [GET]"
    assert record.exc_info[0] is KeyError
    assert flask.logging.default_handler not in logging.getLogger(app.name).handlers
