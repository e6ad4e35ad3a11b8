"""Request bodies at the seam: chunked bodies, uploads closed with the request, Flask's limits.

* A chunked body (no Content-Length; the server de-chunks it and sets ``wsgi.input_terminated``,
  as gunicorn does) is read as Werkzeug reads it under Flask, MAX_CONTENT_LENGTH included.
  Django alone reads a missing length as 0.
* Every upload is closed when the request ends, whatever the method and whoever parsed it.
* Flask views get Flask's limits (MAX_CONTENT_LENGTH, MAX_FORM_MEMORY_SIZE, MAX_FORM_PARTS), in
  embedded and hosted mode; Django's DATA_UPLOAD_* defaults (1000 fields, 100 files) do not
  apply to them. ``OPTIONS *`` answers as on Flask.

This module is the URLconf of its hosted tests.
"""

from __future__ import annotations

import asyncio
import io
import json
import os

import flask as real_flask
import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler
from django.middleware.csrf import get_token
from django.test import Client, override_settings
from django.urls import include, path
from werkzeug.test import EnvironBuilder

import flaskcompat
from tests.differential import Differential
from tests.test_identity import reads_post
from tests.test_wrappers import multipart

from .subprocesses import run_python


def make_app(flask):
    app = flask.Flask("bodies")
    app.config["OPENED"] = opened = []

    @app.route("/token")
    def token():
        return get_token(flask.request.django_request)

    @app.route("/data", methods=["POST", "PUT"])
    def data():  # the form first, as Django's CSRF check reads it before the view
        form = flask.request.form.to_dict(flat=False)
        return {"form": form, "length": len(flask.request.get_data())}

    @app.route("/form", methods=["GET", "POST"])
    def form():
        r = flask.request
        return {
            "form": {k: len(v) for k, v in r.form.items()},
            "fields": len(r.form),
            "files": len(r.files),
            "args": len(r.args),
        }

    @app.route("/json", methods=["POST"])
    def json_view():
        return {"json": flask.request.json}

    @app.route("/stream", methods=["POST"])
    def stream():
        size = 0
        while chunk := flask.request.stream.read(7):
            size += len(chunk)
        return str(size)

    @app.route("/upload", methods=["POST", "PUT", "PATCH"])
    def upload():
        files = flask.request.files.getlist("f")
        opened.extend(f.stream for f in files)
        return str(sum(len(f.read()) for f in files))

    @app.route("/", methods=["GET", "OPTIONS"])
    def index():
        return "index"

    return app


hosted = make_app(flaskcompat)
urlpatterns = [path("bodies/", include(hosted.urls))]


