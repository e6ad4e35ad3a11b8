"""Contexts and ``g``: each behaviour is observed on real Flask and on flaskcompat, and must match."""

from __future__ import annotations

import io
import threading

import flask as real_flask
import pytest
from flask.globals import _cv_app, _cv_request
from werkzeug.test import EnvironBuilder

import flaskcompat

from .differential import Differential

BOTH = pytest.mark.parametrize("flask", [real_flask, flaskcompat], ids=["flask", "flaskcompat"])


def same(observe):
    """Run ``observe(flask)`` on both frameworks; return flaskcompat's result once they agree."""
    theirs, ours = observe(real_flask), observe(flaskcompat)
    assert ours == theirs
    assert _cv_app.get(None) is None and _cv_request.get(None) is None, "a context stayed pushed"
    return ours


@pytest.mark.parametrize(
    "name",
    [
        "request",
        "session",
        "current_app",
        "g",
        "has_request_context",
        "copy_current_request_context",
        "stream_with_context",
        "after_this_request",
    ],
)
def test_contexts_and_globals_are_flasks(name):
    assert getattr(flaskcompat, name) is getattr(real_flask, name)
    assert flaskcompat.ctx is real_flask.ctx and flaskcompat.globals is real_flask.globals


# -- outside any context --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["request", "session", "current_app", "g"])
def test_proxies_outside_a_context_raise_flasks_error(name):
    def observe(flask):
        with pytest.raises(RuntimeError) as info:
            getattr(flask, name).anything  # noqa: B018 (reading it is the point)
        proxy = getattr(flask, name)
        return str(info.value), bool(proxy), repr(proxy)

    message = same(observe)[0]
    assert message.startswith(
        "Working outside of request context."
        if name in ("request", "session")
        else "Working outside of application context."
    )


def test_has_context_helpers():
    def observe(flask):
        app = flask.Flask("helpers")
        seen = [(flask.has_app_context(), flask.has_request_context())]
        with app.app_context():
            seen.append((flask.has_app_context(), flask.has_request_context()))
            with app.test_request_context():
                seen.append((flask.has_app_context(), flask.has_request_context()))
        seen.append((flask.has_app_context(), flask.has_request_context()))
        return seen

    assert same(observe) == [(False, False), (True, False), (True, True), (False, False)]


def test_helpers_that_need_a_request_say_so():
    def observe(flask):
        messages = []
        for call in (
            lambda: flask.after_this_request(print),
            lambda: flask.copy_current_request_context(print),
            lambda: flask.stream_with_context(iter([])),
        ):
            try:
                result = call()
                if hasattr(result, "__next__"):
                    next(result)
            except RuntimeError as e:
                messages.append(str(e))
        return messages

    assert len(same(observe)) == 3


# -- g --------------------------------------------------------------------------------------


def test_g_api():
    def observe(flask):
        app = flask.Flask("gapp")
        with app.app_context():
            g = flask.g
            g.user = "ann"
            out = [
                g.user,
                g.get("user"),
                g.get("missing"),
                g.get("missing", 1),
                "user" in g,
                "x" in g,
                g.setdefault("x", 2),
                g.setdefault("x", 3),
                sorted(g),
                g.pop("x"),
                g.pop("x", "gone"),
                repr(g),
            ]
            with pytest.raises(AttributeError):
                g.missing  # noqa: B018 (reading it is the point)
            with pytest.raises(KeyError):
                g.pop("missing")
            del g.user
            out.append(list(g))
        return out

    assert same(observe)[-2] == "<flask.g of 'gapp'>"


def test_g_belongs_to_one_app_context():
    def observe(flask):
        app, other = flask.Flask("one"), flask.Flask("two")
        with app.app_context():
            flask.g.value = 1
            with app.test_request_context():
                shared = flask.g.get("value")  # the request reuses the pushed app context
            with app.app_context():
                fresh = flask.g.get("value")  # a new app context has a new g
            with other.test_request_context():
                foreign = (flask.current_app.name, flask.g.get("value"))
            back = flask.g.value
        return shared, fresh, foreign, back

    assert same(observe) == (1, None, ("two", None), 1)


