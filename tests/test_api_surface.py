"""The API surface, compared with Flask's: names, signatures, and the class attributes that choose
the classes an app builds (``aborter_class``, ``json_provider_class``...), which must be honoured.

flaskcompat's module namespace is Flask's (the same objects) plus what only flaskcompat has; its
classes (``Flask``, ``Blueprint``, ``Request``, ``Response``, the test client) have every public
attribute of Flask's, with the same call signatures (parameter names, kinds and defaults), plus
the listed extras. An app's instance attributes are of Flask's types.
"""

from __future__ import annotations

import importlib
import inspect
import json as stdlib_json
import types

import flask
import flask.json.provider
import flask.testing
import pytest
import werkzeug.exceptions
import werkzeug.routing
from flask.sessions import SecureCookieSessionInterface

import flaskcompat
import flaskcompat.testing

#: What flaskcompat's namespace has that Flask's has not.
MODULE_EXTRAS = {"bridge", "csrf_exempt", "mount", "Markup", "escape"}
#: Flask's classes that flaskcompat extends (the rest of its namespace is Flask's own objects).
EXTENDED = {"Flask", "Blueprint", "Request", "Response"}
#: Flask's submodules that flaskcompat re-exports as they are (``flaskcompat.sessions`` is its own
#: module: Django's session under Flask's ``session``).
SUBMODULES = {"ctx", "globals", "helpers", "json", "logging", "signals", "typing", "views"}

CLASSES = [
    # (Flask's, flaskcompat's, public names only flaskcompat's has)
    (flask.Flask, flaskcompat.Flask, {"urls", "csrf_exempt"}),
    (flask.Blueprint, flaskcompat.Blueprint, {"urls", "csrf_exempt"}),
    (flask.Request, flaskcompat.Request, {"django_request"}),
    (flask.Response, flaskcompat.Response, {"from_django"}),
    (flask.testing.FlaskClient, flaskcompat.testing.FlaskClient, set()),
]


def public_names(obj):
    return {name for name in dir(obj) if not name.startswith("_")}


def call_signature(obj):
    """``[(name, kind, default)]`` of a callable, annotations left out (they are strings under
    ``from __future__ import annotations``); None when it has no signature."""
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


def test_the_module_namespace_is_flasks():
    theirs = {name for name in public_names(flask) if not isinstance(getattr(flask, name), types.ModuleType)}
    theirs -= {"annotations", "t"}  # `from __future__ import annotations` and `import typing as t`
    ours = set(flaskcompat.__all__) - SUBMODULES
    assert ours - theirs == MODULE_EXTRAS
    assert theirs - ours == set(), "Flask names flaskcompat does not export"
    for name in sorted(theirs - EXTENDED):
        assert getattr(flaskcompat, name) is getattr(flask, name), name
    for name in EXTENDED:
        assert issubclass(getattr(flaskcompat, name), getattr(flask, name)), name
    for name in SUBMODULES:
        assert getattr(flaskcompat, name) is importlib.import_module(f"flask.{name}"), name


@pytest.mark.parametrize("theirs, ours, extras", CLASSES, ids=lambda v: getattr(v, "__name__", None))
def test_class_has_flasks_names_and_signatures(theirs, ours, extras):
    assert issubclass(ours, theirs)
    assert public_names(ours) - public_names(theirs) == extras
    names = public_names(theirs) | {"__init__", "__call__"}
    differ = []
    for name in sorted(names):
        if not hasattr(theirs, name):
            continue
        mine, flasks = inspect.getattr_static(ours, name), inspect.getattr_static(theirs, name)
        if mine is flasks:
            continue  # inherited as it is
        if callable(getattr(theirs, name)) and not isinstance(getattr(theirs, name), type):
            if call_signature(getattr(ours, name)) != call_signature(getattr(theirs, name)):
                differ.append(
                    f"{name}{inspect.signature(getattr(ours, name))} != {inspect.signature(getattr(theirs, name))}"
                )
        elif isinstance(flasks, property) != isinstance(mine, property):
            differ.append(f"{name}: property on one side only")
    assert not differ, "\n".join(differ)


def test_an_apps_attributes_are_of_flasks_types():
    theirs, ours = flask.Flask("surface"), flaskcompat.Flask("surface")
    assert public_names(ours) - public_names(theirs) == {"urls", "csrf_exempt"}
    for name in sorted(public_names(theirs)):
        flasks = inspect.getattr_static(theirs, name)
        if isinstance(flasks, (types.FunctionType, property)) or callable(getattr(theirs, name)):
            continue
        mine = getattr(ours, name)
        if name == "test_client_class":  # Flask's None means flask.testing.FlaskClient
            assert getattr(theirs, name) is None and issubclass(mine, flask.testing.FlaskClient)
            continue
        assert isinstance(mine, type(getattr(theirs, name))), (name, type(mine), type(getattr(theirs, name)))


