"""Taskboard's users move into Django's auth, and one login serves the legacy pages and the admin.

This follows the path in demo_site/legacy/README.md. A user registers on taskboard running on
plain Flask, and his hash in taskboard's ``user`` table is in Werkzeug's format.
``manage.py import_flask_users`` imports him with his id and hash. He logs in once, on either
side, and both sides see him. Django rehashes his password at that first login. Logging out on
either side logs him out of both.

Runs in the demo project's settings (``--ds=demo_site.settings``, through tests/test_demo_site.py):
its PASSWORD_HASHERS and its URLconf, which mounts taskboard adapted by demo_site/taskboard_auth.py.
"""

import io
import re
import sqlite3

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher
from django.core.management import CommandError, call_command
from django.urls import resolve
from taskboard import create_app
from werkzeug.security import check_password_hash

from demo_site import taskboard_auth

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def legacy_db(tmp_path, monkeypatch):
    """Taskboard's database file: the one the mounted taskboard uses, and the plain-Flask one."""
    path = str(tmp_path / "taskboard.sqlite")
    monkeypatch.setitem(resolve("/legacy/").func.app.config, "DATABASE", path)
    return path


@pytest.fixture
def flask_side(legacy_db):
    """Taskboard on plain Flask, on the same database: what ran before the move."""
    return create_app({"TESTING": True, "DATABASE": legacy_db}).test_client()


def import_users(*args):
    out = io.StringIO()
    call_command("import_flask_users", *args, stdout=out, stderr=out)
    return out.getvalue()


def logged_in_as(client):
    """Who the legacy pages and the admin show as logged in (None: nobody)."""
    page = client.get("/legacy/").content.decode()
    legacy = re.search(r'<span class="user">(.*?)</span>', page)
    admin = client.get("/admin/")
    if admin.status_code == 302:
        assert admin["Location"] == "/admin/login/?next=/admin/"
        admin_user = None
    else:
        admin_user = re.search(r"Welcome,\s*<strong>(.*?)</strong>", admin.content.decode()).group(1)
    return legacy and legacy.group(1), admin_user


def test_a_legacy_user_moves_into_django_and_one_login_serves_both(client, legacy_db, flask_side):
    # Before the move: ann and bob register on plain Flask, bob adds a task.
    for name in ("ann", "bob"):
        r = flask_side.post("/auth/register", data={"username": name, "password": f"{name}-secret"})
        assert r.status_code == 302 and r.headers["Location"] == "/auth/login"
    flask_side.post("/auth/login", data={"username": "bob", "password": "bob-secret"})
    flask_side.post("/tasks/new", data={"title": "Carry on after the move", "notes": "", "due": ""})
    with sqlite3.connect(legacy_db) as db:
        bob_id, legacy_hash = db.execute("SELECT id, password FROM user WHERE username = 'bob'").fetchone()
    assert bob_id == 2
    assert legacy_hash.startswith("pbkdf2:sha256:") and check_password_hash(legacy_hash, "bob-secret")

    # The move: a dry run first, then the import. Ids and hashes are kept.
    assert "Dry run: 2 to create, 0 to update, 0 unchanged." in import_users(legacy_db)
    assert not User.objects.exists()
    assert "Imported: 2 created, 0 updated, 0 unchanged." in import_users(legacy_db, "--commit")
    assert "0 to create, 0 to update, 2 unchanged." in import_users(legacy_db)  # idempotent
    bob = User.objects.get(username="bob")
    assert bob.pk == bob_id and bob.password == f"werkzeug${legacy_hash}"
    User.objects.filter(pk=bob.pk).update(is_staff=True)  # so that the admin lets him in

    # Logged out on both sides, bob logs in once, on the legacy page, with his old password.
    assert logged_in_as(client) == (None, None)
    session = client.session  # a session from before the login
    session["visited"] = True
    session.save()
    anonymous_session = client.cookies["sessionid"].value
    r = client.post("/legacy/auth/login?next=/legacy/tasks/", {"username": "bob", "password": "bob-secret"})
    assert r.status_code == 302 and r["Location"] == "/legacy/tasks/"
    assert client.cookies["sessionid"].value != anonymous_session  # Django's login() cycled the key
    assert client.session["_auth_user_id"] == str(bob_id)
    page = client.get("/legacy/tasks/").content.decode()
    assert '<div class="flash success">Welcome back, bob!</div>' in page
    assert "Carry on after the move" in page  # task.owner_id still names him: the id was kept
    assert [t["title"] for t in client.get("/legacy/api/tasks").json()] == ["Carry on after the move"]
    assert logged_in_as(client) == ("bob", "bob")
    assert "Site administration" in client.get("/admin/").content.decode()

    # Django rehashed the password with its preferred hasher at that first login.
    bob.refresh_from_db()
    assert identify_hasher(bob.password).algorithm == "pbkdf2_sha256"
    assert bob.check_password("bob-secret") and "werkzeug" not in bob.password
    assert User.objects.get(username="ann").password.startswith("werkzeug$pbkdf2:sha256:")  # not yet logged in

    # Logging out in the admin logs out of the legacy pages.
    assert client.post("/admin/logout/").status_code == 200
    assert logged_in_as(client) == (None, None)
    assert client.get("/legacy/tasks/")["Location"] == "/legacy/auth/login?next=/legacy/tasks/"
    assert client.get("/legacy/api/tasks").status_code == 401

    # Logging in in the admin (the new hash) logs in to the legacy pages; their logout, out of both.
    r = client.post("/admin/login/?next=/admin/", {"username": "bob", "password": "bob-secret"})
    assert r.status_code == 302 and r["Location"] == "/admin/"
    assert logged_in_as(client) == ("bob", "bob")
    r = client.get("/legacy/auth/logout")
    assert r.status_code == 302 and r["Location"] == "/legacy/"
    assert '<div class="flash message">You have been logged out.</div>' in client.get("/legacy/").content.decode()
    assert logged_in_as(client) == (None, None)
    assert "_auth_user_id" not in client.session


