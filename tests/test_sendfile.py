"""send_file / send_from_directory / static files answer like Flask's, conditional and ranges too."""

import io
import os
from datetime import UTC, datetime
from wsgiref.util import FileWrapper

import flask
import pytest

import flaskcompat
from tests.differential import Differential, assert_same

COMPARED = (
    "Content-Type",
    "Content-Length",
    "Content-Disposition",
    "Cache-Control",
    "ETag",
    "Last-Modified",
    "Content-Range",
    "Accept-Ranges",
    "Content-Encoding",
    "X-Sendfile",
)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("sendfile")
    (root / "files").mkdir()
    (root / "files" / "hello.txt").write_bytes(b"0123456789abcdef")
    (root / "files" / "data.json").write_text('{"a": 1}')
    (root / "files" / "archive.tar.gz").write_bytes(b"\x1f\x8b fake")
    (root / "files" / "no_extension").write_bytes(b"raw")
    (root / "files" / "résumé.pdf").write_bytes(b"%PDF")
    (root / "files" / "sub").mkdir()
    (root / "files" / "sub" / "page.html").write_text("<p>page</p>")
    (root / "secret.txt").write_text("secret")
    (root / "static").mkdir()
    (root / "static" / "style.css").write_text("body {}")
    mtime = datetime(2021, 6, 1, 12, 0, tzinfo=UTC).timestamp()
    for dirpath, _, names in os.walk(root):
        for name in names:
            os.utime(os.path.join(dirpath, name), (mtime, mtime))
    return root


def make_factory(root):
    def make_app(flask):
        app = flask.Flask(__name__, root_path=str(root))

        @app.route("/file/<path:name>")
        def file(name):
            args = flask.request.args
            kwargs = {}
            for key in ("mimetype", "download_name"):
                if key in args:
                    kwargs[key] = args[key]
            for key in ("as_attachment", "conditional"):
                if key in args:
                    kwargs[key] = args[key] == "1"
            if "max_age" in args:
                kwargs["max_age"] = int(args["max_age"])
            if "etag" in args:
                kwargs["etag"] = {"0": False, "1": True}.get(args["etag"], args["etag"])
            if "last_modified" in args:
                kwargs["last_modified"] = datetime(2000, 1, 1, tzinfo=UTC)
            return flask.send_file(os.path.join("files", name), **kwargs)

        @app.route("/object")
        def file_object():
            kind = flask.request.args.get("kind", "bytesio")
            if kind == "bytesio":
                return flask.send_file(io.BytesIO(b"in memory"), mimetype="text/plain")
            if kind == "named":
                return flask.send_file(io.BytesIO(b"a,b"), download_name="report.csv", as_attachment=True)
            if kind == "open":
                return flask.send_file(
                    open(os.path.join(str(root), "files", "hello.txt"), "rb"), download_name="hello.txt"
                )
            if kind == "no-name":
                return flask.send_file(io.BytesIO(b"x"))
            if kind == "attachment-no-name":
                return flask.send_file(io.BytesIO(b"x"), mimetype="text/plain", as_attachment=True)
            return flask.send_file(io.StringIO("text"), mimetype="text/plain")

        @app.route("/dir/<path:name>")
        def from_directory(name):
            return flask.send_from_directory("files", name, as_attachment="dl" in flask.request.args)

        @app.route("/absolute-dir/<path:name>")
        def from_absolute_directory(name):
            return flask.send_from_directory(os.path.join(str(root), "files"), name)

        return app

    return make_app


@pytest.fixture(scope="module")
def d(root):
    return Differential(make_factory(root), headers=COMPARED)


def same(d, *args, **kwargs):
    """Compare, leaving out Content-Type of 304s, which the test client's TestResponse fills in."""
    ours, theirs = d.both(*args, **kwargs)
    headers = d.headers if theirs.status_code != 304 else [h for h in d.headers if h != "Content-Type"]
    assert_same(ours, theirs, headers, label=f"{args} {kwargs}")
    if theirs.status_code == 304:
        assert "Content-Type" not in ours.django_response
    return ours


