"""``app.config`` on the app object behaves as Flask's, and the config keys Flask reads act alike.

``tests/test_config.py`` covers the Config class itself; this module covers its integration:
defaults, the attributes mirroring keys, paths, the behaviour keys drive, and (in embedded mode,
in a subprocess) the keys that become Django settings.
"""

from datetime import timedelta

import flask
import pytest

import flaskcompat
from tests.differential import Differential
from tests.subprocesses import run_python


@pytest.mark.parametrize("flask_debug", [None, "1", "0"])
def test_new_app_config_equals_flask(monkeypatch, flask_debug):
    if flask_debug is None:
        monkeypatch.delenv("FLASK_DEBUG", raising=False)
    else:
        monkeypatch.setenv("FLASK_DEBUG", flask_debug)
    ours, theirs = flaskcompat.Flask(__name__), flask.Flask(__name__)
    assert dict(ours.config) == dict(theirs.config)
    assert ours.debug is theirs.debug
    assert isinstance(ours.config, flaskcompat.Config)


def _attributes(flask):
    app = flask.Flask(__name__)
    out = [(app.debug, app.testing, app.secret_key, app.permanent_session_lifetime)]
    app.debug, app.testing, app.secret_key = True, True, b"key"
    app.permanent_session_lifetime = 60
    out.append(
        (
            app.config["DEBUG"],
            app.config["TESTING"],
            app.config["SECRET_KEY"],
            app.config["PERMANENT_SESSION_LIFETIME"],
            app.permanent_session_lifetime,
        )
    )
    app.config.update(DEBUG=False, TESTING=False, SECRET_KEY="s", PERMANENT_SESSION_LIFETIME=timedelta(hours=1))
    out.append((app.debug, app.testing, app.secret_key, app.permanent_session_lifetime))
    return out


def test_attributes_mirror_config_keys():
    assert _attributes(flaskcompat) == _attributes(flask)


def test_config_paths_follow_root_and_instance_path(tmp_path):
    (tmp_path / "settings.cfg").write_text("ROOT_FILE = True\n")
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "settings.cfg").write_text("INSTANCE_FILE = True\n")
    for module in (flaskcompat, flask):
        app = module.Flask(__name__, root_path=str(tmp_path))
        assert app.config.root_path == str(tmp_path)
        assert app.config.from_pyfile("settings.cfg") and app.config["ROOT_FILE"]
        inst = module.Flask(__name__, instance_path=str(tmp_path / "instance"), instance_relative_config=True)
        assert inst.config.root_path == inst.instance_path == str(tmp_path / "instance")
        assert inst.config.from_pyfile("settings.cfg") and inst.config["INSTANCE_FILE"]


