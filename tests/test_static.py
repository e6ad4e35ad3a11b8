"""Static files: the app's folder at its static URL, conditional requests, no traversal, collectstatic."""

import os
from pathlib import Path

import pytest

from tests.differential import Differential

STATIC_ROOT = Path(__file__).parent / "apps" / "static_app"
HEADERS = ("Content-Type", "Content-Length", "Cache-Control", "Accept-Ranges")


def make_app(flask):
    app = flask.Flask("static_app", root_path=str(STATIC_ROOT))

    @app.route("/")
    def index():
        return flask.url_for("static", filename="css/site.css")

    return app


@pytest.fixture(scope="module")
def diff():
    return Differential(make_app, headers=HEADERS)


@pytest.mark.parametrize(
    "path",
    [
        "/static/css/site.css",
        "/static/css/missing.css",
        "/static/../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/css/../../secret.txt",
        "/static/",
        "/static",
        "/",
    ],
)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_static_files_as_flask(diff, method, path):
    diff.same(method, path)


def test_conditional_requests_answer_304(diff):
    ours, theirs = diff.both("GET", "/static/css/site.css")
    for response, client in ((ours, diff.compat_client), (theirs, diff.flask_client)):
        assert response.headers.get("ETag") and response.headers.get("Last-Modified")
        with client.get("/static/css/site.css", headers={"If-None-Match": response.headers["ETag"]}) as again:
            assert again.status_code == 304 and again.data == b""
        since = {"If-Modified-Since": response.headers["Last-Modified"]}
        with client.get("/static/css/site.css", headers=since) as again:
            assert again.status_code == 304


def test_ranges(diff):
    diff.same("GET", "/static/css/site.css", headers={"Range": "bytes=0-3"})
    diff.same("GET", "/static/css/site.css", headers={"Range": "bytes=500-600"})


def test_collectstatic_gathers_mounted_app_static_folders(tmp_path, settings):
    from django.core.management import call_command
    from django.test.utils import override_settings

    settings.STATIC_ROOT = str(tmp_path)
    settings.STATICFILES_FINDERS = ["flaskcompat.finders.FlaskStaticFinder"]
    with override_settings(ROOT_URLCONF="tests.urlconfs.static_mounted"):
        from django.contrib.staticfiles import finders

        finders.get_finder.cache_clear()
        call_command("collectstatic", interactive=False, verbosity=0)
        assert (tmp_path / "static_app" / "css" / "site.css").read_text() == "body { color: red; }\n"
        assert finders.find("static_app/css/site.css") == os.path.join(str(STATIC_ROOT), "static", "css", "site.css")
        assert finders.find("static_app/../secret.txt") in (None, [])
        finders.get_finder.cache_clear()