def test_only_django_accounts_log_in(client, legacy_db, flask_side):
    flask_side.post("/auth/register", data={"username": "ann", "password": "ann-secret"})
    # A legacy user not imported yet is not a user: the legacy table is not read any more.
    r = client.post("/legacy/auth/login", {"username": "ann", "password": "ann-secret"})
    assert r.status_code == 200 and "Incorrect username or password." in r.content.decode()
    import_users(legacy_db, "--commit")
    imported = User.objects.get(username="ann").password
    # A wrong password is refused, and leaves the imported hash alone.
    r = client.post("/legacy/auth/login?next=/legacy/tasks/", {"username": "ann", "password": "wrong"})
    assert r.status_code == 200 and "Incorrect username or password." in r.content.decode()
    assert User.objects.get(username="ann").password == imported
    # A session from before the move, with taskboard's own key, logs nobody in.
    session = client.session
    session["user_id"] = User.objects.get(username="ann").pk
    session.save()
    assert logged_in_as(client) == (None, None)
    assert client.get("/legacy/tasks/").status_code == 302
    # An offsite next is not followed (Django's own check, as the admin's login view does).
    r = client.post("/legacy/auth/login?next=//evil.example/", {"username": "ann", "password": "ann-secret"})
    assert r["Location"] == "/legacy/"


def test_new_accounts_are_django_users(client, legacy_db):
    r = client.post("/legacy/auth/register", {"username": "carol", "password": "carol-pw"})
    assert r.status_code == 302 and r["Location"] == "/legacy/auth/login"
    carol = User.objects.get(username="carol")
    assert identify_hasher(carol.password).algorithm == "pbkdf2_sha256" and carol.check_password("carol-pw")
    # Taskboard's checks and messages, against Django's users.
    User.objects.create_user("admin", password="admin-pw")
    for form, message in [
        ({"username": "admin", "password": "abcd"}, "User admin is already registered."),
        ({"username": " ", "password": "abcd"}, "Username is required."),
        ({"username": "dave", "password": "abc"}, "Password must have at least 4 characters."),
    ]:
        r = client.post("/legacy/auth/register", form)
        assert r.status_code == 200 and f'<div class="flash error">{message}</div>' in r.content.decode(), form
    assert not User.objects.filter(username="dave").exists()
    r = client.post("/legacy/auth/login", {"username": "carol", "password": "carol-pw"})
    assert r["Location"] == "/legacy/"
    assert logged_in_as(client) == ("carol", None)  # not staff: the admin does not let her in
    with sqlite3.connect(legacy_db) as db:  # the pages created taskboard's tables, its user table stays empty
        assert db.execute("SELECT COUNT(*) FROM user").fetchone()[0] == 0


def test_the_legacy_command_creates_django_users(legacy_db):
    out = io.StringIO()
    call_command("flask", "auth", "create-user", "erin", "--password", "erin-pw", stdout=out)
    assert out.getvalue() == "Created user erin.\n"
    assert User.objects.get(username="erin").check_password("erin-pw")
    with pytest.raises(CommandError, match="User erin is already registered."):
        call_command("flask", "auth", "create-user", "erin", "--password", "x")


def test_only_the_mounted_instance_is_adapted():
    mounted = resolve("/legacy/").func.app
    assert mounted.view_functions["auth.login"] is taskboard_auth.login
    plain = create_app({"TESTING": True})
    assert plain.view_functions["auth.login"].__module__ == "taskboard.auth"
    assert plain.cli.get_command(None, "auth") is not taskboard_auth.auth_cli
