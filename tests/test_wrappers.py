"""Request and Response behave as Flask's, and stay a Django HttpRequest/HttpResponse underneath."""

import asyncio
import io
import json
from datetime import UTC, datetime

import flask as real_flask
import pytest
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test import Client, override_settings
from django.urls import include
from django.urls import path as django_path
from werkzeug.datastructures import FileStorage, Headers, WWWAuthenticate
from werkzeug.utils import secure_filename

import flaskcompat
from tests.differential import Differential, assert_same


def dump(value):
    """A JSON-friendly rendering of request attribute values (multi-dicts with all values)."""
    if hasattr(value, "to_dict"):
        return {k: [dump(v) for v in vs] for k, vs in value.to_dict(flat=False).items()}
    if isinstance(value, FileStorage) or type(value).__name__ == "FileStorage":
        return {
            "filename": value.filename,
            "name": value.name,
            "content_type": value.content_type,
            "mimetype": value.mimetype,
            "data": value.read().decode(),
        }
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [dump(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def make_request_app(flask):
    app = flask.Flask(__name__)

    @app.route("/attrs/<path:sub>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def attrs(sub):
        r = flask.request
        names = [
            "method",
            "path",
            "full_path",
            "script_root",
            "url",
            "base_url",
            "url_root",
            "host_url",
            "host",
            "scheme",
            "is_secure",
            "remote_addr",
            "access_route",
            "referrer",
            "content_type",
            "mimetype",
            "mimetype_params",
            "content_length",
            "endpoint",
            "view_args",
            "blueprint",
            "is_json",
            "if_modified_since",
            "if_unmodified_since",
            "max_content_length",
            "origin",
            "content_encoding",
            "date",
            "max_forwards",
            "query_string",
        ]
        out = {name: dump(getattr(r, name)) for name in names}
        out["url_rule"] = r.url_rule.rule
        out["user_agent"] = r.user_agent.string if r.user_agent.string.startswith("UA/") else "test client's"
        out["authorization"] = dump(
            r.authorization
            and (r.authorization.type, r.authorization.username, r.authorization.password, r.authorization.token)
        )
        out["accept"] = [list(x) for x in r.accept_mimetypes]
        out["accept_html"] = r.accept_mimetypes.accept_html
        out["best_lang"] = r.accept_languages.best_match(["en", "fr", "de"])
        out["cache_control"] = [r.cache_control.no_cache, r.cache_control.max_age]
        out["if_none_match"] = sorted(r.if_none_match.as_set(include_weak=True))
        out["range"] = r.range and r.range.to_header()
        out["if_range"] = r.if_range.to_header()
        out["headers"] = sorted(k.lower() for k, _ in r.headers if k.lower() not in ("cookie", "content-length"))
        out["x_custom"] = r.headers.getlist("X-Custom")
        out["pragma"] = [list(r.pragma), "NO-CACHE" in r.pragma]
        out["acr_headers"] = r.access_control_request_headers and list(r.access_control_request_headers)
        return out

    @app.route("/multi", methods=["GET", "POST", "PUT"])
    def multi():
        r = flask.request
        return {
            "args": dump(r.args),
            "form": dump(r.form),
            "values": dump(r.values),
            "first": r.args.get("a"),
            "typed": r.args.get("n", type=int),
            "bad_type": r.args.get("a", -1, type=int),
            "list": r.args.getlist("a"),
            "typed_list": r.values.getlist("n", type=int),
            "items": [list(x) for x in r.args.items(multi=True)],
            "flat": r.args.to_dict(),
            "cookies": dump(r.cookies),
            "data": r.get_data(as_text=True),
        }

    @app.route("/upload", methods=["POST", "PUT"])
    def upload():
        files = {k: [dump(f) for f in v] for k, v in flask.request.files.to_dict(flat=False).items()}
        return {"files": files, "form": dump(flask.request.form)}

    @app.route("/body", methods=["POST", "PUT"])
    def body():
        r = flask.request
        order = r.args.get("order", "data")
        out = {}
        for step in order.split(","):
            if step == "data":
                out["data"] = r.data.decode()
            elif step == "get_data":
                out.setdefault("get_data", []).append(r.get_data(as_text=True))
            elif step == "form":
                out["form"] = dump(r.form)
            elif step == "stream":
                out["stream"] = r.stream.read().decode()
            elif step == "json":
                out["json"] = r.get_json(silent=True)
        return out

    @app.route("/json", methods=["POST"])
    def json_view():
        r = flask.request
        mode = r.args.get("mode", "json")
        if mode == "force":
            return {"v": r.get_json(force=True)}
        if mode == "silent":
            return {"v": r.get_json(silent=True), "again": r.get_json(silent=True)}
        return {"v": r.json, "is_json": r.is_json}

    return app


@pytest.fixture(scope="module")
def req():
    return Differential(make_request_app)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"query_string": "a=1&a=2&b=%C3%A9&c"},
        {"base_url": "https://example.com:8443/mount/"},
        {"base_url": "http://example.com:80/"},
        {
            "headers": {
                "Referer": "http://x/",
                "X-Forwarded-For": "1.2.3.4, 5.6.7.8",
                "User-Agent": "UA/1",
                "Accept": "text/html;q=0.9, application/json",
                "Accept-Language": "fr;q=0.8, de",
                "Cache-Control": "no-cache, max-age=5",
                "If-None-Match": 'W/"a", "b"',
                "If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT",
                "Range": "bytes=0-9",
                "If-Range": '"tag"',
                "Origin": "http://o",
                "Date": "Wed, 21 Oct 2015 07:28:00 GMT",
                "Max-Forwards": "3",
                "Content-Encoding": "gzip",
            }
        },
        {"headers": [("X-Custom", "1"), ("X-Custom", "2")]},
        {"headers": {"Pragma": "no-cache, x=y", "Access-Control-Request-Headers": "X-A, content-type"}},
        {"headers": {"Authorization": "Basic dXNlcjpwYXNz"}},
        {"headers": {"Authorization": "Bearer tok123"}},
        {"method": "POST", "data": {"x": "1"}},
        {"method": "PUT", "json": {"x": 1}},
        {"method": "POST", "data": b"raw", "content_type": "text/plain; charset=latin-1"},
    ],
)
def test_request_attributes(req, kwargs):
    kwargs = dict(kwargs)
    req.same(kwargs.pop("method", "GET"), "/attrs/some/thing%20here", **kwargs)


