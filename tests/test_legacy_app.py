"""The demo's legacy Flask project (demo_site/legacy, plain ``from flask import ...`` code): its
own suite under real Flask, the same suite with every Flask app served through Django
(``pytest --flaskcompat`` in the demo project), and the demo project mounting it."""

import re
import textwrap

import pytest

from .subprocesses import ROOT, run, run_python

LEGACY_TESTS = "demo_site/legacy/tests"
SERVED_BY_DJANGO = "flaskcompat: every flask.Flask app is served through Django"


def run_pytest(*args, cwd=ROOT, **env):
    return run(["python", "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=cwd, **env)


def passed(proc):
    """The number of passed tests, asserting the run was green."""
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    summary = proc.stdout.strip().splitlines()[-1]
    assert not re.search(r"failed|error|skipped|xfail|warning", summary), summary
    return int(re.search(r"(\d+) passed", summary).group(1))


@pytest.fixture(scope="module")
def under_flask():
    return run_pytest(LEGACY_TESTS)


@pytest.fixture(scope="module")
def under_flaskcompat():
    return run_pytest(
        "-p", "flaskcompat.pytest_plugin", "--flaskcompat", LEGACY_TESTS, DJANGO_SETTINGS_MODULE="demo_site.settings"
    )


def test_the_suite_passes_under_real_flask(under_flask):
    assert passed(under_flask) >= 50
    assert SERVED_BY_DJANGO not in under_flask.stdout
    assert "settings:" not in under_flask.stdout  # no Django project involved


def test_the_same_suite_passes_served_through_django_in_the_demo_project(under_flaskcompat, under_flask):
    assert passed(under_flaskcompat) == passed(under_flask)
    assert SERVED_BY_DJANGO in under_flaskcompat.stdout
    assert "settings: demo_site.settings" in under_flaskcompat.stdout


PLAIN_FLASK_TESTS = """
import flask
import pytest
from django.contrib.messages import get_messages
from django.http import HttpRequest


@pytest.fixture
def app():
    app = flask.Flask("plain")
    app.secret_key = "plain key"

    @app.route("/visit", methods=["POST"])
    def visit():
        flask.session["visits"] = flask.session.get("visits", 0) + 1
        flask.flash("counted")
        django_request = flask.request.django_request
        assert isinstance(django_request, HttpRequest) and django_request.path == "/visit"
        return {"visits": flask.session["visits"], "user": str(getattr(django_request, "user", None)),
                "session": type(flask.session._get_current_object()).__name__,
                "messages": [m.message for m in get_messages(django_request)] if MESSAGES else None}

    return app


def test_a_plain_flask_view_sees_the_django_request(app):
    assert type(app) is flask.Flask
    client = app.test_client()
    assert client.post("/visit").json == {"visits": 1, **EXPECTED}
    assert client.post("/visit").json["visits"] == 2
    assert [name for name in ("session", "sessionid") if client.get_cookie(name)] == COOKIES


def test_a_request_context_has_it_too(app):
    with app.test_request_context("/somewhere", method="POST"):
        assert flask.request.django_request.method == "POST"
        assert flask.request.django_request.path == "/somewhere"
"""


def _plain_flask_suite(tmp_path, expected, cookies, messages, *options, **env):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_plain.py").write_text(
        f"EXPECTED = {expected!r}\nCOOKIES = {cookies!r}\nMESSAGES = {messages!r}\n"
        + textwrap.dedent(PLAIN_FLASK_TESTS)
    )
    return run_pytest(*options, "test_plain.py", cwd=tmp_path, **env)


@pytest.mark.slow
def test_under_flaskcompat_a_plain_flask_app_sees_djangos_request_session_and_messages(tmp_path):
    proc = _plain_flask_suite(
        tmp_path,
        {"user": "AnonymousUser", "session": "DjangoSession", "messages": ["counted"]},
        ["sessionid"],
        True,
        "--flaskcompat",
        DJANGO_SETTINGS_MODULE="demo_site.settings",
    )
    assert passed(proc) == 2
    assert SERVED_BY_DJANGO in proc.stdout


@pytest.mark.slow
def test_under_flaskcompat_without_a_project_the_session_stays_flasks_cookie(tmp_path):
    proc = _plain_flask_suite(
        tmp_path,
        {"user": "None", "session": "SecureCookieSession", "messages": None},
        ["session"],
        False,
        "--flaskcompat",
    )
    assert passed(proc) == 2


@pytest.mark.slow
def test_without_the_option_flask_serves_its_apps_itself(tmp_path):
    proc = _plain_flask_suite(tmp_path, {}, [], False)
    assert proc.returncode == 1
    assert "2 failed" in proc.stdout
    assert "has no attribute 'django_request'" in proc.stdout


@pytest.mark.slow
def test_the_demo_project_serves_it_through_djangos_stack(tmp_path):
    out = run_python(
        """
        import re
        import django
        django.setup()
        from django.test.utils import setup_databases, setup_test_environment
        setup_test_environment()
        setup_databases(verbosity=0, interactive=False)

        import flask, flaskcompat
        from django.test import Client
        from django.urls import resolve, reverse
        from taskboard import create_app

        legacy = resolve("/legacy/").func.app
        assert type(legacy) is flask.Flask and legacy.name == "taskboard"  # Flask's own class
        assert not isinstance(legacy, flaskcompat.Flask)
        print(reverse("taskboard:index"), reverse("taskboard:tasks.edit", kwargs={"task_id": 3}))

        def flashes(body):
            return re.findall(r'<div class="flash (\\w+)">(.*?)</div>', body)

        def visit(post, get, prefix):
            # pages whose flashes differ between Flask's cookie session and Django's messages if
            # session.clear() (at login) left the "Registered" flash pending
            seen = []
            r = post(prefix + "/auth/register", {"username": "ann", "password": "pw123"})
            seen.append([r.status_code, r.headers["Location"].removeprefix(prefix)])
            r = post(prefix + "/auth/login", {"username": "ann", "password": "pw123"})
            seen.append([r.status_code, r.headers["Location"].removeprefix(prefix)])
            r = post(prefix + "/tasks/new", {"title": "Try Django", "notes": "", "due": ""})
            body = get(r.headers["Location"]).content.decode()
            seen.append([flashes(body), body.count('<article class="task">')])
            body = get(prefix + "/auth/logout", follow=True).content.decode()
            seen.append(flashes(body))
            return seen

        client = Client(enforce_csrf_checks=True)  # the mount is csrf_exempt: legacy forms still post
        served = visit(client.post, client.get, "/legacy")
        plain = create_app({"DATABASE": "%s"}).test_client()
        def plain_get(path, follow=False):
            r = plain.get(path, follow_redirects=follow)
            r.content = r.data
            return r
        assert served == visit(lambda path, data: plain.post(path, data=data), plain_get, ""), served
        print(served)
        r = client.post("/legacy/auth/login", {"username": "ann", "password": "pw123"})
        print(client.session["_auth_user_id"])  # the Flask view logged ann into Django's auth, in the one session
        print(client.get("/legacy/static/style.css").status_code, client.get("/legacy/nowhere").status_code)
    """
        % (tmp_path / "plain.sqlite"),
        DJANGO_SETTINGS_MODULE="demo_site.settings",
        FLASK_DATABASE=str(tmp_path / "board.sqlite"),
    )
    assert out.splitlines() == [
        "/legacy/ /legacy/tasks/3/edit",
        "[[302, '/auth/login'], [302, '/'], [[('success', 'Welcome back, ann!'), "
        "('success', 'Added “Try Django”.')], 1], [('message', 'You have been logged out.')]]",
        "1",
        "200 404",
    ]