# -- push, pop, teardown --------------------------------------------------------------------


def test_teardown_order_and_exceptions():
    def observe(flask):
        app = flask.Flask("teardown")
        calls = []
        app.teardown_appcontext(lambda exc: calls.append(("app", repr(exc))))
        app.teardown_request(lambda exc: calls.append(("request", repr(exc))))
        flask.appcontext_pushed.connect(lambda sender, **kw: calls.append("pushed"), app, weak=False)
        flask.appcontext_popped.connect(lambda sender, **kw: calls.append("popped"), app, weak=False)
        with app.test_request_context():
            pass
        with pytest.raises(ZeroDivisionError):
            with app.test_request_context():
                raise ZeroDivisionError
        with app.app_context():
            calls.append("alone")
        ctx = app.app_context()
        ctx.push()
        ctx.pop(ValueError("given"))
        return calls

    assert same(observe)[:4] == ["pushed", ("request", "None"), ("app", "None"), "popped"]


def test_contexts_nest_and_pop_in_order():
    def observe(flask):
        app = flask.Flask("nest")
        outer = app.test_request_context("/outer")
        inner = app.test_request_context("/inner")
        outer.push()
        inner.push()
        paths = [flask.request.path]
        inner.pop()
        paths.append(flask.request.path)
        with outer:  # pushing the same context again keeps it until the last pop
            paths.append(flask.request.path)
        paths.append(flask.request.path)
        outer.pop()
        paths.append(flask.has_request_context())
        return paths

    assert same(observe) == ["/inner", "/outer", "/outer", "/outer", False]


def test_popping_the_wrong_context_is_an_assertion():
    def observe(flask):
        app = flask.Flask("wrong")
        first, second = app.app_context(), app.app_context()
        first.push()
        second.push()
        with pytest.raises(AssertionError) as info:
            first.pop()  # restores what was there before `first`: nothing
        return str(info.value).split("(")[0]

    assert same(observe) == "Popped wrong app context. "


def test_copy_current_request_context_in_a_thread():
    def observe(flask):
        app = flask.Flask("copy")
        app.secret_key = "k"
        seen = []

        @app.route("/work")
        def work():
            flask.session["who"] = "ann"

            @flask.copy_current_request_context
            def job():
                seen.append((flask.request.path, flask.request.args["n"], flask.session["who"], flask.current_app.name))

            thread = threading.Thread(target=job)
            thread.start()
            thread.join()
            return "done"

        app.test_client().get("/work?n=3")
        return seen

    assert same(observe) == [("/work", "3", "ann", "copy")]


def test_stream_with_context_keeps_the_request_until_the_body_is_sent():
    def make_app(flask):
        app = flask.Flask("streamctx")
        torn_down = []
        app.teardown_request(lambda exc: torn_down.append(flask.request.path))

        @app.route("/stream")
        def stream():
            def generate():
                yield f"{flask.request.path}?{flask.request.args['q']} "
                yield f"torn down: {torn_down}"

            return flask.stream_with_context(generate())

        @app.route("/decorated")
        def decorated():
            @flask.stream_with_context
            def generate():
                yield flask.request.method

            return generate()

        return app

    d = Differential(make_app)
    assert d.same("GET", "/stream", query_string={"q": "x"}).data.startswith(b"/stream?x torn down:")
    d.same("GET", "/decorated")
    assert _cv_request.get(None) is None


def test_after_this_request_and_hooks_see_the_context():
    def make_app(flask):
        app = flask.Flask("hooks")

        @app.before_request
        def before():
            flask.g.started = flask.request.path

        @app.route("/")
        def index():
            @flask.after_this_request
            def add_header(response):
                response.headers["X-G"] = flask.g.started
                return response

            return f"{flask.current_app.name} {flask.g.started} {flask.has_request_context()}"

        return app

    Differential(make_app, headers=("Content-Type", "X-G")).same("GET", "/")