def test_default_instance_path_matches_flask(tmp_path, monkeypatch):
    """Beside the top-level package for a checkout, under <prefix>/var for an installed package."""
    (tmp_path / "ns_portion" / "nspkg" / "app").mkdir(parents=True)
    (tmp_path / "ns_portion" / "nspkg" / "app" / "__init__.py").write_text("")
    (tmp_path / "plain_module.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path / "ns_portion"))
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ["__main__", __name__, "tests", "plain_module", "nspkg.app", "json", "click", "no_such_pkg"]:
        assert flaskcompat.Flask(name).instance_path == flask.Flask(name).instance_path, name


def test_loaders_on_the_app_config_match_flask(tmp_path, monkeypatch):
    (tmp_path / "app.json").write_text('{"FROM_JSON": 1, "lower": 2}')
    monkeypatch.setenv("MYAPP_SETTINGS", str(tmp_path / "app.json"))
    monkeypatch.setenv("FLASK_SECRET_KEY", '"from-env"')
    monkeypatch.setenv("FLASK_DB__HOST", "db")

    class Obj:
        FROM_OBJECT = "o"
        IMAGE_STORE_TYPE = "fs"
        IMAGE_STORE_PATH = "/var"

    def load(module):
        import json

        app = module.Flask(__name__, root_path=str(tmp_path))
        app.config.from_object(Obj)
        app.config.from_file("app.json", load=json.load)
        app.config.from_mapping({"MAPPED": True}, EXTRA=1)
        app.config.from_prefixed_env()
        return dict(app.config), app.config.get_namespace("IMAGE_STORE_"), app.secret_key

    assert load(flaskcompat) == load(flask)


def make_configured(flask):
    app = flask.Flask(__name__)
    app.config.update(PROVIDE_AUTOMATIC_OPTIONS=False, MAX_CONTENT_LENGTH=10, TRAP_HTTP_EXCEPTIONS=True)

    @app.route("/", methods=["GET", "POST"])
    def index():
        return f"{len(flask.request.get_data())}"

    @app.route("/abort")
    def abort():
        flask.abort(404)

    @app.errorhandler(500)
    def server_error(e):
        return f"500 handler: {type(e).__name__} {type(getattr(e, 'original_exception', None)).__name__}", 500

    return app


@pytest.mark.parametrize(
    "method,path,kwargs",
    [
        ("OPTIONS", "/", {}),  # PROVIDE_AUTOMATIC_OPTIONS
        ("POST", "/", {"data": b"short"}),
        ("POST", "/", {"data": b"far too long a body"}),  # MAX_CONTENT_LENGTH
        ("GET", "/abort", {}),  # TRAP_HTTP_EXCEPTIONS: the 404 becomes a 500
    ],
)
def test_config_keys_drive_behaviour_like_flask(method, path, kwargs):
    Differential(make_configured).same(method, path, **kwargs)


def make_trapping(flask):
    app = flask.Flask(__name__)
    app.config["TRAP_BAD_REQUEST_ERRORS"] = False
    app.debug = True

    @app.route("/form", methods=["POST"])
    def form():
        return flask.request.form["missing"]

    return app


def test_trap_bad_request_errors_false_in_debug():
    Differential(make_trapping).same("POST", "/form", data={"other": "1"})


@pytest.mark.parametrize("key,value", [("TESTING", True), ("PROPAGATE_EXCEPTIONS", True), ("DEBUG", True)])
def test_propagate_exceptions(key, value):
    for module in (flaskcompat, flask):
        app = module.Flask(__name__)
        app.config[key] = value

        @app.route("/")
        def boom():
            raise ZeroDivisionError

        with pytest.raises(ZeroDivisionError):
            app.test_client().get("/")
        app.config["PROPAGATE_EXCEPTIONS"] = False
        assert app.test_client().get("/").status_code == 500


def _urls_outside_request(module):
    app = module.Flask(__name__)

    @app.route("/page")
    def page():
        return ""

    out = []
    app.config.update(SERVER_NAME="example.com:8080", PREFERRED_URL_SCHEME="https", APPLICATION_ROOT="/root")
    with app.app_context():
        out.append(module.url_for("page"))
        out.append(module.url_for("page", _external=False))
    app.config.update(SERVER_NAME=None)
    with app.app_context():
        with pytest.raises(RuntimeError) as info:
            module.url_for("page")
        out.append(str(info.value))
    return out


def test_server_name_scheme_and_application_root_outside_a_request():
    assert _urls_outside_request(flaskcompat) == _urls_outside_request(flask)


@pytest.mark.slow
def test_embedded_mode_maps_keys_to_django_settings():
    out = run_python("""
        from flaskcompat import Flask, session
        from django.conf import settings

        app = Flask("embedded")
        app.secret_key = "set-after-creation"
        app.config.update(SECRET_KEY_FALLBACKS=["old-key"], SESSION_COOKIE_NAME="sid")

        @app.route("/")
        def index():
            session["x"] = 1
            return str(settings.SECRET_KEY)  # a lazy setting, resolved at use time

        r = app.test_client().get("/")
        print(r.data.decode(), list(settings.SECRET_KEY_FALLBACKS), settings.DEBUG,
              [c.split("=")[0] for c in r.headers.getlist("Set-Cookie")])
    """)
    assert out.split() == ["set-after-creation", "['old-key']", "False", "['sid']"]