def chunked_environ(path, body, content_type, method="POST"):
    """The environ a server gives a chunked request: de-chunked input, no Content-Length."""
    environ = EnvironBuilder(path=path, method=method, data=body, content_type=content_type).get_environ()
    del environ["CONTENT_LENGTH"]
    environ.update(HTTP_TRANSFER_ENCODING="chunked")
    environ.update({"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True})
    return environ


def call(application, environ):
    started = []
    body = b"".join(application(environ, lambda status, headers, exc_info=None: started.append(status)))
    return int(started[0].split()[0]), body


MP_BODY = multipart(("a", "x" * 50), ("f", "f.txt", b"y" * 40, "text/plain"))
CHUNKED = [
    ("/data", b"hello", "application/octet-stream"),
    ("/data", b"a=1&b=2&a=3", "application/x-www-form-urlencoded"),
    ("/data", MP_BODY["data"], MP_BODY["content_type"]),
    ("/json", b'{"k": [1, 2]}', "application/json"),
    ("/stream", b"z" * 300, "application/octet-stream"),
]
LIMITS = [None, 100, 1000]


@pytest.mark.django_db  # Django's own handlers: request_started closes old connections
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("limit", LIMITS)
@pytest.mark.parametrize(
    "where, body, content_type", CHUNKED, ids=["data", "urlencoded", "multipart", "json", "stream"]
)
def test_a_chunked_body_is_read_as_flask_reads_it(where, body, content_type, limit):
    """Through Django's WSGI handler (the project's URLconf and middleware: a token in the
    header) and through ``app(environ, ...)``, the same status and body as Flask's; past
    MAX_CONTENT_LENGTH Werkzeug's 413 (or its cut at the limit, for a single read)."""
    token_client = Client(enforce_csrf_checks=True)
    token = token_client.get("/bodies/token").content.decode()
    flask_app = make_app(real_flask)
    flask_app.config["MAX_CONTENT_LENGTH"] = hosted.config["MAX_CONTENT_LENGTH"] = limit
    try:
        theirs = call(flask_app, chunked_environ(where, body, content_type))
        csrf = {"HTTP_X_CSRFTOKEN": token, "HTTP_COOKIE": f"csrftoken={token_client.cookies['csrftoken'].value}"}
        through_django = call(WSGIHandler(), {**chunked_environ(f"/bodies{where}", body, content_type), **csrf})
        direct = call(hosted, {**chunked_environ(where, body, content_type), **csrf})
    finally:
        hosted.config["MAX_CONTENT_LENGTH"] = None
    assert through_django == direct == theirs
    if limit is None or limit >= len(body):
        assert theirs[0] == 200 and theirs[1] != b'{"form":{},"length":0}\n'  # the body was read


@pytest.mark.django_db  # Django's own handlers: request_started closes old connections
@pytest.mark.urls(__name__)
@override_settings(MIDDLEWARE=[])
def test_a_chunked_body_under_asgi():
    """Django's ASGI handler reads the whole body; with no Content-Length Flask still reads it."""
    body = b"a=1&b=2"
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/bodies/data",
        "query_string": b"",
        "headers": [(b"content-type", b"application/x-www-form-urlencoded"), (b"transfer-encoding", b"chunked")],
    }
    messages = iter(
        [
            {"type": "http.request", "body": body[:3], "more_body": True},
            {"type": "http.request", "body": body[3:], "more_body": False},
        ]
    )
    sent = []

    async def receive():
        message = next(messages, None)
        if message is None:  # Django listens for a disconnect while the view runs
            await asyncio.Event().wait()
        return message

    async def send(message):
        sent.append(message)

    async_to_sync(ASGIHandler())(scope, receive, send)
    assert sent[0]["status"] == 200
    content = b"".join(m.get("body", b"") for m in sent[1:])
    assert json.loads(content) == {"form": {"a": ["1"], "b": ["2"]}, "length": 0}  # the form read first


# -- uploads are closed when the request ends ----------------------------------------------

BIG = b"u" * 3_000_000  # past Werkzeug's in-memory spool (500 kB) and Django's (2.5 MB): temp files


def open_fds():
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("parsed_by", ["werkzeug", "django"])
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_uploads_are_closed_when_the_request_ends(method, parsed_by):
    middleware = [*settings.MIDDLEWARE, f"{reads_post.__module__}.reads_post"] if parsed_by == "django" else None
    with override_settings(**({"MIDDLEWARE": middleware} if middleware else {})):
        client = Client(enforce_csrf_checks=True)
        token = client.get("/bodies/token").content.decode()
        opened = hosted.config["OPENED"]
        opened.clear()
        body = multipart(*[("f", name, BIG, "application/octet-stream") for name in ("a.bin", "b.bin")])
        send = getattr(client, method)
        send("/bodies/upload", body["data"], content_type=body["content_type"], HTTP_X_CSRFTOKEN=token)  # warm up
        before = open_fds()
        for _ in range(5):
            opened.clear()
            r = send("/bodies/upload", body["data"], content_type=body["content_type"], HTTP_X_CSRFTOKEN=token)
            assert r.content == str(2 * len(BIG)).encode()
            assert len(opened) == 2 and all(stream.closed for stream in opened)  # no garbage collection needed
        assert open_fds() <= before


# -- Flask's limits -------------------------------------------------------------------------

MANY_FIELDS = "&".join(f"f{i}=v" for i in range(1500))
LIMIT_CASES = {
    "1500 query-string fields": ("GET", "/form?" + MANY_FIELDS, {}),
    "1500 urlencoded fields": (
        "POST",
        "/form",
        {"data": MANY_FIELDS, "content_type": "application/x-www-form-urlencoded"},
    ),
    "1500 multipart fields": ("POST", "/form", multipart(*[(f"f{i}", "v") for i in range(1500)])),
    "150 files": ("POST", "/form", multipart(*[(f"f{i}", f"{i}.txt", b"x", "text/plain") for i in range(150)])),
    "1 MB field name, urlencoded": (
        "POST",
        "/form",
        {"data": "n" * 1_000_000 + "=v", "content_type": "application/x-www-form-urlencoded"},
    ),
    "1 MB field name, multipart": ("POST", "/form", multipart(("n" * 1_000_000, "v"))),
    "1 MB field value, multipart": ("POST", "/form", multipart(("n", "v" * 1_000_000))),
}
EXPECTED_STATUS = {
    "1500 multipart fields": 413,  # Flask's MAX_FORM_PARTS (1000)
    "1 MB field name, urlencoded": 413,
    "1 MB field name, multipart": 413,
    "1 MB field value, multipart": 413,
}


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("case", LIMIT_CASES)
def test_flasks_limits_in_hosted_mode(case):
    """Django's DATA_UPLOAD_* defaults (1000 fields, 100 files, 2.5 MB) stay out of Flask views:
    the answer is Flask's, through the test client and mounted under the enforced CSRF check."""
    method, where, kwargs = LIMIT_CASES[case]
    d = Differential(make_app)
    ours = d.same(method, where, **kwargs)
    assert ours.status_code == EXPECTED_STATUS.get(case, 200)
    client = Client(enforce_csrf_checks=True)
    token = client.get("/bodies/token").content.decode()
    send = {"GET": client.get, "POST": client.post}[method]
    mounted = (
        send(f"/bodies{where}", kwargs.get("data"), content_type=kwargs.get("content_type", ""), HTTP_X_CSRFTOKEN=token)
        if method == "POST"
        else send(f"/bodies{where}")
    )
    theirs = make_app(real_flask).test_client().open(where, method=method, **kwargs)
    assert (mounted.status_code, mounted.content) == (theirs.status_code, theirs.get_data())


EMBEDDED_LIMITS = """
import json
import flask as real_flask
import flaskcompat
from flaskcompat.embedded import is_embedded
from tests.test_request_bodies import LIMIT_CASES, make_app, options_star

apps = {"flask": make_app(real_flask), "flaskcompat": make_app(flaskcompat)}
out = {}
for name, app in apps.items():
    client = app.test_client()
    for case, (method, where, kwargs) in LIMIT_CASES.items():
        r = client.open(where, method=method, **kwargs)
        out[f"{name} {case}"] = [r.status_code, r.get_data(as_text=True)]
    out[f"{name} OPTIONS *"] = options_star(app)
assert is_embedded()
print(json.dumps(out))
"""


def options_star(application):
    environ = EnvironBuilder(method="OPTIONS").get_environ()
    environ["PATH_INFO"] = "*"
    status, body = call(application, environ)
    return [status, body.decode()]


def test_flasks_limits_and_options_star_in_embedded_mode():
    out = json.loads(run_python(EMBEDDED_LIMITS).strip().splitlines()[-1])
    for case in [*LIMIT_CASES, "OPTIONS *"]:
        assert out[f"flaskcompat {case}"] == out[f"flask {case}"], case
    for case in LIMIT_CASES:
        assert out[f"flask {case}"][0] == EXPECTED_STATUS.get(case, 200), case


@pytest.mark.django_db  # Django's own handlers: request_started closes old connections
@pytest.mark.urls(__name__)
def test_options_star_answers_as_on_flask():
    theirs = options_star(make_app(real_flask))
    assert options_star(hosted) == theirs  # app(environ, ...): Django's handler serving the app
    assert theirs[0] == 404
    assert options_star(WSGIHandler())[0] == 404  # the project's URLconf: no URL is "*"
