"""Django's CSRF check protects Flask views, rule by rule, inside Flask's request cycle.

The check runs first among the ``before_request`` steps, for the rule the method selected: an
unsafe request without Django's token is Django's 403 and neither the app's ``before_request``
functions nor the view run. ``csrf_exempt`` (on a view, blueprint or app) exempts that rule
only: another method's rule on the same path stays protected. Both a ``flaskcompat.Flask`` and
a plain ``flask.Flask`` (bridged by ``mount()``) are checked. This module is the URLconf of its
tests (``pytest.mark.urls(__name__)``).
"""

import flask as real_flask
import pytest
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import include, path

import flaskcompat
from flaskcompat import csrf_exempt, mount

pytestmark = pytest.mark.urls(__name__)


def make_app(flask):
    app = flask.Flask(f"csrf_{flask.__name__}")
    app.config["RAN"] = ran = []

    @app.before_request
    def before():
        ran.append("before_request")

    @app.get("/token")
    def token():
        return get_token(flask.request.django_request)

    @app.route("/protected", methods=["POST", "PUT", "DELETE"])
    def protected():
        ran.append("protected")
        return f"{flask.request.method} {flask.request.form.get('x')}"

    @app.get("/split", endpoint="split_get")
    @csrf_exempt
    def split_get():
        ran.append("split_get")
        return "got"

    @app.post("/split", endpoint="split_post")
    def split_post():
        ran.append("split_post")
        return "posted"

    @app.get("/open", endpoint="open_get")
    def open_get():
        ran.append("open_get")
        return "got"

    @app.post("/open", endpoint="open_post")
    @csrf_exempt
    def open_post():
        ran.append("open_post")
        return f"posted {flask.request.form.get('x')}"

    legacy = flask.Blueprint("legacy", __name__)

    @legacy.post("/submit")
    def submit():
        ran.append("legacy.submit")
        return "submitted"

    app.register_blueprint(csrf_exempt(legacy), url_prefix="/legacy")
    return app


ours = make_app(flaskcompat)
plain = make_app(real_flask)
APPS = {"compat": ours, "plain": plain}
urlpatterns = [path("compat/", include(ours.urls)), path("plain/", include(mount(plain)))]


@pytest.fixture(params=list(APPS))
def mounted(request):
    """``(mount point, ran)``: where the app is mounted, and the list of what ran in it."""
    ran = APPS[request.param].config["RAN"]
    ran.clear()
    return f"/{request.param}", ran


def strict():
    return Client(enforce_csrf_checks=True)


def with_token(at, ran):
    """A strict client with Django's CSRF cookie, and a token for it (``ran`` cleared after)."""
    client = strict()
    token = client.get(f"{at}/token").content.decode()
    ran.clear()
    return client, token


def assert_refused(response):
    assert response.status_code == 403
    assert b"CSRF verification failed" in response.content  # Django's CSRF failure view


def test_a_post_without_token_is_refused_before_the_app_runs(mounted):
    at, ran = mounted
    assert_refused(strict().post(f"{at}/protected", {"x": "1"}))
    assert ran == []  # neither the before_request function nor the view ran


def test_a_post_with_the_token_in_the_form_passes(mounted):
    at, ran = mounted
    client, token = with_token(at, ran)
    r = client.post(f"{at}/protected", {"x": "1", "csrfmiddlewaretoken": token})
    assert (r.status_code, r.content) == (200, b"POST 1")
    assert ran == ["before_request", "protected"]


def test_a_token_from_another_session_is_refused(mounted):
    at, ran = mounted
    _, token = with_token(at, ran)
    client, _ = with_token(at, ran)  # its own cookie: the other client's token does not match it
    assert_refused(client.post(f"{at}/protected", {"x": "1", "csrfmiddlewaretoken": token}))
    assert ran == []


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_unsafe_methods_take_the_token_from_the_header(mounted, method):
    at, ran = mounted
    client, token = with_token(at, ran)
    assert_refused(getattr(client, method)(f"{at}/protected"))
    assert ran == []
    r = getattr(client, method)(f"{at}/protected", HTTP_X_CSRFTOKEN=token)
    assert (r.status_code, r.content) == (200, f"{method.upper()} None".encode())
    assert ran == ["before_request", "protected"]


def test_an_exempt_get_leaves_the_post_on_the_same_path_protected(mounted):
    at, ran = mounted
    client = strict()
    assert client.get(f"{at}/split").content == b"got"
    assert_refused(client.post(f"{at}/split"))
    assert ran == ["before_request", "split_get"]  # the POST view never ran


def test_an_exempt_post_behind_a_protected_get_is_accepted_without_token(mounted):
    at, ran = mounted
    r = strict().post(f"{at}/open", {"x": "1"})
    assert (r.status_code, r.content) == (200, b"posted 1")
    assert ran == ["before_request", "open_post"]


def test_an_exempt_blueprint_exempts_its_views(mounted):
    at, ran = mounted
    r = strict().post(f"{at}/legacy/submit")
    assert (r.status_code, r.content) == (200, b"submitted")
    assert ran == ["before_request", "legacy.submit"]


@pytest.mark.parametrize("where, status", [("/nowhere", 404), ("/token", 405)])
def test_without_a_rule_flask_answers(mounted, where, status):
    """No rule for the path and method: nothing to check, Flask's 404 or 405 (not a 403),
    after the app's before_request functions, as in Flask."""
    at, ran = mounted
    assert strict().post(f"{at}{where}").status_code == status
    assert ran == ["before_request"]
