"""Bad input answers like Flask: malformed bodies, oversized bodies, missing keys, bad URL values.

Nothing half-parsed reaches a view: a damaged form body gives an empty form (so reading a
field is a 400, as in Flask), never the fields read before the damage; also under Django's CSRF
check, which reads its token from Flask's form (see ``test_damaged_multipart_under_csrf``).
"""

import io
from urllib.parse import urlencode

import flask as real_flask
import pytest
from django.middleware.csrf import get_token
from django.test import Client, override_settings
from django.urls import include, path

import flaskcompat
from tests.differential import Differential
from tests.test_wrappers import multipart


def make_app(flask):
    app = flask.Flask(__name__)

    @app.route("/form", methods=["POST", "PUT", "PATCH"])
    def form():
        r = flask.request
        return {
            "form": r.form.to_dict(flat=False),
            "files": {k: [f.filename for f in v] for k, v in r.files.to_dict(flat=False).items()},
            "data": r.get_data(as_text=True)[:100],
        }

    @app.route("/field", methods=["POST"])
    def field():
        return flask.request.form["name"]

    @app.route("/json", methods=["POST"])
    def json_view():
        return {"json": flask.request.json}

    @app.route("/data", methods=["POST"])
    def data():
        return str(len(flask.request.get_data()))

    @app.route("/stream", methods=["POST"])
    def stream():
        return str(len(flask.request.stream.read()))

    @app.route("/args")
    def args():
        return {"args": flask.request.args.to_dict(flat=False)}

    @app.route("/int/<int:n>")
    def int_view(n):
        return str(n)

    @app.route("/float/<float:x>")
    def float_view(x):
        return repr(x)

    @app.route("/uuid/<uuid:u>")
    def uuid_view(u):
        return str(u)

    return app


@pytest.fixture(scope="module")
def d():
    return Differential(make_app)


GOOD = multipart(("name", "x"), ("f", "a.txt", b"data", "text/plain"))["data"]
MP = "multipart/form-data; boundary=BoUnDaRy"


@pytest.mark.parametrize(
    "body, content_type",
    [
        (GOOD, MP),
        (GOOD[:-4], MP),  # the closing delimiter cut short
        (GOOD[: GOOD.index(b"--BoUnDaRy--")], MP),  # no closing delimiter at all
        (GOOD[:50], MP),  # cut inside the first part's headers
        (b"not multipart at all", MP),
        (GOOD, "multipart/form-data"),  # no boundary
        (GOOD, "multipart/form-data; boundary=other"),  # the wrong boundary
        (GOOD.replace(b'Content-Disposition: form-data; name="name"', b"X-Nothing: here"), MP),  # no disposition
        (b"", MP),
        (b"a=1&a=2&b=%zz&&c=&=d&e", "application/x-www-form-urlencoded"),
        (b"a=1", "application/x-www-form-urlencoded; charset=latin-1"),
        (b"a=1", "text/plain"),
        (b"a=1", ""),
    ],
)
@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_malformed_forms(d, method, body, content_type):
    d.same(method, "/form", data=body, content_type=content_type)


@pytest.mark.parametrize("body", [b"a=%FF&b=%C3%A9", b"a=\xe9"])
@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_invalid_utf8_in_urlencoded_forms(d, method, body):
    """Werkzeug's decoding: ``%FF`` kept as is, a raw non-UTF-8 byte dropped."""
    d.same(method, "/form", data=body, content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("body", [GOOD, GOOD[:-4], b"garbage", b""])
def test_reading_a_field_of_a_damaged_form_is_a_400(d, body):
    d.same("POST", "/field", data=body, content_type=MP)


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b'{"a": 1}', "application/json"),
        (b"{bad json", "application/json"),
        (b"", "application/json"),
        (b'{"a": "\xff"}', "application/json"),  # not UTF-8
        (b'"\xef\xbb\xbfbom"', "application/json"),
        (b"[1, 2", "application/json; charset=utf-8"),
        (b'{"a": 1}', "text/plain"),  # 415
        (b'{"a": 1}', ""),
        (b"NaN", "application/json"),
    ],
)
def test_malformed_json(d, body, content_type):
    d.same("POST", "/json", data=body, content_type=content_type)


