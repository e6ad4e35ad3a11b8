"""make_response / view return values, redirect, abort, stream_with_context: as in Flask 3.1."""

import pytest
from django.http import HttpResponse, JsonResponse

import flaskcompat
from tests.differential import Differential


class WSGIApp:
    """A WSGI callable a view may return."""

    def __call__(self, environ, start_response):
        start_response("202 ACCEPTED", [("Content-Type", "text/x-wsgi"), ("X-Wsgi", environ["PATH_INFO"])])
        return [b"from ", b"wsgi"]


def make_app(flask):
    app = flask.Flask(__name__)
    bodies = {
        "str": lambda: "héllo",
        "bytes": lambda: b"\xffbytes",
        "bytearray": lambda: bytearray(b"ba"),
        "dict": lambda: {"b": 1, "a": [1, "é"]},
        "list": lambda: [1, {"x": None}],
        "generator": lambda: (s for s in ["g1", "g2"]),
        "iterator": lambda: iter([b"i1", "i2"]),
        "response": lambda: flask.Response("resp", 201, {"X-R": "1"}),
        "wsgi": WSGIApp,  # called: an instance
        "wsgi-class": lambda: WSGIApp,  # calling the class as a WSGI app is a TypeError
        "str-status": lambda: ("created", 201),
        "str-status-text": lambda: ("custom", "299 MY REASON"),
        "str-headers-dict": lambda: ("h", {"X-A": "1", "Content-Type": "text/plain"}),
        "str-headers-list": lambda: ("h", [("X-A", "1"), ("X-A", "2")]),
        "str-status-headers": lambda: ("sh", 202, {"X-A": "1"}),
        "dict-status": lambda: ({"error": "nope"}, 400),
        "dict-status-headers": lambda: ({"a": 1}, 201, [("X-A", "1")]),
        "list-headers": lambda: ([1], {"X-A": "1"}),
        "response-status": lambda: (flask.Response("r"), 203),
        "response-headers": lambda: (flask.Response("r", headers={"X-A": "old"}), {"X-A": "new", "X-B": "b"}),
        "generator-status": lambda: ((c for c in "ab"), 206, {"X-A": "1"}),
        "abort-response": lambda: flask.abort(flask.Response("aborted", 418)),
        "none": lambda: None,
        "int": lambda: 42,
        "tuple-4": lambda: ("a", 200, {}, "extra"),
        "tuple-1": lambda: ("a",),
        "none-status": lambda: (None, 200),
        "float-status": lambda: ("x", 200.0),
    }

    @app.route("/rv/<kind>", methods=["GET", "POST"])
    def rv(kind):
        return bodies[kind]()

    @app.route("/make/<kind>")
    def make(kind):
        if kind == "empty":
            r = flask.make_response()
        elif kind == "one":
            r = flask.make_response("one")
        elif kind == "tuple":
            r = flask.make_response("t", 404, {"X-A": "1"})
        elif kind == "dict":
            r = flask.make_response({"a": 1})
        else:
            r = flask.make_response(flask.make_response("inner", 202))
        r.headers["X-Something"] = "A value"
        return r

    @app.errorhandler(404)
    def not_found(error):  # the quickstart's make_response example
        resp = flask.make_response("<h1>error page</h1>", 404)
        resp.headers["X-Something"] = "A value"
        return resp

    return app


@pytest.fixture(scope="module")
def d():
    return Differential(
        make_app, headers=("Content-Type", "Content-Length", "Location", "X-R", "X-A", "X-B", "X-Wsgi", "X-Something")
    )


@pytest.mark.parametrize(
    "kind",
    [
        "str",
        "bytes",
        "bytearray",
        "dict",
        "list",
        "generator",
        "iterator",
        "response",
        "wsgi",
        "str-status",
        "str-status-text",
        "str-headers-dict",
        "str-headers-list",
        "str-status-headers",
        "dict-status",
        "dict-status-headers",
        "list-headers",
        "response-status",
        "response-headers",
        "generator-status",
        "abort-response",
    ],
)
def test_view_return_values(d, kind):
    ours = d.same("GET", f"/rv/{kind}")
    assert ours.status == d.flask_client.get(f"/rv/{kind}").status
    d.same("HEAD", f"/rv/{kind}")


