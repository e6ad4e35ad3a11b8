"""pytest support: fixtures for Flask apps in a Django project, and ``pytest --flaskcompat``.

Fixtures (define an ``app`` fixture returning the app under test, as with pytest-flask):

``flask_client``
    ``app.test_client()``. With pytest-django's ``db`` fixture (or ``@pytest.mark.django_db``)
    what the app writes happens in the test's transaction. ``localhost``, Flask's test host, is
    added to ALLOWED_HOSTS for the test when the project's list refuses it.
``flask_app_context``
    ``app.app_context()``, pushed for the test.
``flask_cli_runner``
    ``app.test_cli_runner()``.

``pytest --flaskcompat`` runs a Flask project's own suite, unmodified, with every ``flask.Flask``
app served by flaskcompat on Django: requests go through Django's handler and middleware, and
``flask.request.django_request`` is the Django request. With ``DJANGO_SETTINGS_MODULE`` the
project's settings apply (its session, messages, database: every test gets ``django_db``);
without, embedded mode's. Registered through the ``pytest11`` entry point (from a checkout:
``-p flaskcompat.pytest_plugin``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flask
import pytest

from .app import bridge
from .embedded import ensure_configured, is_embedded
from .handlers import wsgi

_ORIGINAL: dict[str, Callable[..., Any]] = {"__init__": flask.Flask.__init__, "__call__": flask.Flask.__call__}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("flaskcompat").addoption(
        "--flaskcompat",
        action="store_true",
        default=False,
        help="Serve every flask.Flask app through Django (flaskcompat) while the tests run.",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("flaskcompat", False):
        serve_flask_apps_through_django()


def pytest_unconfigure(config: pytest.Config) -> None:
    for name, original in _ORIGINAL.items():
        setattr(flask.Flask, name, original)


def pytest_report_header(config: pytest.Config) -> str | None:
    if config.getoption("flaskcompat", False):
        return "flaskcompat: every flask.Flask app is served through Django"
    return None


def serve_flask_apps_through_django() -> None:
    """Bridge every ``flask.Flask`` when it is created (so ``test_request_context()`` and
    ``session_transaction()`` already see Django's request and session), and make
    ``flask.Flask.__call__`` (what test clients and servers call) go through Django."""
    original_init = _ORIGINAL["__init__"]

    def __init__(app: flask.Flask, *args: Any, **kwargs: Any) -> None:
        ensure_configured()
        original_init(app, *args, **kwargs)
        bridge(app)

    def __call__(app: flask.Flask, environ: dict[str, Any], start_response: Any) -> Any:
        return wsgi(bridge(app), environ, start_response, test=True)

    # Replacing Flask's own methods is the point (pytest_unconfigure restores them)
    flask.Flask.__init__ = __init__  # type: ignore[method-assign, assignment]
    flask.Flask.__call__ = __call__  # type: ignore[method-assign, assignment]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``--flaskcompat`` in a project, every test may touch the project's database."""
    if config.getoption("flaskcompat", False) and config.pluginmanager.hasplugin("django"):
        from pytest_django.plugin import django_settings_is_configured

        if django_settings_is_configured():
            for item in items:
                item.add_marker(pytest.mark.django_db)


@pytest.fixture
def flask_client(app: flask.Flask, request: pytest.FixtureRequest) -> Any:
    from django.conf import settings
    from django.http.request import validate_host

    if not is_embedded() and not validate_host("localhost", settings.ALLOWED_HOSTS):
        request.getfixturevalue("settings").ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    return app.test_client()


@pytest.fixture
def flask_app_context(app: flask.Flask) -> Any:
    with app.app_context() as ctx:
        yield ctx


@pytest.fixture
def flask_cli_runner(app: flask.Flask) -> Any:
    return app.test_cli_runner()
