"""Deliberate CSRF handling: Flask-style views are protected by Django's CsrfViewMiddleware.

Inside a Django project that enables the middleware, a POST to a Flask-style view needs
Django's CSRF token, like any Django view (templates get ``csrf_input`` / ``csrf_token``).
Legacy forms in transition opt out explicitly, per view, blueprint or whole app, in the
spelling Flask-WTF users know::

    csrf_exempt(app)          # or a Blueprint, or a view function
"""


def csrf_exempt(obj):
    """Mark a view function, Blueprint or app as exempt from Django's CSRF check; returns it."""
    obj.csrf_exempt = True
    return obj