@pytest.mark.parametrize(
    "method, kwargs",
    [
        ("GET", {"query_string": "a=x&a=y&n=3&n=bad&n=4&z="}),
        ("POST", {"query_string": "a=1&n=1", "data": {"a": ["2", "3"], "n": "5"}}),
        ("PUT", {"query_string": "a=1", "data": {"a": "put"}}),  # Django parses POST only; Flask any method
        ("GET", {"query_string": "a=1", "data": {"a": "ignored"}}),  # values ignores a GET body
        ("GET", {"headers": {"Cookie": 'a=1; b="x\\"y"; a=2; c=%20; d="\\303\\251"'}}),
    ],
)
def test_multidicts(req, method, kwargs):
    req.same(method, "/multi", **kwargs)


def test_missing_keys_are_400_and_key_errors():
    def make_app(flask):
        app = flask.Flask(__name__)

        @app.route("/<where>", methods=["GET", "POST"])
        def missing(where):
            source = getattr(flask.request, where)
            try:
                source["nope"]
            except KeyError as e:
                caught = type(e).__name__
            return caught + str(source["nope"])

        return app

    d = Differential(make_app)
    # (headers too raise a 400 KeyError here; Werkzeug's EnvironHeaders leaks a plain KeyError: 500)
    for where in ("args", "form", "files", "values", "cookies"):
        d.same("POST", f"/{where}", data={"x": "1"})
    d.flask_app.debug = d.compat_app.debug = True
    for client in (d.flask_client, d.compat_client):  # debug: the error reaches the debugger
        with pytest.raises(KeyError, match="nope"):
            client.get("/form")
    for app in (d.flask_app, d.compat_app):
        app.config["TRAP_BAD_REQUEST_ERRORS"] = False
    for where in ("args", "form", "values"):  # not trapped: the 400 page names the key
        assert b"KeyError: &#39;nope&#39;" in d.same("GET", f"/{where}").data


