"""The request data structures a view reads behave as in Flask, whoever parsed the body.

``request.form``, ``request.files``, ``request.values`` and ``request.args`` are Werkzeug's
``ImmutableMultiDict``/``CombinedMultiDict`` of ``FileStorage`` (tests/test_identity.py checks
the types). Werkzeug parses the body, also under Django's CSRF check (which reads its token from
Flask's ``request.form``), except when some other Django middleware read ``request.POST`` before
the view: then the bridge hands Django's parse over in Werkzeug's types, and a view must not see
a difference. Each case sends the same raw multipart body to real Flask and to flaskcompat
(through its test client, and mounted in Django with the CSRF check enforced, with and without
such a middleware). This module is the URLconf of the mounted tests (``pytest.mark.urls(__name__)``).
"""

import io

import flask as real_flask
import pytest
from django.conf import settings
from django.middleware.csrf import get_token
from django.test import Client, override_settings
from django.urls import include, path

import flaskcompat
from flaskcompat import internals
from tests.differential import Differential


def describe_file(f):
    saved = io.BytesIO()
    f.save(saved)
    return {
        "filename": f.filename,
        "name": f.name,
        "content_type": f.content_type,
        "mimetype": f.mimetype,
        "mimetype_params": f.mimetype_params,
        "content_length": f.content_length,
        "headers": list(f.headers),
        "bool": bool(f),
        "data": saved.getvalue().decode("latin-1"),
    }


def outcome(fn):
    try:
        return ["ok", fn()]
    except Exception as exc:  # the outcome IS the exception
        return ["raises", type(exc).__name__, isinstance(exc, KeyError)]


def make_app(flask):
    app = flask.Flask("datastructures")

    @app.route("/token")
    def token():
        return get_token(flask.request.django_request)

    @app.route("/form", methods=["POST"])
    def form():
        r = flask.request
        return {
            "form_lists": [[k, v] for k, v in r.form.lists()],
            "form_items": [list(x) for x in r.form.items(multi=True)],
            "form_flat": r.form.to_dict(),
            "first": r.form.get("a"),
            "typed": r.form.getlist("n", type=int),
            "bad_type": r.form.get("a", -1, type=int),
            "values": r.values.to_dict(flat=False),
            "values_a": r.values.getlist("a"),
            "args": r.args.to_dict(flat=False),
            "contains": ["a" in r.form, "f" in r.files, "nope" in r.form],
            "files": {name: [describe_file(f) for f in r.files.getlist(name)] for name in r.files},
            "missing_form": outcome(lambda: r.form["nope"]),
            "missing_file": outcome(lambda: r.files["nope"]),
            "immutable": outcome(lambda: r.form.add("x", "y")),
            "immutable_files": outcome(lambda: r.files.setlist("x", [])),
            "copy": outcome(lambda: sorted(r.form.copy().to_dict())),
        }

    @app.route("/parsed-by", methods=["POST"])
    def parsed_by():
        request = flask.request.django_request
        return "django" if internals.body_parsed_by_django(request) else "werkzeug"

    return app


def multipart(*parts, boundary="dAtAsTrUcTuReS"):
    """A raw multipart body: ``(name, value)`` fields and ``(name, filename, content, content_type)``
    files (raw, so both frameworks get the very same bytes)."""
    chunks = []
    for part in parts:
        chunks.append(f"--{boundary}\r\n".encode())
        if len(part) == 2:
            chunks.append(
                f'Content-Disposition: form-data; name="{part[0]}"\r\n\r\n'.encode() + part[1].encode() + b"\r\n"
            )
        else:
            name, filename, content, ctype = part
            chunks.append(
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'.encode()
                + (f"Content-Type: {ctype}\r\n" if ctype else "").encode()
                + b"\r\n"
                + content
                + b"\r\n"
            )
    chunks.append(f"--{boundary}--\r\n".encode())
    return {"data": b"".join(chunks), "content_type": f"multipart/form-data; boundary={boundary}"}


