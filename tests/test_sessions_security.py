"""Session fixation and failed responses with Django's server-side sessions (hosted mode).

On Flask the session is its cookie: a planted cookie only ever holds what it held when it was
planted. On Django's server-side engines (db, cache, cached_db, file) flaskcompat keeps that
guarantee by moving the data to a new id on a request's first Flask-style write, leaving the
stored session the request arrived with unchanged (``FLASKCOMPAT_ROTATE_SESSION_ON_WRITE``).
This module is the URLconf of its tests.
"""

from __future__ import annotations

import json
import logging
from importlib import import_module

import flask_login
import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

import flaskcompat
from demo_site.quickstart import app as quickstart_app

from .differential import Differential, cookies_of
from .subprocesses import run_python

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

SERVER_SIDE = ["db", "cache", "cached_db", "file"]
ENGINES = [*SERVER_SIDE, "signed_cookies"]


def make_app(flask):
    app = flask.Flask(f"fixation_{flask.__name__}")

    @app.route("/write/<key>/<value>")
    def write(key, value):
        flask.session[key] = value
        return "written"

    @app.route("/write-twice")
    def write_twice():
        flask.session["a"] = "1"
        flask.session["b"] = "2"
        return "written"

    @app.route("/read/<key>")
    def read(key):
        return str(flask.session.get(key, "missing"))

    @app.route("/pop/<key>")
    def pop(key):
        flask.session.pop(key, None)
        return "popped"

    @app.route("/append/<value>")
    def append(value):  # mutated in place, then marked modified, as Flask documents
        flask.session.setdefault("items", []).append(value)
        flask.session.modified = True
        return "appended"

    @app.route("/write-then-flush/<key>/<value>")
    def write_then_flush(key, value):  # a write, then Django's logout(), which flushes the store
        flask.session[key] = value
        if hasattr(flask.request, "django_request"):
            flask.request.django_request.session.flush()
        else:
            flask.session.clear()
        return "flushed"

    @app.route("/clear-and-write/<key>/<value>")
    def clear_and_write(key, value):
        flask.session.clear()
        flask.session[key] = value
        return "written"

    return app


app = make_app(flaskcompat)

login_app = flaskcompat.Flask("fixation_login")
login_manager = flask_login.LoginManager(login_app)


class User(flask_login.UserMixin):
    def __init__(self, name):
        self.id = name


@login_manager.user_loader
def load_user(name):
    return User(name)


@login_app.route("/login/<name>")
def login(name):
    flask_login.login_user(User(name))
    return "logged in"


@login_app.route("/logout")
def logout():
    flask_login.logout_user()
    return "logged out"


@login_app.route("/whoami")
def whoami():
    user = flask_login.current_user
    return user.get_id() if user.is_authenticated else "anonymous"


def django_read(request, key):
    return HttpResponse(str(request.session.get(key, "missing")))


urlpatterns = [
    path("app/", include(app.urls)),
    path("auth/", include(login_app.urls)),
    path("quickstart/", include(quickstart_app.urls)),
    path("django/read/<key>", django_read),
]


def use_engine(settings, tmp_path, name):
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{name}"
    settings.SESSION_FILE_PATH = str(tmp_path)
    return name


@pytest.fixture(params=ENGINES)
def engine(request, settings, tmp_path):
    return use_engine(settings, tmp_path, request.param)


def stored(key):
    """The data stored under ``key`` by the project's engine (``None``: no such session)."""
    store = import_module(django_settings.SESSION_ENGINE).SessionStore(key)
    data = dict(store.items())
    return None if store.session_key is None else data


def session_id(client):
    cookie = client.cookies.get("sessionid")
    return cookie.value if cookie is not None and cookie.value else None


def planted(key):
    """A victim's browser carrying a session id the attacker obtained."""
    victim = Client()
    victim.cookies["sessionid"] = key
    return victim


# -- session fixation -----------------------------------------------------------------------