def multipart(*parts, boundary="BoUnDaRy"):
    """A raw multipart body: ``(name, value)`` fields and ``(name, filename, content, type)`` files.

    Raw, because test clients rewrite file names (Django's drops folders and names empty ones).
    """
    chunks = []
    for part in parts:
        chunks.append(f"--{boundary}\r\n".encode())
        if len(part) == 2:
            chunks.append(f'Content-Disposition: form-data; name="{part[0]}"\r\n\r\n{part[1]}\r\n'.encode())
        else:
            name, filename, content, ctype = part
            chunks.append(
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {ctype}\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
    chunks.append(f"--{boundary}--\r\n".encode())
    return {"data": b"".join(chunks), "content_type": f"multipart/form-data; boundary={boundary}"}


@pytest.mark.parametrize(
    "make_data",
    [
        lambda: {"the_file": (io.BytesIO(b"hello"), "hello.txt")},
        lambda: {"the_file": (io.BytesIO(b"\x00\x01"), "image.png", "image/png")},
        lambda: {
            "a": (io.BytesIO(b"1"), "one.txt"),
            "field": "value",
            "b": [(io.BytesIO(b"2"), "two.txt"), (io.BytesIO(b"3"), "t r e.txt")],
        },
        lambda: {"the_file": (io.BytesIO("é".encode()), "naïve résumé.txt")},
    ],
)
@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_files(req, make_data, method):
    ours = req.compat_client.open("/upload", method=method, data=make_data())
    theirs = req.flask_client.open("/upload", method=method, data=make_data())
    assert_same(ours, theirs, label=f"{method} /upload")


@pytest.mark.parametrize(
    "parts",
    [
        [("the_file", "", b"", "application/octet-stream"), ("other", "x")],  # a file input left empty
        [("f", "../../etc/passwd", b"x", "text/plain")],  # the name as sent: secure_filename() is the app's job
        [
            ("f", "C:\\Users\\me\\a.txt", b"x", "text/plain"),
            ("f", "", b"", "text/plain"),
            ("f", "b.txt", b"y", "text/plain"),
        ],
        [("a", "1"), ("f", "..", b"kept", "text/plain")],  # Werkzeug keeps a file named "..", as in Flask
    ],
)
def test_raw_multipart(req, parts):
    req.same("POST", "/upload", **multipart(*parts))


# Under Django's CSRF check, the token is read from Flask's ``request.form``: Werkzeug parses the
# body, once, and the view sees exactly what Flask gives. Only when another Django middleware
# read ``request.POST`` before the view is the form Django's parse, in Werkzeug's types.
csrf_parsed = make_request_app(flaskcompat)
csrf_parsed.add_url_rule("/token", "token", lambda: get_token(flaskcompat.request.django_request))


def reads_post(get_response):
    """A Django middleware that reads ``request.POST`` before the view: Django parses the body."""

    def middleware(request):
        request.POST  # noqa: B018 (reading it is the point)
        return get_response(request)

    return middleware


def _post_under_csrf(middleware, *parts):
    """POST ``parts`` (the token first) to the mounted app under the enforced CSRF check, and
    the same raw body to real Flask; returns both answers and the token."""
    with override_settings(MIDDLEWARE=middleware):
        client = Client(enforce_csrf_checks=True)
        token = client.get("/parsed/token").content.decode()
        body = multipart(("csrfmiddlewaretoken", token), *parts)
        r = client.post("/parsed/upload", body["data"], content_type=body["content_type"])
    expected = make_request_app(real_flask).test_client().post("/upload", **body)
    assert r.status_code == expected.status_code == 200
    return r.json(), expected.json, token


UPLOAD_PARTS = [
    ("a", "1"),
    ("a", "2"),
    ("f", "x.txt", b"one", "text/plain"),
    ("f", "y.bin", b"\x00two", "application/octet-stream"),
    ("n", "naïve.txt", b"3", "text/csv"),
]
# Two parts Django's parser reads otherwise than Werkzeug: a file input left empty (filename="")
# and a file named only with dots.
ODD_PARTS = [("e", "", b"", "text/plain"), ("g", "..", b"x", "text/plain")]


@pytest.mark.urls("tests.test_wrappers")
def test_form_and_files_under_djangos_csrf_check(settings):
    ours, expected, _ = _post_under_csrf(settings.MIDDLEWARE, *UPLOAD_PARTS)
    assert ours == expected  # what Flask answers for the same body
    assert expected["form"]["a"] == ["1", "2"] and len(expected["files"]["f"]) == 2
    ours, expected, _ = _post_under_csrf(settings.MIDDLEWARE, *ODD_PARTS)
    assert ours == expected  # Werkzeug's parse: the empty file input and ".." kept, as in Flask
    assert [f["filename"] for f in expected["files"]["e"] + expected["files"]["g"]] == ["", ".."]


@pytest.mark.urls("tests.test_wrappers")
def test_form_and_files_parsed_by_a_django_middleware(settings):
    middleware = [*settings.MIDDLEWARE, "tests.test_wrappers.reads_post"]
    ours, expected, _ = _post_under_csrf(middleware, *UPLOAD_PARTS)
    assert ours == expected  # Django's parse, handed over as Flask's form and files
    # Django's parse differs on the odd parts: the empty file input is a form field, ".." is dropped.
    ours, _, token = _post_under_csrf(middleware, *ODD_PARTS)
    assert ours == {"files": {}, "form": {"csrfmiddlewaretoken": [token], "e": [""]}}


def test_file_storage_save_and_secure_filename(tmp_path):
    app = flaskcompat.Flask(__name__)

    @app.route("/upload", methods=["POST"])
    def upload_file():  # the quickstart's upload example
        f = flaskcompat.request.files["the_file"]
        f.save(str(tmp_path / secure_filename(f.filename)))
        return f"{f.name} {f.filename} {f.mimetype}"

    rv = app.test_client().post("/upload", **multipart(("the_file", "../my file.txt", b"data", "text/plain")))
    assert rv.text == "the_file ../my file.txt text/plain"
    assert (tmp_path / "my_file.txt").read_bytes() == b"data"


@pytest.mark.parametrize(
    "order, kwargs",
    [
        ("data", {"data": {"a": "1"}}),  # form body: data is empty, like Werkzeug's consumed stream
        ("get_data,form,get_data", {"data": {"a": "1"}}),  # cached first: form parses the cache
        ("form,get_data", {"data": {"a": "1"}}),
        ("form,get_data", {"data": {"f": (io.BytesIO(b"x"), "x.txt")}}),
        ("data,json", {"json": {"a": [1, 2]}}),
        ("stream,get_data", {"data": b"raw bytes", "content_type": "application/octet-stream"}),
        ("get_data,stream", {"data": b"raw bytes", "content_type": "application/octet-stream"}),
        ("form,data", {"data": b"raw", "content_type": "text/plain"}),
    ],
)
def test_body_reads_in_any_order(req, order, kwargs):
    req.same("POST", "/body", query_string={"order": order}, **kwargs)
    req.same("PUT", "/body", query_string={"order": order}, **kwargs)


@pytest.mark.parametrize(
    "mode, kwargs",
    [
        ("json", {"json": {"b": 1, "a": "é"}}),
        ("json", {"data": "[1, 2]", "content_type": "application/vnd.api+json"}),
        ("json", {"data": "{bad", "content_type": "application/json"}),  # 400, message only in debug
        ("json", {"data": "{}", "content_type": "text/plain"}),  # 415
        ("force", {"data": '{"a": 1}', "content_type": "text/plain"}),
        ("silent", {"data": "{bad", "content_type": "application/json"}),
        ("silent", {"data": "{}", "content_type": "text/plain"}),
    ],
)
def test_get_json(req, mode, kwargs):
    req.same("POST", "/json", query_string={"mode": mode}, **kwargs)


def test_get_json_errors_in_debug():
    d = Differential(make_request_app)
    d.flask_app.debug = d.compat_app.debug = True
    d.flask_app.config["PROPAGATE_EXCEPTIONS"] = d.compat_app.config["PROPAGATE_EXCEPTIONS"] = False
    d.same("POST", "/json", data="{bad", content_type="application/json")


def test_request_falls_through_to_django():
    app = flaskcompat.Flask(__name__)

    @app.route("/")
    def index():
        r = flaskcompat.request
        return f"{r.user.is_authenticated} {r.django_request.path} {r.META['REQUEST_METHOD']} {r.COOKIES}"

    assert app.test_client().get("/").text == "False / GET {}"


def test_request_max_content_length_per_request():
    app = flaskcompat.Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 100

    @app.route("/small", methods=["POST"])
    def small():
        flaskcompat.request.max_content_length = 3
        return flaskcompat.request.get_data()

    @app.route("/big", methods=["POST"])
    def big():
        return str(len(flaskcompat.request.get_data()))

    client = app.test_client()
    assert client.post("/small", data=b"abcd").status_code == 413
    assert client.post("/big", data=b"a" * 100).text == "100"
    assert client.post("/big", data=b"a" * 101).status_code == 413


# -- Response ---------------------------------------------------------------------------------


def make_response_app(flask):
    app = flask.Flask(__name__)

    @app.route("/status/<kind>")
    def status(kind):
        r = flask.Response("body")
        value = {"int": 201, "str": "299 CUSTOM REASON", "code-only": "404", "reason-only": "weird", "unknown": 599}[
            kind
        ]
        if kind == "int":
            r.status_code = value
        else:
            r.status = value
        return r

    @app.route("/mimetype/<path:mt>")
    def mimetype(mt):
        return flask.Response("x", mimetype=mt)

    @app.route("/props")
    def props():
        r = flask.Response("x", headers={"X-A": "1"}, content_type="text/plain; charset=latin-1")
        r.headers.add("X-A", "2")
        r.location = "/elsewhere/é"
        r.cache_control.max_age = 30
        r.cache_control.public = True
        r.expires = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
        r.last_modified = datetime(2020, 1, 2, 3, 4, 5)
        r.set_etag("abc", weak=True)
        r.content_encoding = "identity"
        r.mimetype = "application/xml"
        r.headers["X-State"] = repr(
            (
                r.status,
                r.mimetype,
                dict(r.mimetype_params),
                r.get_etag(),
                r.is_json,
                r.cache_control.max_age,
                r.last_modified.isoformat(),
            )
        )
        return r

    @app.route("/data")
    def data():
        r = flask.make_response("start")
        r.set_data("replaced é")
        r.data = r.data + b"!"
        r.headers["X-Text"] = repr((r.get_data(as_text=True), r.content_length, r.is_sequence, r.is_streamed))
        return r

    @app.route("/stream-write")
    def stream_write():
        r = flask.Response()
        r.stream.write(b"a")
        r.stream.writelines([b"b", b"c"])
        r.headers["X-Tell"] = str(r.stream.tell())
        return r

    @app.route("/generator")
    def generator():
        def gen():
            yield "a"
            yield b"b"

        return flask.Response(gen(), mimetype="text/csv")

    @app.route("/generator-buffered")
    def generator_buffered():
        r = flask.Response(iter([b"x", b"y"]))
        r.headers["X-Data"] = r.get_data(as_text=True)  # buffers, then it is sent with a length
        return r

    @app.route("/cookies")
    def cookies():
        r = flask.make_response("c")
        r.set_cookie("plain", "value")
        r.set_cookie(
            "spaces",
            "a b;c",
            max_age=60,
            path="/p",
            domain="example.com",
            secure=True,
            httponly=True,
            samesite="strict",
        )
        r.set_cookie("unicode", "é ünïcode")
        r.set_cookie("expires", "e", expires=datetime(2030, 1, 1, tzinfo=UTC))
        r.set_cookie("ts", "t", expires=1893456000)
        r.delete_cookie("gone", path="/x")
        return r

    @app.route("/head-and-304")
    def head_and_304():
        return flask.Response("body", status=flask.request.args.get("code", "200"))

    @app.route("/conditional")
    def conditional():
        r = flask.Response("0123456789")
        r.set_etag("v1")
        r.last_modified = datetime(2020, 1, 1, tzinfo=UTC)
        return r.make_conditional(flask.request, accept_ranges=True, complete_length=10)

    @app.route("/add-etag")
    def add_etag():
        r = flask.Response("hash me")
        r.add_etag()
        return r.make_conditional(flask.request)

    @app.route("/wsgi-call")
    def wsgi_call():
        inner = flask.Response("inner body", status=203, headers={"X-Inner": "1"})
        return inner

    @app.route("/sets")
    def sets():
        r = flask.Response("sets")
        r.vary.add("Cookie")
        r.vary.update(["Accept-Encoding", "cookie"])
        r.allow = ["GET", "POST"]
        r.allow.discard("post")
        r.content_language = "en, fr"
        r.access_control_allow_methods = ["GET", "PUT"]
        r.access_control_allow_credentials = True
        r.access_control_max_age = 600
        r.headers["X-State"] = repr(
            (
                list(r.vary),
                "COOKIE" in r.vary,
                r.vary.find("accept-encoding"),
                r.allow.to_header(),
                sorted(r.content_language.as_set()),
            )
        )
        return r

    @app.route("/www-auth")
    def www_auth():
        r = flask.Response("auth", status=401)
        r.www_authenticate = WWWAuthenticate("basic", {"realm": "site"})
        r.www_authenticate["charset"] = "UTF-8"
        return r

    return app


@pytest.fixture(scope="module")
def resp():
    return Differential(
        make_response_app,
        headers=(
            "Content-Type",
            "Content-Length",
            "Location",
            "Cache-Control",
            "ETag",
            "Last-Modified",
            "Vary",
            "Allow",
            "Content-Language",
            "Access-Control-Allow-Methods",
            "Access-Control-Allow-Credentials",
            "Access-Control-Max-Age",
            "Expires",
            "Content-Encoding",
            "Content-Range",
            "Accept-Ranges",
            "WWW-Authenticate",
            "X-A",
            "X-State",
            "X-Text",
            "X-Tell",
            "X-Data",
            "X-Inner",
        ),
    )


@pytest.mark.parametrize("kind", ["int", "str", "code-only", "reason-only", "unknown"])
def test_status(resp, kind):
    ours = resp.same("GET", f"/status/{kind}")
    assert ours.status == resp.flask_client.get(f"/status/{kind}").status


@pytest.mark.parametrize(
    "mt", ["text/plain", "application/json", "application/xml", "image/svg+xml", "application/javascript", "image/png"]
)
def test_mimetype_charset(resp, mt):
    resp.same("GET", f"/mimetype/{mt}")


@pytest.mark.parametrize(
    "path",
    ["/props", "/data", "/stream-write", "/generator", "/generator-buffered", "/wsgi-call", "/www-auth", "/sets"],
)
def test_response_api(resp, path):
    resp.same("GET", path)
    resp.same("HEAD", path)


def test_cookies(resp):
    ours = resp.same("GET", "/cookies")
    theirs = resp.flask_client.get("/cookies")
    # Not only the same meaning: the same Set-Cookie values, byte for byte (expiry dates aside).
    strip = lambda values: sorted(v.split("; Expires")[0] + v.partition("Max-Age")[1] for v in values)  # noqa: E731
    assert strip(ours.headers.getlist("Set-Cookie")) == strip(theirs.headers.getlist("Set-Cookie"))


def test_cookie_roundtrip_and_invalid_samesite():
    def make_app(flask):
        app = flask.Flask(__name__)

        @app.route("/set")
        def set_():
            r = flask.make_response("set")
            r.set_cookie("u", 'é;x"y')
            return r

        @app.route("/get")
        def get():
            return flask.request.cookies["u"]

        @app.route("/bad")
        def bad():
            flask.make_response("x").set_cookie("k", samesite="sometimes")

        return app

    d = Differential(make_app)
    d.same("GET", "/set")
    d.same("GET", "/get")
    for app in (d.flask_app, d.compat_app):
        app.testing = False
    d.same("GET", "/bad")


def same_bodiless(d, *args, **kwargs):
    """``d.same`` for answers without a body; a 304 must not carry Content-Type (nor Length).

    Compared on the Django response: the test client's TestResponse adds a default Content-Type.
    """
    ours, theirs = d.both(*args, **kwargs)
    headers = [h for h in d.headers if h != "Content-Type"]
    assert_same(ours, theirs, headers, label=str(args))
    if theirs.status_code == 304:
        assert "Content-Type" not in ours.django_response and "Content-Type" not in theirs.headers
    else:
        assert ours.django_response.get("Content-Type") == theirs.headers.get("Content-Type")
    return ours


@pytest.mark.parametrize("code", ["204", "304", "101"])
def test_bodiless_statuses(resp, code):
    same_bodiless(resp, "GET", "/head-and-304", query_string={"code": code})


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"If-None-Match": '"v1"'},
        {"If-None-Match": 'W/"v1"'},
        {"If-None-Match": '"other"'},
        {"If-Match": '"other"'},
        {"If-Match": '"v1"'},
        {"If-Modified-Since": "Wed, 01 Jan 2020 00:00:00 GMT"},
        {"If-Modified-Since": "Tue, 31 Dec 2019 00:00:00 GMT"},
        {"Range": "bytes=2-4"},
        {"Range": "bytes=-3"},
        {"Range": "bytes=7-"},
        {"Range": "bytes=20-30"},
        {"Range": "bytes=0-1,3-4"},
        {"Range": "lines=1-2"},
        {"Range": "bytes=4-2"},
        {"Range": "bytes=2-4", "If-Range": '"v1"'},
        {"Range": "bytes=2-4", "If-Range": '"v0"'},
        {"Range": "bytes=2-4", "If-Range": "Wed, 01 Jan 2020 00:00:00 GMT"},
    ],
)
def test_make_conditional(resp, headers):
    same_bodiless(resp, "GET", "/conditional", headers=headers)
    same_bodiless(resp, "HEAD", "/conditional", headers=headers)