@pytest.mark.parametrize(
    "path",
    [
        "/int/abc",
        "/int/-1",
        "/int/1.5",
        "/int/" + "9" * 30,
        "/float/1",
        "/float/abc",
        "/float/-1.5",
        "/uuid/not-a-uuid",
        "/uuid/12345678-1234-5678-1234-56781234567",
        "/int/%31",
        "/int/%zz",
    ],
)
def test_bad_converter_values(d, path):
    d.same("GET", path)


@pytest.mark.parametrize("query", ["a=%zz&b=%", "a&b=&=c&&", "a=1;b=2", "a=" + "x" * 5000])
def test_odd_query_strings(d, query):
    d.same("GET", "/args", query_string=query)


def limited_app(config):
    def make(flask):
        app = make_app(flask)
        app.config.update(config)
        return app

    return Differential(make)


@pytest.mark.parametrize(
    "path, kwargs",
    [
        ("/data", {"data": b"x" * 101}),
        ("/data", {"data": b"x" * 100}),
        ("/stream", {"data": b"x" * 101}),
        ("/json", {"data": b"[" + b"1," * 60 + b"1]", "content_type": "application/json"}),
        ("/form", {"data": {"a": "x" * 200}}),
        ("/form", {"data": {"f": (io.BytesIO(b"x" * 200), "big.txt")}}),
        ("/form", {"data": {"a": "x" * 10}}),
    ],
)
def test_max_content_length(path, kwargs):
    limited_app({"MAX_CONTENT_LENGTH": 100}).same("POST", path, **kwargs)


@pytest.mark.parametrize(
    "make_kwargs",
    [
        lambda: {"data": {"a": "x" * 100_001}},  # urlencoded: the whole body counts
        lambda: {"data": {"a": "x" * 50_000, "b": "x" * 49_990}},
        lambda: {"data": {"a": "x" * 100_001, "f": (io.BytesIO(b"y"), "f.txt")}},  # multipart: each field counts
        lambda: {"data": {"a": "x" * 60_000, "b": "x" * 60_000, "f": (io.BytesIO(b"y" * 200_000), "f.txt")}},
    ],
)
def test_max_form_memory_size(make_kwargs):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=None):
        limited_app({"MAX_FORM_MEMORY_SIZE": 100_000}).same("POST", "/form", **make_kwargs())


@pytest.mark.parametrize("fields", [3, 4])
def test_max_form_parts(fields):
    d = limited_app({"MAX_FORM_PARTS": 3})
    parts = [(f"f{i}", str(i)) for i in range(fields)]
    d.same("POST", "/form", **multipart(*parts))
    d.same("POST", "/form", data={f"f{i}": str(i) for i in range(fields)})  # urlencoded: no part limit


# Under Django's CSRF check (hosted mode, the test client enforcing it), Django reads the token
# from Flask's own ``request.form``: the body is parsed once, by Werkzeug, under Flask's limits
# (``MAX_CONTENT_LENGTH``, ``MAX_FORM_MEMORY_SIZE``, ``MAX_FORM_PARTS``: 413, through the app's
# error handlers, before more than the limit is read), never under Django's ``DATA_UPLOAD_*``.
# Each case sends the same raw body to real Flask (which has no CSRF check: the token is a field).
def make_handled_app(flask):
    app = make_app(flask)

    @app.errorhandler(413)
    def too_large(e):
        return {"error": "too large"}, 413

    return app


guarded = make_app(flaskcompat)
guarded.add_url_rule("/token", "token", lambda: get_token(flaskcompat.request.django_request))
handled = make_handled_app(flaskcompat)
handled.add_url_rule("/token", "token", lambda: get_token(flaskcompat.request.django_request))
MOUNTED = {"guarded": (guarded, make_app), "handled": (handled, make_handled_app)}
urlpatterns = [path("guarded/", include(guarded.urls)), path("handled/", include(handled.urls))]


def csrf_client(mount="guarded"):
    client = Client(enforce_csrf_checks=True)
    return client, client.get(f"/{mount}/token").content.decode()


