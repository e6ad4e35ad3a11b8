"""Error handling and request hooks run in Flask's order with Flask's answers."""

import logging

import pytest
import werkzeug.exceptions

import flaskcompat
from tests.differential import Differential, assert_same


def exceptions_of(flask):
    """The exceptions both frameworks raise and handle: Werkzeug's own."""
    return werkzeug.exceptions


class AppError(Exception):
    pass


class SpecificError(AppError):
    pass


def make_handlers_app(flask):
    exc = exceptions_of(flask)
    app = flask.Flask(__name__)
    bp = flask.Blueprint("bp", __name__, url_prefix="/bp")

    class Teapot(exc.HTTPException):
        code = 418
        description = "short and stout"

    @app.route("/abort/<int:code>")
    def abort_code(code):
        flask.abort(code)

    @app.route("/raise/<name>")
    def raise_(name):
        raise {
            "app": AppError("app"),
            "specific": SpecificError("specific"),
            "key": KeyError("k"),
            "value": ValueError("v"),
            "teapot": Teapot(),
            "conflict": exc.Conflict("busy"),
        }[name]

    @app.route("/only-get")
    def only_get():
        return "get"

    @app.route("/slash/")
    def slash():
        return "slash"

    @bp.route("/abort/<int:code>")
    def bp_abort(code):
        flask.abort(code)

    @bp.route("/raise/<name>")
    def bp_raise(name):
        raise {"app": AppError("bp app"), "specific": SpecificError("bp specific")}[name]

    @app.errorhandler(404)
    def app_404(e):
        return f"app 404: {e.description}", 404

    @app.errorhandler(exc.HTTPException)
    def any_http(e):
        return f"any http {e.code} {e.name}", e.code

    @app.errorhandler(AppError)
    def app_error(e):
        return {"handler": "app AppError", "error": str(e)}, 500

    @app.errorhandler(SpecificError)
    def specific(e):
        return "app specific", 409, {"X-Handler": "specific"}

    @app.errorhandler(KeyError)
    def key_error(e):
        return flask.redirect("/somewhere")

    @app.errorhandler(Teapot)
    def teapot(e):
        return flask.Response(f"teapot: {e.description}", status=e.code)

    @bp.errorhandler(404)
    def bp_404(e):
        return "bp 404", 404

    @bp.errorhandler(AppError)
    def bp_app_error(e):
        return "bp AppError", 500

    app.register_blueprint(bp)
    return app


@pytest.fixture(scope="module")
def handlers():
    return Differential(make_handlers_app, headers=("Content-Type", "Content-Length", "Location", "X-Handler", "Allow"))


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/abort/404"),
        ("GET", "/abort/403"),
        ("GET", "/abort/500"),
        ("GET", "/nowhere"),
        ("POST", "/only-get"),
        ("GET", "/slash"),  # 405 through the HTTPException handler; the redirect is not
        ("GET", "/raise/app"),
        ("GET", "/raise/specific"),
        ("GET", "/raise/key"),
        ("GET", "/raise/teapot"),
        ("GET", "/raise/conflict"),
        ("GET", "/bp/abort/404"),
        ("GET", "/bp/abort/403"),
        ("GET", "/bp/nowhere"),
        ("GET", "/bp/raise/app"),
        ("GET", "/bp/raise/specific"),  # a blueprint handler wins over the app's
    ],
)
def test_handler_lookup_order(handlers, method, path):
    handlers.same(method, path)


@pytest.mark.django_db  # Django's WSGIHandler checks the database connection on each request
@pytest.mark.parametrize("path", ["/abort/404", "/nowhere", "/raise/app", "/raise/key", "/bp/raise/specific"])
def test_error_pages_over_wsgi(handlers, path):
    """Raw WSGI, no test client: the error answers, served by Django's WSGIHandler for
    flaskcompat, are Flask's, every header included."""
    handlers.same_raw("GET", path)


def test_unhandled_errors_are_logged_500s(caplog):
    def make_app(flask):
        exc = exceptions_of(flask)
        app = flask.Flask(__name__)

        @app.route("/boom")
        def boom():
            raise RuntimeError("boom")

        @app.route("/handled")
        def handled():
            raise LookupError("lookup")

        @app.errorhandler(exc.InternalServerError)
        def server_error(e):
            original = e.original_exception
            return f"500 handler: {type(original).__name__}: {original}", 500

        @app.after_request
        def after(response):
            response.headers["X-After"] = "ran"
            return response

        return app

    d = Differential(make_app, headers=("Content-Type", "Content-Length", "X-After"))
    with caplog.at_level(logging.ERROR):
        d.same("GET", "/boom")
    records = [r for r in caplog.records if r.getMessage() == "Exception on /boom [GET]"]
    assert len(records) == 2  # Flask's and ours, with the traceback
    assert all(r.exc_info[0] is RuntimeError for r in records)
    assert records[1].name == d.compat_app.logger.name