def test_a_planted_id_never_reads_the_victims_login(engine):
    attacker = Client()
    attacker.get("/app/write/theme/dark")  # a stored session, whose id the attacker plants
    key = session_id(attacker)
    victim = planted(key)
    assert victim.get("/app/read/theme").content == b"dark"
    victim.get("/app/write/user/ann")  # the victim logs in: a write, no clear()
    assert victim.get("/app/read/user").content == b"ann"
    assert attacker.get("/app/read/user").content == b"missing"
    assert attacker.get("/django/read/user").content == b"missing"
    assert attacker.get("/app/read/theme").content == b"dark"  # what it held, still


@pytest.mark.parametrize("name", SERVER_SIDE)
def test_a_write_moves_a_stored_session_to_a_new_id_and_leaves_the_old_one(name, settings, tmp_path):
    use_engine(settings, tmp_path, name)
    client = Client()
    client.get("/app/write/a/1")
    first = session_id(client)
    assert stored(first) == {"a": "1"}
    assert client.get("/app/read/a").content == b"1"
    assert session_id(client) == first  # reading keeps the id
    for url in ["/app/write/b/2", "/app/pop/a", "/app/append/x"]:
        before = session_id(client)
        data = stored(before)
        client.get(url)
        after = session_id(client)
        assert after not in (None, before), url
        assert stored(before) == data, url  # the old one is left as it was
    assert stored(session_id(client)) == {"b": "2", "items": ["x"]}
    assert stored(first) == {"a": "1"}


def test_a_write_to_a_new_session_creates_one_row_and_the_next_write_one_more(settings, tmp_path):
    use_engine(settings, tmp_path, "db")
    client = Client()
    client.get("/app/write-twice")  # two writes in one request: one new session
    assert Session.objects.count() == 1
    client.get("/app/read/a")
    assert Session.objects.count() == 1
    client.get("/app/write-twice")
    assert Session.objects.count() == 2  # the old row stays until it expires (clearsessions)


def test_parallel_requests_with_the_old_id_keep_working(settings, tmp_path):
    use_engine(settings, tmp_path, "db")
    tab1 = Client()
    tab1.get("/app/write/cart/1")
    key = session_id(tab1)
    tab2 = planted(key)  # a second request in flight with the same cookie
    tab1.get("/app/write/cart/2")
    assert tab2.get("/app/read/cart").content == b"1"  # as with Flask's cookie: what it carried
    tab2.get("/app/write/seen/yes")
    assert (tab1.get("/app/read/cart").content, tab2.get("/app/read/cart").content) == (b"2", b"1")
    assert len({key, session_id(tab1), session_id(tab2)}) == 3


@pytest.mark.parametrize("name", SERVER_SIDE)
def test_clear_then_write_issues_a_new_id_and_deletes_the_old_session(name, settings, tmp_path):
    use_engine(settings, tmp_path, name)
    client = Client()
    client.get("/app/write/user/mallory")
    key = session_id(client)
    client.get("/app/clear-and-write/user/ann")
    assert session_id(client) not in (None, key)
    assert stored(key) is None  # Django's flush()
    assert client.get("/app/read/user").content == b"ann"


@pytest.mark.parametrize("name", SERVER_SIDE)
def test_a_flush_after_the_move_deletes_the_session_the_request_arrived_with(name, settings, tmp_path):
    """Django's logout() in a view that wrote first: the logged-in session is gone, as without the move."""
    use_engine(settings, tmp_path, name)
    client = Client()
    client.get("/app/write/user/ann")
    key = session_id(client)
    assert stored(key)["user"] == "ann"
    client.get("/app/write-then-flush/seen/yes")
    assert stored(key) is None
    assert client.get("/app/read/user").content == b"missing"


