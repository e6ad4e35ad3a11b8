"""The demo project's pages: Django views and the quickstart app share session, messages, URLs.

Runs in the demo project's own settings (``--ds=demo_site.settings``);
tests/test_demo_site.py runs this file in a subprocess.
"""

import pytest
from django.urls import reverse

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
    assert client.get("/quickstart/").content == b"Logged in as ann"
    # The Django home page reads the same session and shows the Flask flash.
    home = client.get("/").content.decode()
    assert "<strong>ann</strong>" in home
    assert "You were logged in" in home
    # A Django view's message comes out of get_flashed_messages() in the Flask template.
    r = client.get("/django-flash/", follow=True)
    assert "Hello from a Django view" in r.content.decode()
    client.get("/quickstart/logout")
    assert client.get("/quickstart/").content.startswith(b"You are not logged in")
