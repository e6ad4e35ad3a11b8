"""``app.wsgi_app = Middleware(app.wsgi_app)``: standalone, under the test client, and mounted in Django.

Werkzeug's ProxyFix and DispatcherMiddleware stand for third-party middleware a legacy app
wraps itself in; the differential tests run the same wrapped app under real Flask.
"""

import io

import flask
import pytest
from django.http import HttpResponse
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.test import Client as WSGIClient

import flaskcompat
from tests.differential import Differential


class Counting:
    """Counts the requests that pass and records what the app is given as SCRIPT_NAME/PATH_INFO."""

    def __init__(self, app):
        self.app = app
        self.seen = []

    def __call__(self, environ, start_response):
        self.seen.append((environ.get("SCRIPT_NAME", ""), environ["PATH_INFO"]))
        environ["example.tag"] = "tagged"
        return self.app(environ, start_response)


class AddHeader:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        def sr(status, headers, exc_info=None):
            return start_response(status, [*headers, ("X-Middleware", "yes"), ("Set-Cookie", "mw=1; Path=/")], exc_info)

        return self.app(environ, sr)


class Upper:
    """Rewrites the body (and its length), as a compressing or rewriting middleware would."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        captured = {}

        def sr(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers

        result = self.app(environ, sr)
        try:
            body = b"".join(result).upper()
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], [*headers, ("Content-Length", str(len(body)))])
        return [body]


class Gate:
    """Answers by itself for /private, without calling the app."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"].startswith("/private"):
            start_response("403 FORBIDDEN", [("Content-Type", "text/plain"), ("Content-Length", "6")])
            return [b"gated!"]
        return self.app(environ, start_response)


