"""What a Django developer expects of a mounted Flask app (issue 11): Django's DEBUG rules its
error pages and template reloads, logging works under Django's test client, ``python hello.py``
stops quietly on Ctrl-C, and the errors (CSRF, a missing SESSION_SERIALIZER) name the fix."""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import flask
import flask.cli
import pytest
from django.core import checks
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import include, path

import flaskcompat
from flaskcompat.checks import check_session_serializer

from .subprocesses import ROOT, clean_env
from .urlconfs import debugging

DEBUGGING = "tests.urlconfs.debugging"
_names = itertools.count()


class URLConf:
    """A ROOT_URLCONF made in a test."""

    def __init__(self, *patterns):
        self.urlpatterns = list(patterns)


def fresh_app(**kwargs):
    """A flaskcompat app whose logger no test used yet."""
    return flaskcompat.Flask(f"fc_developer_{next(_names)}", **kwargs)


def records(caplog, name):
    return [r for r in caplog.records if r.name == name]


@pytest.fixture(autouse=True)
def no_flask_debug(monkeypatch):
    """FLASK_DEBUG unset (Flask's CLI, run by other tests in this process, sets it)."""
    monkeypatch.delenv("FLASK_DEBUG", raising=False)


# -- 1. Debug pages follow Django's DEBUG ---------------------------------------------------------


@pytest.mark.urls(DEBUGGING)
@pytest.mark.parametrize("url", ["/follows/boom", "/plain/boom", "/django/boom"])
def test_with_debug_an_unhandled_exception_reaches_djangos_handler_as_from_a_django_view(url, caplog):
    with override_settings(DEBUG=True):
        response = Client(raise_request_exception=False).get(url)
        with pytest.raises(ValueError, match="kaboom"):  # Django's client raises it, as for a Django view
            Client().get(url)
    assert response.status_code == 500
    page = response.content.decode()
    assert re.search(r"<title>ValueError\s+at " + url, page)  # Django's technical 500 page
    assert "kaboom from a" in page and "Request Method:" in page
    logged = records(caplog, "django.request")
    assert logged and logged[0].levelname == "ERROR" and logged[0].getMessage().startswith("Internal Server Error")
    assert logged[0].exc_info[0] is ValueError
    assert not any("Exception on" in r.getMessage() for r in caplog.records)  # Flask did not handle it


@pytest.mark.urls(DEBUGGING)
@pytest.mark.parametrize("url,app", [("/follows/boom", "follows"), ("/plain/boom", "plain")])
def test_without_debug_the_client_gets_a_plain_500_and_the_error_is_logged(url, app, caplog):
    response = Client().get(url)  # Flask handled it: nothing for Django's client to raise
    assert response.status_code == 500
    assert b"<h1>Internal Server Error</h1>" in response.content  # Flask's page, no traceback
    assert b"kaboom" not in response.content and b"Traceback" not in response.content
    logged = records(caplog, app)
    assert [r.getMessage() for r in logged] == [f"Exception on {url.removeprefix('/' + app)} [GET]"]
    assert logged[0].exc_info[0] is ValueError


@pytest.mark.urls(DEBUGGING)
def test_an_app_that_sets_debug_keeps_its_own():
    assert debugging.own.debug is True
    with pytest.raises(ValueError, match="debug mode"):  # propagated under Django's DEBUG=False
        Client().get("/own/boom")
    response = Client(raise_request_exception=False).get("/own/boom")
    assert response.status_code == 500 and b"Server Error (500)" in response.content  # Django's handler500
    with override_settings(DEBUG=False):
        assert debugging.own.debug is True


def test_debug_follows_django_until_the_app_or_flask_debug_sets_it(monkeypatch):
    app = flaskcompat.Flask("follower")
    plain = flaskcompat.mount(flask.Flask("plain_follower"))[0].app
    assert (app.debug, plain.debug) == (False, False)
    with override_settings(DEBUG=True):
        assert (app.debug, plain.debug) == (True, True)
        created = flaskcompat.Flask("created_under_debug")
        assert created.debug is True
    assert (app.debug, plain.debug, created.debug) == (False, False, False)

    app.debug = True  # the app decides now
    with override_settings(DEBUG=False):
        assert app.debug is True
    monkeypatch.setenv("FLASK_DEBUG", "0")  # so does FLASK_DEBUG, as on Flask
    with override_settings(DEBUG=True):
        assert flaskcompat.Flask("flask_debug_set").debug is False


@pytest.mark.urls("tests.urlconfs.cli_project")
def test_manage_py_flask_leaves_debug_to_the_project():
    call_command("flask", "routes", stdout=io.StringIO())
    assert "FLASK_DEBUG" not in os.environ  # so the apps it loads follow Django's DEBUG


