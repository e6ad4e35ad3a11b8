"""HTTP errors are Werkzeug's exceptions, and a flaskcompat app answers them as Flask does.

Every ``abort()`` code, its arguments (description, ``valid_methods``, ``www_authenticate``,
``retry_after``, ``length``), ``abort(response)``, a custom aborter and exception subclasses,
``BadRequestKeyError`` in and out of debug, and unhandled errors reaching a 500 handler: the
same status, headers and page through Django as from Flask.
"""

from datetime import UTC, datetime

import pytest
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Gone, HTTPException, InternalServerError, NotFound, default_exceptions
from werkzeug.wrappers import Response as WerkzeugResponse

from tests.differential import Differential


class ClientClosed(HTTPException):
    code = 499
    description = "The client went away."


class PaymentRequired(HTTPException):
    code = 402
    description = "Pay <b>first</b>."


def make_app(flask):
    app = flask.Flask("exceptions")

    class Aborter(app.aborter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.mapping.update({499: ClientClosed, 410: NotFound})

    app.aborter_class = Aborter
    app.aborter = app.make_aborter()

    @app.route("/abort/<int:code>")
    def abort_code(code):
        flask.abort(code)

    @app.route("/described/<int:code>")
    def described(code):
        flask.abort(code, "Custom <em>words</em> & more")

    @app.route("/405")
    def not_allowed():
        flask.abort(405, valid_methods=["GET", "PATCH"])

    @app.route("/401")
    def unauthorized():
        flask.abort(401, www_authenticate=[WWWAuthenticate("basic", {"realm": "Login"}), WWWAuthenticate("bearer")])

    @app.route("/429")
    def too_many():
        flask.abort(429, retry_after=120)

    @app.route("/503")
    def unavailable():
        flask.abort(503, retry_after=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC))

    @app.route("/416")
    def bad_range():
        flask.abort(416, length=100)

    @app.route("/response")
    def with_response():
        flask.abort(WerkzeugResponse("teapot body", status=418, headers={"X-Extra": "1"}))

    @app.route("/made-response")
    def with_made_response():
        flask.abort(flask.make_response(("made", 409)))

    @app.route("/raise-subclass")
    def raise_subclass():
        raise PaymentRequired()

    @app.route("/raise-gone")
    def raise_gone():
        raise Gone(response=flask.make_response("gone with a body", 410))

    @app.route("/missing-key", methods=["GET", "POST"])
    def missing_key():
        return flask.request.form["nope"]

    @app.route("/unknown-code")
    def unknown_code():
        flask.abort(299)

    return app


@pytest.fixture(scope="module")
def diff():
    return Differential(make_app)


@pytest.mark.parametrize("code", sorted(default_exceptions) + [499])
def test_abort_every_code_as_flask(diff, code):
    diff.same("GET", f"/abort/{code}")


def test_the_aborter_mapping_is_the_apps(diff):
    r = diff.same("GET", "/abort/410")
    assert r.status_code == 404  # the custom aborter maps 410 to NotFound
    assert diff.same("GET", "/abort/499").data.count(b"The client went away.") == 1


@pytest.mark.parametrize("code", [400, 403, 404, 409, 418, 500, 503])
def test_abort_with_a_description_is_escaped_as_flask(diff, code):
    r = diff.same("GET", f"/described/{code}")
    assert b"Custom <em>" not in r.data


@pytest.mark.parametrize("path", ["/405", "/401", "/429", "/503", "/416"])
def test_abort_arguments_become_headers_as_flask(diff, path):
    r = diff.same("GET", path)
    expected = {
        "/405": "Allow",
        "/401": "WWW-Authenticate",
        "/429": "Retry-After",
        "/503": "Retry-After",
        "/416": "Content-Range",
    }[path]
    assert r.headers.get(expected)
    if path == "/401":
        assert r.headers.getlist("WWW-Authenticate") == ["Basic realm=Login", "Bearer"]


@pytest.mark.parametrize("path", ["/response", "/made-response", "/raise-subclass", "/raise-gone"])
def test_responses_and_subclasses_as_flask(diff, path):
    r = diff.same("GET", path)
    if path == "/response":
        assert r.status_code == 418 and r.data == b"teapot body" and r.headers["X-Extra"] == "1"


def test_unknown_abort_code_is_a_500_as_flask(diff):
    r = diff.same("GET", "/unknown-code")  # LookupError from the aborter: an unhandled error
    assert r.status_code == 500


def test_bad_request_key_error_as_flask(diff):
    diff.same("POST", "/missing-key", data={"x": "1"})
    diff.same("GET", "/missing-key")
    for app in (diff.flask_app, diff.compat_app):
        app.config["TRAP_BAD_REQUEST_ERRORS"] = False
        app.debug = True
    try:
        r = diff.same("GET", "/missing-key")  # debug, not trapped: the page names the key
        assert b"KeyError: &#39;nope&#39;" in r.data
    finally:
        for app in (diff.flask_app, diff.compat_app):
            app.config["TRAP_BAD_REQUEST_ERRORS"] = None
            app.debug = False


def make_500_app(flask):
    app = flask.Flask("errors500")

    @app.errorhandler(InternalServerError)
    def server_error(e):
        original = e.original_exception
        return f"500 handler: {type(e).__name__} from {type(original).__name__}: {original}", 500

    @app.errorhandler(NotFound)
    def not_found(e):
        return f"404 handler: {type(e).__name__} {e.description}", 404

    @app.route("/boom")
    def boom():
        raise ValueError("boom")

    @app.route("/explicit")
    def explicit():
        flask.abort(500)

    return app


@pytest.mark.parametrize("path", ["/boom", "/explicit", "/nowhere"])
def test_unhandled_errors_reach_the_500_handler_as_flask(path):
    r = Differential(make_500_app).same("GET", path)
    if path == "/boom":
        assert r.data == b"500 handler: InternalServerError from ValueError: boom"
