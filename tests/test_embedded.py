"""Embedded mode (no Django project): the app's secret key and SESSION_COOKIE_* config rule the
session cookie, as in Flask. Each test runs a fresh interpreter without DJANGO_SETTINGS_MODULE,
where flaskcompat configures Django itself, and compares with real Flask in the same script."""

from __future__ import annotations

import json

import pytest

from .subprocesses import run_python

pytestmark = pytest.mark.slow  # every test runs in a fresh interpreter (embedded mode)

PRELUDE = """
import json
from datetime import datetime, timedelta, timezone

import flask as real_flask
import flaskcompat
from flaskcompat import embedded as flaskcompat_embedded
from django.conf import settings
from tests.differential import cookies_of

FRAMEWORKS = {"flask": real_flask, "flaskcompat": flaskcompat}


def cookie_shape(response):
    # per cookie: empty value or not, and its attributes, with whether it expires
    out = {}
    for header in response.headers.getlist("Set-Cookie"):
        name = header.split("=", 1)[0]
        value, attrs = cookies_of(response)[name]
        out[name] = [value == "", attrs, "expires=" in header.lower()]
    return out


def both(observe):
    results = {name: observe(flask) for name, flask in FRAMEWORKS.items()}
    assert settings.configured and settings.MIDDLEWARE == [] and flaskcompat_embedded.is_embedded()
    print(json.dumps(results, default=str))
"""


def observe(code):
    """Run PRELUDE + code in embedded mode; returns ``{"flask": ..., "flaskcompat": ...}``."""
    out = run_python(PRELUDE + code)
    return json.loads(out.strip().splitlines()[-1])


def assert_same(code):
    results = observe(code)
    assert results["flaskcompat"] == results["flask"]
    return results["flaskcompat"]


QUICKSTART_APP = """
def quickstart_app(flask):
    app = flask.Flask("quickstart")

    @app.route("/")
    def index():
        if "username" in flask.session:
            return "Logged in as %s" % flaskcompat.escape(flask.session["username"])
        return "You are not logged in"

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if flask.request.method == "POST":
            flask.session["username"] = flask.request.form["username"]
            return flask.redirect(flask.url_for("index"))
        return "form"

    @app.route("/logout")
    def logout():
        flask.session.pop("username", None)
        return flask.redirect(flask.url_for("index"))

    app.secret_key = "A0Zr98j/3yX R~XHH!jmN]LWX/,?RT"
    return app
"""


def test_quickstart_session_example_sets_the_cookies_flask_sets():
    steps = assert_same(
        QUICKSTART_APP
        + """
def run(flask):
    client = quickstart_app(flask).test_client()
    steps = []
    for method, path, data in [("GET", "/", None), ("POST", "/login", {"username": "ann"}), ("GET", "/", None),
                               ("GET", "/login", None), ("GET", "/logout", None), ("GET", "/", None)]:
        r = client.open(path, method=method, data=data)
        steps.append([r.status_code, r.get_data(as_text=True)[:40], r.headers.get("Vary"), cookie_shape(r)])
    return steps

both(run)
"""
    )
    assert steps[1][3] == {"session": [False, {"httponly": True, "path": "/"}, False]}
    assert steps[4][3]["session"][0] is True  # logout empties the session: the cookie is deleted


def test_session_cookie_config_is_read_from_the_app_at_request_time():
    shapes = assert_same("""
def run(flask):
    app = flask.Flask("configured")
    app.config.update(SECRET_KEY="k", SESSION_COOKIE_NAME="sid", SESSION_COOKIE_DOMAIN="example.test",
                      SESSION_COOKIE_PATH="/app", SESSION_COOKIE_HTTPONLY=False, SESSION_COOKIE_SECURE=True,
                      SESSION_COOKIE_SAMESITE="Strict", PERMANENT_SESSION_LIFETIME=timedelta(hours=1))

    @app.route("/<int:permanent>")
    def view(permanent):
        flask.session.permanent = bool(permanent)
        flask.session["x"] = 1
        return ""

    client = app.test_client()
    shapes = [cookie_shape(client.get("/0")), cookie_shape(client.get("/1"))]
    app.config["SESSION_COOKIE_NAME"] = "renamed"
    app.config["APPLICATION_ROOT"] = "/root"
    app.config["SESSION_COOKIE_PATH"] = None
    shapes.append(cookie_shape(client.get("/0")))
    app.config["SESSION_COOKIE_PARTITIONED"] = True  # (http.cookies can't parse this attribute)
    shapes.append("; Partitioned" in client.get("/0").headers["Set-Cookie"])
    return shapes

both(run)
""")
    attrs = {"domain": "example.test", "path": "/app", "secure": True, "samesite": "Strict"}
    assert shapes[0]["sid"] == [False, attrs, False] and shapes[1]["sid"][2] is True
    assert list(shapes[2]) == ["renamed"] and shapes[2]["renamed"][1]["path"] == "/root"
    assert shapes[3] is True


