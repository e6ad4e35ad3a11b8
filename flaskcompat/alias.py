"""The ``import flask`` alias: legacy Flask code runs on flaskcompat without edits.

One switch turns it on. In a Django project, set ``FLASKCOMPAT_FLASK_ALIAS = True``: the
flaskcompat app installs the alias when Django is ready, before the URLconf (and so any
legacy package it mounts) is imported. Code that imports ``flask`` earlier than that (in
settings.py itself, in another app's models, in a plain script) calls :func:`install`
first instead; calling both is fine.

Afterwards ``flask`` *is* the ``flaskcompat`` module and ``flask.X`` *is*
``flaskcompat.X`` (``flask.json``, ``flask.views``, ``flask.cli``, ...): the same objects,
so ``flask.g is flaskcompat.g`` and an extension importing ``flask`` shares the app's
state. A ``flask.X`` without a ``flaskcompat.X`` does not exist. Werkzeug is not aliased:
a legacy ``werkzeug.security`` import keeps working as it is, and Werkzeug's HTTP
exceptions raised by legacy views are honoured by flaskcompat.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

ALIAS = "flask"
TARGET = "flaskcompat"


def _target_name(fullname):
    return TARGET + fullname[len(ALIAS):]


class FlaskAliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``flask`` and ``flask.*`` and loads them as the flaskcompat module of that name."""

    def __init__(self):
        self._specs = {}

    def find_spec(self, fullname, path=None, target=None):
        if fullname != ALIAS and not fullname.startswith(ALIAS + "."):
            return None
        if importlib.util.find_spec(_target_name(fullname)) is None:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        module = importlib.import_module(_target_name(spec.name))
        self._specs[spec.name] = module.__spec__
        return module

    def exec_module(self, module):
        # The import system stamped the alias spec on the shared module: give its own back,
        # so the module stays what it is under its real name (reload, pickling, -m).
        module.__spec__ = self._specs.pop(module.__spec__.name)


def is_installed():
    return any(isinstance(finder, FlaskAliasFinder) for finder in sys.meta_path)


def install():
    """Make ``import flask`` (and every ``flask.X``) resolve to flaskcompat; idempotent.

    Refuses when the real Flask is already imported: modules holding its objects could
    not be rewired, and two ``flask`` worlds in one process would not share anything.
    """
    if is_installed():
        return
    loaded = sys.modules.get(ALIAS)
    if loaded is not None and loaded is not sys.modules.get(TARGET):
        raise RuntimeError(
            "The real Flask was imported before the flaskcompat alias was installed "
            f"(from {getattr(loaded, '__file__', '?')}). Call flaskcompat.alias.install() "
            "before anything imports flask: at the top of settings.py, manage.py or your script, "
            "or set FLASKCOMPAT_FLASK_ALIAS = True and import the legacy package only from the URLconf."
        )
    sys.meta_path.insert(0, FlaskAliasFinder())
