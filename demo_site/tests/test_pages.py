"""The demo project's pages: Django views and the quickstart app share session, messages, URLs.

Runs in the demo project's own settings (``--ds=demo_site.settings``);
tests/test_demo_site.py runs this file in a subprocess.
"""

import pytest
from django.urls import resolve, reverse

pytestmark = pytest.mark.django_db


def test_home_links_into_the_flask_app(client):
    r = client.get("/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'href="/quickstart/"' in html
    assert 'href="/quickstart/user/ann"' in html
    assert reverse("quickstart:show_post", kwargs={"post_id": 5}) == "/quickstart/post/5"


def test_quickstart_routes(client):
    assert client.get("/quickstart/user/ann").content == b"User ann"
    assert client.get("/quickstart/post/3").content == b"Post 3"
    r = client.get("/quickstart/projects")
    assert r.status_code == 308 and r["Location"] == "http://testserver/quickstart/projects/"
    assert client.get("/quickstart/about/").status_code == 404
    r = client.get("/quickstart/hello/<em>x")
    assert b"<h1>Hello &lt;em&gt;x!</h1>" in r.content
    r = client.get("/quickstart/nope")
    assert r.status_code == 404 and r["X-Something"] == "A value"
    assert client.get("/quickstart/secret").status_code == 401
    r = client.get("/quickstart/static/style.css")
    assert r.status_code == 200 and b"font-family" in b"".join(r.streaming_content if r.streaming else [r.content])


def test_login_in_flask_is_seen_by_django_and_flash_crosses_over(client):
    r = client.post("/quickstart/login", {"username": "ann"})
    assert r.status_code == 302 and r["Location"] == "/quickstart/"
    page = client.get("/quickstart/").content.decode()
    assert "Logged in as <strong>ann</strong>" in page
    assert '<div class="flash message">You were logged in</div>' in page
    # The Django home page reads the same session.
    assert "<strong>ann</strong>" in client.get("/").content.decode()
    # A Flask view's flash comes out of django.contrib.messages in the Django template.
    r = client.get("/quickstart/flash-to-django")
    assert r.status_code == 302 and r["Location"] == "/"
    assert '<div class="flash success">Hello from a Flask view</div>' in client.get("/").content.decode()
    # A Django view's message comes out of get_flashed_messages() in the Flask template.
    r = client.get("/django-flash/", follow=True)
    assert '<div class="flash success">Hello from a Django view</div>' in r.content.decode()
    client.get("/quickstart/logout")
    assert "You are not logged in." in client.get("/quickstart/").content.decode()


def test_every_page_links_the_site_stylesheet(client, legacy):
    css = reverse("quickstart:static", kwargs={"filename": "style.css"})
    for url in (
        "/",
        "/quickstart/",
        "/quickstart/hello/",
        "/quickstart/login",
        "/quickstart/upload",
        "/quickstart/flashes",
        "/quickstart/nope",
    ):
        assert f'<link rel="stylesheet" href="{css}">' in client.get(url).content.decode(), url
    # The legacy app keeps its own stylesheet, which the site's follows.
    assert '<link rel="stylesheet" href="/legacy/static/style.css">' in client.get("/legacy/").content.decode()


@pytest.fixture
def legacy(tmp_path, monkeypatch, django_user_model):
    """The mounted legacy app, on a fresh database, and the user ann (its accounts are Django's)."""
    app = resolve("/legacy/").func.app
    monkeypatch.setitem(app.config, "DATABASE", str(tmp_path / "taskboard.sqlite"))
    django_user_model.objects.create_user("ann", password="secret")
    return app


def test_legacy_login_from_a_protected_page_returns_to_it_under_the_mount(client, legacy):
    r = client.get("/legacy/tasks/")
    assert r.status_code == 302 and r["Location"] == "/legacy/auth/login?next=/legacy/tasks/"
    r = client.post(r["Location"], {"username": "ann", "password": "secret"})
    assert r.status_code == 302 and r["Location"] == "/legacy/tasks/"
    assert "My tasks" in client.get(r["Location"]).content.decode()


def test_debug_warns_of_a_redirect_that_leaves_the_mount(client, legacy, settings, caplog):
    settings.DEBUG = True
    # A next URL built from request.path alone (relative to the app) leaves the mount: Django 404.
    r = client.post("/legacy/auth/login?next=/tasks/", {"username": "ann", "password": "secret"})
    assert r["Location"] == "/tasks/"
    assert client.get("/tasks/").status_code == 404
    [record] = [r for r in caplog.records if r.name == "flaskcompat"]
    assert record.levelname == "WARNING"
    message = record.getMessage()
    assert "'taskboard', mounted at /legacy/, redirected to /tasks/" in message
    assert "at /legacy/tasks/" in message and "request.script_root + request.path" in message
    caplog.clear()
    # Ways out of the app that are meant: a Django URL, a path the app has no rule for, the mount.
    for target in ("/admin/", "/nowhere/", "/legacy/tasks/"):
        r = client.post(f"/legacy/auth/login?next={target}", {"username": "ann", "password": "secret"})
        assert r["Location"] == target
    assert not [r for r in caplog.records if r.name == "flaskcompat"]