class CountingInput(io.BytesIO):
    """A ``wsgi.input`` that counts the bytes read from it."""

    def __init__(self, data):
        super().__init__(data)
        self.count = 0

    def read(self, size=-1, /):
        data = super().read(size)
        self.count += len(data)
        return data

    def readline(self, size=-1, /):
        data = super().readline(size)
        self.count += len(data)
        return data

    def readinto(self, buffer, /):
        count = super().readinto(buffer)
        self.count += count
        return count


def post_both(client, mount, config, body, content_type):
    """POST ``body`` to the mounted app (``client`` enforces the CSRF check) and to real Flask,
    both configured with ``config``; returns both responses and the bytes each read of the body."""
    app, make = MOUNTED[mount]
    saved = {key: app.config[key] for key in config}
    app.config.update(config)
    ours_input = CountingInput(body)
    try:
        ours = client.post(f"/{mount}/form", body, content_type=content_type, **{"wsgi.input": ours_input})
    finally:
        app.config.update(saved)
    theirs_app = make(real_flask)
    theirs_app.config.update(config)
    theirs_input = CountingInput(body)
    theirs = theirs_app.test_client().post(
        "/form", input_stream=theirs_input, content_length=len(body), content_type=content_type
    )
    return ours, theirs, ours_input.count, theirs_input.count


def assert_like_flask(ours, theirs):
    assert (ours.status_code, ours["Content-Type"]) == (theirs.status_code, theirs.content_type)
    assert ours.content == theirs.get_data()


def urlencoded(*pairs):
    return urlencode(pairs).encode(), "application/x-www-form-urlencoded"


def raw_multipart(*parts):
    body = multipart(*parts)
    return body["data"], body["content_type"]


def limit_cases(token):
    """``(config within the limit, config one byte or part under it, body, content type)``."""
    for encode in (urlencoded, raw_multipart):
        body, ctype = encode(("csrfmiddlewaretoken", token), ("a", "x" * 10))
        yield {"MAX_CONTENT_LENGTH": len(body)}, {"MAX_CONTENT_LENGTH": len(body) - 1}, body, ctype
    body, ctype = urlencoded(("csrfmiddlewaretoken", token), ("a", "x" * 100))  # the whole body counts
    yield {"MAX_FORM_MEMORY_SIZE": len(body)}, {"MAX_FORM_MEMORY_SIZE": len(body) - 1}, body, ctype
    body, ctype = raw_multipart(("csrfmiddlewaretoken", token), ("a", "x" * 100))  # the data buffered at once
    yield {"MAX_FORM_MEMORY_SIZE": len(body)}, {"MAX_FORM_MEMORY_SIZE": len(body) - 1}, body, ctype
    body, ctype = raw_multipart(("csrfmiddlewaretoken", token), ("a", "x"), ("f", "f.txt", b"y", "text/plain"))
    yield {"MAX_FORM_PARTS": 3}, {"MAX_FORM_PARTS": 2}, body, ctype


