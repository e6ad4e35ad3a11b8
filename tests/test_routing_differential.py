"""Routing behaves as Flask's: converters, slashes, methods, HEAD/OPTIONS/405."""

import pytest

from tests.differential import Differential


def make_app(flask):
    app = flask.Flask(__name__)

    @app.route("/")
    def index():
        return "Index Page"

    @app.route("/hello")
    def hello():
        return "Hello World"

    @app.route("/user/<username>")
    def show_user_profile(username):
        return f"User {username}"

    @app.route("/post/<int:post_id>")
    def show_post(post_id):
        return f"Post {post_id}"

    @app.route("/projects/")
    def projects():
        return "The project page"

    @app.route("/about")
    def about():
        return "The about page"

    @app.route("/f/<float:x>")
    def floats(x):
        return repr(x)

    @app.route("/sf/<float(signed=True):x>")
    def signed_floats(x):
        return repr(x)

    @app.route("/p/<path:sub>")
    def path(sub):
        return sub

    @app.route("/p/<path:sub>/edit")
    def path_edit(sub):
        return "edit " + sub

    @app.route("/a/<any(about, help):page>")
    def any_page(page):
        return page

    @app.route("/lang/<string(length=2):code>")
    def lang(code):
        return code

    @app.route("/i/<int(min=1, max=9):n>")
    def bounded(n):
        return str(n)

    @app.route("/fd/<int(fixed_digits=3):n>")
    def fixed(n):
        return str(n)

    @app.route("/neg/<int(signed=True):n>")
    def negative(n):
        return str(n)

    @app.route("/u/<uuid:ident>")
    def uuid_view(ident):
        return repr(ident)

    @app.route("/login", methods=["GET", "POST"])
    def login():
        return flask.request.method

    @app.route("/only-post", methods=["POST"])
    def only_post():
        return "posted"

    @app.route("/users/", defaults={"page": 1})
    @app.route("/users/page/<int:page>")
    def users(page):
        return f"page {page}"

    @app.route("/hi/")
    @app.route("/hi/<name>")
    def hi(name=None):
        return f"hi {name}"

    @app.route("/loose", strict_slashes=False)
    def loose():
        return "loose"

    @app.route("/loose-dir/", strict_slashes=False)
    def loose_dir():
        return "loose dir"

    @app.route("/x/<a>-<b>")
    def pair(a, b):
        return f"{a}|{b}"

    @app.route("/x/static", methods=["POST"])
    def x_static():
        return "x static"

    return app


PATHS = [
    "/",
    "/hello",
    "/hello/",
    "/user/ann",
    "/user/ann/",
    "/user/",
    "/user/J%C3%B6rg",
    "/post/3",
    "/post/x",
    "/post/-1",
    "/projects",
    "/projects/",
    "/projects?a=1&b=2",
    "/about",
    "/about/",
    "/f/1.5",
    "/f/1",
    "/sf/-1.5",
    "/p/a/b/c",
    "/p/a/b/edit",
    "/p/",
    "/a/about",
    "/a/nope",
    "/lang/de",
    "/lang/deu",
    "/i/0",
    "/i/5",
    "/i/10",
    "/fd/001",
    "/fd/1",
    "/neg/-5",
    "/u/12345678-1234-1234-1234-123456789abc",
    "/u/nope",
    "/login",
    "/only-post",
    "/users/",
    "/users/page/1",
    "/users/page/2",
    "/hi/",
    "/hi/bob",
    "/loose",
    "/loose/",
    "/loose-dir",
    "/loose-dir/",
    "/x/1-2",
    "/x/static",
    "/user//ann",
    "/p/a//b",
    "/nothing-here",
]


@pytest.fixture(scope="module")
def diff():
    return Differential(make_app)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("method", ["GET", "POST", "HEAD", "OPTIONS", "DELETE"])
def test_same_answer_as_flask(diff, method, path):
    diff.same(method, path)


def make_redirect_app(flask):
    app = flask.Flask(__name__)

    @app.route("/new/<int:id>")
    def new(id):
        return f"new {id}"

    app.add_url_rule("/old/<int:id>", "old", redirect_to="/new/<id>")
    app.add_url_rule("/rel/<int:id>", "rel", redirect_to="new/<id>")
    app.add_url_rule("/call/<int:id>", "call", redirect_to=lambda adapter, id: f"/new/{id * 2}")
    return app


@pytest.mark.parametrize("path", ["/old/3", "/old/3?x=1", "/rel/4", "/call/5", "/old/x"])
@pytest.mark.parametrize("base_url", [None, "http://example.com/app/"])
def test_redirect_to_rules(path, base_url):
    kwargs = {"base_url": base_url} if base_url else {}
    Differential(make_redirect_app).same("GET", path, **kwargs)


@pytest.mark.django_db  # Django's WSGIHandler checks the database connection on each request
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_same_wsgi_answer_as_flask(diff, method, path):
    """Raw WSGI, no test client on either side: one environ, given to Flask's app and to
    flaskcompat's (Django's WSGIHandler and the project's middleware, then Flask's cycle); the
    status lines, headers and bodies are the same."""
    diff.same_raw(method, path)
