import pytest
from flask import g, session
from taskboard.db import get_db


def test_register(client, app):
    assert client.get("/auth/register").status_code == 200
    response = client.post("/auth/register", data={"username": "a", "password": "abcd"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"

    with app.app_context():
        assert get_db().execute("SELECT * FROM user WHERE username = 'a'").fetchone() is not None


def test_register_then_login_page_shows_the_flash(client):
    response = client.post("/auth/register", data={"username": "b", "password": "abcd"}, follow_redirects=True)
    assert response.request.path == "/auth/login"
    assert b'<div class="flash success">Registered. You can log in now.</div>' in response.data


@pytest.mark.parametrize(
    ("username", "password", "message"),
    (
        ("", "abcd", b"Username is required."),
        ("a", "abc", b"Password must have at least 4 characters."),
        ("test", "test", b"User test is already registered."),
    ),
)
def test_register_validate_input(client, username, password, message):
    response = client.post("/auth/register", data={"username": username, "password": password})
    assert response.status_code == 200
    assert b'<div class="flash error">' + message in response.data
    assert f'value="{username}"'.encode() in response.data


def test_login(client, auth):
    assert client.get("/auth/login").status_code == 200
    response = auth.login()
    assert response.headers["Location"] == "/"

    with client:
        response = client.get("/")
        assert session["user_id"] == 1
        assert g.user["username"] == "test"
        assert b"Welcome back, test!" in response.data


def test_login_returns_to_the_page_asked_for(client):
    response = client.get("/tasks/new")
    assert response.headers["Location"] == "/auth/login?next=/tasks/new"
    response = client.post("/auth/login?next=/tasks/new", data={"username": "test", "password": "test"})
    assert response.headers["Location"] == "/tasks/new"


def test_login_ignores_offsite_next(client):
    response = client.post("/auth/login?next=//evil.example/", data={"username": "test", "password": "test"})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(("username", "password"), (("a", "test"), ("test", "a")))
def test_login_validate_input(auth, username, password):
    response = auth.login(username, password)
    assert response.status_code == 200
    assert b"Incorrect username or password." in response.data


def test_logout(client, auth):
    auth.login()

    with client:
        response = auth.logout()
        assert "user_id" not in session
        assert response.headers["Location"] == "/"

    response = client.get("/")
    assert b"You have been logged out." in response.data
    assert b'href="/auth/login"' in response.data
