"""The app as Django URL patterns: include(), reverse(), {% url %}, CSRF, slashes, isolation."""

import pytest
from django.template import engines
from django.test import Client
from django.urls import resolve, reverse

from flaskcompat import Flask

pytestmark = pytest.mark.urls("tests.urlconfs.mounted")


def test_reverse_and_url_tag_reach_flask_rules():
    assert reverse("legacy:index") == "/legacy/"
    assert reverse("legacy:profile", kwargs={"username": "ann"}) == "/legacy/user/ann"
    assert reverse("legacy:profile", kwargs={"username": "John Doe"}) == "/legacy/user/John%20Doe"
    assert reverse("legacy:post", kwargs={"post_id": 3}) == "/legacy/post/3"
    tpl = engines["django"].from_string("{% url 'legacy:profile' username='ann' %}")
    assert tpl.render({}) == "/legacy/user/ann"


def test_resolver_match_names_the_flask_endpoint():
    match = resolve("/legacy/user/ann")
    assert match.url_name == "profile"
    assert match.namespace == "legacy"
    assert match.kwargs == {"username": "ann"}
    assert match.route == "legacy/user/<username>"


def test_views_see_the_mount_point_as_script_root(client):
    r = client.get("/legacy/")
    assert r.content == b"index /legacy|/|/legacy/"
    r = client.get("/legacy/user/John%20Doe")
    assert r.content == b"user John Doe /legacy/user/John%20Doe"


def test_django_and_flask_views_side_by_side(client):
    assert client.get("/django/").content == b"django view"
    assert client.get("/legacy/post/7").content == b"post 7"


def test_unmatched_urls_under_the_mount_reach_the_app_404_handler(client):
    r = client.get("/legacy/nothing/here")
    assert r.status_code == 404 and r.content == b"legacy 404"
    r = client.get("/legacy/post/not-a-number")
    assert r.status_code == 404 and r.content == b"legacy 404"


def test_trailing_slash_rules_as_flask_not_append_slash(client):
    r = client.get("/legacy/projects?x=1")
    assert r.status_code == 308
    assert r["Location"] == "http://testserver/legacy/projects/?x=1"
    # A rule without slash answers 404 with one: CommonMiddleware's APPEND_SLASH does not interfere.
    r = client.get("/legacy/about/")
    assert r.status_code == 404 and r.content == b"legacy 404"
    r = client.get("/legacy/about")
    assert r.status_code == 200


def test_method_not_allowed_names_allowed_methods(client):
    r = client.get("/legacy/form")
    assert r.status_code == 405
    assert set(r["Allow"].split(", ")) == {"POST", "OPTIONS"}


def test_csrf_protects_flask_views_like_django_views():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/legacy/form", {"x": "1"}).status_code == 403
    # explicit, documented opt-out
    r = strict.post("/legacy/legacy-form")
    assert r.status_code == 200 and r.content == b"legacy posted"


def test_csrf_token_makes_the_post_pass():
    strict = Client(enforce_csrf_checks=True)
    strict.get("/django/")
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    strict.cookies["csrftoken"] = secret
    r = strict.post("/legacy/form", {"x": "1", "csrfmiddlewaretoken": _mask_cipher_secret(secret)})
    assert r.status_code == 200 and r.content == b"posted 1"


def test_url_for_outside_a_request_uses_the_mount_point():
    from tests.urlconfs.mounted import legacy

    legacy.config["SERVER_NAME"] = "example.com"
    try:
        with legacy.app_context():
            from flaskcompat import url_for

            assert url_for("profile", username="ann") == "http://example.com/legacy/user/ann"
    finally:
        legacy.config["SERVER_NAME"] = None


def test_each_app_dispatches_only_its_own_routes():
    one, two = Flask("one"), Flask("two")
    one.add_url_rule("/a", "a", lambda: "one a")
    two.add_url_rule("/b", "b", lambda: "two b")
    assert one.test_client().get("/a").data == b"one a"
    assert one.test_client().get("/b").status_code == 404
    assert two.test_client().get("/b").data == b"two b"
    assert two.test_client().get("/a").status_code == 404


def test_many_rules_resolve_through_the_index():
    app = Flask("many")

    def view_of(i):
        return lambda n: f"{i}:{n}"

    for i in range(1000):
        app.add_url_rule(f"/r{i}/<int:n>", f"r{i}", view_of(i))
    client = app.test_client()
    assert client.get("/r999/5").data == b"999:5"
    assert client.get("/r0/1").data == b"0:1"
    assert client.get("/r1000/1").status_code == 404
    # still real, named Django patterns for introspection
    from flaskcompat.urls import app_urlconf

    names = [p.name for p in app_urlconf(app).urlpatterns[1:]]
    assert "r999" in names and len(names) == 1001  # + the static rule


def test_django_follow_and_assert_redirects_work_with_flask_redirects(client):
    from django.test import SimpleTestCase

    r = client.get("/legacy/projects", follow=True)
    assert r.status_code == 200 and r.content == b"projects"
    SimpleTestCase().assertRedirects(
        client.get("/legacy/projects"),
        "http://testserver/legacy/projects/",
        status_code=308,
        fetch_redirect_response=False,
    )