@pytest.mark.parametrize("kind", ["none", "int", "tuple-4", "tuple-1", "none-status", "wsgi-class", "float-status"])
def test_invalid_return_values(kind):
    """A 500 in production; in testing, Flask's error and message reach the caller."""
    d = Differential(make_app)
    d.same("GET", f"/rv/{kind}")
    for app in (d.flask_app, d.compat_app):
        app.testing = True
    with pytest.raises(Exception) as theirs:
        d.flask_client.get(f"/rv/{kind}")
    with pytest.raises(type(theirs.value)) as ours:
        d.compat_client.get(f"/rv/{kind}")
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("kind", ["empty", "one", "tuple", "dict", "response", "missing"])
def test_make_response(d, kind):
    d.same("GET", f"/make/{kind}")
    d.same("GET", "/no-such-page")


def test_django_responses_pass_through():
    app = flaskcompat.Flask(__name__)

    @app.route("/json")
    def json_view():
        return JsonResponse({"django": True})

    @app.route("/tuple")
    def tuple_view():
        return HttpResponse("dj"), "418 TEAPOT TIME", {"X-A": "1"}

    @app.route("/abort")
    def abort_view():
        flaskcompat.abort(HttpResponse("stop", status=409))

    client = app.test_client()
    rv = client.get("/json")
    assert (rv.status_code, rv.json, rv.mimetype) == (200, {"django": True}, "application/json")
    rv = client.get("/tuple")
    assert (rv.status, rv.headers["X-A"], rv.data) == ("418 TEAPOT TIME", "1", b"dj")
    assert type(rv.django_response) is HttpResponse
    rv = client.get("/abort")
    assert (rv.status_code, rv.data) == (409, b"stop")


@pytest.mark.parametrize(
    "location, code",
    [
        ("/login", 302),
        ("http://example.com/x?a=1&b=<2>", 301),
        ("/é/ü?q=ß", 303),
        ("rel/path", 307),
        ("/\"quoted\"&'single'", 308),
    ],
)
def test_redirect(location, code):
    def make_app(flask):
        app = flask.Flask(__name__)

        @app.route("/")
        def index():
            return flask.redirect(location, code)

        return app

    Differential(make_app).same("GET", "/")
    outside = flaskcompat.redirect(location, code)  # no app context: the plain Response class
    assert outside.status_code == code and outside.headers["Location"] == location


@pytest.mark.parametrize(
    "path",
    ["/400", "/401", "/403", "/404", "/405", "/413", "/418", "/500", "/503", "/described", "/custom-class", "/unknown"],
)
def test_abort(path):
    def make_app(flask):
        app = flask.Flask(__name__)

        @app.route("/<int:code>", methods=["GET", "POST"])
        def code_view(code):
            flask.abort(code)

        @app.route("/described")
        def described():
            flask.abort(403, description="You <b>shall</b> not pass\nat all")

        @app.route("/custom-class")
        def custom():
            flask.abort(flask.Response("teapot body", 418))

        @app.route("/unknown")
        def unknown():
            flask.abort(299)

        return app

    d = Differential(make_app)
    if path == "/unknown":  # not an error code: a LookupError, a 500 in production
        for app in (d.flask_app, d.compat_app):
            app.testing = False
    d.same("GET", path)


def test_quickstart_redirect_and_abort():
    def make_app(flask):
        app = flask.Flask(__name__)

        @app.route("/")
        def index():
            return flask.redirect(flask.url_for("login"))

        @app.route("/login")
        def login():
            flask.abort(401)

        @app.errorhandler(404)
        def page_not_found(error):
            return flask.render_template_string("<h1>Not here: {{ error.code }}</h1>", error=error), 404

        return app

    d = Differential(make_app)
    d.same("GET", "/")
    d.same("GET", "/login")
    d.same("GET", "/missing")


def test_stream_with_context():
    def make_app(flask):
        app = flask.Flask(__name__)

        @app.route("/stream")
        def stream():
            flask.g.value = "from g"

            def generate():
                yield "hello "
                yield flask.request.args["name"]
                yield " " + flask.g.value

            return flask.Response(flask.stream_with_context(generate()))

        @app.route("/decorated")
        def decorated():
            @flask.stream_with_context
            def generate():
                yield flask.request.path

            return generate()

        return app

    d = Differential(make_app)
    d.same("GET", "/stream", query_string={"name": "you"})
    d.same("GET", "/decorated")
    with pytest.raises(RuntimeError, match="request context"):
        flaskcompat.stream_with_context(iter(["x"]))
