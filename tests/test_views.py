"""flaskcompat.views is flask.views: View, MethodView, methods, decorators, instances, served by Django."""

import flask
import flask.views
import pytest

import flaskcompat
from tests.differential import Differential


def make_app(flask):
    views = flask.views
    app = flask.Flask(__name__)

    class Hello(views.View):
        init_every_request = False

        def __init__(self, greeting):
            self.greeting = greeting
            self.count = 0

        def dispatch_request(self, name):
            self.count += 1
            return f"{self.greeting}, {name}! #{self.count}"

    app.add_url_rule("/hello/<name>", view_func=Hello.as_view("hello", "Hi"))

    class Fresh(views.View):
        methods = ["GET", "POST"]

        def __init__(self):
            self.count = 0

        def dispatch_request(self):
            self.count += 1
            return f"{flask.request.method} #{self.count} {flask.request.endpoint}"

    app.add_url_rule("/fresh", view_func=Fresh.as_view("fresh"))

    def add_header(f):
        def wrapped(**kwargs):
            rv = flask.make_response(f(**kwargs))
            rv.headers["Cache-Control"] = "no-store"
            return rv

        wrapped.__name__ = f.__name__
        return wrapped

    def shout(f):
        def wrapped(**kwargs):
            return f(**kwargs).upper()

        wrapped.__name__ = f.__name__
        return wrapped

    class Decorated(views.View):
        decorators = [shout, add_header]  # shout is innermost

        def dispatch_request(self):
            return "decorated"

    app.add_url_rule("/decorated", view_func=Decorated.as_view("decorated"))

    class ItemAPI(views.MethodView):
        def get(self, item_id=None):
            return f"get {item_id}"

        def post(self):
            return "post", 201

        def delete(self, item_id):
            return "", 202

    item = ItemAPI.as_view("item")
    app.add_url_rule("/items/", view_func=item, methods=["GET", "POST"])
    app.add_url_rule("/items/<int:item_id>", view_func=item, methods=["GET", "DELETE"])

    class Base(views.MethodView):
        def get(self):
            return "base get"

    class Child(Base):
        def put(self):
            return "child put"

    class Explicit(Base):
        methods = ["GET"]

        def patch(self):
            return "never routed"

    class NoOptions(views.MethodView):
        provide_automatic_options = False

        def get(self):
            return "get"

        def options(self):
            return "custom options"

    app.add_url_rule("/child", view_func=Child.as_view("child"))
    app.add_url_rule("/explicit", view_func=Explicit.as_view("explicit"))
    app.add_url_rule("/no-options", view_func=NoOptions.as_view("no_options"))

    class Unimplemented(views.MethodView):
        methods = ["GET", "POST"]

        def get(self):
            return "only get"

    app.add_url_rule("/unimplemented", view_func=Unimplemented.as_view("unimplemented"))

    bp = flask.Blueprint("api", __name__, url_prefix="/api")

    class Where(views.MethodView):
        def get(self):
            return f"{flask.request.endpoint} {flask.url_for('.where')}"

    bp.add_url_rule("/where", view_func=Where.as_view("where"))
    app.register_blueprint(bp)

    @app.errorhandler(AssertionError)
    def assertion(e):
        return f"assertion: {e}", 500

    return app


@pytest.fixture(scope="module")
def d():
    return Differential(make_app)


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/hello/ann"),
        ("GET", "/hello/bob"),
        ("GET", "/fresh"),
        ("POST", "/fresh"),
        ("GET", "/fresh"),
        ("PUT", "/fresh"),
        ("GET", "/decorated"),
        ("GET", "/items/"),
        ("POST", "/items/"),
        ("GET", "/items/3"),
        ("DELETE", "/items/3"),
        ("PUT", "/items/3"),
        ("HEAD", "/items/3"),
        ("OPTIONS", "/items/3"),
        ("GET", "/child"),
        ("PUT", "/child"),
        ("HEAD", "/child"),
        ("OPTIONS", "/child"),
        ("GET", "/explicit"),
        ("PATCH", "/explicit"),
        ("GET", "/no-options"),
        ("OPTIONS", "/no-options"),
        ("GET", "/unimplemented"),
        ("POST", "/unimplemented"),
        ("GET", "/api/where"),
    ],
)
def test_class_based_views_answer_like_flask(d, method, path):
    d.same(method, path)


def test_views_are_flasks():
    assert flaskcompat.views is flask.views


def test_view_class_can_be_swapped_on_the_view_function():
    app = flaskcompat.Flask(__name__)

    class A(flaskcompat.views.View):
        def dispatch_request(self):
            return "a"

    class B(A):
        def dispatch_request(self):
            return "b"

    view = A.as_view("v")
    view.view_class = B  # init_every_request: the class is looked up per request, as in Flask
    app.add_url_rule("/", view_func=view)
    assert app.test_client().get("/").data == b"b"


def test_async_methods_run_through_ensure_sync():
    app = flaskcompat.Flask(__name__)

    class Async(flaskcompat.views.MethodView):
        async def get(self):
            return "async get"

    app.add_url_rule("/", view_func=Async.as_view("async"))
    assert app.test_client().get("/").data == b"async get"