LIMIT_IDS = [
    "content-length-urlencoded",
    "content-length-multipart",
    "form-memory-urlencoded",
    "form-memory-multipart",
    "form-parts",
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("mount", ["guarded", "handled"])
@pytest.mark.parametrize("case", range(len(LIMIT_IDS)), ids=LIMIT_IDS)
def test_flasks_limits_answer_413_under_csrf(mount, case):
    """At the limit the token is read and the view runs; one byte (or part) over it, the answer
    is Flask's 413, through the app's 413 error handler, exactly as Flask answers the body."""
    client, token = csrf_client(mount)
    within, over, body, ctype = list(limit_cases(token))[case]
    ours, theirs, _, _ = post_both(client, mount, within, body, ctype)
    assert ours.status_code == 200 and ours.json()["form"]["csrfmiddlewaretoken"] == [token]
    assert_like_flask(ours, theirs)
    ours, theirs, _, _ = post_both(client, mount, over, body, ctype)
    assert ours.status_code == 413
    assert_like_flask(ours, theirs)
    if mount == "handled":
        assert ours.json() == {"error": "too large"}
    else:
        assert b"<title>413 Request Entity Too Large</title>" in ours.content


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("mount", ["guarded", "handled"])
@pytest.mark.parametrize("encode", [urlencoded, raw_multipart], ids=["urlencoded", "multipart"])
def test_a_large_body_over_max_content_length_is_not_read(mount, encode):
    """413 from the Content-Length alone: not a byte more than the limit is read of the body."""
    client, token = csrf_client(mount)
    body, ctype = encode(("csrfmiddlewaretoken", token), ("a", "x" * 2_000_000))
    ours, theirs, ours_read, theirs_read = post_both(client, mount, {"MAX_CONTENT_LENGTH": 1000}, body, ctype)
    assert ours.status_code == 413
    assert_like_flask(ours, theirs)
    assert ours_read <= 1000 and ours_read == theirs_read


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("mount", ["guarded", "handled"])
def test_a_large_multipart_field_stops_the_read_at_max_form_memory_size(mount):
    """Werkzeug's parser stops at the field over the limit: the rest of the body stays unread,
    as much of it as in Flask."""
    client, token = csrf_client(mount)
    body, ctype = raw_multipart(("csrfmiddlewaretoken", token), ("a", "x" * 2_000_000), ("b", "after"))
    ours, theirs, ours_read, theirs_read = post_both(client, mount, {"MAX_FORM_MEMORY_SIZE": 1000}, body, ctype)
    assert ours.status_code == 413
    assert_like_flask(ours, theirs)
    assert ours_read == theirs_read and ours_read < len(body) // 10


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "setting, value, parts, encode",
    [
        ("DATA_UPLOAD_MAX_MEMORY_SIZE", 100, [("a", "x" * 101)], urlencoded),
        ("DATA_UPLOAD_MAX_MEMORY_SIZE", 100, [("a", "x" * 101), ("f", "f.txt", b"y", "text/plain")], raw_multipart),
        ("DATA_UPLOAD_MAX_NUMBER_FIELDS", 3, [(f"f{i}", "v") for i in range(5)], urlencoded),
        ("DATA_UPLOAD_MAX_NUMBER_FIELDS", 3, [(f"f{i}", "v") for i in range(5)], raw_multipart),
        (
            "DATA_UPLOAD_MAX_NUMBER_FILES",
            2,
            [(f"f{i}", f"{i}.txt", b"x", "text/plain") for i in range(3)],
            raw_multipart,
        ),
    ],
)
def test_djangos_upload_limits_do_not_apply_to_flask_views(setting, value, parts, encode):
    """Django never parses a Flask view's body, so its ``DATA_UPLOAD_*`` limits do not apply
    (Flask's do, above): the answer is Flask's for the same body."""
    client, token = csrf_client()
    body, ctype = encode(("csrfmiddlewaretoken", token), *parts)
    with override_settings(**{setting: value}):
        ours, theirs, _, _ = post_both(client, "guarded", {}, body, ctype)
    assert ours.status_code == 200 and ours.json()["form"]["csrfmiddlewaretoken"] == [token]
    assert_like_flask(ours, theirs)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "body",
    [
        GOOD[:50],
        b"not multipart at all",
        b"",
        GOOD[:-4],
        GOOD[: GOOD.index(b"--BoUnDaRy--")],  # the closing delimiter cut short or missing
    ],
)
def test_damaged_multipart_under_csrf(body):
    """A damaged multipart body is Flask's empty form (Werkzeug drops what it read before the
    damage): the token can then only come from the header, and the view sees Flask's form."""
    client, token = csrf_client()
    assert client.post("/guarded/form", body, content_type=MP).status_code == 403  # no token to be read
    ours = client.post("/guarded/form", body, content_type=MP, HTTP_X_CSRFTOKEN=token)
    theirs = make_app(real_flask).test_client().post("/form", data=body, content_type=MP)
    assert ours.status_code == 200
    assert_like_flask(ours, theirs)


@pytest.mark.urls(__name__)
def test_a_token_before_the_damage_is_not_read():
    """Werkzeug keeps nothing of a multipart body whose closing delimiter is missing, the token
    field read before it included: 403, where Django's own parser would have kept the token."""
    client, token = csrf_client()
    body = multipart(("csrfmiddlewaretoken", token), ("name", "x"))["data"]
    damaged = body[: body.index(b"--BoUnDaRy--")]
    assert client.post("/guarded/form", body, content_type=MP).status_code == 200
    assert client.post("/guarded/form", damaged, content_type=MP).status_code == 403
    assert make_app(real_flask).test_client().post("/form", data=damaged, content_type=MP).json["form"] == {}
