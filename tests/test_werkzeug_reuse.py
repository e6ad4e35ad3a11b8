"""Werkzeug's and Flask's machinery, reused as is, behaves under flaskcompat as under Flask.

Differential tests (real Flask vs flaskcompat, see tests/differential.py) for what an app
builds on Werkzeug and Flask directly: ``HTTPException`` handlers, custom session interfaces
and session serializer tags, ``EnvironBuilder`` request contexts, subdomain and host
matching, ``TRUSTED_HOSTS``, cookie parsing and ``set_cookie`` validation, and the ``flask``
command line on a flaskcompat app module.
"""

from __future__ import annotations

import io
import json
import textwrap

import flask as real_flask
import pytest
import werkzeug.test
from flask.json.tag import JSONTag, TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface, SessionInterface, SessionMixin
from flask.testing import EnvironBuilder as FlaskEnvironBuilder
from itsdangerous import URLSafeSerializer
from werkzeug.datastructures import CallbackDict
from werkzeug.exceptions import Forbidden, HTTPException

import flaskcompat
from tests.differential import Differential, assert_same
from tests.subprocesses import run

# -- HTTPException handlers ------------------------------------------------------------------


def make_generic_handler_app(flask):
    app = flask.Flask("errors")

    @app.errorhandler(HTTPException)
    def any_http_error(e):
        headers = {k: v for k, v in e.get_headers() if k != "Content-Type"}
        return f"{type(e).__name__} {e.code} {e.name}: {e.description}", e.code, headers

    @app.route("/forbidden")
    def forbidden():
        flask.abort(403)

    @app.route("/teapot")
    def teapot():
        flask.abort(418, "short and stout")

    @app.route("/only-post", methods=["POST"])
    def only_post():
        return "posted"

    return app


@pytest.fixture(scope="module")
def generic():
    return Differential(make_generic_handler_app)


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/forbidden"),
        ("GET", "/teapot"),
        ("GET", "/no/such/url"),
        ("GET", "/only-post"),
        ("DELETE", "/only-post"),
        ("POST", "/forbidden"),
        ("POST", "/only-post"),
    ],
)
def test_generic_http_exception_handler(generic, method, path):
    generic.same(method, path)


def test_generic_handler_sees_werkzeug_exceptions(generic):
    r = generic.same("GET", "/only-post")
    assert r.status_code == 405 and r.data.startswith(b"MethodNotAllowed 405")
    assert set(r.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    assert generic.same("GET", "/nope").data.startswith(b"NotFound 404 Not Found")
    assert generic.same("GET", "/forbidden").data.startswith(b"Forbidden 403 Forbidden")


def make_forbidden_handler_app(flask):
    app = flask.Flask("forbidden")

    @app.errorhandler(Forbidden)
    def forbidden_handler(e):
        return f"no entry ({type(e).__name__}: {e.description})", 403

    @app.route("/abort")
    def by_abort():
        flask.abort(403)

    @app.route("/raise")
    def by_raise():
        raise Forbidden("custom words")

    @app.route("/other")
    def other():
        flask.abort(401)

    return app


@pytest.mark.parametrize("path", ["/abort", "/raise", "/other", "/missing"])
def test_forbidden_class_handler(path):
    d = Differential(make_forbidden_handler_app)
    r = d.same("GET", path)
    if path in ("/abort", "/raise"):
        assert r.data.startswith(b"no entry (Forbidden: ")


# -- custom session interfaces -----------------------------------------------------------------


class DeterministicCookieInterface(SecureCookieSessionInterface):
    """Another cookie name, another salt, and a signer without timestamps (same bytes every time)."""

    salt = "custom-salt"

    def get_cookie_name(self, app):
        return "custom_session"

    def get_signing_serializer(self, app):
        if not app.secret_key:
            return None
        return URLSafeSerializer(
            app.secret_key,
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={"key_derivation": self.key_derivation, "digest_method": self.digest_method},
        )


class ServerSideSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, sid=None):
        def on_update(self):
            self.modified = True

        super().__init__(initial, on_update)
        self.sid = sid
        self.modified = False