@pytest.mark.parametrize("flask_module", [flask, flaskcompat], ids=["flask", "flaskcompat"])
def test_app_aborter_is_made_once(flask_module):
    app = flask_module.Flask("aborter")
    assert app.aborter is app.aborter
    assert isinstance(app.aborter, app.aborter_class)

    @app.route("/gone")
    def gone():
        assert flask.current_app.aborter is app.aborter
        flask_module.abort(410)

    assert app.test_client().get("/gone").status_code == 410


class CustomAborter(werkzeug.exceptions.Aborter):
    pass


class CustomJSONProvider(flask.json.provider.DefaultJSONProvider):
    def dumps(self, obj, **kwargs):
        return stdlib_json.dumps({"custom": obj})


class CustomRequest(flask.Request):
    pass


class CustomResponse(flask.Response):
    pass


class CustomMap(werkzeug.routing.Map):
    pass


class CustomRule(werkzeug.routing.Rule):
    pass


class CustomConfig(flask.Config):
    pass


class CustomGlobals(flask.ctx._AppCtxGlobals):
    pass


class CustomClient(flask.testing.FlaskClient):
    pass


class CustomRunner(flask.testing.FlaskCliRunner):
    pass


class CustomEnvironment(flask.templating.Environment):
    pass


class CustomSessions(SecureCookieSessionInterface):
    pass


#: (class attribute, value, what the app built with it)
HONOURED = [
    ("aborter_class", CustomAborter, lambda app: type(app.aborter)),
    ("json_provider_class", CustomJSONProvider, lambda app: type(app.json)),
    ("url_map_class", CustomMap, lambda app: type(app.url_map)),
    ("url_rule_class", CustomRule, lambda app: type(next(app.url_map.iter_rules()))),
    ("config_class", CustomConfig, lambda app: type(app.config)),
    ("test_client_class", CustomClient, lambda app: type(app.test_client())),
    ("test_cli_runner_class", CustomRunner, lambda app: type(app.test_cli_runner())),
    ("jinja_environment", CustomEnvironment, lambda app: type(app.jinja_env)),
    ("request_class", CustomRequest, lambda app: _in_view(app, lambda: type(flask.request._get_current_object()))),
    ("response_class", CustomResponse, lambda app: _in_view(app, lambda: type(app.make_response("x")))),
    ("app_ctx_globals_class", CustomGlobals, lambda app: _in_view(app, lambda: type(flask.g._get_current_object()))),
]


def _in_view(app, observe):
    seen = []
    app.add_url_rule("/observe", "observe", lambda: seen.append(observe()) or "ok")
    with app.test_client() as client:
        assert client.get("/observe").data == b"ok"
    return seen[0]


@pytest.mark.parametrize("attribute, value, built", HONOURED, ids=[h[0] for h in HONOURED])
@pytest.mark.parametrize("flask_module", [flask, flaskcompat], ids=["flask", "flaskcompat"])
def test_the_class_attributes_an_app_builds_with_are_honoured(flask_module, attribute, value, built):
    app_class = type("App", (flask_module.Flask,), {attribute: value})
    app = app_class("honoured", static_folder=None)
    app.add_url_rule("/x", "x", lambda: "x")  # a rule for url_rule_class
    assert issubclass(built(app), value), f"{flask_module.__name__}.Flask ignores {attribute}"


@pytest.mark.parametrize("flask_module", [flask, flaskcompat], ids=["flask", "flaskcompat"])
def test_json_provider_class_is_what_jsonify_uses(flask_module):
    app = type("App", (flask_module.Flask,), {"json_provider_class": CustomJSONProvider})("json")
    app.add_url_rule("/j", "j", lambda: flask.jsonify(1))
    assert app.test_client().get("/j").get_json() == {"custom": 1}


@pytest.mark.parametrize("flask_module", [flask, flaskcompat], ids=["flask", "flaskcompat"])
def test_a_custom_session_interface_is_kept(flask_module):
    custom = CustomSessions()
    app = type("App", (flask_module.Flask,), {"session_interface": custom})("sessions")
    assert app.session_interface is custom
    plain = flask.Flask("bridged")
    plain.session_interface = custom
    assert flaskcompat.bridge(plain).session_interface is custom