def test_add_etag(resp):
    etag = resp.same("GET", "/add-etag").headers["ETag"]
    same_bodiless(resp, "GET", "/add-etag", headers={"If-None-Match": etag})


bridged = flaskcompat.Flask("bridged")


@bridged.route("/plain")
def bridged_plain():
    return bridged.response_class("hello", 201, {"X-A": "1"})


@bridged.route("/stream")
def bridged_stream():
    return bridged.response_class(x for x in ["a", "b"])


bridged_closed = []


@bridged.route("/close")
def bridged_close():
    r = bridged.response_class(iter([b"x"]))
    r.call_on_close(lambda: bridged_closed.append(True))
    return r


@pytest.mark.urls("tests.test_wrappers")
def test_response_is_flasks_and_django_receives_an_http_response():
    r = bridged.response_class("hello", 201, {"X-A": "1"})
    assert isinstance(r, real_flask.Response) and not isinstance(r, HttpResponseBase)
    assert repr(r) == "<Response 5 bytes [201 CREATED]>"

    client = Client()
    plain = client.get("/bridged/plain")
    assert type(plain) is HttpResponse and not plain.streaming
    assert plain.content == b"hello" and plain.status_code == 201 and plain.reason_phrase == "CREATED"
    assert plain["X-A"] == "1" and plain["Content-Length"] == "5"
    assert plain["Content-Type"] == "text/html; charset=utf-8"

    streamed = client.get("/bridged/stream")  # streamed by Flask: streamed by Django
    assert type(streamed) is StreamingHttpResponse and b"".join(streamed.streaming_content) == b"ab"

    bridged_closed.clear()
    assert client.get("/bridged/close").getvalue() == b"x" and bridged_closed == [True]