@pytest.mark.slow
def test_embedded_apps_keep_flasks_debug_default():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from flaskcompat import Flask; from django.conf import settings; "
            "app = Flask('e'); print(app.debug, settings.DEBUG)",
        ],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout == "False False\n", out.stderr


# -- 2. Template edits show up under Django's DEBUG -------------------------------------------------


def _edit(page, text, step):
    page.write_text(text)
    later = time.time() + step  # a new modification time, whatever the file system's resolution
    os.utime(page, (later, later))


@pytest.mark.parametrize(
    "debug,config,reloads",
    [
        (True, {}, True),
        (False, {}, False),
        (True, {"TEMPLATES_AUTO_RELOAD": False}, False),
        (False, {"TEMPLATES_AUTO_RELOAD": True}, True),
        (True, {"DEBUG": False}, False),
    ],
)
def test_template_edits_show_up_when_django_debug_is_on(tmp_path, debug, config, reloads):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    _edit(page, "one", 0)
    with override_settings(DEBUG=debug):
        app = fresh_app(root_path=str(tmp_path))  # as the project's URLconf creates it
        app.config.update(config)
        app.add_url_rule("/", "page", lambda: flask.render_template("page.html"))
        project = URLConf(path("pages/", include(app.urls)))
    with override_settings(ROOT_URLCONF=project, DEBUG=debug):
        client = Client()
        assert client.get("/pages/").content == b"one"
        _edit(page, "two", 5)
        assert client.get("/pages/").content == (b"two" if reloads else b"one")


