"""flash / get_flashed_messages behave as Flask's, on django.contrib.messages."""

import flask as real_flask
import pytest
from django.contrib.messages import constants
from markupsafe import Markup

import flaskcompat
from tests.differential import Differential

STORAGES = [
    "django.contrib.messages.storage.fallback.FallbackStorage",
    "django.contrib.messages.storage.session.SessionStorage",
    "django.contrib.messages.storage.cookie.CookieStorage",
]

SHOW = "{% for c, m in flashes %}{{ c }}:{{ m }};{% endfor %}"


def make_app(flask):
    app = flask.Flask(__name__)
    app.secret_key = "flashing"

    def show(flashes):
        return flask.render_template_string(SHOW, flashes=flashes)

    @app.route("/")
    def index():
        return flask.render_template("index.html")

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if flask.request.method == "POST":
            flask.flash("You were logged in")
            return flask.redirect(flask.url_for("index"))
        return flask.render_template("login.html")

    @app.route("/flash")
    def flash():
        flask.flash("Hello World")
        flask.flash("Hello World", "error")
        flask.flash(Markup("<em>Testing</em>"), "warning")
        flask.flash("<b>debug</b>", "debug")
        flask.flash("custom", "alert-custom")
        flask.flash("info", "info")
        flask.flash("yay", "success")
        return "flashed"

    @app.route("/messages")
    def messages():
        return show([("-", m) for m in flask.get_flashed_messages()])

    @app.route("/categories")
    def categories():
        return show(flask.get_flashed_messages(with_categories=True))

    @app.route("/filter")
    def filter_one():
        return show(flask.get_flashed_messages(category_filter=["message"], with_categories=True))

    @app.route("/filters")
    def filter_two():
        return show(flask.get_flashed_messages(category_filter=["message", "warning"], with_categories=True))

    @app.route("/filters-without-categories")
    def filter_no_categories():
        return show([("-", m) for m in flask.get_flashed_messages(category_filter=["message", "warning"])])

    @app.route("/consume")
    def consume():
        errors = flask.get_flashed_messages(category_filter=["error"])
        everything = flask.get_flashed_messages(with_categories=True)
        again = flask.get_flashed_messages(with_categories=True)
        flask.flash("flashed after reading")
        return show([("errors", e) for e in errors] + everything + [("again", len(again) == len(everything))])

    @app.route("/untouched")
    def untouched():
        return "no flashes read"

    return app


@pytest.fixture
def d():
    return Differential(make_app, compare_cookies=False)


@pytest.mark.parametrize("reader", ["/messages", "/categories", "/filter", "/filters", "/filters-without-categories"])
def test_flashing_as_flask(d, reader):
    d.same("GET", "/flash")
    d.same("GET", reader)
    assert d.same("GET", reader).data == b""  # consumed by the first read


def test_first_call_consumes_everything_later_calls_return_the_same(d):
    d.same("GET", "/flash")
    body = d.same("GET", "/consume").get_data(as_text=True)
    assert body.startswith("errors:Hello World;message:Hello World;error:Hello World;warning:<em>Testing</em>;")
    assert body.endswith("again:True;")
    assert d.same("GET", "/categories").data == b"message:flashed after reading;"


def test_messages_wait_for_a_reader(d):
    d.same("GET", "/flash")
    d.same("GET", "/untouched")
    assert b"alert-custom:custom;" in d.same("GET", "/categories").data


def test_quickstart_login_flash_shows_on_the_next_page(d):
    d.same("GET", "/login")
    response = d.same("POST", "/login", data={"username": "ann"})
    assert response.headers["Location"] == "/"
    body = d.same("GET", "/").get_data(as_text=True)
    assert '<li class="message">You were logged in</li>' in body
    assert "You were logged in" not in d.same("GET", "/").get_data(as_text=True)


def _in_test_request_context(flask):
    app = make_app(flask)
    with app.test_request_context():
        flask.flash("a")
        flask.flash(Markup("<b>b</b>"), "error")
        first = flask.get_flashed_messages(with_categories=True)
        flask.flash("c")
        return first, flask.get_flashed_messages(), [type(m).__name__ for m in flask.get_flashed_messages()]


def test_test_request_context_without_middleware():
    assert _in_test_request_context(flaskcompat) == _in_test_request_context(real_flask)


def _signal(flask):
    app = make_app(flask)
    seen = []

    def record(sender, message, category, **extra):
        seen.append((sender is app, message, category))

    with flask.message_flashed.connected_to(record, app):
        app.test_client().get("/flash")
    return seen


def test_message_flashed_signal_as_flask():
    assert _signal(flaskcompat) == _signal(real_flask)


def test_outside_a_request_fails_as_flask():
    app = make_app(flaskcompat)
    with app.app_context(), pytest.raises(RuntimeError, match="request context"):
        flaskcompat.flash("x")


@pytest.mark.parametrize("storage", STORAGES)
def test_every_storage_and_message_level(d, settings, storage):
    settings.MESSAGE_STORAGE = storage
    settings.MESSAGE_LEVEL = constants.ERROR  # Django would drop all but errors; Flask drops nothing
    d.same("GET", "/flash")
    body = d.same("GET", "/categories").get_data(as_text=True)
    assert body == (
        "message:Hello World;error:Hello World;warning:<em>Testing</em>;"
        "debug:&lt;b&gt;debug&lt;/b&gt;;alert-custom:custom;info:info;success:yay;"
    )


# -- one queue for Flask-style and Django views (a Django project with the default middleware) ------


@pytest.fixture(params=STORAGES)
def project(request, settings, client):
    settings.MESSAGE_STORAGE = request.param
    return client


project_urls = pytest.mark.urls("tests.urlconfs.flashing")


@project_urls
def test_flask_flashes_reach_django_templates(project):
    project.get("/legacy/flash?category=message&category=error&category=debug&category=alert-custom")
    body = project.get("/django/show").content.decode()
    assert body == (
        "flask message &lt;b&gt;/message info/20;"
        "flask error &lt;b&gt;/error/40;"
        "flask debug &lt;b&gt;/debug/10;"
        "flask alert-custom &lt;b&gt;/alert-custom info/20;"
        "<em>safe</em>/warning/30;"
    )
    assert project.get("/django/show").content == b""


@project_urls
def test_django_messages_reach_get_flashed_messages(project):
    project.get("/django/add")
    body = project.get("/legacy/show").content.decode()
    assert body == "[('success', 'django success'), ('urgent', 'django error'), ('info', 'django info')]"
    assert project.get("/legacy/show").content == b"[]"


@project_urls
def test_flask_flashes_round_trip_through_django_storage(project):
    project.get("/legacy/flash?category=message&category=info&category=success&category=x y")
    body = project.get("/legacy/show").content.decode()
    assert body == (
        "[('message', 'flask message <b>'), ('info', 'flask info <b>'), ('success', 'flask success <b>'), "
        "('x y', 'flask x y <b>'), ('warning', Markup('<em>safe</em>'))]"
    )