@override_settings(
    MIDDLEWARE=[
        "django.middleware.gzip.GZipMiddleware",
        "django.middleware.http.ConditionalGetMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
    ]
)
def test_django_middleware_handles_our_responses():
    app = flaskcompat.Flask(__name__)

    @app.route("/big")
    def big():
        return "x" * 1000

    @app.route("/stream")
    def stream():
        return flaskcompat.Response(iter(["y" * 500, "z" * 500]))

    client = app.test_client()
    rv = client.get("/big", headers={"Accept-Encoding": "gzip"})
    assert rv.headers["Content-Encoding"] == "gzip"
    import gzip

    assert gzip.decompress(rv.data) == b"x" * 1000
    rv = client.get("/stream", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(rv.data) == b"y" * 500 + b"z" * 500
    etag = client.get("/big").headers["ETag"]
    assert client.get("/big", headers={"If-None-Match": etag}).status_code == 304


def test_wsgi_application_protocol():
    app = flaskcompat.Flask(__name__)
    response = app.response_class("body", headers={"X-A": "1"})
    response.set_cookie("c", "v")
    started = []
    body = response({"REQUEST_METHOD": "GET"}, lambda status, headers: started.extend([status, headers]))
    assert b"".join(body) == b"body"
    assert started[0] == "200 OK"
    assert ("X-A", "1") in started[1] and ("Content-Length", "4") in started[1]
    assert ("Set-Cookie", "c=v; Path=/") in started[1]
    assert list(response({"REQUEST_METHOD": "HEAD"}, lambda *a: None)) == []

    def wsgi_app(environ, start_response):
        write = start_response("202 ACCEPTED", [("X-W", "1")])
        write(b"written ")
        return [b"returned"]

    forced = app.response_class.force_type(wsgi_app, {"REQUEST_METHOD": "GET"})
    assert (forced.status, forced.headers["X-W"], forced.get_data()) == ("202 ACCEPTED", "1", b"written returned")
    assert forced.mimetype == "text/plain"
    with pytest.raises(TypeError):
        app.response_class.force_type(wsgi_app)


def test_response_json_and_freeze():
    app = flaskcompat.Flask(__name__)
    with app.app_context():
        r = flaskcompat.jsonify(a=1)
        assert r.is_json and r.json == {"a": 1} and r.get_json() == {"a": 1}
        assert app.response_class("nope").get_json() is None
        bad = app.response_class("{", mimetype="application/json")
        assert bad.get_json(silent=True) is None
        with pytest.raises(ValueError):
            bad.get_json()
        frozen = app.response_class(iter([b"a", b"b"]))
        frozen.freeze()
        assert frozen.is_sequence and frozen.headers["Content-Length"] == "2" and "ETag" in frozen.headers
        passthrough = app.response_class(iter([b"a"]), direct_passthrough=True)
        with pytest.raises(RuntimeError):
            passthrough.get_data()
        assert json.loads(r.get_data()) == {"a": 1}


def test_headers_argument_kinds():
    for headers in ({"X": "1"}, [("X", "1")], Headers([("X", "1")])):
        r = flaskcompat.Response("b", headers=headers)
        assert r.headers["X"] == "1" and r.mimetype == "text/html"


# -- the quickstart's request, upload and cookie examples ------------------------------------------


def make_quickstart_app(templates, uploads):
    def make_app(flask):
        app = flask.Flask(__name__, template_folder=str(templates))

        def valid_login(username, password):
            return username == "admin" and password == "secret"

        def log_the_user_in(username):
            return f"Welcome, {username}!"

        @app.route("/login", methods=["POST", "GET"])
        def login():
            error = None
            if flask.request.method == "POST":
                if valid_login(flask.request.form["username"], flask.request.form["password"]):
                    return log_the_user_in(flask.request.form["username"])
                else:
                    error = "Invalid username/password"
            return flask.render_template("login.html", error=error)

        @app.route("/search")
        def search():
            searchword = flask.request.args.get("q", "")
            return f"searching for {searchword!r}"

        @app.route("/upload", methods=["GET", "POST"])
        def upload_file():
            if flask.request.method == "POST":
                f = flask.request.files["the_file"]
                f.save(str(uploads / f"{flask.__name__}_uploaded_file.txt"))
                return f"saved {f.filename}"
            return "upload form"

        @app.route("/")
        def index():
            username = flask.request.cookies.get("username")
            resp = flask.make_response(flask.render_template("login.html", error=username))
            resp.set_cookie("username", "the username")
            return resp

        return app

    return make_app


def test_quickstart_request_examples(tmp_path):
    (tmp_path / "login.html").write_text("<form>{% if error %}<p class=error>{{ error }}{% endif %}</form>")
    d = Differential(make_quickstart_app(tmp_path, tmp_path))
    d.same("GET", "/login")
    d.same("POST", "/login", data={"username": "admin", "password": "secret"})
    d.same("POST", "/login", data={"username": "admin", "password": "wrong"})
    d.same("POST", "/login", data={"username": "admin"})  # the missing key: 400
    d.same("GET", "/search", query_string={"q": "flask <3"})
    d.same("GET", "/search")
    ours, theirs = d.both("POST", "/upload", data={"the_file": (io.BytesIO(b"uploaded"), "notes.txt")})
    assert_same(ours, theirs)
    assert (tmp_path / "flaskcompat_uploaded_file.txt").read_bytes() == b"uploaded"
    d.same("POST", "/upload")  # no file: 400
    d.same("GET", "/")
    d.same("GET", "/", headers={"Cookie": "username=someone"})


def test_quickstart_test_request_context():
    app = flaskcompat.Flask(__name__)
    with app.test_request_context("/hello", method="POST"):
        assert flaskcompat.request.path == "/hello"
        assert flaskcompat.request.method == "POST"
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/x",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b"a=1"),
        "CONTENT_LENGTH": "3",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
    }
    with app.request_context(environ):
        assert flaskcompat.request.method == "POST"
        assert flaskcompat.request.form["a"] == "1"