def test_async_views_and_hooks_run_in_the_request_context():
    def make_app(flask):
        app = flask.Flask("asyncviews")

        @app.before_request
        async def before():
            flask.g.seen = [flask.request.path]

        @app.route("/a/<int:n>")
        async def view(n):
            import asyncio

            await asyncio.sleep(0)
            flask.g.seen.append(n)
            return {"seen": flask.g.seen, "arg": flask.request.args.get("x")}

        return app

    Differential(make_app).same("GET", "/a/4", query_string={"x": "y"})


# -- test_request_context() and request_context(environ) ------------------------------------


def _describe(flask, config, args, kwargs):
    app = flask.Flask("described")
    app.config.update(config)

    @app.route("/hello", methods=["GET", "POST", "PUT"])
    def hello():
        return ""

    with app.test_request_context(*args, **kwargs) as ctx:
        r = flask.request
        env = r.environ
        return {
            "request": [
                r.method,
                r.path,
                r.full_path,
                r.script_root,
                r.base_url,
                r.url_root,
                r.host_url,
                r.host,
                r.scheme,
                r.is_secure,
                r.remote_addr,
                r.endpoint,
                r.view_args,
            ],
            "args": r.args.to_dict(flat=False),
            "form": r.form.to_dict(flat=False),
            "files": {k: (f.filename, f.mimetype, f.read()) for k, f in r.files.items()},
            "json": r.get_json(silent=True),
            "data": r.get_data() if r.mimetype != "multipart/form-data" else None,
            "headers": sorted(
                (k, v) for k, v in r.headers.items() if k != "Content-Type" and not (k == "Content-Length" and r.files)
            ),
            "mimetype": r.mimetype,
            "cookies": r.cookies.to_dict(),
            "environ": {
                k: env.get(k)
                for k in (
                    "SERVER_NAME",
                    "SERVER_PORT",
                    "HTTP_HOST",
                    "QUERY_STRING",
                    "REQUEST_URI",
                    "RAW_URI",
                    "wsgi.url_scheme",
                    "REQUEST_METHOD",
                )
            },
            "routing": repr(getattr(ctx.request, "routing_exception", None)),
        }


REQUEST_CASES = {
    "quickstart": (("/hello",), {"method": "POST"}, {}),
    "default": ((), {}, {}),
    "query in path": (("/hello?a=1&a=2&b=x%20y",), {}, {}),
    "query dict": (("/hello",), {"query_string": {"a": ["1", "2"], "b": "x y", "none": None}}, {}),
    "query str": (("/hello",), {"query_string": "q=%2F&r"}, {}),
    "base_url": (("/hello",), {"base_url": "https://example.com:8443/root/"}, {}),
    "full url": (("http://other.test/hello?x=1",), {}, {}),
    "netloc-like path": (("//x/hello",), {}, {}),
    "double slash": (("/a//b",), {}, {}),
    "unicode path": (("/caf%C3%A9/ü",), {}, {}),
    "server name": (("/hello",), {"subdomain": "api"}, {"SERVER_NAME": "example.org:8080"}),
    "application root": (("/hello",), {"url_scheme": "https"}, {"APPLICATION_ROOT": "/app"}),
    "form": (("/hello",), {"method": "POST", "data": {"name": "ann", "tags": ["a", "b"]}}, {}),
    "json": (("/hello",), {"method": "PUT", "json": {"b": [1, 2], "a": None}}, {}),
    "raw data": (("/hello",), {"method": "POST", "data": "plain text", "content_type": "text/plain"}, {}),
    "mimetype": (("/hello",), {"method": "POST", "data": b"<x/>", "mimetype": "text/xml"}, {}),
    "headers": (("/hello",), {"headers": {"X-One": "1", "Cookie": "a=b; c=d", "User-Agent": "ua/1"}}, {}),
    "header list": (("/hello",), {"headers": [("X-Dup", "1"), ("X-Dup", "2")]}, {}),
    "auth": (("/hello",), {"auth": ("ann", "secret")}, {}),
    "environ": (
        ("/hello",),
        {
            "environ_base": {"REMOTE_ADDR": "10.0.0.1", "HTTP_HOST": "ignored"},
            "environ_overrides": {"wsgi.url_scheme": "https"},
        },
        {},
    ),
    "unmatched": (("/nope",), {}, {}),
    "wrong method": (("/hello",), {"method": "DELETE"}, {}),
}


