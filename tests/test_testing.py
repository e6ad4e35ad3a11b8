"""The test client and its responses, compared with Flask's test client on the same apps."""

from __future__ import annotations

import io
import textwrap
from datetime import UTC, datetime

import flask as real_flask
import pytest
from flask.globals import _cv_app, _cv_request

import flaskcompat

from . import subprocesses
from .differential import Differential

BOTH = pytest.mark.parametrize("flask", [real_flask, flaskcompat], ids=["flask", "flaskcompat"])


def echo_app(flask):
    app = flask.Flask("echo")
    app.secret_key = "test-client"

    @app.route("/echo", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    @app.route("/echo/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def echo(rest=None):
        r = flask.request
        return {
            "method": r.method,
            "path": r.path,
            "full_path": r.full_path,
            "script_root": r.script_root,
            "host": r.host,
            "scheme": r.scheme,
            "remote_addr": r.remote_addr,
            "args": r.args.to_dict(flat=False),
            "form": r.form.to_dict(flat=False),
            "files": {k: [f.filename, f.read().decode()] for k, f in r.files.items()},
            "json": r.get_json(silent=True),
            "mimetype": r.mimetype,
            "headers": {k: v for k, v in r.headers.items() if k.startswith("X-")},
            "cookies": r.cookies.to_dict(),
            "data": r.get_data(as_text=True) if r.mimetype not in ("multipart/form-data",) else None,
        }

    return app


ECHO_CASES = {
    "get query dict": ("GET", "/echo", {"query_string": {"a": ["1", "2"], "b": "c d"}}),
    "get query str": ("GET", "/echo", {"query_string": "x=1&x=2"}),
    "query in path": ("GET", "/echo/more?z=%20", {}),
    "post form": ("POST", "/echo", {"data": {"name": "ann", "n": 3}}),
    "post files": ("POST", "/echo", {"data": {"f": (io.BytesIO(b"contents"), "a.txt"), "g": "x"}}),
    "put json": ("PUT", "/echo", {"json": {"k": [1, "two", None]}}),
    "patch text": ("PATCH", "/echo", {"data": "raw body", "content_type": "text/plain"}),
    "delete headers": ("DELETE", "/echo", {"headers": {"X-A": "1", "X-B": "two"}}),
    "environ_base": ("GET", "/echo", {"environ_base": {"REMOTE_ADDR": "10.1.2.3"}}),
    "base_url": ("GET", "/echo", {"base_url": "https://example.com/"}),
    "netloc path": ("GET", "//other.test/echo", {}),
    "full url": ("GET", "https://secure.test/echo?q=1", {}),
}


@pytest.mark.parametrize("case", ECHO_CASES)
def test_requests_reach_the_app_as_flasks_client_sends_them(case):
    method, path, kwargs = ECHO_CASES[case]
    Differential(echo_app).same(method, path, **kwargs)


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_method_helpers(method):
    ours, theirs = Differential(echo_app).both(method, "/echo")
    helper = getattr(echo_app(flaskcompat).test_client(), method.lower())
    assert ours.status_code == theirs.status_code == helper("/echo").status_code


def test_exceptions_propagate_in_testing_mode():
    def make_app(flask):
        app = flask.Flask("boom")
        app.testing = True

        @app.route("/")
        def index():
            raise LookupError("boom")

        return app

    for flask in (real_flask, flaskcompat):
        with pytest.raises(LookupError, match="boom"):
            make_app(flask).test_client().get("/")


@BOTH
def test_custom_test_client_class(flask):
    """A FlaskClient subclass that adds a header to every request, as Flask test suites write them."""
    from importlib import import_module

    base = import_module(f"{flask.__name__}.testing").FlaskClient

    class TokenClient(base):
        def __init__(self, *args, token, **kwargs):
            super().__init__(*args, **kwargs)
            self.token = token

        def open(self, *args, **kwargs):
            kwargs.setdefault("headers", {})["X-Token"] = self.token
            return super().open(*args, **kwargs)

    app = echo_app(flask)
    app.test_client_class = TokenClient
    assert app.test_client(token="t0k").get("/echo").json["headers"] == {"X-Token": "t0k"}


@BOTH
def test_open_with_an_environ(flask):
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder("/echo/x", query_string="a=1").get_environ()
    answer = echo_app(flask).test_client().open(environ).json
    assert (answer["path"], answer["args"], answer["remote_addr"]) == ("/echo/x", {"a": ["1"]}, "127.0.0.1")


# -- redirects ------------------------------------------------------------------------------


def redirect_app(flask):
    app = flask.Flask("redirects")

    @app.route("/r/<int:code>", methods=["GET", "POST", "HEAD"])
    def hop(code):
        return flask.redirect(flask.url_for("target", via=code), code)

    @app.route("/chain")
    def chain():
        return flask.redirect("/r/301")

    @app.route("/absolute")
    def absolute():
        return flask.redirect("http://localhost/target")

    @app.route("/target", methods=["GET", "POST", "HEAD"])
    def target():
        r = flask.request
        return f"{r.method} {r.full_path} {r.get_data(as_text=True)!r}"

    @app.route("/loop")
    def loop():
        return flask.redirect("/loop")

    @app.route("/away")
    def away():
        return flask.redirect("http://elsewhere.test/")

    @app.route("/sub")
    def sub():
        return flask.redirect("http://api.localhost/target")

    return app


def _trail(response):
    return [(r.status_code, r.location, r.request.method, r.request.path) for r in response.history]


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("method", ["GET", "POST", "HEAD"])
def test_follow_redirects_with_history(code, method):
    d = Differential(redirect_app)
    ours, theirs = d.both(
        method,
        f"/r/{code}",
        data="body" if method == "POST" else None,
        content_type="text/plain",
        follow_redirects=True,
    )
    assert (ours.status_code, ours.data, _trail(ours)) == (theirs.status_code, theirs.data, _trail(theirs))
    assert ours.request.path == "/target" and len(ours.history) == 1


@pytest.mark.parametrize("path", ["/chain", "/absolute"])
def test_follow_redirect_chains(path):
    ours, theirs = Differential(redirect_app).both("GET", path, follow_redirects=True)
    assert (ours.data, _trail(ours)) == (theirs.data, _trail(theirs))


def test_redirects_are_not_followed_by_default():
    Differential(redirect_app).same("GET", "/r/302")


@pytest.mark.parametrize("path", ["/loop", "/away", "/sub"])
def test_redirect_errors(path):
    errors = []
    for flask in (real_flask, flaskcompat):
        with pytest.raises(Exception) as info:
            redirect_app(flask).test_client().get(path, follow_redirects=True)
        errors.append((type(info.value).__name__, str(info.value)))
    assert errors[0] == errors[1]


def test_subdomain_redirects_when_allowed():
    answers = [
        redirect_app(flask).test_client(allow_subdomain_redirects=True).get("/sub", follow_redirects=True).request.host
        for flask in (real_flask, flaskcompat)
    ]
    assert answers == ["api.localhost", "api.localhost"]


# -- cookies --------------------------------------------------------------------------------


def cookie_app(flask):
    app = flask.Flask("cookies")

    @app.route("/set")
    def set_():
        response = flask.make_response("set")
        response.set_cookie("plain", "v1")
        response.set_cookie("scoped", "v2", path="/deep", max_age=60, httponly=True, samesite="Lax")
        response.set_cookie("wide", "v3", domain="localhost", secure=True)
        return response

    @app.route("/delete")
    def delete():
        response = flask.make_response("deleted")
        response.delete_cookie("plain")
        return response

    @app.route("/read")
    @app.route("/deep/read")
    def read():
        return flask.request.cookies.to_dict()

    return app


def _cookie(client, *args, **kwargs):
    c = client.get_cookie(*args, **kwargs)
    return c and (
        c.key,
        c.value,
        c.decoded_value,
        c.domain,
        c.path,
        c.origin_only,
        c.max_age,
        c.secure,
        c.http_only,
        c.same_site,
        c.expires is None,
    )


def test_cookies_round_trip_like_werkzeugs_jar():
    observed = []
    for flask in (real_flask, flaskcompat):
        client = cookie_app(flask).test_client()
        client.get("/set")
        seen = [
            _cookie(client, "plain"),
            _cookie(client, "scoped", path="/deep"),
            _cookie(client, "scoped"),
            _cookie(client, "wide"),
            client.get("/read").json,
            client.get("/deep/read").json,
        ]
        client.get("/delete")
        seen.append(client.get("/read").json)
        client.set_cookie("manual", "m", path="/deep")
        client.set_cookie("other", "o", domain="other.test")
        seen += [client.get("/deep/read").json, client.get("/read").json, _cookie(client, "manual", path="/deep")]
        client.delete_cookie("manual", path="/deep")
        client.set_cookie("wide", "gone", max_age=0)
        seen.append(client.get("/deep/read").json)
        observed.append(seen)
    assert observed[1] == observed[0]


@BOTH
def test_cookies_can_be_disabled(flask):
    client = cookie_app(flask).test_client(use_cookies=False)
    client.get("/set")
    assert client.get("/read").json == {}
    for call in (
        lambda: client.get_cookie("plain"),
        lambda: client.set_cookie("a", "b"),
        lambda: client.delete_cookie("a"),
        lambda: client.session_transaction().__enter__(),
    ):
        with pytest.raises(TypeError, match="Cookies are disabled"):
            call()


# -- contexts and the session ---------------------------------------------------------------


def session_app(flask):
    app = flask.Flask("sessions")
    app.secret_key = "test-client"
    app.torn_down = []

    @app.teardown_request
    def teardown(exc):
        app.torn_down.append(flask.request.path)

    @app.route("/login/<name>")
    def login(name):
        flask.g.user = name
        flask.session["user"] = name
        return "in"

    @app.route("/whoami")
    def whoami():
        return flask.session.get("user", "nobody")

    return app


@BOTH
def test_with_client_keeps_the_last_request_context(flask):
    app = session_app(flask)
    client = app.test_client()
    with client:
        client.get("/login/ann?x=1")
        assert (flask.request.path, flask.request.args["x"], flask.g.user, flask.session["user"]) == (
            "/login/ann",
            "1",
            "ann",
            "ann",
        )
        client.get("/whoami")
        assert flask.request.path == "/whoami" and "user" not in flask.g
        with pytest.raises(RuntimeError, match="Cannot nest client invocations"):
            with client:
                pass
    assert not flask.has_request_context() and not flask.has_app_context()
    assert app.torn_down == ["/login/ann", "/login/ann", "/whoami", "/whoami"]
    client.get("/whoami")
    assert not flask.has_request_context()


@BOTH
def test_with_client_keeps_the_context_of_the_last_redirect_hop(flask):
    app = redirect_app(flask)
    with app.test_client() as client:
        client.get("/r/302", follow_redirects=True)
        assert flask.request.path == "/target"
    assert _cv_request.get(None) is None and _cv_app.get(None) is None


@BOTH
def test_session_transaction(flask):
    client = session_app(flask).test_client()
    with client.session_transaction() as session:
        assert dict(session) == {}
        session["user"] = "bob"
    assert client.get("/whoami").text == "bob"
    client.get("/login/carl")
    with client.session_transaction() as session:
        assert session["user"] == "carl"
    with pytest.raises(ValueError):
        with client.session_transaction() as session:
            session["user"] = "lost"
            raise ValueError
    assert client.get("/whoami").text == "carl"


def test_session_login_logout_quickstart_example():
    """The quickstart's session example, through the project's session middleware (compare everything but
    the cookie's attributes, which follow the project's settings here: see test_embedded.py)."""

    def make_app(flask):
        app = flask.Flask("seed_sessions")

        @app.route("/")
        def index():
            if "username" in flask.session:
                return f"Logged in as {flaskcompat.escape(flask.session['username'])}"
            return "You are not logged in"

        @app.route("/login", methods=["GET", "POST"])
        def login():
            if flask.request.method == "POST":
                flask.session["username"] = flask.request.form["username"]
                return flask.redirect(flask.url_for("index"))
            return """
        <form action="" method="post">
            <p><input type=text name=username>
            <p><input type=submit value=Login>
        </form>
    """

        @app.route("/logout")
        def logout():
            flask.session.pop("username", None)
            return flask.redirect(flask.url_for("index"))

        app.secret_key = "A0Zr98j/3yX R~XHH!jmN]LWX/,?RT"
        return app

    d = Differential(make_app, compare_cookies=False)
    d.same("GET", "/")
    d.same("GET", "/login")
    d.same("POST", "/login", data={"username": "<ann>"})
    assert d.same("GET", "/").data == b"Logged in as &lt;ann&gt;"
    d.same("POST", "/login", data={"username": "bob"}, follow_redirects=True)
    d.same("GET", "/logout")
    assert d.same("GET", "/").data == b"You are not logged in"


# -- responses ------------------------------------------------------------------------------


def response_app(flask):
    app = flask.Flask("responses")

    @app.route("/full", methods=["GET", "POST"])
    def full():
        response = flask.jsonify(items=[1, 2])
        response.headers["Vary"] = "Accept-Encoding, Cookie"
        response.headers["Cache-Control"] = "public, max-age=60"
        response.headers["Last-Modified"] = "Wed, 21 Oct 2015 07:28:00 GMT"
        response.headers["Expires"] = "Thu, 01 Dec 1994 16:00:00 GMT"
        response.headers["Content-Type"] = "application/json; charset=utf-8"
        response.headers.add("X-Multi", "a")
        response.headers.add("X-Multi", "b")
        return response, 201

    @app.route("/moved")
    def moved():
        return flask.redirect("/full", 307)

    @app.route("/text")
    def text():
        return "héllo", 418

    @app.route("/only-post", methods=["POST"])
    def only_post():
        return ""

    @app.route("/badjson")
    def badjson():
        return "{nope", {"Content-Type": "application/json"}

    return app


def _attributes(response):
    return {
        "status": (response.status_code, response.status),
        "data": response.data,
        "text": response.text,
        "get_data": response.get_data(as_text=True),
        "mimetype": response.mimetype,
        "mimetype_params": dict(response.mimetype_params),
        "content_type": response.content_type,
        "content_length": response.content_length,
        "location": response.location,
        "allow": sorted(response.allow),
        "vary": sorted(response.vary),
        "cookie in vary": "cookie" in response.vary,
        "is_json": response.is_json,
        "get_json": response.get_json(silent=True),
        "forced": response.get_json(force=True, silent=True),
        "cache_control": (
            response.cache_control.public,
            response.cache_control.max_age,
            response.cache_control.no_cache,
        ),
        "last_modified": response.last_modified,
        "expires": response.expires,
        "multi": response.headers.getlist("X-Multi"),
        "get": response.headers.get("x-multi"),
        "request": (response.request.method, response.request.url),
    }


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/full"),
        ("POST", "/full"),
        ("GET", "/text"),
        ("GET", "/moved"),
        ("GET", "/only-post"),
        ("GET", "/missing"),
        ("GET", "/badjson"),
        ("HEAD", "/full"),
    ],
)
def test_response_attributes_match_werkzeugs_test_response(method, path):
    ours, theirs = Differential(response_app).both(method, path)
    assert _attributes(ours) == _attributes(theirs)