def test_permanent_sessions_expire_with_the_lifetime_and_refresh():
    results = assert_same("""
def run(flask):
    app = flask.Flask("permanent")
    app.secret_key = "k"
    app.permanent_session_lifetime = timedelta(days=3)

    @app.route("/login")
    def login():
        flask.session.permanent = True
        flask.session["user"] = "ann"
        return ""

    @app.route("/look")
    def look():
        return flask.session.get("user", "nobody")

    client = app.test_client()
    expires = client.get("/login").headers["Set-Cookie"].split("xpires=")[1].split(";")[0]
    in_days = round((datetime.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=timezone.utc)
                     - datetime.now(timezone.utc)) / timedelta(days=1))
    refreshed = "Set-Cookie" in client.get("/look").headers
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    not_refreshed = "Set-Cookie" not in client.get("/look").headers
    return [in_days, refreshed, not_refreshed, client.get("/look").get_data(as_text=True)]

both(run)
""")
    assert results == [3, True, True, "ann"]


def test_secret_key_set_after_creation_bytes_keys_and_rotation():
    results = assert_same("""
def run(flask):
    app = flask.Flask("keys")

    @app.route("/login/<name>")
    def login(name):
        flask.session["user"] = name
        return ""

    @app.route("/whoami")
    def whoami():
        return flask.session.get("user", "nobody")

    app.secret_key = b"\\x00\\xffold key bytes"
    client = app.test_client()
    client.get("/login/ann")
    seen = [client.get("/whoami").get_data(as_text=True)]
    app.secret_key = "the new key"
    app.config["SECRET_KEY_FALLBACKS"] = [b"\\x00\\xffold key bytes"]
    seen.append(client.get("/whoami").get_data(as_text=True))
    client.get("/login/bob")  # written again: now signed with the new key
    app.config["SECRET_KEY_FALLBACKS"] = []
    seen.append(client.get("/whoami").get_data(as_text=True))
    app.secret_key = "a third key"
    seen.append(client.get("/whoami").get_data(as_text=True))
    return seen

both(run)
""")
    assert results == ["ann", "ann", "bob", "nobody"]


def test_without_a_secret_key_reading_works_and_writing_raises_flasks_error():
    results = assert_same("""
def run(flask):
    app = flask.Flask("nokey")
    app.testing = True

    @app.route("/read")
    def read():
        return f"{flask.session.get('x')} {dict(flask.session)} {flask.session.permanent}"

    @app.route("/write")
    def write():
        flask.session["x"] = 1
        return ""

    client = app.test_client()
    client.set_cookie("session", "anything")
    seen = [client.get("/read").get_data(as_text=True)]
    for attempt in (lambda: client.get("/write"), lambda: client.session_transaction().__enter__()):
        try:
            attempt()
        except RuntimeError as e:
            seen.append(str(e))
    return seen

both(run)
""")
    assert results[0] == "None {} False"
    assert results[1].startswith("The session is unavailable because no secret key was set.")
    assert results[2] == "Session backend did not open a session."