# -- under Django's ASGI handler ------------------------------------------------------------------

asgi_app = flaskcompat.Flask("asgi_streaming")


@asgi_app.route("/stream")
def asgi_stream():
    def generate():
        yield "path="
        yield flaskcompat.request.path
        yield f" arg={flaskcompat.request.args['a']}"

    return flaskcompat.Response(flaskcompat.stream_with_context(generate()), mimetype="text/plain")


@asgi_app.route("/file")
def asgi_file():
    return flaskcompat.send_file(io.BytesIO(b"x" * 20000), mimetype="application/octet-stream")


urlpatterns = [
    django_path("app/", include(asgi_app.urls)),
    django_path("parsed/", include(csrf_parsed.urls)),
    django_path("bridged/", include(bridged.urls)),
]


@pytest.mark.urls("tests.test_wrappers")
@pytest.mark.parametrize(
    "path, query, expected",
    [
        ("/app/stream", "a=1", b"path=/stream arg=1"),
        ("/app/file", "", b"x" * 20000),
    ],
)
def test_streamed_bodies_under_asgi(path, query, expected):
    from asgiref.testing import ApplicationCommunicator
    from django.core.asgi import get_asgi_application

    async def get():
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(b"host", b"localhost")],
            "client": ("127.0.0.1", 5000),
            "server": ("localhost", 80),
        }
        communicator = ApplicationCommunicator(get_asgi_application(), scope)
        await communicator.send_input({"type": "http.request", "body": b""})
        start = await communicator.receive_output(5)
        body, chunks = b"", 0
        while True:
            message = await communicator.receive_output(5)
            body += message.get("body", b"")
            chunks += 1
            if not message.get("more_body"):
                break
        await communicator.wait(5)
        return start["status"], body, chunks

    status, body, chunks = asyncio.run(get())
    assert (status, body) == (200, expected)
    assert chunks > 1  # sent as produced, not buffered