class MemorySessionInterface(SessionInterface):
    """A plain ``SessionInterface``: data in a dict, only an id in the cookie."""

    def __init__(self):
        self.store = {}

    def open_session(self, app, request):
        sid = request.cookies.get("sid")
        if sid in self.store:
            return ServerSideSession(self.store[sid], sid)
        return ServerSideSession(sid=f"s{len(self.store) + 1}")

    def save_session(self, app, session, response):
        if not session.modified:
            return
        self.store[session.sid] = dict(session)
        response.set_cookie("sid", session.sid, httponly=True, path=self.get_cookie_path(app))


def make_session_app(interface_class):
    def make_app(flask):
        app = flask.Flask("custom_session")
        app.secret_key = "custom-interface-secret"
        app.session_interface = interface_class()

        @app.route("/set/<value>")
        def set_value(value):
            flask.session["value"] = value
            flask.session["pair"] = (value, 2)
            return "set"

        @app.route("/get")
        def get_value():
            return (
                f"{flask.session.get('value')!r} {flask.session.get('pair')!r} "
                f"{type(flask.session).__name__} {type(flask.current_app.session_interface).__name__}"
            )

        @app.route("/clear")
        def clear():
            flask.session.clear()
            return "cleared"

        return app

    return make_app


@pytest.mark.parametrize("interface_class", [DeterministicCookieInterface, MemorySessionInterface])
def test_custom_session_interface_is_honoured(interface_class):
    d = Differential(make_session_app(interface_class))
    assert d.compat_app.session_interface.__class__ is interface_class  # not swapped for Django's
    d.same("GET", "/get")
    ours, theirs = d.both("GET", "/set/abc")
    assert_same(ours, theirs)
    assert ours.headers.getlist("Set-Cookie") == theirs.headers.getlist("Set-Cookie")  # Werkzeug's bytes
    r = d.same("GET", "/get")
    assert r.data.startswith(b"'abc' ('abc', 2) ")
    d.same("GET", "/set/xyz")
    d.same("GET", "/get")
    d.same("GET", "/clear")
    d.same("GET", "/get")


def test_custom_cookie_interface_writes_flasks_cookie_bytes():
    d = Differential(make_session_app(DeterministicCookieInterface))
    ours, theirs = d.both("GET", "/set/abc")
    assert ours.headers.getlist("Set-Cookie") == theirs.headers.getlist("Set-Cookie")
    assert ours.headers["Set-Cookie"].startswith("custom_session=")
    assert "sessionid" not in ours.headers["Set-Cookie"]  # Django's session stays out of it
    # The cookie Flask wrote opens the flaskcompat app's session, and the other way round.
    cookie = theirs.headers["Set-Cookie"].split(";")[0]
    ours, theirs = d.both("GET", "/get", headers={"Cookie": cookie})
    assert_same(ours, theirs)
    assert ours.data.startswith(b"'abc'")


# -- flask.json.tag: a custom JSONTag round-trips through the session -------------------------


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


class TagPoint(JSONTag):
    __slots__ = ()
    key = " pt"

    def check(self, value):
        return isinstance(value, Point)

    def to_json(self, value):
        return [value.x, value.y]

    def to_python(self, value):
        return Point(*value)


class PointSessionInterface(DeterministicCookieInterface):
    serializer = TaggedJSONSerializer()


PointSessionInterface.serializer.register(TagPoint, index=0)


def make_point_app(flask, interface_class=PointSessionInterface):
    app = flask.Flask("points")
    app.secret_key = "points-secret"
    if interface_class is not None:
        app.session_interface = interface_class()

    @app.route("/store")
    def store():
        flask.session["where"] = Point(1, 2)
        flask.session["many"] = {"a": [Point(3, 4)], "t": (Point(5, 6),)}
        return "stored"

    @app.route("/load")
    def load():
        return f"{flask.session.get('where')!r} {flask.session.get('many')!r}"

    return app


def test_custom_json_tag_round_trips_in_a_custom_session_interface():
    d = Differential(make_point_app)
    ours = d.same("GET", "/store")  # same cookie bytes: the tag wrote the same JSON
    assert ours.headers["Set-Cookie"].startswith("custom_session=")
    r = d.same("GET", "/load")
    assert r.data == b"Point(1, 2) {'a': [Point(3, 4)], 't': (Point(5, 6),)}"


@pytest.fixture
def point_tag_on_flasks_session_serializer():
    """Flask's documented way: ``app.session_interface.serializer.register(...)`` (a shared
    serializer); taken out again afterwards."""
    serializer = real_flask.sessions.session_json_serializer
    serializer.register(TagPoint, index=0)
    yield
    serializer.tags.pop(TagPoint.key)
    serializer.order[:] = [tag for tag in serializer.order if not isinstance(tag, TagPoint)]