def test_default_500_page_and_abort_500():
    def make_app(flask):
        app = flask.Flask(__name__)

        @app.route("/boom")
        def boom():
            raise RuntimeError("boom")

        @app.route("/handler-fails")
        def handler_fails():
            raise ValueError("first")

        @app.errorhandler(ValueError)
        def value_error(e):
            raise RuntimeError("in handler")

        return app

    d = Differential(make_app)
    d.same("GET", "/boom")
    d.same("GET", "/handler-fails")


@pytest.mark.parametrize(
    "config",
    [
        {"TESTING": True},
        {"DEBUG": True},
        {"PROPAGATE_EXCEPTIONS": True},
        {"DEBUG": True, "PROPAGATE_EXCEPTIONS": False},
    ],
)
def test_propagation(config):
    def make_app(flask):
        app = flask.Flask(__name__)
        app.config.update(config)

        @app.route("/")
        def boom():
            raise ZeroDivisionError("propagated")

        return app

    d = Differential(make_app)
    if config.get("PROPAGATE_EXCEPTIONS") is False:
        d.same("GET", "/")
        return
    for client in (d.flask_client, d.compat_client):
        with pytest.raises(ZeroDivisionError, match="propagated"):
            client.get("/")


@pytest.mark.parametrize(
    "config, path",
    [
        ({"TRAP_HTTP_EXCEPTIONS": True}, "/abort"),
        ({"TRAP_BAD_REQUEST_ERRORS": True}, "/bad"),
        ({"TRAP_BAD_REQUEST_ERRORS": True}, "/key"),
        ({"TRAP_BAD_REQUEST_ERRORS": False, "DEBUG": True}, "/key"),
        ({"DEBUG": True}, "/bad"),
    ],
)
def test_trapping(config, path):
    def make_app(flask):
        app = flask.Flask(__name__)
        app.config.update(config)
        app.config["PROPAGATE_EXCEPTIONS"] = False

        @app.route("/abort")
        def abort():
            flask.abort(404)

        @app.route("/bad")
        def bad():
            flask.abort(400)

        @app.route("/key")
        def key():
            return flask.request.args["missing"]

        return app

    Differential(make_app).same("GET", path)


def test_werkzeug_exceptions_from_legacy_code():
    """Code that raises Werkzeug's own exceptions still reaches our handlers by code and class."""
    app = flaskcompat.Flask(__name__)

    @app.route("/nf")
    def nf():
        raise werkzeug.exceptions.NotFound()

    @app.route("/gone")
    def gone():
        raise werkzeug.exceptions.Gone()

    @app.route("/teapot")
    def teapot():
        raise werkzeug.exceptions.ImATeapot("legacy teapot")

    @app.errorhandler(404)
    def not_found(e):
        return f"handled {type(e).__module__} {e.code}", 404

    @app.errorhandler(werkzeug.exceptions.HTTPException)
    def any_http(e):
        return f"any {e.code}", e.code

    client = app.test_client()
    assert (client.get("/nf").status_code, client.get("/nf").text) == (404, "handled werkzeug.exceptions 404")
    assert client.get("/gone").text == "any 410"
    assert client.get("/teapot").text == "any 418"
    del app.error_handler_spec[None][None]
    rv = client.get("/teapot")  # unhandled: Werkzeug's own page for it
    assert rv.status_code == 418 and b"legacy teapot" in rv.data


