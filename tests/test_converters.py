"""Custom converters the Flask way: Werkzeug ``BaseConverter`` subclasses in ``app.url_map.converters``.

They must match, refuse (``ValidationError``) and build (``to_url``, ``url_for``) exactly as on
Flask, take arguments (``<range(lo=1, hi=9):n>``), and reach Django: ``reverse()`` on a mounted
app (``include(app.urls)``) builds through the same converter. This module is also the URLconf
of the ``reverse()`` tests (``pytest.mark.urls(__name__)``).
"""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, include, path, reverse
from werkzeug.routing import BaseConverter, ValidationError

import flaskcompat
from tests.differential import Differential


class ListConverter(BaseConverter):
    def to_python(self, value):
        return value.split(",")

    def to_url(self, values):
        return ",".join(super(ListConverter, self).to_url(v) for v in values)


class EvenConverter(BaseConverter):
    regex = r"\d+"

    def to_python(self, value):
        if int(value) % 2:
            raise ValidationError()
        return int(value)

    def to_url(self, value):
        return str(int(value))


class SlashyConverter(BaseConverter):
    regex = r"[a-z]+/[a-z]+"
    part_isolating = False


class RangeConverter(BaseConverter):
    """A converter with arguments: ``<range(lo=1, hi=9):n>``, ``<range(3):n>`` (hi only)."""

    regex = r"-?\d+"

    def __init__(self, url_map, hi=10, lo=0):
        super().__init__(url_map)
        self.lo, self.hi = lo, hi

    def to_python(self, value):
        number = int(value)
        if not self.lo <= number <= self.hi:
            raise ValidationError()
        return number

    def to_url(self, value):
        return f"{int(value):03d}"


class CodeConverter(BaseConverter):
    """Arguments that change the regex: ``<code(2):c>`` matches exactly two letters."""

    def __init__(self, url_map, length=3):
        super().__init__(url_map)
        self.regex = f"[A-Za-z]{{{length}}}"

    def to_python(self, value):
        return value.upper()

    def to_url(self, value):
        return value.lower()


def install(app):
    app.url_map.converters.update(
        list=ListConverter, even=EvenConverter, slashy=SlashyConverter, range=RangeConverter, code=CodeConverter
    )
    return app


def make_app(flask):
    app = install(flask.Flask(__name__))

    @app.route("/tags/<list:tags>")
    def tags(tags):
        return "|".join(tags) + " " + flask.url_for("tags", tags=["a b", "c"])

    @app.route("/even/<even:n>")
    def even(n):
        return f"{n * 2} {flask.url_for('even', n=n)}"

    @app.route("/two/<slashy:pair>/end")
    def two(pair):
        return pair

    @app.route("/r/<range(lo=1, hi=9):n>")
    def bounded(n):
        return f"{n!r} {flask.url_for('bounded', n=n)}"

    @app.route("/r3/<range(3):n>")
    def positional(n):
        return f"{n!r} {flask.url_for('positional', n=n)}"

    @app.route("/c/<code(2):c>/<code:d>")
    def codes(c, d):
        return f"{c} {d} {flask.url_for('codes', c=c, d=d)}"

    @app.route("/build")
    def build():
        return " ".join(
            [
                flask.url_for("tags", tags=["x", "y/z", "é"]),
                flask.url_for("bounded", n=7, q="1"),
                flask.url_for("codes", c="AB", d="Xyz"),
                flask.url_for("two", pair="ab/cd"),
            ]
        )

    return app


@pytest.fixture(scope="module")
def diff():
    return Differential(make_app)


@pytest.mark.parametrize(
    "path",
    [
        "/tags/a,b,c",
        "/tags/x",
        "/tags/a%20b,c",
        "/even/4",
        "/even/3",
        "/even/x",
        "/two/ab/cd/end",
        "/two/ab/end",
        "/two/ab/cd/ef/end",
        "/r/1",
        "/r/9",
        "/r/0",
        "/r/10",
        "/r/-1",
        "/r/007",
        "/r3/3",
        "/r3/4",
        "/r3/0",
        "/c/ab/xyz",
        "/c/abc/xyz",
        "/c/ab/xy",
        "/c/AB/XYZ",
        "/build",
    ],
)
def test_custom_converters_match_flask(diff, path):
    diff.same("GET", path)