@pytest.mark.parametrize("case", REQUEST_CASES)
def test_test_request_context_builds_the_request_flask_builds(case):
    args, kwargs, config = REQUEST_CASES[case]
    same(lambda flask: _describe(flask, config, args, kwargs))


def test_test_request_context_uploads():
    def observe(flask):
        data = {
            "note": "hi",
            "upload": (io.BytesIO(b"file body"), "notes.txt"),
            "typed": (io.BytesIO(b"{}"), "x.bin", "application/json"),
        }
        return _describe(flask, {}, ("/hello",), {"method": "POST", "data": data})

    assert same(observe)["files"]["typed"] == ("x.bin", "application/json", b"{}")


def test_test_request_context_argument_errors():
    def observe(flask):
        app = flask.Flask("errors")
        errors = []
        for kwargs in (
            {"path": "/?a=1", "query_string": "b=2"},
            {"json": {}, "data": "x"},
            {"base_url": "http://h/?q=1"},
            {"base_url": "http://h/", "subdomain": "x"},
        ):
            try:
                app.test_request_context(**kwargs)
            except (ValueError, TypeError, AssertionError) as e:
                errors.append((type(e).__name__, str(e)))
        return errors

    assert len(same(observe)) == 4


def test_request_context_from_an_environ_quickstart_example():
    def observe(flask):
        app = flask.Flask("environ")
        environ = EnvironBuilder("/hello", method="POST", data={"a": "1"}, headers={"X-Test": "yes"}).get_environ()
        with app.request_context(environ):
            r = flask.request
            return r.method, r.path, r.url, r.form.to_dict(), r.headers["X-Test"], r.environ is environ

    assert same(observe) == ("POST", "/hello", "http://localhost/hello", {"a": "1"}, "yes", True)


def test_request_context_from_a_minimal_environ():
    def observe(flask):
        app = flask.Flask("minimal")
        with app.request_context(
            {
                "REQUEST_METHOD": "GET",
                "SERVER_NAME": "minimal.test",
                "SERVER_PORT": "80",
                "PATH_INFO": "/p",
                "wsgi.url_scheme": "http",
            }
        ):
            return flask.request.method, flask.request.url

    assert same(observe) == ("GET", "http://minimal.test/p")


def test_quickstart_test_request_context_example_builds_urls():
    def observe(flask):
        app = flask.Flask("quickstart")

        @app.route("/")
        def index():
            pass

        @app.route("/login")
        def login():
            pass

        @app.route("/user/<username>")
        def profile(username):
            pass

        with app.test_request_context():
            return [
                flask.url_for("index"),
                flask.url_for("login"),
                flask.url_for("login", next="/"),
                flask.url_for("profile", username="John Doe"),
            ]

    assert same(observe) == ["/", "/login", "/login?next=/", "/user/John%20Doe"]


@BOTH
def test_nothing_stays_pushed_after_client_requests(flask):
    app = flask.Flask("clean")

    @app.route("/")
    def index():
        return "ok"

    client = app.test_client()
    for _ in range(3):
        client.get("/")
    assert not flask.has_request_context() and not flask.has_app_context()
