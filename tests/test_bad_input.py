"""Bad input answers like Flask: malformed bodies, oversized bodies, missing keys, bad URL values.

Nothing half-parsed reaches a view: a damaged form body gives an empty form (so reading a
field is a 400, as in Flask), never the fields read before the damage.
"""

import io

import pytest
from django.test import override_settings

import flaskcompat
from tests.differential import Differential
from tests.test_wrappers import multipart


def make_app(flask):
    app = flask.Flask(__name__)

    @app.route("/form", methods=["POST", "PUT", "PATCH"])
    def form():
        r = flask.request
        return {"form": r.form.to_dict(flat=False),
                "files": {k: [f.filename for f in v] for k, v in r.files.to_dict(flat=False).items()},
                "data": r.get_data(as_text=True)[:100]}

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


@pytest.mark.parametrize("body, content_type", [
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
])
@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_malformed_forms(d, method, body, content_type):
    d.same(method, "/form", data=body, content_type=content_type)


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_invalid_utf8_in_urlencoded_forms(method):
    """Django's decoding, not Werkzeug's: Flask keeps ``%FF`` as is and drops a raw-byte body."""
    client = make_app(flaskcompat).test_client()
    rv = client.open("/form", method=method, data=b"a=%FF&b=%C3%A9", content_type="application/x-www-form-urlencoded")
    assert rv.json["form"] == {"a": ["\ufffd"], "b": ["é"]}
    rv = client.open("/form", method=method, data=b"a=\xe9", content_type="application/x-www-form-urlencoded")
    assert rv.json["form"] == {"a": ["é"]}  # read as Latin-1


@pytest.mark.parametrize("body", [GOOD, GOOD[:-4], b"garbage", b""])
def test_reading_a_field_of_a_damaged_form_is_a_400(d, body):
    d.same("POST", "/field", data=body, content_type=MP)


@pytest.mark.parametrize("body, content_type", [
    (b'{"a": 1}', "application/json"),
    (b"{bad json", "application/json"),
    (b"", "application/json"),
    (b'{"a": "\xff"}', "application/json"),  # not UTF-8
    (b'"\xef\xbb\xbfbom"', "application/json"),
    (b"[1, 2", "application/json; charset=utf-8"),
    (b'{"a": 1}', "text/plain"),  # 415
    (b'{"a": 1}', ""),
    (b"NaN", "application/json"),
])
def test_malformed_json(d, body, content_type):
    d.same("POST", "/json", data=body, content_type=content_type)


@pytest.mark.parametrize("path", [
    "/int/abc", "/int/-1", "/int/1.5", "/int/" + "9" * 30, "/float/1", "/float/abc", "/float/-1.5",
    "/uuid/not-a-uuid", "/uuid/12345678-1234-5678-1234-56781234567", "/int/%31", "/int/%zz",
])
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


@pytest.mark.parametrize("path, kwargs", [
    ("/data", {"data": b"x" * 101}),
    ("/data", {"data": b"x" * 100}),
    ("/stream", {"data": b"x" * 101}),
    ("/json", {"data": b"[" + b"1," * 60 + b"1]", "content_type": "application/json"}),
    ("/form", {"data": {"a": "x" * 200}}),
    ("/form", {"data": {"f": (io.BytesIO(b"x" * 200), "big.txt")}}),
    ("/form", {"data": {"a": "x" * 10}}),
])
def test_max_content_length(path, kwargs):
    limited_app({"MAX_CONTENT_LENGTH": 100}).same("POST", path, **kwargs)


@pytest.mark.parametrize("make_kwargs", [
    lambda: {"data": {"a": "x" * 100_001}},  # urlencoded: the whole body counts
    lambda: {"data": {"a": "x" * 50_000, "b": "x" * 49_990}},
    lambda: {"data": {"a": "x" * 100_001, "f": (io.BytesIO(b"y"), "f.txt")}},  # multipart: each field counts
    lambda: {"data": {"a": "x" * 60_000, "b": "x" * 60_000, "f": (io.BytesIO(b"y" * 200_000), "f.txt")}},
])
def test_max_form_memory_size(make_kwargs):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=None):
        limited_app({"MAX_FORM_MEMORY_SIZE": 100_000}).same("POST", "/form", **make_kwargs())


@pytest.mark.parametrize("fields", [3, 4])
def test_max_form_parts(fields):
    d = limited_app({"MAX_FORM_PARTS": 3})
    parts = [(f"f{i}", str(i)) for i in range(fields)]
    d.same("POST", "/form", **multipart(*parts))
    d.same("POST", "/form", data={f"f{i}": str(i) for i in range(fields)})  # urlencoded: no part limit


@pytest.mark.parametrize("setting, value, kwargs", [
    ("DATA_UPLOAD_MAX_MEMORY_SIZE", 100, {"path": "/data", "data": b"x" * 101}),
    ("DATA_UPLOAD_MAX_MEMORY_SIZE", 100, {"path": "/json", "data": b'"' + b"x" * 100 + b'"',
                                          "content_type": "application/json"}),
    ("DATA_UPLOAD_MAX_MEMORY_SIZE", 100, {"path": "/form", "data": {"a": "x" * 101}}),
    ("DATA_UPLOAD_MAX_MEMORY_SIZE", 100, {"path": "/form", "data": {"a": "x" * 101, "f": (io.BytesIO(b"."), "f")}}),
    ("DATA_UPLOAD_MAX_NUMBER_FIELDS", 3, {"path": "/form", "data": {f"f{i}": "v" for i in range(5)}}),
    ("DATA_UPLOAD_MAX_NUMBER_FIELDS", 3, {"path": "/args", "method": "GET", "query_string": "a=1&b=2&c=3&d=4"}),
    ("DATA_UPLOAD_MAX_NUMBER_FILES", 2, {"path": "/form", "data": {
        f"f{i}": (io.BytesIO(b"x"), f"{i}.txt") for i in range(3)}}),
])
def test_djangos_limits_answer_413(setting, value, kwargs):
    """Django's own upload limits, which Flask lacks, answer 413 like Flask's limits."""
    app = make_app(flaskcompat)
    kwargs = dict(kwargs)
    with override_settings(**{setting: value}):
        rv = app.test_client().open(kwargs.pop("path"), method=kwargs.pop("method", "POST"), **kwargs)
    assert rv.status_code == 413
    assert b"<title>413 Request Entity Too Large</title>" in rv.data


def test_limits_reach_error_handlers():
    def make(flask):
        app = make_app(flask)
        app.config["MAX_CONTENT_LENGTH"] = 10

        @app.errorhandler(413)
        def too_large(e):
            return {"error": "too large", "limit": flask.request.max_content_length}, 413

        return app

    Differential(make).same("POST", "/form", data={"a": "x" * 20})


@pytest.mark.parametrize("headers", [
    {"Content-Length": "abc"},
    {"Content-Length": "-5"},
    {"Content-Type": "application/json; charset=utf-8; boundary"},
])
def test_odd_headers(d, headers):
    d.same("POST", "/json", data=b"{}", headers=headers)