def test_the_quickstart_login_of_the_demo_does_not_fix_the_planted_id(settings, tmp_path):
    """The demo's quickstart: ``session["username"] = request.form["username"]``, no clear."""
    use_engine(settings, tmp_path, "db")  # the demo project's engine
    attacker = Client()
    attacker.post("/quickstart/login", {"username": "mallory"})
    key = session_id(attacker)
    assert stored(key)["username"] == "mallory"
    victim = planted(key)
    r = victim.post("/quickstart/login", {"username": "ann"})
    assert r.status_code == 302
    assert session_id(victim) not in (None, key)
    assert stored(session_id(victim))["username"] == "ann"
    assert stored(key)["username"] == "mallory"
    assert attacker.get("/django/read/username").content == b"mallory"
    victim.get("/quickstart/logout")  # session.pop("username")
    assert victim.get("/django/read/username").content == b"missing"


@pytest.mark.parametrize("name", ["db", "signed_cookies"])
def test_flask_login_login_user_and_logout_user(name, settings, tmp_path):
    use_engine(settings, tmp_path, name)
    attacker = Client()
    attacker.get("/auth/whoami")
    attacker.get("/app/write/theme/dark")
    key = session_id(attacker)
    victim = planted(key)
    victim.get("/auth/login/ann")
    assert victim.get("/auth/whoami").content == b"ann"
    assert attacker.get("/auth/whoami").content == b"anonymous"
    logged_in = session_id(victim)
    victim.get("/auth/logout")
    assert victim.get("/auth/whoami").content == b"anonymous"
    assert session_id(victim) != logged_in
    assert victim.get("/app/read/theme").content == b"dark"  # the rest of the session goes on


def test_the_setting_off_writes_in_place(settings, tmp_path):
    """``FLASKCOMPAT_ROTATE_SESSION_ON_WRITE = False``, for projects that rotate keys themselves:
    a write keeps the id, so a planted id reads the login unless the login view rotates it."""
    use_engine(settings, tmp_path, "db")
    settings.FLASKCOMPAT_ROTATE_SESSION_ON_WRITE = False
    attacker = Client()
    attacker.get("/app/write/theme/dark")
    key = session_id(attacker)
    victim = planted(key)
    victim.get("/app/write/user/ann")
    assert session_id(victim) == key
    assert attacker.get("/app/read/user").content == b"ann"
    assert Session.objects.count() == 1


def test_the_test_clients_session_transaction_follows_the_new_id(settings, tmp_path):
    use_engine(settings, tmp_path, "db")
    client = app.test_client()
    client.get("/write/a/1")
    first = client.get_cookie("sessionid").value
    with client.session_transaction() as session:
        session["b"] = "2"
    assert client.get_cookie("sessionid").value != first
    assert (client.get("/read/a").text, client.get("/read/b").text) == ("1", "2")
    assert stored(first) == {"a": "1"}


# -- a response that fails after the session was written -------------------------------------


def failing_hook_app(flask):
    app = make_app(flask)
    app.secret_key = "only-flasks-cookie-session-reads-this"

    @app.after_request
    def explode(response):
        if flask.request.path.startswith("/write/boom"):
            raise RuntimeError("after_request failed")
        return response

    return app


@pytest.mark.parametrize("name", ["db", "signed_cookies"])
def test_a_session_written_before_after_request_raises_is_not_saved(name, settings, tmp_path):
    use_engine(settings, tmp_path, name)
    d = Differential(failing_hook_app, compare_cookies=False)
    d.compat_app.secret_key = None
    ours, theirs = d.both("GET", "/write/boom/1")
    assert (ours.status_code, theirs.status_code) == (500, 500)
    assert cookies_of(ours) == cookies_of(theirs) == {}  # the 500 carries no session cookie
    d.same("GET", "/read/boom")
    d.same("GET", "/write/user/ann")
    rows = Session.objects.count()
    ours, theirs = d.both("GET", "/write/boom/2")
    assert (ours.status_code, theirs.status_code, cookies_of(ours), cookies_of(theirs)) == (500, 500, {}, {})
    assert Session.objects.count() == rows  # nothing stored
    assert d.same("GET", "/read/boom").data == b"missing"
    assert d.same("GET", "/read/user").data == b"ann"


# -- errors are logged, never swallowed ------------------------------------------------------

