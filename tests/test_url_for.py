"""url_for builds what Flask builds: query strings, escaping, script root, external URLs, errors."""

import flask as real_flask
import pytest

import flaskcompat


def make_app(flask):
    app = flask.Flask(__name__)

    @app.route("/")
    def index():
        return ""

    @app.route("/login")
    def login():
        return ""

    @app.route("/user/<username>")
    def profile(username):
        return ""

    @app.route("/post/<int(fixed_digits=4):post_id>")
    def post(post_id):
        return ""

    @app.route("/files/<path:name>")
    def files(name):
        return ""

    @app.route("/page/", defaults={"n": 1})
    @app.route("/page/<int:n>")
    def page(n):
        return ""

    @app.route("/form", methods=["POST"])
    def form_post():
        return ""

    @app.route("/form", methods=["GET"], endpoint="form_get")
    def form_get():
        return ""

    @app.route("/both", methods=["GET"], endpoint="both")
    @app.route("/both-post", methods=["POST"], endpoint="both")
    def both():
        return ""

    return app


CASES = [
    ("index", {}),
    ("login", {}),
    ("login", {"next": "/"}),
    ("login", {"next": "/a b?c=d&e"}),
    ("login", {"q": ["a", "b"], "empty": None}),
    ("profile", {"username": "John Doe"}),
    ("profile", {"username": "Jörg/../x"}),
    ("profile", {"username": "a?b#c"}),
    ("post", {"post_id": 7}),
    ("files", {"name": "a b/c.txt"}),
    ("page", {}),
    ("page", {"n": 1}),
    ("page", {"n": 2}),
    ("static", {"filename": "style.css"}),
    ("static", {"filename": "css/site main.css", "v": 3}),
    ("index", {"_anchor": "top part"}),
    ("index", {"_external": True}),
    ("profile", {"username": "x", "_external": True, "_scheme": "https"}),
    ("both", {"_method": "POST"}),
    ("both", {}),
    ("form_post", {}),
]


@pytest.mark.parametrize("base_url", [None, "http://example.com/", "https://example.com:8443/mount/"])
@pytest.mark.parametrize("endpoint, values", CASES)
def test_url_for_matches_flask(endpoint, values, base_url):
    results = []
    for flask in (real_flask, flaskcompat):
        app = make_app(flask)
        kwargs = {"base_url": base_url} if base_url else {}
        with app.test_request_context("/", **kwargs):
            results.append(flask.url_for(endpoint, **values))
    assert results[1] == results[0]


@pytest.mark.parametrize(
    "endpoint, values",
    [
        ("profile", {}),
        ("nope", {}),
        ("indx", {}),
        ("form_post", {"_method": "GET"}),
    ],
)
def test_build_error_message_matches_flask(endpoint, values):
    messages = []
    for flask in (real_flask, flaskcompat):
        app = make_app(flask)
        with app.test_request_context("/"):
            with pytest.raises(Exception) as info:
                flask.url_for(endpoint, **values)
            messages.append((type(info.value).__name__, str(info.value)))
    assert messages[1] == messages[0]


def test_url_for_outside_request_needs_server_name():
    for flask in (real_flask, flaskcompat):
        app = make_app(flask)
        with app.app_context():
            with pytest.raises(RuntimeError, match="SERVER_NAME"):
                flask.url_for("index")
        app.config["SERVER_NAME"] = "example.com"
        with app.app_context():
            assert flask.url_for("profile", username="a b") == "http://example.com/user/a%20b"


def test_scheme_without_external_is_an_error():
    for flask in (real_flask, flaskcompat):
        app = make_app(flask)
        with app.test_request_context("/"):
            with pytest.raises(ValueError, match="_external"):
                flask.url_for("index", _scheme="https", _external=False)


def test_url_defaults_and_build_error_handlers():
    results = []
    for flask in (real_flask, flaskcompat):
        app = make_app(flask)

        @app.url_defaults
        def add_lang(endpoint, values):
            if endpoint == "login":
                values.setdefault("lang", "en")

        def fallback(error, endpoint, values):
            return f"/fallback/{endpoint}"

        app.url_build_error_handlers.append(fallback)
        with app.test_request_context("/"):
            results.append((flask.url_for("login"), flask.url_for("missing")))
    assert results[1] == results[0]


def test_url_for_outside_request_without_server_name_raises_even_if_not_external():
    for flask in (real_flask, flaskcompat):
        app = make_app(flask)
        with app.app_context():
            with pytest.raises(RuntimeError, match="SERVER_NAME"):
                flask.url_for("index", _external=False)
