"""Under flaskcompat, the objects a Flask app touches ARE Flask's and Werkzeug's.

flaskcompat is a Django adapter, not a reimplementation: exceptions, request data structures,
responses, the URL map, converters and the context globals are Werkzeug's and Flask's own
types, also for a request Django served (mounted with ``include(app.urls)``, under Django's
CSRF check, or with its multipart body already parsed by a Django middleware). This module is
the URLconf of the mounted tests (``pytest.mark.urls(__name__)``).
"""

import io

import flask
import flask.sessions
import flask.testing
import pytest
import werkzeug.routing
from django.conf import settings
from django.middleware.csrf import get_token
from django.test import Client, override_settings
from django.urls import include, path
from werkzeug.datastructures import (
    EnvironHeaders,
    FileStorage,
    Headers,
    ImmutableMultiDict,
    MIMEAccept,
    MultiDict,
)
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response as WerkzeugResponse

import flaskcompat
from flaskcompat import internals


def test_abort_raises_werkzeugs_exceptions():
    assert flaskcompat.abort is flask.abort
    with pytest.raises(NotFound) as info:
        flaskcompat.abort(404)
    assert type(info.value) is NotFound


def test_an_error_handler_receives_werkzeugs_exception():
    app = flaskcompat.Flask("abort_identity")
    seen = []

    @app.errorhandler(404)
    def not_found(error):
        seen.append(error)
        return "handled", 404

    @app.route("/gone")
    def gone():
        flaskcompat.abort(404)

    client = app.test_client()
    assert client.get("/gone").data == b"handled"
    assert client.get("/nowhere").data == b"handled"
    assert [type(e) for e in seen] == [NotFound, NotFound]


def test_context_globals_are_flasks():
    assert flaskcompat.request is flask.request
    assert flaskcompat.session is flask.session
    assert flaskcompat.g is flask.g
    assert flaskcompat.current_app is flask.current_app
    assert flaskcompat.url_for is flask.url_for
    assert flaskcompat.json is flask.json
    assert flaskcompat.Config is flask.Config


def test_app_and_blueprint_classes_extend_flasks():
    assert issubclass(flaskcompat.Flask, flask.Flask)
    assert issubclass(flaskcompat.Blueprint, flask.Blueprint)
    assert issubclass(flaskcompat.Request, flask.Request)
    assert issubclass(flaskcompat.Response, flask.Response)
    app = flaskcompat.Flask("classes")
    assert type(app.config) is flask.Config
    assert isinstance(app.session_interface, flask.sessions.SecureCookieSessionInterface)
    assert isinstance(app.test_client(), flask.testing.FlaskClient)


def test_url_map_rules_and_converters_are_werkzeugs():
    app = flaskcompat.Flask("routing_identity")
    app.add_url_rule("/a/<int:n>", "a", lambda n: str(n))
    assert type(app.url_map) is werkzeug.routing.Map
    rules = list(app.url_map.iter_rules())
    assert rules and all(type(rule) is werkzeug.routing.Rule for rule in rules)
    assert app.url_map.converters == werkzeug.routing.Map.default_converters
    for name in ("default", "string", "int", "float", "path", "any", "uuid"):
        assert app.url_map.converters[name] is werkzeug.routing.Map.default_converters[name]
    rule = next(r for r in rules if r.endpoint == "a")
    assert type(rule._converters["n"]) is werkzeug.routing.IntegerConverter


def test_responses_are_werkzeug_responses():
    app = flaskcompat.Flask("response_identity")
    with app.test_request_context():
        for response in (
            flaskcompat.make_response("x"),
            flaskcompat.make_response(("x", 201)),
            flaskcompat.jsonify(a=1),
            flaskcompat.redirect("/b"),
        ):
            assert isinstance(response, WerkzeugResponse)
            assert isinstance(response, flask.Response)
            assert type(response.headers) is Headers

    @app.route("/")
    def index():
        return "hi"

    served = app.test_client().get("/")
    assert isinstance(served, WerkzeugResponse) and type(served.headers) is Headers


# -- request data inside a view --------------------------------------------------------------


def make_app(flask_module):
    app = flask_module.Flask("identity")
    app.config["SECRET_KEY"] = "identity"

    @app.route("/token")
    def token():
        return get_token(flask_module.request.django_request)  # Django sets the CSRF cookie

    @app.route("/inspect", methods=["GET", "POST"])
    def inspect():
        request = flask_module.request
        files = request.files.getlist("f")
        flask_module.g.seen = {
            "form": type(request.form),
            "args": type(request.args),
            "files": type(request.files),
            "headers": type(request.headers),
            "accept": type(request.accept_mimetypes),
            "file_types": [type(f) for f in files],
            "first_file": type(request.files["f"]),
            "file_data": [(f.filename, f.mimetype, f.read()) for f in files],
            "form_data": request.form.to_dict(flat=False),
            "parsed_by_django": internals.body_parsed_by_django(request.django_request),
            "abort": _abort_type(flask_module),
        }
        app.config["SEEN"] = flask_module.g.seen
        return "ok"

    return app


