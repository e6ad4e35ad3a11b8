"""pytest fixtures for Flask-style apps, alongside pytest-django's.

Define an ``app`` fixture that returns the Flask app under test (as with pytest-flask);
the plugin then offers:

``flask_client``
    ``app.test_client()``. Requests run in the test's thread and on its database
    connection, so with pytest-django's ``db`` fixture (or ``@pytest.mark.django_db``)
    everything the app writes happens inside the test's transaction and is rolled back
    afterwards. ``localhost``, Flask's test host, is added to ALLOWED_HOSTS for the test
    when the project's list refuses it.
``flask_app_context``
    ``app.app_context()``, pushed for the test.
``flask_cli_runner``
    ``app.test_cli_runner()``.

Installed flaskcompat registers the plugin through the ``pytest11`` entry point; from a
checkout, load it with ``-p flaskcompat.pytest_plugin``. pytest-django's ``client`` stays
Django's test Client (for ``include(app.urls)`` in the project's URLconf).
"""

from __future__ import annotations

import pytest


@pytest.fixture
def flask_client(app, request):
    from django.conf import settings
    from django.http.request import validate_host

    from .embedded import is_embedded

    if not is_embedded() and not validate_host("localhost", settings.ALLOWED_HOSTS):
        request.getfixturevalue("settings").ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    return app.test_client()


@pytest.fixture
def flask_app_context(app):
    with app.app_context() as ctx:
        yield ctx


@pytest.fixture
def flask_cli_runner(app):
    return app.test_cli_runner()
