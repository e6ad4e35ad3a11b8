"""``flaskcompat.Blueprint``: Flask's Blueprint, mountable on its own (``include(bp.urls)``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import flask
from django.conf import settings

from .app import Flask
from .urls import mount

if TYPE_CHECKING:
    from .urls import AppURLConf


class Blueprint(flask.Blueprint):
    """Flask's Blueprint; ``include(bp.urls)`` mounts it without an app of its own."""

    #: ``csrf_exempt(bp)`` exempts the blueprint's views from Django's CSRF check.
    csrf_exempt = False

    @property
    def urls(self) -> tuple[AppURLConf, str]:
        """``include(bp.urls)``: namespace ``bp.name``, URL names relative to it."""
        return mount(self)


def blueprint_app(blueprint: flask.Blueprint) -> flask.Flask:
    """The hidden app serving a blueprint mounted alone (built once).

    Configured from Django's ``DEBUG`` and ``SECRET_KEY``, then the ``FLASKCOMPAT_BLUEPRINT_CONFIG``
    dict setting (Flask config keys).
    """
    app = blueprint.__dict__.get("_flaskcompat_app")
    if app is None:
        app = Flask(blueprint.import_name, static_folder=None, template_folder=None, root_path=blueprint.root_path)
        app.config.update(DEBUG=settings.DEBUG, SECRET_KEY=settings.SECRET_KEY)
        app.config.from_mapping(getattr(settings, "FLASKCOMPAT_BLUEPRINT_CONFIG", {}))  # upper-case keys
        app.name = blueprint.name
        app.register_blueprint(blueprint, url_prefix="")  # the mount point is its prefix
        blueprint.__dict__["_flaskcompat_app"] = app
    return app