ERRORS_APP = """
def make_app(flask, secret=True):
    app = flask.Flask("errors")
    if secret:
        app.secret_key = "k"

    @app.route("/teardown")
    def teardown_view():
        flask.g.boom = True
        return "ok"

    @app.teardown_request
    def teardown(exc):
        if flask.g.get("boom"):
            raise RuntimeError("teardown exploded")

    @app.route("/unserialisable")
    def unserialisable():
        flask.session["x"] = object()
        return "ok"

    @app.route("/flash")
    def flash_view():
        flask.flash("hi")
        return "ok"

    return app
"""

EMBEDDED_ERRORS = (
    ERRORS_APP
    + '''
import io, json, sys, threading, urllib.error, urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

import flask as real_flask
import flaskcompat
from flaskcompat.embedded import is_embedded
from flaskcompat.handlers import AppHandler


class Quiet(WSGIRequestHandler):
    def log_request(self, *args):
        pass


def serve_one(application, path):
    """One request through a WSGI server; returns (status, what was written to stderr)."""
    server = make_server("127.0.0.1", 0, application, handler_class=Quiet)
    thread = threading.Thread(target=server.handle_request)
    captured, sys.stderr = sys.stderr, io.StringIO()
    try:
        thread.start()
        try:
            status = urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{path}").status
        except urllib.error.HTTPError as e:
            status = e.code
        thread.join()
    finally:
        captured, sys.stderr = sys.stderr.getvalue(), captured
        server.server_close()
    return status, captured


results = {}
for name, flask, wrap in [("flask", real_flask, None), ("flaskcompat", flaskcompat, None),
                          ("flaskcompat-django-handler", flaskcompat, AppHandler)]:
    for path in ("/teardown", "/unserialisable", "/flash", "/nowhere"):
        app = make_app(flask, secret=path != "/flash")
        results[f"{name} {path}"] = serve_one(wrap(app) if wrap else app, path)
assert is_embedded()
print(json.dumps(results))
'''
)

EXPECTED_ERRORS = {
    "/teardown": "RuntimeError: teardown exploded",
    "/unserialisable": "TypeError: Object of type object is not JSON serializable",
    "/flash": "RuntimeError: The session is unavailable because no secret key was set.",
}


def test_errors_are_logged_in_embedded_mode():
    """Served by a WSGI server, each error gives a 500 and a log line with its traceback, as
    Flask's; also when Django's handler serves the app (``pytest --flaskcompat``), whose
    "Not Found" warnings stay silent as Flask's 404s."""
    results = json.loads(run_python(EMBEDDED_ERRORS).strip().splitlines()[-1])
    for name in ("flask", "flaskcompat", "flaskcompat-django-handler"):
        for where, error in EXPECTED_ERRORS.items():
            status, stderr = results[f"{name} {where}"]
            assert status == 500 and error in stderr and "Traceback" in stderr, (name, where, stderr)
        assert results[f"{name} /nowhere"] == [404, ""], name


namespace: dict = {}
exec(ERRORS_APP, namespace)  # the same app as in the embedded script
errors_app = namespace["make_app"](flaskcompat, secret=False)  # Django's SECRET_KEY signs Django's sessions
urlpatterns.append(path("errors/", include(errors_app.urls)))


@pytest.mark.parametrize(
    "where, middleware",
    [
        ("/teardown", None),
        ("/unserialisable", None),
        ("/flash", ["django.middleware.common.CommonMiddleware"]),  # no SessionMiddleware: Flask's cookie session
    ],
)
def test_errors_are_logged_in_hosted_mode(where, middleware, settings, tmp_path, caplog):
    use_engine(settings, tmp_path, "db")
    if middleware is not None:
        settings.MIDDLEWARE = middleware
    with caplog.at_level(logging.ERROR):
        response = Client(raise_request_exception=False).get(f"/errors{where}")
    assert response.status_code == 500
    assert EXPECTED_ERRORS[where] in caplog.text and "Traceback" in caplog.text