def test_response_dates_and_json():
    response = response_app(flaskcompat).test_client().get("/full")
    assert response.last_modified == datetime(2015, 10, 21, 7, 28, tzinfo=UTC)
    assert response.json == {"items": [1, 2]} and response.get_json() == {"items": [1, 2]}
    with response as same:
        assert same is response
    for flask in (real_flask, flaskcompat):
        with pytest.raises(ValueError):
            response_app(flask).test_client().get("/badjson").json  # noqa: B018 (reading it is the point)
        assert response_app(flask).test_client().get("/text").json is None


def test_the_django_response_is_kept():
    response = response_app(flaskcompat).test_client().get("/full")
    assert response.django_response.status_code == 201
    assert response.django_response.wsgi_request.path == response.request.path == "/full"


def test_a_streamed_response_closed_unread_finishes_the_request_once():
    """Closing it closes the Django response, which sends ``request_finished`` once, and without
    Django's database receiver (which would close the test's connection, or reach a database
    pytest-django blocks), as Django's test client does for a streamed response it read."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    app = flaskcompat.Flask("streamed")
    closed = []

    @app.route("/stream")
    def stream():
        def chunks():
            try:
                yield from (b"a", b"b", b"c")
            finally:
                closed.append("generator")

        return flaskcompat.Response(chunks())

    finished = []

    def on_finished(sender, **kwargs):
        finished.append(any(receiver() is close_old_connections for _key, receiver, _ in request_finished.receivers))

    request_finished.connect(on_finished)
    try:
        response = app.test_client().get("/stream")  # Werkzeug's client reads the first chunk
        assert response.django_response.closed is False
        response.close()
    finally:
        request_finished.disconnect(on_finished)
    assert response.django_response.closed is True
    assert closed == ["generator"]
    assert finished == [False]  # once, with the database receiver disconnected
    assert any(receiver() is close_old_connections for _key, receiver, _ in request_finished.receivers)


# -- pytest-django fixtures -----------------------------------------------------------------


@pytest.mark.slow
def test_pytest_plugin_fixtures(tmp_path):
    """A project's test suite with the plugin: a Flask-style app writing to the test database
    through ``flask_client`` inside pytest-django's transaction, the app context fixture, and a
    strict ALLOWED_HOSTS that the client still gets through."""
    (tmp_path / "proj_settings.py").write_text(
        textwrap.dedent("""
        SECRET_KEY = "plugin-test"
        ALLOWED_HOSTS = ["example.com"]
        INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
                          "django.contrib.messages", "flaskcompat"]
        MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware",
                      "django.contrib.messages.middleware.MessageMiddleware"]
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
        ROOT_URLCONF = "proj_urls"
        SESSION_ENGINE = "django.contrib.sessions.backends.db"
        USE_TZ = True
    """)
    )
    (tmp_path / "proj_urls.py").write_text("urlpatterns = []\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_project.py").write_text(
        textwrap.dedent("""
        import pytest
        from django.contrib.auth.models import User
        from django.contrib.sessions.models import Session
        from flaskcompat import Flask, current_app, g, session

        @pytest.fixture
        def app():
            app = Flask("project_app")

            @app.route("/users", methods=["POST"])
            def create():
                User.objects.create(username="ann")
                session["created"] = True
                return str(User.objects.count())

            return app

        @pytest.mark.django_db
        def test_writes_inside_the_test_transaction(flask_client):
            assert flask_client.post("/users").text == "1"
            assert User.objects.filter(username="ann").exists()
            assert Session.objects.count() == 1
            with flask_client.session_transaction() as s:
                assert s["created"] is True

        @pytest.mark.django_db
        def test_each_test_starts_clean(flask_client):
            assert not User.objects.exists()
            assert flask_client.post("/users").text == "1"

        def test_app_context(flask_app_context, app):
            g.x = 1
            assert current_app.name == "project_app" and flask_app_context.app is app
    """)
    )
    proc = subprocesses.run(
        [
            "python",
            "-m",
            "pytest",
            "-q",
            "-p",
            "flaskcompat.pytest_plugin",
            "-p",
            "no:cacheprovider",
            "--ds=proj_settings",
            "-c",
            str(tmp_path / "pytest.ini"),
            "--rootdir",
            str(tmp_path),
            str(tmp_path),
        ],
        cwd=tmp_path,
        PYTHONPATH=f"{tmp_path}:{subprocesses.ROOT}",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 passed" in proc.stdout


def test_the_plugin_is_registered_as_a_pytest_entry_point():
    import configparser

    config = configparser.ConfigParser()
    config.read(subprocesses.ROOT / "setup.cfg")
    assert config["options.entry_points"]["pytest11"].split() == [
        "flaskcompat.pytest_plugin",
        "=",
        "flaskcompat.pytest_plugin",
    ]


def test_uploaded_file_names_are_sent_as_given():
    """Werkzeug's client sends file names verbatim (Django's encode_multipart keeps the base name)."""
    import io

    from tests.differential import Differential

    def make_app(flask):
        app = flask.Flask("uploads")

        @app.route("/", methods=["POST"])
        def up():
            files = [(k, f.filename, f.content_type, f.read()) for k, f in flask.request.files.items(multi=True)]
            return repr(files) + repr(flask.request.form.to_dict(flat=False))

        return app

    Differential(make_app).same(
        "POST",
        "/",
        data={
            "a": (io.BytesIO(b"x"), "../../etc/passwd"),
            "b": (io.BytesIO(b"y"), "dir/n\u00e9.txt"),
            "t": ["1", "2"],
            "c": (io.BytesIO(b"z"), ""),
        },
    )