def test_custom_json_tag_on_the_default_session_interface(point_tag_on_flasks_session_serializer):
    """The default interface (Django's session when SessionMiddleware runs) keeps the tagged value."""
    # cookies differ by design here: Django's session cookie against Flask's signed cookie
    d = Differential(lambda flask: make_point_app(flask, interface_class=None), compare_cookies=False)
    assert d.compat_app.session_interface.serializer is d.flask_app.session_interface.serializer
    d.same("GET", "/store")
    r = d.same("GET", "/load")
    assert r.data == b"Point(1, 2) {'a': [Point(3, 4)], 't': (Point(5, 6),)}"


# -- EnvironBuilder and request contexts -------------------------------------------------------


def make_context_app(flask):
    app = flask.Flask("contexts")
    app.secret_key = "contexts"

    @app.route("/items/<int:n>", methods=["GET", "POST"])
    def item(n):
        return str(n)

    return app


def observe(flask):
    request = flask.request
    return {
        "path": request.path,
        "full_path": request.full_path,
        "url": request.url,
        "script_root": request.script_root,
        "method": request.method,
        "args": request.args.to_dict(flat=False),
        "form": request.form.to_dict(flat=False),
        "json": request.get_json(silent=True),
        "files": {k: f.read() for k, f in request.files.items()},
        "headers": sorted((k, v) for k, v in request.headers.items() if k.lower().startswith("x-")),
        "cookies": dict(request.cookies),
        "endpoint": request.endpoint,
        "view_args": request.view_args,
        "url_for": flask.url_for("item", n=9, _external=True),
        "host": request.host,
        "remote_addr": request.remote_addr,
        "session": dict(flask.session),
    }


BUILDERS = {
    "query": dict(path="/items/3", query_string={"a": ["1", "2"]}, headers={"X-Test": "yes"}),
    "form": dict(path="/items/4", method="POST", data={"f": "v", "g": ["1", "2"]}),
    "json": dict(path="/items/5", method="POST", json={"k": [1, 2]}),
    "base_url": dict(path="/items/6", base_url="https://example.test/mount/"),
    "cookie": dict(path="/items/7", headers={"Cookie": "a=1; b=two"}, environ_base={"REMOTE_ADDR": "10.0.0.7"}),
    "unmatched": dict(path="/nothing", query_string="x=1"),
}


@pytest.mark.parametrize("kind", BUILDERS)
@pytest.mark.parametrize("builder", ["werkzeug", "flask"])
def test_environ_builder_request_context(kind, builder):
    results = []
    for fw in (real_flask, flaskcompat):
        app = make_context_app(fw)
        if builder == "werkzeug":
            env = werkzeug.test.EnvironBuilder(**BUILDERS[kind])
        else:
            env = FlaskEnvironBuilder(app, **BUILDERS[kind])
        try:
            with app.request_context(env.get_environ()):
                if kind == "unmatched":
                    results.append((fw.request.endpoint, repr(fw.request.routing_exception), fw.request.args))
                else:
                    results.append(observe(fw))
        finally:
            env.close()
    assert results[1] == results[0]


def test_environ_builder_with_a_file_upload():
    results = []
    for fw in (real_flask, flaskcompat):
        app = make_context_app(fw)
        builder = FlaskEnvironBuilder(
            app, "/items/8", method="POST", data={"up": (io.BytesIO(b"data"), "u.txt"), "x": "1"}
        )
        with app.request_context(builder.get_environ()):
            results.append((observe(fw), type(fw.request.files["up"]).__name__))
        builder.close()
    assert results[1] == results[0]


# -- subdomain and host matching ---------------------------------------------------------------


def make_subdomain_app(flask):
    app = flask.Flask("subdomains", subdomain_matching=True)
    app.config["SERVER_NAME"] = "example.test"

    @app.route("/")
    def index():
        return "main " + flask.url_for("user_home", user="ann", _external=True)

    @app.route("/", subdomain="<user>")
    def user_home(user):
        return f"user {user} " + flask.url_for("api_status", _external=True)

    @app.route("/status", subdomain="api")
    def api_status():
        return f"api {flask.request.host} " + flask.url_for("index", _external=True)

    return app