def make_hooks_app(flask):
    app = flask.Flask(__name__)
    bp = flask.Blueprint("bp", __name__, url_prefix="/<lang>")
    calls = []

    @app.url_value_preprocessor
    def app_values(endpoint, values):
        calls.append(f"app url_value_preprocessor {endpoint} {values}")

    @bp.url_value_preprocessor
    def bp_values(endpoint, values):
        flask.g.lang = values.pop("lang")
        calls.append(f"bp url_value_preprocessor {endpoint}")

    @bp.url_defaults
    def bp_defaults(endpoint, values):
        values.setdefault("lang", flask.g.get("lang", "en"))

    @app.url_defaults
    def app_defaults(endpoint, values):
        calls.append(f"app url_defaults {endpoint}")

    @app.before_request
    def before_app():
        calls.append("app before 1")
        if flask.request.args.get("stop") == "app":
            return "stopped by app", 202

    @app.before_request
    def before_app_2():
        calls.append("app before 2")

    @bp.before_request
    def before_bp():
        calls.append("bp before")
        if flask.request.args.get("stop") == "bp":
            return flask.redirect("/elsewhere")

    @app.after_request
    def after_app_1(response):
        calls.append("app after 1")
        response.headers.add("X-Trail", "app1")
        return response

    @app.after_request
    def after_app_2(response):
        calls.append("app after 2")
        response.headers.add("X-Trail", "app2")
        return response

    @bp.after_request
    def after_bp(response):
        calls.append("bp after")
        response.headers.add("X-Trail", "bp")
        return response

    @app.teardown_request
    def teardown_app(exc):
        calls.append(f"app teardown {type(exc).__name__ if exc else None}")

    @bp.teardown_request
    def teardown_bp(exc):
        calls.append(f"bp teardown {type(exc).__name__ if exc else None}")

    @app.route("/app")
    def app_view():
        calls.append("view")

        @flask.after_this_request
        def this_request(response):
            calls.append("after_this_request")
            response.headers.add("X-Trail", "this")
            return response

        if flask.request.args.get("fail"):
            raise ValueError("fail")
        return "app view"

    @bp.route("/page")
    def bp_view():
        calls.append(f"bp view lang={flask.g.lang} url={flask.url_for('bp.bp_view')}")
        return "bp view"

    @app.route("/calls")
    def get_calls():
        out = list(calls)
        calls.clear()
        return {"calls": out}

    app.register_blueprint(bp)
    return app


@pytest.mark.parametrize(
    "path, query",
    [
        ("/app", {}),
        ("/app", {"stop": "app"}),
        ("/app", {"fail": "1"}),
        ("/fr/page", {}),
        ("/fr/page", {"stop": "bp"}),
        ("/fr/page", {"stop": "app"}),
        ("/nowhere", {}),
    ],
)
def test_hook_order(path, query):
    d = Differential(make_hooks_app, headers=("Content-Type", "Content-Length", "Location", "X-Trail"))
    d.same("GET", "/calls")
    ours, theirs = d.both("GET", path, query_string=query)
    assert_same(ours, theirs, d.headers, label=path)
    assert ours.headers.getlist("X-Trail") == theirs.headers.getlist("X-Trail")
    d.same("GET", "/calls")


def test_errors_in_after_request_and_teardown_exceptions():
    def make_app(flask):
        app = flask.Flask(__name__)
        seen = []

        @app.route("/")
        def index():
            return "ok"

        @app.route("/seen")
        def get_seen():
            return repr(seen)

        @app.after_request
        def broken(response):
            if flask.request.path == "/":
                raise RuntimeError("after failed")
            return response

        @app.teardown_request
        def teardown(exc):
            seen.append(repr(exc))

        return app

    d = Differential(make_app)
    d.same("GET", "/")
    d.same("GET", "/seen")


def test_quickstart_errorhandler_page():
    def make_app(flask):
        app = flask.Flask(__name__)

        @app.errorhandler(404)
        def not_found(error):
            resp = flask.make_response(flask.render_template_string("<p>{{ error }}</p>", error=error), 404)
            resp.headers["X-Something"] = "A value"
            return resp

        return app

    Differential(make_app, headers=("Content-Type", "Content-Length", "X-Something")).same("GET", "/missing")


def test_files_without_enctype_explained_in_debug():
    def make_app(flask):
        app = flask.Flask(__name__)
        app.debug = True

        @app.route("/", methods=["POST"])
        def upload():
            return flask.request.files["the_file"].filename

        return app

    d = Differential(make_app)
    for data in ({"the_file": "photo.jpg"}, {"other": "x"}):
        with pytest.raises(KeyError) as theirs:
            d.flask_client.post("/", data=data)
        with pytest.raises(KeyError) as ours:
            d.compat_client.post("/", data=data)
        assert str(ours.value) == str(theirs.value)
        assert type(ours.value).__name__ == type(theirs.value).__name__
        assert isinstance(ours.value, AssertionError) == isinstance(theirs.value, AssertionError)