@pytest.mark.parametrize(
    "name, query",
    [
        ("hello.txt", {}),
        ("data.json", {}),
        ("archive.tar.gz", {}),
        ("archive.tar.gz", {"as_attachment": "1"}),
        ("no_extension", {}),
        ("résumé.pdf", {}),
        ("résumé.pdf", {"as_attachment": "1"}),
        ("hello.txt", {"as_attachment": "1", "download_name": "report 2024.txt"}),
        ("hello.txt", {"download_name": 'naïve;"name".txt'}),
        ("hello.txt", {"mimetype": "application/x-custom"}),
        ("hello.txt", {"max_age": "3600"}),
        ("hello.txt", {"max_age": "0"}),
        ("hello.txt", {"etag": "0"}),
        ("hello.txt", {"etag": "custom-tag"}),
        ("hello.txt", {"last_modified": "1"}),
        ("hello.txt", {"conditional": "0"}),
        ("sub/page.html", {}),
    ],
)
def test_send_file(d, name, query):
    same(d, "GET", f"/file/{name}", query_string=query)
    same(d, "HEAD", f"/file/{name}", query_string=query)


@pytest.mark.parametrize("kind", ["bytesio", "named", "open"])
def test_send_file_objects(d, kind):
    same(d, "GET", "/object", query_string={"kind": kind})
    same(d, "GET", "/object", query_string={"kind": kind}, headers={"Range": "bytes=1-3"})


@pytest.mark.parametrize("kind", ["no-name", "attachment-no-name", "text-io"])
def test_send_file_argument_errors(root, kind):
    d = Differential(make_factory(root), headers=COMPARED)
    for app in (d.flask_app, d.compat_app):
        app.testing = True
    with pytest.raises((TypeError, ValueError)) as theirs:
        d.flask_client.get("/object", query_string={"kind": kind})
    with pytest.raises(type(theirs.value)) as ours:
        d.compat_client.get("/object", query_string={"kind": kind})
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": "*"},
        {"If-Modified-Since": "Tue, 01 Jun 2021 12:00:00 GMT"},
        {"If-Modified-Since": "Mon, 31 May 2021 12:00:00 GMT"},
        {"If-Unmodified-Since": "Mon, 31 May 2021 12:00:00 GMT"},
        {"If-Match": '"nope"'},
        {"Range": "bytes=0-4"},
        {"Range": "bytes=10-"},
        {"Range": "bytes=-4"},
        {"Range": "bytes=15-15"},
        {"Range": "bytes=16-20"},  # past the end: 416
        {"Range": "bytes=0-1,4-5"},  # several ranges: whole file
        {"Range": "bytes=a-b"},  # malformed: 416
        {"Range": "bytes=2-5", "If-Range": "Tue, 01 Jun 2021 12:00:00 GMT"},
        {"Range": "bytes=2-5", "If-Range": "Mon, 31 May 2021 12:00:00 GMT"},
        {"Range": "bytes=2-5", "If-Range": '"stale"'},
    ],
)
def test_conditional_and_ranges(d, headers):
    same(d, "GET", "/file/hello.txt", headers=headers)
    same(d, "HEAD", "/file/hello.txt", headers=headers)
    same(d, "POST", "/file/hello.txt", headers=headers)  # 405 either way


@pytest.mark.django_db  # Django's WSGIHandler checks the database connection on each request
@pytest.mark.parametrize("headers", [{}, {"If-None-Match": "*"}, {"Range": "bytes=0-4"}, {"Range": "bytes=16-20"}])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_the_wsgi_answer_is_flasks(d, method, headers):
    """Raw WSGI, no test client (whose response fills in a 304's Content-Type): every header of
    the answer, 304s and ranges included, and the body, as Flask's app sends them."""
    d.same_raw(method, "/file/hello.txt", headers=headers)
    d.same_raw(method, "/file/résumé.pdf", query_string={"as_attachment": "1"}, headers=headers)