def test_an_environment_created_before_debug_changes_follows_it(tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.txt"
    _edit(page, "one", 0)
    app = fresh_app(root_path=str(tmp_path))
    with app.app_context():
        assert flask.render_template("page.txt") == "one" and app.jinja_env.auto_reload is False
        with override_settings(DEBUG=True):
            _edit(page, "two", 5)
            assert flask.render_template("page.txt") == "two"
        assert app.jinja_env.auto_reload is False


# -- 3. Logging with Django's test client; app.run() and Ctrl-C --------------------------------------


@contextlib.contextmanager
def bare_logging():
    """No handler on the root logger, as under ``manage.py test``: Flask's default handler writes
    to ``wsgi.errors``. (pytest puts its capture handler there around each test phase.)"""
    saved = logging.root.handlers
    logging.root.handlers = []
    try:
        yield
    finally:
        logging.root.handlers = saved


def test_flasks_default_log_handler_works_with_djangos_test_client(monkeypatch):
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    app = fresh_app()

    @app.route("/log")
    def log():
        app.logger.error("logged by the app")
        return "logged"

    @app.route("/boom")
    def boom():
        raise ValueError("kaboom")

    with bare_logging(), override_settings(ROOT_URLCONF=URLConf(path("app/", include(app.urls)))):
        assert flask.logging.default_handler in app.logger.handlers
        try:
            assert Client().get("/app/log").content == b"logged"  # its wsgi.errors is a BytesIO
            assert Client().get("/app/boom").status_code == 500
        finally:
            app.logger.removeHandler(flask.logging.default_handler)
    err = stderr.getvalue()
    assert "Logging error" not in err and "bytes-like" not in err
    assert "ERROR in test_django_developer: logged by the app" in err
    assert "ERROR in app: Exception on /boom [GET]" in err and "ValueError: kaboom" in err


SCRIPT = """\
import sys
from flaskcompat import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "up"


@app.route("/boom")
def boom():
    raise ValueError("kaboom from hello.py")


if __name__ == "__main__":
    app.run(port=int(sys.argv[1]), debug=sys.argv[2] == "debug")
    print("app.run() returned")
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, deadline):
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["debug", "nodebug"])
def test_python_hello_py_prints_the_traceback_and_stops_quietly_on_ctrl_c(tmp_path, mode):
    (tmp_path / "hello.py").write_text(SCRIPT)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "hello.py", str(port), mode],
        cwd=tmp_path,
        env={**clean_env(), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # even if ours ignores it
    try:
        deadline = time.monotonic() + 30
        assert _get(f"http://127.0.0.1:{port}/", deadline) == 200
        assert _get(f"http://127.0.0.1:{port}/boom", deadline) == 500
        time.sleep(0.5)  # the access line follows the answer
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 0, out
    assert "Traceback (most recent call last)" in out and "ValueError: kaboom from hello.py" in out
    assert '"GET /boom HTTP/1.1" 500' in out
    assert "KeyboardInterrupt" not in out
    assert out.rstrip().endswith("app.run() returned")  # as Flask's run() returns on Ctrl-C


# -- 4. Errors that teach -----------------------------------------------------------------------------


@pytest.mark.urls(DEBUGGING)
@pytest.mark.parametrize("debug", [True, False])
def test_the_csrf_403_of_a_flask_view_says_what_a_flask_view_needs(debug, caplog):
    with override_settings(DEBUG=debug):
        response = Client(enforce_csrf_checks=True).post("/follows/form", {"field": "value"})
    assert response.status_code == 403
    logged = [r.getMessage() for r in records(caplog, "django.security.csrf")]
    assert len(logged) == 1
    assert logged[0].startswith("Forbidden (CSRF cookie not set. 'form' is a Flask view: put {{ csrf_input }}")
    assert "csrf_exempt" in logged[0] and logged[0].endswith("): /follows/form")
    page = response.content.decode()
    assert "{% csrf_token %}" not in page
    if debug:
        assert "put {{ csrf_input }} inside the form" in page and "flaskcompat.csrf_exempt" in page
        assert "there is a <code>{{ csrf_input }}</code>" in page  # Django's help, for a Jinja template
    else:
        assert "csrf_input" not in page and "More information is available with DEBUG=True." in page


@pytest.mark.urls(DEBUGGING)
def test_the_csrf_403_of_a_django_view_is_djangos(caplog):
    with override_settings(DEBUG=True):
        response = Client(enforce_csrf_checks=True).post("/django/form", {"field": "value"})
    assert response.status_code == 403
    assert [r.getMessage() for r in records(caplog, "django.security.csrf")] == [
        "Forbidden (CSRF cookie not set.): /django/form"
    ]
    assert "csrf_input" not in response.content.decode()


JSON_SERIALIZER = "django.contrib.sessions.serializers.JSONSerializer"


@pytest.mark.urls(DEBUGGING)
def test_a_project_mounting_an_app_without_flasks_session_serializer_is_warned():
    with override_settings(SESSION_SERIALIZER=JSON_SERIALIZER):
        found = check_session_serializer()
        assert [m.id for m in checks.run_checks() if m.id == "flaskcompat.W004"] == ["flaskcompat.W004"]
        with pytest.raises(TypeError, match="Object of type datetime is not JSON serializable"):
            Client().get("/follows/remember")  # what the warning foresees
    assert [m.id for m in found] == ["flaskcompat.W004"]
    assert "SESSION_SERIALIZER" in found[0].msg and "datetime" in found[0].msg
    assert found[0].hint == (
        "Set SESSION_SERIALIZER = 'flaskcompat.serializers.FlaskSessionSerializer' in the settings."
    )
    assert "mounts Flask app(s) follows, own, plain, whose session is Django's" in found[0].msg
    assert check_session_serializer() == []  # the test project sets it
    client = Client()
    assert client.get("/follows/remember").content == b"remembered"
    assert (
        client.get("/follows/recall").content == b"datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)"
    )


def test_no_warning_without_a_mounted_app_or_without_sessions():
    with override_settings(SESSION_SERIALIZER=JSON_SERIALIZER):
        assert check_session_serializer() == []  # tests.urls mounts nothing
        with override_settings(ROOT_URLCONF=DEBUGGING, MIDDLEWARE=[]):
            assert check_session_serializer() == []  # no Django session: E001 says what to do


def test_no_message_asks_for_a_cli_extra():
    """click is one of Flask's dependencies: ``app.cli`` is always Flask's, nothing to install."""
    assert isinstance(flaskcompat.Flask("with_cli").cli, flask.cli.AppGroup)
    texts = [*Path(ROOT, "flaskcompat").rglob("*.py"), Path(ROOT, "README.md"), *Path(ROOT, "docs").glob("*.md")]
    assert [str(t) for t in texts if re.search(r"flaskcompat\[cli\]|pip install click", t.read_text())] == []


# -- 5. The README tells how to install flaskcompat into a project ----------------------------------


def test_readme_keeps_its_two_commands_and_says_how_to_install_and_log_in():
    readme = Path(ROOT, "README.md").read_text()
    assert "pip install -e . && python manage.py migrate && python manage.py runserver" in readme
    assert 'pip install -e ".[test]" && python -m pytest' in readme
    install = readme.split("## Install into your own project", 1)[1].split("\n## ", 1)[0]
    for command in (
        "pip install -e /path/to/flaskcompat",
        "pip install /path/to/flaskcompat",
        "python -m build",
        "pip install /path/to/flaskcompat/dist/flaskcompat-*.whl",
    ):
        assert command in install
    assert "python manage.py createsuperuser" in readme