@pytest.mark.parametrize(
    "base_url, path",
    [
        ("http://example.test/", "/"),
        ("http://ann.example.test/", "/"),
        ("http://api.example.test/", "/status"),
        ("http://api.example.test/", "/"),
        ("http://example.test/", "/status"),
        ("http://a.b.example.test/", "/"),
        ("http://EXAMPLE.test/", "/"),
        ("http://ann.example.test/", "/status"),
    ],
)
def test_subdomain_matching(base_url, path):
    Differential(make_subdomain_app).same("GET", path, base_url=base_url)


@pytest.mark.parametrize("base_url", ["http://other.test/", "http://example.test.evil/"])
def test_host_outside_server_name_warns_as_on_flask(base_url):
    d = Differential(make_subdomain_app)
    answers = []
    for client in (d.compat_client, d.flask_client):
        with pytest.warns(UserWarning, match="doesn't match configured server name 'example.test'"):
            answers.append(client.get("/", base_url=base_url))
    assert_same(*answers)


@pytest.fixture(scope="module")
def static_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("host_static")
    (folder / "site.css").write_text("body { color: red }\n")
    return folder


def host_app_factory(static_dir):
    def make_app(flask):
        app = flask.Flask("hosts", host_matching=True, static_host="cdn.example.test", static_folder=str(static_dir))

        @app.route("/", host="www.example.test")
        def www():
            return (
                "www "
                + flask.url_for("static", filename="site.css")
                + " "
                + flask.url_for("tenant", tenant="acme", page="x")
            )

        @app.route("/<page>", host="<tenant>.tenants.test")
        def tenant(tenant, page):
            return f"tenant {tenant} {page} {flask.url_for('www')}"

        return app

    return make_app


@pytest.mark.parametrize(
    "base_url, path",
    [
        ("http://www.example.test/", "/"),
        ("http://acme.tenants.test/", "/home"),
        ("http://cdn.example.test/", "/static/site.css"),
        ("http://www.example.test/", "/static/site.css"),
        ("http://cdn.example.test/", "/"),
        ("http://elsewhere.test/", "/home"),
        ("http://acme.tenants.test/", "/"),
    ],
)
def test_host_matching(static_dir, base_url, path):
    Differential(host_app_factory(static_dir)).same("GET", path, base_url=base_url)


# -- TRUSTED_HOSTS, relative paths -------------------------------------------------------------


def make_trusted_app(flask):
    app = flask.Flask("trusted")
    app.config["TRUSTED_HOSTS"] = ["good.test", ".sub.test"]

    @app.route("/")
    def index():
        return "host " + flask.request.host

    @app.route("/x")
    def x():
        return f"x {flask.request.path} {flask.request.url}"

    return app


@pytest.mark.parametrize(
    "base_url",
    [
        "http://good.test/",
        "http://a.sub.test/",
        "http://sub.test/",
        "http://evil.test/",
        "http://good.test:8080/",
        "http://good.test.evil/",
    ],
)
def test_trusted_hosts(base_url):
    r = Differential(make_trusted_app).same("GET", "/", base_url=base_url)
    if "evil" in base_url:
        assert r.status_code == 400


@pytest.mark.parametrize("path", ["x", "x?a=1", "x/", "nope", "/x"])
def test_path_without_leading_slash(path):
    Differential(make_trusted_app).same("GET", path, base_url="http://good.test/")


# -- cookies: parsing many, refusing CR/LF -----------------------------------------------------


def make_cookie_app(flask):
    app = flask.Flask("cookies")

    @app.route("/count")
    def count():
        cookies = flask.request.cookies
        return json.dumps(
            {
                "n": len(cookies),
                "first": cookies.get("c0"),
                "last": cookies.get("c499"),
                "dup": cookies.getlist("dup"),
                "quoted": cookies.get("q"),
                "keys": sorted(cookies)[:5],
            }
        )

    @app.route("/set")
    def set_cookie():
        response = flask.make_response("set")
        outcome = []
        for kwargs in SET_COOKIE_CASES:
            try:
                response.set_cookie(**kwargs)
                outcome.append("ok")
            except Exception as exc:  # the outcome IS the exception
                outcome.append(f"{type(exc).__name__}: {exc}")
        response.set_data(json.dumps(outcome))
        return response

    return app


def many_cookies():
    parts = [f"c{i}=value-{i:04d}" for i in range(500)]
    parts += ["dup=1", "dup=2", 'q="a\\"b"', "empty=", "spaced = x ", "noequals"]
    header = "; ".join(parts)
    assert 8 * 1024 <= len(header) <= 10 * 1024
    return header


