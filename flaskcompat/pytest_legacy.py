"""A pytest plugin that runs a Flask project's own test suite, unmodified, inside a Django project::

    DJANGO_SETTINGS_MODULE=mysite.settings python -m pytest -p flaskcompat.pytest_legacy legacy/tests

Loaded with ``-p``, it installs the ``import flask`` alias before pytest imports the suite's
conftest, so the suite tests the code the project actually serves. With pytest-django and a
configured project it also gives every test the Django test database (``django_db``:
migrated once, rolled back after each test), because the Flask session, the user and the
flashes of a mounted app now live in the project's session framework, often in its database.
"""

import pytest

from . import alias

alias.install()


def pytest_report_header(config):
    return "flaskcompat: `import flask` resolves to flaskcompat"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test ``django_db`` (before pytest-django sorts tests by database use)."""
    if config.pluginmanager.hasplugin("django"):
        from pytest_django.plugin import django_settings_is_configured

        if django_settings_is_configured():
            for item in items:
                item.add_marker(pytest.mark.django_db)
