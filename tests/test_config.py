"""``app.config`` is Flask's ``Config``: same defaults, same loaders, and the keys that shape a
request (body limits, URL building, routing options, error trapping) act as in Flask."""

from __future__ import annotations

import json

import flask as real_flask
import pytest

import flaskcompat
from tests.differential import Differential


def test_defaults_are_flasks():
    assert flaskcompat.Flask.default_config == real_flask.Flask.default_config
    ours, theirs = flaskcompat.Flask("cfg"), real_flask.Flask("cfg")
    assert type(ours.config) is type(theirs.config) is real_flask.Config
    assert dict(ours.config) == dict(theirs.config)  # the Django bridge changes no default
    assert ours.config.root_path == theirs.config.root_path


@pytest.fixture
def config_sources(tmp_path, monkeypatch):
    (tmp_path / "settings.py").write_text("SECRET_KEY = 'from-pyfile'\nFROM_PYFILE = [1, 2]\nlower = 'ignored'\n")
    (tmp_path / "settings.json").write_text(json.dumps({"FROM_JSON": {"a": 1}, "MAX_CONTENT_LENGTH": 2048}))
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "local.py").write_text("FROM_INSTANCE = True\n")
    for key in [k for k in __import__("os").environ if k.startswith("FLASK_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("FLASK_FROM_ENV", "42")
    monkeypatch.setenv("FLASK_NESTED__inner", '"x"')
    monkeypatch.setenv("CFG_TEST_SETTINGS", str(tmp_path / "settings.py"))
    return tmp_path


def load_config(flask, root):
    class Defaults:
        FROM_OBJECT = "object"
        DEBUG = False

    app = flask.Flask("cfg", root_path=str(root), instance_path=str(root / "instance"), instance_relative_config=True)
    app.config.from_object(Defaults)
    app.config.from_mapping({"FROM_MAPPING": 1}, EXTRA="kw")
    app.config.from_envvar("CFG_TEST_SETTINGS")
    app.config.from_pyfile("local.py")  # instance-relative
    app.config.from_file(str(root / "settings.json"), load=json.load)
    app.config.from_prefixed_env()
    return app


def test_loaders_fill_the_app_config_as_in_flask(config_sources):
    ours, theirs = load_config(flaskcompat, config_sources), load_config(real_flask, config_sources)
    assert dict(ours.config) == dict(theirs.config)
    assert ours.config["FROM_ENV"] == 42 and ours.config["NESTED"] == {"inner": "x"}
    assert ours.config["FROM_INSTANCE"] is True and ours.secret_key == "from-pyfile"
    assert ours.config.get_namespace("FROM_") == theirs.config.get_namespace("FROM_")


def make_limits_app(flask):
    app = flask.Flask("limits")
    app.config.update(MAX_CONTENT_LENGTH=4096, MAX_FORM_MEMORY_SIZE=1024, MAX_FORM_PARTS=5)

    @app.route("/form", methods=["POST"])
    def form():
        return f"{len(flask.request.form)} {len(flask.request.files)}"

    @app.route("/data", methods=["POST"])
    def data():
        return str(len(flask.request.get_data()))

    return app


@pytest.mark.parametrize(
    "path, kwargs",
    [
        ("/form", {"data": {"a": "x" * 100}}),
        ("/form", {"data": {"a": "x" * 2000}}),  # over MAX_FORM_MEMORY_SIZE: 413
        ("/form", {"data": {f"k{i}": "v" for i in range(10)}, "content_type": "multipart/form-data"}),  # MAX_FORM_PARTS
        ("/data", {"data": b"y" * 4000}),
        ("/data", {"data": b"y" * 5000}),  # over MAX_CONTENT_LENGTH: 413
        ("/form", {"data": b"a=" + b"z" * 5000, "content_type": "application/x-www-form-urlencoded"}),
    ],
)
def test_body_limits_as_flask(path, kwargs):
    Differential(make_limits_app).same("POST", path, **kwargs)


def make_url_config_app(flask):
    app = flask.Flask("urlcfg")
    app.config.update(SERVER_NAME="example.test:8080", APPLICATION_ROOT="/root", PREFERRED_URL_SCHEME="https")

    @app.route("/page/<int:n>")
    def page(n):
        return f"{flask.url_for('page', n=n + 1)} {flask.url_for('page', n=n, _external=True)}"

    return app


def test_url_building_config_as_flask():
    built = []
    for flask in (real_flask, flaskcompat):
        app = make_url_config_app(flask)
        with app.app_context():
            built.append((flask.url_for("page", n=1), flask.url_for("page", n=2, _scheme="http", _external=True)))
    assert built[0] == built[1] == ("https://example.test:8080/root/page/1", "http://example.test:8080/root/page/2")
    d = Differential(make_url_config_app)
    d.same("GET", "/page/3", base_url="http://example.test:8080/")
    d.same("GET", "/page/3", base_url="https://example.test:8080/root/")


def make_trap_app(flask):
    app = flask.Flask("trap")
    app.config.update(TRAP_HTTP_EXCEPTIONS=True, PROVIDE_AUTOMATIC_OPTIONS=False)

    @app.errorhandler(Exception)
    def everything(e):
        return f"trapped {type(e).__name__}", 599

    @app.route("/forbidden", methods=["GET", "POST"])
    def forbidden():
        flask.abort(403)

    return app


@pytest.mark.parametrize("method, path", [("GET", "/forbidden"), ("OPTIONS", "/forbidden"), ("GET", "/none")])
def test_trap_http_exceptions_and_automatic_options_as_flask(method, path):
    r = Differential(make_trap_app).same(method, path)
    assert r.data.startswith(b"trapped ")