def test_a_large_cookie_header_is_parsed_as_by_flask():
    # clients without a cookie jar: a jar replaces the Cookie header with its own cookies
    ours, theirs = (
        make_cookie_app(fw).test_client(use_cookies=False).get("/count", headers={"Cookie": many_cookies()})
        for fw in (flaskcompat, real_flask)
    )
    assert_same(ours, theirs)
    data = json.loads(ours.data)
    assert data["first"] == "value-0000" and data["last"] == "value-0499"
    assert data["n"] >= 500 and data["dup"] == ["1", "2"]


SET_COOKIE_CASES = [
    {"key": "a\r\nb", "value": "v"},
    {"key": "a\nb", "value": "v"},
    {"key": "a", "value": "v", "domain": "x.test\r\nSet-Cookie: evil=1"},
    {"key": "b", "value": "v\r\nX-Injected: y"},
    {"key": "c", "value": "v", "path": "/\r\nX-Injected: y"},
    {"key": "d", "value": "v", "domain": "ok.test"},
]


def test_set_cookie_with_cr_lf_raises_as_on_flask():
    for fw in (real_flask, flaskcompat):
        with fw.Flask("crlf").test_request_context():
            for kwargs in SET_COOKIE_CASES[:3]:
                with pytest.raises(ValueError, match="newline"):
                    fw.make_response("x").set_cookie(**kwargs)
    d = Differential(make_cookie_app)
    ours, theirs = d.both("GET", "/set")
    assert_same(ours, theirs)
    assert ours.headers.getlist("Set-Cookie") == theirs.headers.getlist("Set-Cookie")
    assert "X-Injected" not in ours.headers
    assert json.loads(ours.data)[:3] == ["ValueError: Header values must not contain newline characters."] * 3


# -- the flask command line on a flaskcompat app module ----------------------------------------


APP_MODULE = """
from {package} import Flask, Blueprint

app = Flask(__name__)
bp = Blueprint("admin", __name__, url_prefix="/admin")


@app.route("/")
def index():
    return "index"


@app.route("/user/<int:user_id>", methods=["GET", "POST"])
def user(user_id):
    return str(user_id)


@bp.route("/<path:rest>")
def admin(rest):
    return rest


app.register_blueprint(bp)


def create_app():
    return app
"""


@pytest.fixture(scope="module")
def app_modules(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli_apps")
    (folder / "compat_cli_app.py").write_text(textwrap.dedent(APP_MODULE.format(package="flaskcompat")))
    (folder / "plain_cli_app.py").write_text(textwrap.dedent(APP_MODULE.format(package="flask")))
    return folder


def flask_cli(folder, app_arg, *command, via_env=False, **env):
    args = ["python", "-m", "flask", *([] if via_env else ["--app", app_arg]), *command]
    if via_env:
        env["FLASK_APP"] = app_arg
    proc = run(args, cwd=folder, **env)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "via_env, target, options",
    [
        (False, "{}", []),
        (True, "{}", []),
        (False, "{}:app", ["--sort", "rule"]),
        (True, "{}:app", ["--all-methods"]),
        (False, "{}:create_app()", ["--sort", "methods"]),
        (True, "{}:create_app()", []),
    ],
    ids=["--app", "FLASK_APP", "--app-attr", "FLASK_APP-attr", "--app-factory", "FLASK_APP-factory"],
)
def test_flask_routes_command_on_a_flaskcompat_app(app_modules, via_env, target, options):
    ours = flask_cli(app_modules, target.format("compat_cli_app"), "routes", *options, via_env=via_env)
    theirs = flask_cli(app_modules, target.format("plain_cli_app"), "routes", *options, via_env=via_env)
    assert ours[0] == theirs[0] == 0, ours[2]
    assert ours[1] == theirs[1]
    assert "user" in ours[1] and "admin.admin" in ours[1]


@pytest.mark.slow
def test_flask_routes_command_inside_a_django_project(app_modules):
    ours = flask_cli(app_modules, "compat_cli_app", "routes", DJANGO_SETTINGS_MODULE="tests.settings")
    theirs = flask_cli(app_modules, "plain_cli_app", "routes")
    assert ours[0] == 0, ours[2]
    assert ours[1] == theirs[1]
