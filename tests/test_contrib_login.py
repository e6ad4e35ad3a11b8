"""flaskcompat.contrib.login: a Flask-Login app and the Django project share one user and one login."""

import flask
import flask_login
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher
from django.contrib.sessions.models import Session
from django.test import Client
from werkzeug.security import generate_password_hash

from flaskcompat.contrib.hashers import from_werkzeug
from flaskcompat.contrib.login import DjangoAuthLoginManager, use_django_auth

from .urlconfs import flask_login as site

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urlconfs.flask_login")]

User = get_user_model()


@pytest.fixture(autouse=True)
def project(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"  # session keys to watch
    settings.PASSWORD_HASHERS = [
        "tests.test_contrib_hashers.FastPBKDF2PasswordHasher",
        "flaskcompat.contrib.hashers.WerkzeugPasswordHasher",
    ]


@pytest.fixture
def ann():
    """A user imported from the legacy app: its id and its Werkzeug hash."""
    return User.objects.create(
        pk=3,
        username="ann",
        is_staff=True,
        is_superuser=True,
        password=from_werkzeug(generate_password_hash("ann pw", "scrypt:1024:8:1")),
    )


def flask_login_post(client, password="ann pw", **extra):
    return client.post("/legacy/login", {"username": "ann", "password": password, **extra})


def test_a_login_in_the_flask_app_is_djangos(client, ann):
    assert client.get("/django/me").content == b"anonymous"
    response = flask_login_post(client)
    assert response.status_code == 302 and response["Location"] == "/legacy/me"
    assert client.get("/django/me").content == b"ann"
    assert b"ann" in client.get("/admin/").content  # the admin sees the same user
    ann.refresh_from_db()
    assert identify_hasher(ann.password).algorithm == "pbkdf2_sha256"  # upgraded at this login
    assert client.get("/legacy/me").json() == {
        "class": "DjangoUser",
        "id": "3",
        "is_authenticated": True,
        "is_active": True,
        "is_anonymous": False,
        "username": "ann",
        "is_request_user": True,
        "fresh": True,
        "legacy_user_equal": True,
    }


def test_a_login_in_django_is_the_flask_apps(client, ann):
    assert client.get("/legacy/state").json()["is_authenticated"] is False
    assert client.post("/django/login", {"username": "ann", "password": "ann pw"}).content == b"ok"
    state = client.get("/legacy/me").json()
    assert (state["id"], state["username"], state["is_request_user"]) == ("3", "ann", True)
    client.get("/django/logout")
    assert client.get("/legacy/me").status_code == 302


def test_the_anonymous_user(client):
    assert client.get("/legacy/state").json() == {
        "class": "DjangoAnonymousUser",
        "id": None,
        "is_authenticated": False,
        "is_active": False,
        "is_anonymous": True,
        "username": None,
        "is_request_user": True,
        "fresh": False,
    }


def who(cookie):
    """The user a request carrying this session cookie is, on each side."""
    client = Client()
    client.cookies["sessionid"] = cookie
    return client.get("/django/me").content.decode(), client.get("/legacy/state").json()["username"]


def test_login_cycles_the_session_key_and_keeps_the_session(client, ann):
    client.get("/legacy/state")  # the session exists before the login
    before = client.cookies["sessionid"].value
    flask_login_post(client)
    after = client.cookies["sessionid"].value
    assert after != before
    assert who(before) == ("anonymous", None)  # a planted cookie is not logged in
    assert who(after) == ("ann", "ann")
    assert Session.objects.get(session_key=after).get_decoded()["visited"] is True


def test_logout_user_logs_out_of_django(client, ann):
    flask_login_post(client)
    logged_in = client.cookies["sessionid"].value
    assert client.post("/legacy/logout").json()["class"] == "DjangoAnonymousUser"
    assert client.get("/django/me").content == b"anonymous"
    assert who(logged_in) == ("anonymous", None)  # the logged-in session is gone
    assert not Session.objects.filter(session_key=logged_in).exists()


def test_logging_in_as_another_user_ends_the_first_session(client, ann):
    User.objects.create_user("bob", password="bob pw", pk=8)
    flask_login_post(client)
    ann_session = client.cookies["sessionid"].value
    client.post("/legacy/login", {"username": "bob", "password": "bob pw"})
    assert client.get("/django/me").content == b"bob"
    assert who(ann_session) == ("anonymous", None)


def test_a_wrong_password_logs_nobody_in(client, ann):
    assert flask_login_post(client, password="nope").status_code == 401
    assert client.get("/django/me").content == b"anonymous"


def test_login_user_with_the_apps_own_user_object(client, ann):
    state = client.post("/legacy/login-as/3").json()
    assert (state["class"], state["username"], state["is_request_user"]) == ("DjangoUser", "ann", True)
    assert client.get("/django/me").content == b"ann"


def test_login_user_of_an_unknown_id_says_to_import_the_users(client, ann, monkeypatch):
    monkeypatch.setitem(site.app.config, "PROPAGATE_EXCEPTIONS", True)
    with pytest.raises(LookupError, match="import_flask_users"):
        client.post("/legacy/login-as/99")
    assert client.get("/django/me").content == b"anonymous"


def test_an_inactive_user_is_not_logged_in(client, ann):
    User.objects.filter(pk=3).update(is_active=False)
    assert flask_login_post(client).status_code == 401  # Django's ModelBackend refuses it
    client.post("/legacy/login-as/3")  # the app's user object is active: Flask-Login lets it through,
    assert client.get("/django/me").content == b"anonymous"  # and Django's auth does not load it
    assert client.get("/legacy/state").json()["is_authenticated"] is False


def test_remember_me_is_a_persistent_django_session(client, ann):
    flask_login_post(client)
    assert client.cookies["sessionid"]["max-age"] == 1209600  # Django's SESSION_COOKIE_AGE
    client.post("/legacy/logout")
    flask_login_post(client, remember="1")
    assert client.cookies["sessionid"]["max-age"] == 365 * 24 * 3600  # Flask-Login's remember duration
    assert "remember_token" not in client.cookies  # Django's session is the only login cookie
    assert client.get("/django/me").content == b"ann"


def test_login_required_redirects_to_the_apps_login_view(client):
    response = client.get("/legacy/me?x=1")
    assert response.status_code == 302
    assert response["Location"] == "/legacy/login?next=%2Flegacy%2Fme%3Fx%3D1"


def test_login_required_redirects_to_djangos_login_url_without_one(client, settings):
    assert client.get("/other/private")["Location"] == "/accounts/login/?next=%2Fother%2Fprivate"
    settings.LOGIN_URL = "django_login"  # a URL name, as Django takes it
    response = client.get("/other/private")
    assert response["Location"] == "/django/login?next=%2Fother%2Fprivate"
    assert client.post("/django/login", {"username": "x", "password": "y"}).status_code == 401


def test_login_required_lets_the_django_user_in(client, ann):
    client.force_login(ann)
    assert client.get("/other/private").content == b"private"


def test_only_the_configured_manager_changes():
    """No global patch: Flask-Login's class and functions are untouched, other managers too."""
    assert type(site.login_manager) is not flask_login.LoginManager
    assert isinstance(site.login_manager, DjangoAuthLoginManager)
    for name in ("_load_user", "_update_request_context_with_user", "unauthorized"):
        assert getattr(flask_login.LoginManager, name).__module__ == "flask_login.login_manager"
    assert "login_view" not in vars(flask_login.LoginManager)  # an instance attribute, as Flask-Login has it
    assert flask_login.login_user.__module__ == flask_login.logout_user.__module__ == "flask_login.utils"
    plain = flask.Flask("plain_login")
    plain.secret_key = "plain"
    manager = flask_login.LoginManager(plain)
    assert type(manager) is flask_login.LoginManager
    manager.user_loader(lambda user_id: site.LegacyUser(int(user_id)))

    @plain.route("/in")
    def log_in():
        flask_login.login_user(site.LegacyUser(5))
        return "in"

    @plain.route("/who")
    def who():
        return str(flask_login.current_user.get_id())

    client = plain.test_client()  # real Flask: Flask-Login's own session keys and user_loader
    assert client.get("/who").text == "None"
    client.get("/in")
    assert client.get("/who").text == "5"
    with client.session_transaction() as session:
        assert session["_user_id"] == "5"


def test_an_app_not_served_by_django_is_told_what_to_do():
    plain = flask.Flask("unbridged")
    use_django_auth(flask_login.LoginManager(plain))
    with plain.test_request_context(), pytest.raises(RuntimeError, match="mount it"):
        flask_login.current_user.is_authenticated  # noqa: B018 (reading it is the point)