def test_werkzeug_converter_subclass_works_on_flaskcompat():
    class Upper(BaseConverter):
        def to_python(self, value):
            if not value.isupper():
                raise ValidationError()
            return value.lower()

    app = flaskcompat.Flask("wz")
    app.url_map.converters["upper"] = Upper

    @app.route("/<upper:word>")
    def word(word):
        return word

    client = app.test_client()
    assert client.get("/HELLO").data == b"hello"
    assert client.get("/hello").status_code == 404


def _rule_error(flask, rule):
    app = install(flask.Flask("bad"))
    with pytest.raises(Exception) as info:
        app.add_url_rule(rule, "x", lambda **kw: "x")
    return type(info.value), str(info.value)


@pytest.mark.parametrize("rule", ["/<nope:x>", "/<int:x", "no-slash", "/<range(=1):n>", "/<range(nope=1):n>"])
def test_unknown_converter_and_malformed_rules_fail_as_on_flask(rule):
    import flask

    assert _rule_error(flaskcompat, rule) == _rule_error(flask, rule)


def test_iter_rules_order_and_build_only_rules_match_flask():
    import flask

    results = []
    for fw in (flask, flaskcompat):
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


# -- Django's reverse() on a mounted app uses the same converters ---------------------------

mounted = make_app(flaskcompat)
mounted.name = "conv"

urlpatterns = [path("conv/", include(mounted.urls))]


@pytest.mark.urls(__name__)
def test_reverse_builds_through_custom_converters():
    assert reverse("conv:tags", kwargs={"tags": ["a", "b", "c"]}) == "/conv/tags/a,b,c"
    assert reverse("conv:even", kwargs={"n": 4}) == "/conv/even/4"
    assert reverse("conv:bounded", kwargs={"n": 7}) == "/conv/r/007"
    assert reverse("conv:positional", kwargs={"n": 2}) == "/conv/r3/002"
    assert reverse("conv:codes", kwargs={"c": "AB", "d": "Xyz"}) == "/conv/c/ab/xyz"
    assert reverse("conv:two", kwargs={"pair": "ab/cd"}) == "/conv/two/ab/cd/end"


@pytest.mark.urls(__name__)
def test_reverse_agrees_with_url_for():
    cases = [
        ("tags", {"tags": ["x", "y z"]}),
        ("bounded", {"n": 3}),
        ("codes", {"c": "QQ", "d": "abc"}),
        ("two", {"pair": "xy/zw"}),
    ]
    with mounted.test_request_context(base_url="http://testserver/conv/"):
        built = [flaskcompat.url_for(endpoint, **kwargs) for endpoint, kwargs in cases]
    assert [reverse(f"conv:{endpoint}", kwargs=kwargs) for endpoint, kwargs in cases] == built


@pytest.mark.urls(__name__)
def test_reverse_refuses_what_the_converter_regex_refuses():
    with pytest.raises(NoReverseMatch):
        reverse("conv:codes", kwargs={"c": "ABC", "d": "xyz"})  # code(2) is two letters
    with pytest.raises(NoReverseMatch):
        reverse("conv:two", kwargs={"pair": "ab"})


@pytest.mark.urls(__name__)
def test_reversed_urls_are_served_by_the_mounted_app():
    client = Client()
    r = client.get(reverse("conv:bounded", kwargs={"n": 7}))
    assert r.status_code == 200 and r.content == b"7 /conv/r/007"
    r = client.get(reverse("conv:codes", kwargs={"c": "AB", "d": "Xyz"}))
    assert r.content == b"AB XYZ /conv/c/ab/xyz"
    r = client.get(reverse("conv:tags", kwargs={"tags": ["a", "b"]}))
    assert r.content == b"a|b /conv/tags/a%20b,c"
    assert client.get("/conv/r/12").status_code == 404  # out of range(lo=1, hi=9): ValidationError
    assert client.get("/conv/even/3").status_code == 404