def test_etag_round_trip(d):
    etag = same(d, "GET", "/file/hello.txt").headers["ETag"]
    for headers in (
        {"If-None-Match": etag},
        {"If-None-Match": f"W/{etag}"},
        {"If-Match": etag},
        {"Range": "bytes=1-2", "If-Range": etag},
    ):
        same(d, "GET", "/file/hello.txt", headers=headers)


@pytest.mark.parametrize(
    "path",
    [
        "/dir/hello.txt",
        "/dir/sub/page.html",
        "/dir/hello.txt?dl=1",
        "/dir/missing.txt",
        "/dir/sub",
        "/dir/../secret.txt",
        "/dir/sub/../../secret.txt",
        "/dir/%2e%2e/secret.txt",
        "/dir//etc/passwd",
        "/dir/sub/..%2f..%2fsecret.txt",
        "/absolute-dir/hello.txt",
        "/absolute-dir/../secret.txt",
    ],
)
def test_send_from_directory(d, path):
    same(d, "GET", path)


def test_static_files(root):
    def make_app(flask):
        app = flask.Flask(__name__, root_path=str(root))
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 60

        @app.route("/url")
        def url():
            return flask.url_for("static", filename="style.css")

        return app

    d = Differential(make_app, headers=COMPARED)
    same(d, "GET", "/url")
    same(d, "GET", "/static/style.css")
    same(d, "GET", "/static/style.css", headers={"Range": "bytes=0-3"})
    same(d, "GET", "/static/missing.css")
    same(d, "GET", "/static/../secret.txt")


def test_x_sendfile(root):
    def make_app(flask):
        app = flask.Flask(__name__, root_path=str(root))
        app.config["USE_X_SENDFILE"] = True

        @app.route("/")
        def index():
            return flask.send_file("files/hello.txt")

        return app

    d = Differential(make_app, headers=COMPARED)
    ours = same(d, "GET", "/")
    assert ours.headers["X-Sendfile"] == os.path.join(str(root), "files", "hello.txt")
    same(d, "GET", "/", headers={"If-Modified-Since": "Tue, 01 Jun 2021 12:00:00 GMT"})


@pytest.fixture
def without_db_signals():
    """Serving through Django's WSGI handler sends request_finished, whose database receiver
    pytest-django forbids here (Django's test client disconnects it the same way)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    connected = [sig for sig in (request_started, request_finished) if sig.disconnect(close_old_connections)]
    yield
    for sig in connected:
        sig.connect(close_old_connections)


def test_whole_files_go_to_the_servers_file_wrapper(root, without_db_signals):
    """Django's WSGI handler hands a whole-file body to ``wsgi.file_wrapper`` (sendfile)."""
    app = flaskcompat.Flask(__name__, root_path=str(root))

    @app.route("/<name>")
    def index(name):
        return flaskcompat.send_file(os.path.join("files", name))

    wrapped = []

    def file_wrapper(file, block_size):
        wrapped.append(file)
        return FileWrapper(file, block_size)

    def call(headers=None):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/hello.txt",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.file_wrapper": file_wrapper,
            **(headers or {}),
        }
        status = []
        body = app(environ, lambda s, h: status.append(s))
        data = b"".join(body)
        body.close()
        return status[0], data

    assert call() == ("200 OK", b"0123456789abcdef")
    assert len(wrapped) == 1 and wrapped[0].closed
    assert call({"HTTP_RANGE": "bytes=2-3"}) == ("206 PARTIAL CONTENT", b"23")
    assert len(wrapped) == 1  # a range is served by the app, seeking


def test_send_file_is_flasks():
    assert flaskcompat.send_file is flask.send_file
    assert flaskcompat.send_from_directory is flask.send_from_directory