def test_a_tampered_cookie_is_an_empty_session_and_is_left_alone():
    results = assert_same("""
def run(flask):
    app = flask.Flask("tamper")
    app.secret_key = "k"

    @app.route("/login")
    def login():
        flask.session["user"] = "admin"
        return ""

    @app.route("/whoami")
    def whoami():
        return flask.session.get("user", "nobody")

    client = app.test_client()
    client.get("/login")
    cookie = client.get_cookie("session")
    seen = []
    for value in (cookie.value[:-2] + "xx", "garbage", ""):
        client.set_cookie("session", value)
        response = client.get("/whoami")
        seen.append([response.status_code, response.get_data(as_text=True), "Set-Cookie" in response.headers])
    return seen

both(run)
""")
    assert results == [[200, "nobody", False]] * 3


def test_session_values_and_transactions():
    results = assert_same("""
import uuid
from markupsafe import Markup

def run(flask):
    app = flask.Flask("values")
    app.secret_key = "k"

    @app.route("/")
    def show():
        return repr(sorted(flask.session.items()))

    client = app.test_client()
    with client.session_transaction() as session:
        session.update(t=(1, 2), b=b"x", m=Markup("<i>"), u=uuid.UUID(int=1),
                       d=datetime(2020, 1, 2, 3, 4, 5, 6), nested={" t": [(1,)]})
    with client.session_transaction() as session:
        again = repr(sorted(session.items()))
    return [client.get("/").get_data(as_text=True), again, client.get_cookie("session").http_only]

both(run)
""")
    assert "datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)" in results[0]


def test_flashes_live_in_the_signed_cookie_as_in_flask():
    results = assert_same("""
from markupsafe import Markup

def run(flask):
    app = flask.Flask("flashes")
    app.secret_key = "k"

    @app.route("/flash/<int:n>")
    def add(n):
        for i in range(n):
            flask.flash(Markup(f"<b>{i}</b>") if i else "plain", "error" if i else "message")
        return ""

    @app.route("/read")
    def read():
        return repr(flask.get_flashed_messages(with_categories=True))

    client = app.test_client()
    seen = [cookie_shape(client.get("/flash/2"))]
    with client.session_transaction() as session:
        seen.append(repr(session["_flashes"]))
    seen += [client.get("/read").get_data(as_text=True), client.get("/read").get_data(as_text=True)]
    client.get("/flash/1")
    seen.append(cookie_shape(client.get("/read")))  # reading empties the session: cookie deleted
    return seen

both(run)
""")
    assert results[1] == "[('message', 'plain'), ('error', Markup('<b>1</b>'))]"
    assert results[3] == "[]" and results[4]["session"][0] is True


def test_two_apps_in_one_process_keep_their_own_settings():
    results = assert_same("""
def run(flask):
    apps = []
    for name, cookie in (("first", "one"), ("second", "two")):
        app = flask.Flask(name)
        app.config.update(SECRET_KEY=name * 4, SESSION_COOKIE_NAME=cookie)

        @app.route("/")
        def count():
            flask.session["n"] = flask.session.get("n", 0) + 1
            return str(flask.session["n"])

        apps.append(app.test_client())
    seen = []
    for client in apps + apps + apps[:1]:
        response = client.get("/")
        seen.append([response.get_data(as_text=True), list(cookie_shape(response))])
    return seen

both(run)
""")
    assert results == [["1", ["one"]], ["1", ["two"]], ["2", ["one"]], ["2", ["two"]], ["3", ["one"]]]


def test_system_checks_pass_and_the_session_is_flasks_signed_cookie():
    out = run_python("""
from django.core.management import call_command
from flask.sessions import SecureCookieSession
from flaskcompat import Flask, flash, get_flashed_messages, session

app = Flask("checked")
app.secret_key = "k"

@app.route("/flash")
def flash_it():
    flash("saved", "success")
    return ""

@app.route("/read")
def read():
    return repr(get_flashed_messages(with_categories=True))

call_command("check")
with app.test_request_context():
    print(type(session._get_current_object()) is SecureCookieSession)
client = app.test_client()
client.get("/flash")
with client.session_transaction() as stored:  # the flash is in the signed cookie
    print(type(stored) is SecureCookieSession, stored["_flashes"])
print(client.get("/read").get_data(as_text=True), client.get("/read").get_data(as_text=True))
""")
    assert "System check identified no issues" in out
    assert out.splitlines()[1:] == ["True", "True [('success', 'saved')]", "[('success', 'saved')] []"]