def _abort_type(flask_module):
    try:
        flask_module.abort(404)
    except HTTPException as exc:
        return type(exc)


def assert_werkzeug_request_types(seen, file_count):
    assert issubclass(seen["form"], MultiDict) and seen["form"] is ImmutableMultiDict
    assert seen["args"] is ImmutableMultiDict
    assert seen["files"] is ImmutableMultiDict
    assert issubclass(seen["headers"], Headers) and seen["headers"] is EnvironHeaders
    assert seen["accept"] is MIMEAccept
    assert seen["file_types"] == [FileStorage] * file_count and seen["first_file"] is FileStorage
    assert seen["abort"] is NotFound


UPLOAD = {
    "x": "1",
    "f": [
        (io.BytesIO(b"first"), "a.txt", "text/plain"),
        (io.BytesIO(b"\x00second"), "b.bin", "application/octet-stream"),
    ],
}


def test_request_types_are_werkzeugs_through_the_test_client():
    app = make_app(flaskcompat)
    r = app.test_client().post("/inspect?q=1", data=UPLOAD, headers={"Accept": "text/html"})
    assert r.data == b"ok"
    seen = app.config["SEEN"]
    assert_werkzeug_request_types(seen, 2)
    assert seen["file_data"] == [
        ("a.txt", "text/plain", b"first"),
        ("b.bin", "application/octet-stream", b"\x00second"),
    ]
    assert seen["form_data"] == {"x": ["1"]}


mounted = make_app(flaskcompat)
urlpatterns = [path("identity/", include(mounted.urls))]


def _upload():
    return {"x": "1", "f": [_named(b"first", "a.txt"), _named(b"\x00second", "b.bin")]}


def _named(data, name):
    stream = io.BytesIO(data)
    stream.name = name
    return stream


def reads_post(get_response):
    """A Django middleware that reads ``request.POST`` before the view: Django parses the body."""

    def middleware(request):
        request.POST  # noqa: B018 (reading it is the point)
        return get_response(request)

    return middleware


@pytest.mark.urls(__name__)
def test_files_are_filestorage_under_djangos_csrf_check():
    client = Client(enforce_csrf_checks=True)
    token = client.get("/identity/token").content.decode()
    assert client.cookies.get("csrftoken")
    mounted.config.pop("SEEN", None)
    assert client.post("/identity/inspect?q=1", _upload()).status_code == 403  # no token: Django refuses
    assert "SEEN" not in mounted.config  # ... before the view runs
    r = client.post("/identity/inspect?q=1", {**_upload(), "csrfmiddlewaretoken": token}, HTTP_ACCEPT="text/html")
    assert r.status_code == 200 and r.content == b"ok"
    seen = mounted.config["SEEN"]
    assert seen["parsed_by_django"] is False  # the check read its token from Werkzeug's parse
    assert_werkzeug_request_types(seen, 2)
    assert seen["file_data"] == [
        ("a.txt", "text/plain", b"first"),
        ("b.bin", "application/octet-stream", b"\x00second"),
    ]
    assert seen["form_data"] == {"x": ["1"], "csrfmiddlewaretoken": [token]}


@pytest.mark.urls(__name__)
def test_files_are_filestorage_when_a_django_middleware_parsed_the_body():
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, f"{__name__}.reads_post"]):
        client = Client(enforce_csrf_checks=True)
        token = client.get("/identity/token").content.decode()
        r = client.post("/identity/inspect?q=1", {**_upload(), "csrfmiddlewaretoken": token}, HTTP_ACCEPT="text/html")
    assert r.status_code == 200 and r.content == b"ok"
    seen = mounted.config["SEEN"]
    assert seen["parsed_by_django"] is True  # Django's parse, handed over in Werkzeug's types
    assert_werkzeug_request_types(seen, 2)
    assert seen["file_data"] == [
        ("a.txt", "text/plain", b"first"),
        ("b.bin", "application/octet-stream", b"\x00second"),
    ]
    assert seen["form_data"] == {"x": ["1"], "csrfmiddlewaretoken": [token]}


@pytest.mark.urls(__name__)
def test_files_are_filestorage_when_werkzeug_parses_the_body():
    client = Client()  # no CSRF enforcement: Django never reads request.POST, Werkzeug parses
    r = client.post("/identity/inspect", _upload())
    assert r.status_code == 200
    seen = mounted.config["SEEN"]
    assert seen["parsed_by_django"] is False
    assert_werkzeug_request_types(seen, 2)
    assert [name for name, _, _ in seen["file_data"]] == ["a.txt", "b.bin"]
