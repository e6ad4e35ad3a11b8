"""jsonify, app.json and flaskcompat.json behave as Flask's JSON support."""

import dataclasses
import decimal
import uuid
from datetime import date, datetime, timedelta, timezone

import flask
import pytest
from flask.json.provider import DefaultJSONProvider
from markupsafe import Markup

import flaskcompat
from flaskcompat import json as fc_json
from tests.differential import Differential


@dataclasses.dataclass
class Point:
    x: int
    y: int


VALUES = {
    "dict": lambda: {"b": 2, "a": 1, "nested": {"z": [3, 2, 1], "é": "ünï"}},
    "list": lambda: [3, "x", None, True, 1.5],
    "scalar": lambda: "just a string",
    "number": lambda: 42,
    "none": lambda: None,
    "datetime": lambda: datetime(2024, 2, 29, 13, 14, 15),
    "aware": lambda: datetime(2024, 2, 29, 13, 14, 15, tzinfo=timezone(timedelta(hours=2))),
    "date": lambda: date(2024, 2, 29),
    "decimal": lambda: decimal.Decimal("1.10"),
    "uuid": lambda: uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "dataclass": lambda: Point(1, 2),
    "markup": lambda: Markup("<b>safe</b>"),
    "html-chars": lambda: {"s": "</script><!-- & '"},
}


def make_app(flask):
    app = flask.Flask(__name__)

    @app.route("/jsonify/<kind>")
    def jsonify_view(kind):
        if kind == "args":
            return flask.jsonify(1, "two", [3])
        if kind == "kwargs":
            return flask.jsonify(b=1, a=2)
        if kind == "empty":
            return flask.jsonify()
        return flask.jsonify(VALUES[kind]())

    @app.route("/return/<kind>")
    def return_view(kind):
        return VALUES[kind]() if kind in ("dict", "list") else {"value": VALUES[kind]()}

    @app.route("/dumps")
    def dumps_view():
        return flask.json.dumps({"b": [1, 2], "a": datetime(2024, 1, 1)}) + flask.json.dumps("é", ensure_ascii=False)

    @app.route("/loads", methods=["POST"])
    def loads_view():
        return repr(flask.json.loads(flask.request.get_data())) + repr(app.json.loads(b'{"x": 1}'))

    @app.route("/both")
    def both_view():
        return flask.jsonify(1, a=2)

    @app.route("/unserializable")
    def unserializable():
        return flask.jsonify(object())

    return app


@pytest.fixture(scope="module")
def d():
    return Differential(make_app)


@pytest.mark.parametrize("kind", [*VALUES, "args", "kwargs", "empty"])
def test_jsonify(d, kind):
    d.same("GET", f"/jsonify/{kind}")


@pytest.mark.parametrize("kind", VALUES)
def test_returned_dicts_and_lists(d, kind):
    d.same("GET", f"/return/{kind}")


@pytest.mark.parametrize("kind", ["dict", "list", "kwargs"])
def test_debug_indents(kind):
    d = Differential(make_app)
    d.flask_app.debug = d.compat_app.debug = True
    d.same("GET", f"/jsonify/{kind}")


def test_dumps_and_loads(d):
    d.same("GET", "/dumps")
    d.same("POST", "/loads", data='{"k": [1, 2.5, null]}')


@pytest.mark.parametrize("path", ["/both", "/unserializable"])
def test_errors(path):
    d = Differential(make_app)
    d.same("GET", path)  # a 500 page
    for app in (d.flask_app, d.compat_app):
        app.testing = True
    with pytest.raises(TypeError) as theirs:
        d.flask_client.get(path)
    with pytest.raises(TypeError) as ours:
        d.compat_client.get(path)
    assert str(ours.value) == str(theirs.value)


def test_provider_settings():
    def make_app(flask):
        app = flask.Flask(__name__)
        app.json.sort_keys = False
        app.json.ensure_ascii = False
        app.json.compact = False
        app.json.mimetype = "application/vnd.api+json"

        @app.route("/")
        def index():
            return {"z": "é", "a": 1}

        return app

    Differential(make_app).same("GET", "/")


def test_custom_provider():
    class OrderedProvider(DefaultJSONProvider):
        def dumps(self, obj, **kwargs):
            return "custom:" + super().dumps(obj, **kwargs)

        def loads(self, s, **kwargs):
            return {"loaded": super().loads(s, **kwargs)}

    app = flaskcompat.Flask(__name__)
    app.json = OrderedProvider(app)

    @app.route("/", methods=["POST"])
    def index():
        return {"got": flaskcompat.request.json}

    rv = app.test_client().post("/", data='{"a": 1}', content_type="application/json")
    assert rv.data == b'custom:{"got":{"loaded":{"a":1}}}\n'

    with app.app_context():
        assert fc_json.loads("[1]") == {"loaded": [1]}
        assert fc_json.dumps([1]) == "custom:[1]"


def test_json_is_flasks():
    assert fc_json is flask.json and flaskcompat.jsonify is flask.jsonify
    assert type(flaskcompat.Flask(__name__).json) is DefaultJSONProvider


def test_outside_an_app():
    assert fc_json.dumps({"b": 1, "a": date(2020, 1, 1)}) == '{"b": 1, "a": "Wed, 01 Jan 2020 00:00:00 GMT"}'
    assert fc_json.loads('{"a": 1}') == {"a": 1}
    with pytest.raises(TypeError, match="Object of type object is not JSON serializable"):
        fc_json.dumps(object())
