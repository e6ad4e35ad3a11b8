"""Custom converters the Flask way, including classes derived from Werkzeug's BaseConverter."""

import pytest
import werkzeug.routing

from flaskcompat import Flask
from flaskcompat.routing import BaseConverter, Map, Rule, ValidationError, parse_converter_args
from tests.differential import Differential


def make_app(flask):
    base = flask is not None and getattr(flask, "__name__", "") == "flask"
    Base = werkzeug.routing.BaseConverter if base else BaseConverter
    Invalid = werkzeug.routing.ValidationError if base else ValidationError

    class ListConverter(Base):
        def to_python(self, value):
            return value.split(",")

        def to_url(self, values):
            return ",".join(super(ListConverter, self).to_url(v) for v in values)

    class EvenConverter(Base):
        regex = r"\d+"

        def to_python(self, value):
            if int(value) % 2:
                raise Invalid()
            return int(value)

    class SlashyConverter(Base):
        regex = r"[a-z]+/[a-z]+"

    app = flask.Flask(__name__)
    app.url_map.converters["list"] = ListConverter
    app.url_map.converters["even"] = EvenConverter
    app.url_map.converters["slashy"] = SlashyConverter

    @app.route("/tags/<list:tags>")
    def tags(tags):
        return "|".join(tags) + " " + flask.url_for("tags", tags=["a b", "c"])

    @app.route("/even/<even:n>")
    def even(n):
        return str(n * 2)

    @app.route("/two/<slashy:pair>/end")
    def two(pair):
        return pair

    return app


@pytest.fixture(scope="module")
def diff():
    import flask

    return Differential(make_app)


@pytest.mark.parametrize("path", ["/tags/a,b,c", "/tags/x", "/even/4", "/even/3", "/two/ab/cd/end",
                                  "/two/ab/end", "/two/ab/cd/ef/end"])
def test_custom_converters_match_flask(diff, path):
    diff.same("GET", path)


def test_werkzeug_converter_subclass_works_on_flaskcompat():
    class Upper(werkzeug.routing.BaseConverter):
        def to_python(self, value):
            if not value.isupper():
                raise werkzeug.routing.ValidationError()
            return value.lower()

    app = Flask("wz")
    app.url_map.converters["upper"] = Upper

    @app.route("/<upper:word>")
    def word(word):
        return word

    client = app.test_client()
    assert client.get("/HELLO").data == b"hello"
    assert client.get("/hello").status_code == 404


@pytest.mark.parametrize("text", ["", "1", "min=1, max=9", "about, help", "'a,b', c", "signed=True",
                                  "length=2", "1.5, x=2.5", 'u"quoted"', "None, False"])
def test_converter_arguments_parse_like_werkzeug(text):
    from werkzeug.routing.rules import parse_converter_args as wz_parse

    assert parse_converter_args(text) == wz_parse(text)


def test_unknown_converter_and_malformed_rule_are_errors():
    m = Map()
    with pytest.raises(LookupError, match="the converter 'nope' does not exist"):
        m.add(Rule("/<nope:x>", endpoint="x"))
    with pytest.raises(ValueError, match="malformed url rule"):
        Map().add(Rule("/<int:x", endpoint="x"))
    with pytest.raises(ValueError, match="must start with a slash"):
        Rule("no-slash")


def test_iter_rules_order_and_build_only_rules_match_werkzeug():
    import flask

    results = []
    for fw in (flask, __import__("flaskcompat")):
        app = fw.Flask("order")
        app.add_url_rule("/b/<int:n>", "b", lambda n: "b")
        app.add_url_rule("/a", "a", lambda: "a")
        app.add_url_rule("/b/", "b", defaults={"n": 1})
        app.add_url_rule("/old", "old", build_only=True)
        with app.test_request_context():
            built = fw.url_for("old")
        status = app.test_client().get("/old").status_code
        results.append(([(r.rule, r.endpoint) for r in app.url_map.iter_rules()], built, status))
    assert results[1] == results[0]