BODIES = {
    "multi-valued fields": [("a", "1"), ("b", "x"), ("a", "2"), ("n", "3"), ("n", "zz"), ("n", "4")],
    "unicode": [("naïve", "résumé ✓"), ("a", "日本")],
    "files with parameters": [
        ("f", "a.txt", b"one", "text/plain; charset=utf-8"),
        ("g", "b.csv", b"x,y", "text/csv; header=present; charset=latin-1"),
        ("a", "field"),
    ],
    "repeated file field": [
        ("f", "one.bin", b"\x00\x01", "application/octet-stream"),
        ("f", "two.txt", b"two", "text/plain"),
        ("f", "three.json", b"{}", "application/json"),
    ],
    "file without content type": [("f", "plain", b"raw", None)],
    "names needing quotes": [("f", "my file (1).txt", b"spaces", "text/plain")],
    "empty form": [],
}


@pytest.fixture(scope="module")
def diff():
    return Differential(make_app)


@pytest.mark.parametrize("parts", BODIES.values(), ids=list(BODIES))
def test_werkzeug_parsed_structures_match_flask(diff, parts):
    diff.same("POST", "/form?a=q&z=1", **multipart(*parts))
    assert diff.compat_client.post("/parsed-by", **multipart(*parts)).data == b"werkzeug"


mounted = make_app(flaskcompat)
urlpatterns = [path("ds/", include(mounted.urls))]


def reads_post(get_response):
    """A Django middleware that reads ``request.POST`` before the view: Django parses the body."""

    def middleware(request):
        request.POST  # noqa: B018 (reading it is the point)
        return get_response(request)

    return middleware


#: who parses a mounted app's body under the enforced CSRF check, and the MIDDLEWARE that makes it so
PARSERS = {
    "werkzeug": lambda: settings.MIDDLEWARE,
    "django": lambda: [*settings.MIDDLEWARE, f"{__name__}.reads_post"],
}


@pytest.fixture(params=list(PARSERS))
def csrf_client(request):
    """``(client, token, parser)``: a client enforcing Django's CSRF check, with its token."""
    with override_settings(MIDDLEWARE=PARSERS[request.param]()):
        client = Client(enforce_csrf_checks=True)
        token = client.get("/ds/token").content.decode()
        yield client, token, request.param


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("parts", BODIES.values(), ids=list(BODIES))
def test_structures_under_the_csrf_check_match_flask(csrf_client, parts):
    """The check reads its token from Werkzeug's parse; a middleware that read ``request.POST``
    first leaves Django's parse, which the view gets in Werkzeug's types: either way, Flask's."""
    client, token, parser = csrf_client
    body = multipart(("csrfmiddlewaretoken", token), *parts)
    assert client.post("/ds/parsed-by", body["data"], content_type=body["content_type"]).content == parser.encode()
    ours = client.post("/ds/form?a=q&z=1", body["data"], content_type=body["content_type"])
    theirs = (
        make_app(real_flask).test_client().post("/form?a=q&z=1", **multipart(("csrfmiddlewaretoken", token), *parts))
    )
    assert ours.status_code == theirs.status_code == 200
    assert ours.json() == theirs.json


@pytest.mark.urls(__name__)
def test_a_large_upload_is_the_upload_content(csrf_client):
    client, token, parser = csrf_client
    big = bytes(range(256)) * 12000  # over FILE_UPLOAD_MAX_MEMORY_SIZE: Django spools it to disk
    body = multipart(("csrfmiddlewaretoken", token), ("f", "big.bin", big, "application/octet-stream"))
    assert client.post("/ds/parsed-by", body["data"], content_type=body["content_type"]).content == parser.encode()
    r = client.post("/ds/form", body["data"], content_type=body["content_type"])
    described = r.json()["files"]["f"][0]
    assert described["data"].encode("latin-1") == big
    assert described["content_length"] == 0 and described["filename"] == "big.bin"