class Rewrite:
    """Moves /old/... to /new/..., turns ?as=POST into a POST, and replaces the body of /echo."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"].startswith("/old/"):
            environ["PATH_INFO"] = "/new/" + environ["PATH_INFO"][5:]
        if environ.get("QUERY_STRING") == "as=POST":
            environ["REQUEST_METHOD"] = "POST"
            environ["QUERY_STRING"] = ""
        if environ["PATH_INFO"] == "/echo":
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)) + b"+rewritten"
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)


def make_app(flask):
    app = flask.Flask(__name__)

    @app.route("/where")
    def where():
        r = flask.request
        return (
            f"{r.remote_addr} {r.scheme} {r.host} {r.script_root} {r.path} {r.url} "
            f"{flask.url_for('where', _external=True)} {r.environ.get('example.tag')}"
        )

    @app.route("/new/<name>", methods=["GET", "POST"])
    def new(name):
        return f"new {name} {flask.request.method} {flask.request.args.to_dict()}"

    @app.route("/echo", methods=["POST"])
    def echo():
        return flask.request.get_data()

    @app.route("/form", methods=["POST"])
    def form():
        return f"form {flask.request.form.to_dict()}"

    @app.route("/stream")
    def stream():
        return flask.Response(iter([b"a", b"b", b"c"]), mimetype="text/plain")

    @app.route("/cookie")
    def cookie():
        resp = flask.make_response("cookie")
        resp.set_cookie("app", "2")
        return resp

    @app.route("/private/x")
    def private():
        return "never reached"

    app.wsgi_app = Counting(AddHeader(Upper(Gate(Rewrite(app.wsgi_app)))))
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1)
    return app


@pytest.fixture(scope="module")
def d():
    return Differential(make_app)


PROXY = {
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "shop.example",
    "X-Forwarded-Prefix": "/pre",
}


@pytest.mark.parametrize(
    "method,path,kwargs",
    [
        ("GET", "/where", {}),
        ("GET", "/where", {"headers": PROXY}),
        ("GET", "/old/thing", {}),
        ("GET", "/new/thing?x=1", {}),
        ("GET", "/new/thing?as=POST", {}),
        ("POST", "/echo", {"data": b"body"}),
        ("POST", "/form", {"data": {"a": "1"}}),
        ("GET", "/stream", {}),
        ("GET", "/cookie", {}),
        ("GET", "/private/x", {}),
        ("GET", "/nowhere", {}),
        ("HEAD", "/where", {}),
    ],
)
def test_wrapped_app_answers_like_flask(d, method, path, kwargs):
    ours = d.same(method, path, **kwargs)
    if path != "/private/x":
        assert ours.headers["X-Middleware"] == "yes"


def test_each_request_crosses_the_chain_once(d):
    counting = d.compat_app.wsgi_app.app
    counting.seen.clear()
    d.compat_client.get("/where")
    d.compat_client.get("/nowhere")
    assert counting.seen == [("", "/where"), ("", "/nowhere")]


@pytest.fixture
def script_prefix():
    """Django's WSGIHandler sets the thread's script prefix per request; give it back afterwards."""
    from django.urls import get_script_prefix, set_script_prefix

    saved = get_script_prefix()
    yield
    set_script_prefix(saved)


@pytest.mark.django_db  # Django's WSGIHandler closes stale DB connections on request_started
def test_standalone_wsgi_callable_runs_the_chain_once(script_prefix):
    app = make_app(flaskcompat)
    counting = app.wsgi_app.app
    r = WSGIClient(app).get("/where", headers=PROXY)
    assert r.status_code == 200
    assert r.headers["X-Middleware"] == "yes"
    assert r.get_data() == (
        b"203.0.113.9 HTTPS SHOP.EXAMPLE /PRE /WHERE HTTPS://SHOP.EXAMPLE/PRE/WHERE "
        b"HTTPS://SHOP.EXAMPLE/PRE/WHERE TAGGED"
    )
    assert counting.seen == [("/pre", "/where")]


def make_dispatching(flask):
    main = flask.Flask("main")
    other = flask.Flask("other")

    @main.route("/")
    def index():
        return f"main {flask.request.script_root}"

    @other.route("/hello")
    def hello():
        return f"other {flask.request.script_root} {flask.url_for('hello')} {flask.current_app.name}"

    main.wsgi_app = DispatcherMiddleware(main.wsgi_app, {"/other": other})
    return main


@pytest.mark.django_db  # the inner app runs Django's WSGIHandler (see above)
@pytest.mark.parametrize("path", ["/", "/other/hello", "/other/missing", "/missing"])
def test_dispatcher_middleware_mounts_another_app(path):
    Differential(make_dispatching).same("GET", path)


# -- mounted in the Django project -------------------------------------------------------------------

mounted = pytest.mark.urls("tests.urlconfs.wsgi_mounted")


@mounted
def test_mounted_app_requests_pass_through_the_chain(client):
    from tests.urlconfs.wsgi_mounted import app

    counting = app.wsgi_app.app
    counting.seen.clear()
    r = client.get("/legacy/where", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert r.status_code == 200
    assert r.content == (
        b"198.51.100.7 HTTP TESTSERVER /LEGACY /WHERE HTTP://TESTSERVER/LEGACY/WHERE "
        b"HTTP://TESTSERVER/LEGACY/WHERE TAGGED"
    )
    assert r["X-Middleware"] == "yes"
    # ProxyFix's x_prefix replaces SCRIPT_NAME (the mount point), as for a standalone Flask app.
    r = client.get(
        "/legacy/where",
        HTTP_X_FORWARDED_PREFIX="/edge",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_HOST="shop.example",
    )
    assert r.content == (
        b"127.0.0.1 HTTPS SHOP.EXAMPLE /EDGE /WHERE HTTPS://SHOP.EXAMPLE/EDGE/WHERE "
        b"HTTPS://SHOP.EXAMPLE/EDGE/WHERE TAGGED"
    )
    assert counting.seen == [("/legacy", "/where"), ("/edge", "/where")]
    assert client.get("/django/").content == b"django view"
    assert len(counting.seen) == 2


@mounted
def test_mounted_app_middleware_cookies_reach_the_django_client(client):
    r = client.get("/legacy/cookie")
    assert r.content == b"COOKIE"
    assert client.cookies["mw"].value == "1" and client.cookies["app"].value == "2"


@mounted
def test_mounted_app_middleware_rewrites_path_method_and_body(client):
    assert client.get("/legacy/old/x?as=POST").content == b"NEW X POST {}"
    r = client.post("/legacy/echo", b"payload", content_type="text/plain")
    assert r.content == b"PAYLOAD+REWRITTEN"
    assert client.get("/legacy/private/x").status_code == 403


@mounted
def test_mounted_app_streaming_through_the_chain(client):
    r = client.get("/legacy/stream")
    assert r.status_code == 200
    body = b"".join(r.streaming_content) if r.streaming else r.content
    assert body == b"ABC"


@mounted
def test_unwrapped_mounted_app_answers_django_with_a_buffered_response(client):
    from tests.urlconfs.wsgi_mounted import plain

    assert plain.wsgi_app.__func__ is flask.Flask.wsgi_app  # no middleware: Flask's own request cycle
    r = client.get("/plain/")
    assert type(r) is HttpResponse  # not streamed: Django's middleware can read and rewrite it
    assert (r.content, r["Content-Type"], r["Content-Length"]) == (b"plain", "text/html; charset=utf-8", "5")


def test_untouched_response_stays_buffered_through_middleware():
    app = flaskcompat.Flask(__name__)

    @app.route("/")
    def index():
        return "same"

    app.wsgi_app = Counting(app.wsgi_app)
    r = app.test_client().get("/")
    assert type(r.django_response) is HttpResponse  # the bridge still sees Flask's (buffered) response
    assert r.data == b"same" and app.wsgi_app.seen == [("", "/")]
