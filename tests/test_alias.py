"""The ``import flask`` alias. Each test runs in a fresh interpreter: this one keeps the real Flask."""

import os

from flaskcompat.alias import FlaskAliasFinder

from .subprocesses import ROOT, run_python

#: Every ``flask.X`` a Flask user imports has its ``flaskcompat.X``.
SUBMODULES = ["app", "blueprints", "cli", "config", "ctx", "globals", "helpers", "json", "json.provider",
              "logging", "sessions", "signals", "templating", "testing", "typing", "views", "wrappers"]

INSTALL = """
import flaskcompat.alias
flaskcompat.alias.install()
"""


def test_flask_and_its_submodules_are_flaskcompat():
    out = run_python(INSTALL + f"""
import importlib
import flask, flaskcompat
from flask import Flask, Blueprint, request, g, session, current_app, jsonify, render_template
assert flask is flaskcompat and Flask is flaskcompat.Flask and g is flaskcompat.g
for name in {SUBMODULES!r}:
    assert importlib.import_module("flask." + name) is importlib.import_module("flaskcompat." + name), name
from flask.views import MethodView, View
from flask.testing import FlaskClient, FlaskCliRunner
from flask.cli import AppGroup, FlaskGroup, ScriptInfo, with_appcontext
from flask.typing import ResponseReturnValue
from flask.json.provider import DefaultJSONProvider
import flask.json as fj
assert fj.jsonify is flaskcompat.json.jsonify
print(flask.__spec__.name, flask.json.__spec__.name, flask.views.__name__)
""")
    # The shared modules keep their own identity (reload, pickling and -m still work).
    assert out.split() == ["flaskcompat", "flaskcompat.json", "flaskcompat.views"]


def test_the_real_flask_is_never_loaded():
    out = run_python(INSTALL + """
import importlib.machinery, os, sys
real = os.path.dirname(importlib.machinery.PathFinder.find_spec("flask").origin)
import flask, flask.json, flask.views
try:
    import flask.debughelpers
except ModuleNotFoundError as e:
    print(e.name)
loaded = [m.__file__ for m in list(sys.modules.values()) if (getattr(m, "__file__", None) or "").startswith(real)]
assert not loaded, loaded
assert "werkzeug" not in sys.modules
""")
    assert out.strip() == "flask.debughelpers"


def test_unmodified_legacy_module_runs(tmp_path):
    (tmp_path / "legacy_hello.py").write_text('''
from flask import Flask, jsonify, request, url_for
from flask.views import MethodView

app = Flask(__name__)


class Items(MethodView):
    def get(self):
        return jsonify(items=[1, 2], next=url_for("items", page=2))

    def post(self):
        return {"got": request.get_json()["name"]}, 201


app.add_url_rule("/items", view_func=Items.as_view("items"))
''')
    out = run_python(INSTALL + """
from legacy_hello import app
client = app.test_client()
print(client.get("/items").get_json())
r = client.post("/items", json={"name": "ann"})
print(r.status_code, r.get_json())
""", PYTHONPATH=f"{ROOT}{os.pathsep}{tmp_path}")
    assert out.splitlines() == ["{'items': [1, 2], 'next': '/items?page=2'}", "201 {'got': 'ann'}"]


SETUP = """
import django
from django.conf import settings
settings.configure(INSTALLED_APPS=["flaskcompat"], {extra})
django.setup()
import flask, flaskcompat
print(flask is flaskcompat)
"""


def test_the_django_setting_switches_it_on():
    assert run_python(SETUP.format(extra="FLASKCOMPAT_FLASK_ALIAS=True")).strip() == "True"


def test_without_the_switch_flask_is_flask():
    assert run_python(SETUP.format(extra="")).strip() == "False"


def test_install_is_idempotent_and_survives_the_setting():
    out = run_python(INSTALL + SETUP.format(extra="FLASKCOMPAT_FLASK_ALIAS=True") + """
import sys
flaskcompat.alias.install()
print(sum(isinstance(f, flaskcompat.alias.FlaskAliasFinder) for f in sys.meta_path))
""")
    assert out.split() == ["True", "1"]


def test_install_refuses_after_the_real_flask_was_imported():
    out = run_python("""
import flask
import flaskcompat.alias
try:
    flaskcompat.alias.install()
except RuntimeError as e:
    print(e)
""")
    assert "The real Flask was imported before the flaskcompat alias was installed" in out
    assert "before anything imports flask" in out


def test_finder_only_claims_flask_names():
    finder = FlaskAliasFinder()
    assert finder.find_spec("flask_cors") is None
    assert finder.find_spec("flaskext") is None
    assert finder.find_spec("flask.no_such_module") is None
    assert finder.find_spec("flask.json").name == "flask.json"
