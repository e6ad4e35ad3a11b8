"""``session`` over Django's sessions: Flask's semantics (against real Flask), every backend, and
the session shared with Django views. Embedded mode's cookie rules are in test_embedded.py."""

from __future__ import annotations

import datetime
import decimal
import uuid

import flask as real_flask
import pytest
from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from flask.json.tag import TaggedJSONSerializer
from markupsafe import Markup

import flaskcompat
from flaskcompat.checks import check_secret_key
from flaskcompat.serializers import FlaskSessionSerializer
from flaskcompat.sessions import DjangoSession, DjangoSessionInterface

from .differential import Differential, cookies_of
from .urlconfs import sessions_shared

pytestmark = pytest.mark.django_db  # the db backend's table (each test in a rolled back transaction)

NOW = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456)
VALUES = {
    "tuple": (1, "two", (3,)),
    "bytes": b"\x00\xffbin",
    "markup": Markup("<b>bold</b>"),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "naive datetime": NOW,
    "aware datetime": NOW.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
    "date": datetime.date(2024, 1, 2),
    "decimal": decimal.Decimal("1.50"),
    "nested": {"list": [(1, 2), {"b": b"x"}], "when": [NOW], "ids": {"u": uuid.UUID(int=7)}},
    "tag-like dict": {" t": [1, 2]},
    "tag-like nested": {" di": {" b": "not bytes"}},
    "plain": {"s": "text", "n": 1.5, "none": None, "bool": True, "int keys": {1: "one"}},
}

BACKENDS = [
    "django.contrib.sessions.backends.signed_cookies",
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cache",
]


@pytest.fixture(params=BACKENDS, ids=lambda engine: engine.rsplit(".", 1)[1])
def engine(request, settings):
    settings.SESSION_ENGINE = request.param
    return request.param


# -- the serializer -------------------------------------------------------------------------


@pytest.mark.parametrize("name", VALUES)
def test_serializer_writes_flasks_tagged_json(name):
    """Byte for byte what Flask's session serializer writes in a request (keys sorted)."""
    flasks = TaggedJSONSerializer()
    ours = FlaskSessionSerializer()
    value = {"v": VALUES[name]}
    with real_flask.Flask("serializer").app_context():
        assert ours.dumps(value) == flasks.dumps(value).encode()
        assert ours.loads(ours.dumps(value)) == flasks.loads(flasks.dumps(value))


def test_serializer_round_trip_types():
    s = FlaskSessionSerializer()
    back = s.loads(s.dumps(VALUES))
    assert type(back["tuple"]) is tuple and type(back["markup"]) is Markup and back["bytes"] == b"\x00\xffbin"
    assert back["naive datetime"] == NOW.replace(microsecond=0, tzinfo=datetime.UTC)
    assert back["aware datetime"] == VALUES["aware datetime"].replace(microsecond=0)
    assert back["tag-like dict"] == {" t": [1, 2]} and back["tag-like nested"] == {" di": {" b": "not bytes"}}
    assert back["date"] == "Tue, 02 Jan 2024 00:00:00 GMT" and back["decimal"] == "1.50"


def test_djangos_default_serializer_loses_what_the_docstring_says():
    s = signing.JSONSerializer()
    assert s.loads(s.dumps({"t": (1, 2), "m": Markup("<b>"), "k": {1: 2}})) == {"t": [1, 2], "m": "<b>", "k": {"1": 2}}
    assert type(s.loads(s.dumps(Markup("<b>")))) is str
    for lost in (b"x", uuid.uuid4(), NOW, NOW.date(), decimal.Decimal(1), {1}):
        with pytest.raises(TypeError):
            s.dumps(lost)


# -- Flask's session semantics, against real Flask ------------------------------------------


def value_app(flask):
    app = flask.Flask("values")
    app.secret_key = "values"

    @app.route("/store/<name>")
    def store(name):
        flask.session[name] = VALUES[name]
        return "stored"

    @app.route("/load/<name>")
    def load(name):
        value = flask.session[name]
        return f"{type(value).__name__} {value!r}"

    return app


@pytest.mark.parametrize("name", VALUES)
def test_values_come_back_as_in_flask(name):
    d = Differential(value_app, compare_cookies=False)
    d.same("GET", f"/store/{name}")
    d.same("GET", f"/load/{name}")


def semantics_app(flask):
    app = flask.Flask("semantics")
    app.secret_key = "semantics"

    @app.route("/untouched")
    def untouched():
        return "no session"

    @app.route("/read")
    def read():
        return f"{flask.session.get('items')} {'items' in flask.session} {len(flask.session)}"

    @app.route("/add/<item>")
    def add(item):
        flask.session.setdefault("items", []).append(item)  # a nested change: not seen as modified...
        before = flask.session.modified
        if item == "force":
            flask.session.modified = True  # ...unless the view says so
        return f"{before} {flask.session.modified}"

    @app.route("/api")
    def api():
        s = flask.session
        s.update({"a": 1, "b": 2})
        out = [
            s.pop("a"),
            s.pop("missing", "default"),
            s.get("b"),
            sorted(s),
            sorted(s.items()),
            s.setdefault("c", 3),
            "c" in s,
            len(s),
            s.modified,
            s.accessed,
        ]
        del s["c"]
        out.append(sorted(s.keys()))
        return repr(out)

    @app.route("/clear")
    def clear():
        flask.session.clear()
        return f"{dict(flask.session)} {flask.session.modified}"

    @app.route("/permanent/<int:on>")
    def permanent(on):
        flask.session.permanent = bool(on)
        return f"{flask.session.permanent} {flask.session['_permanent']}"

    return app


def test_session_semantics_match_flask():
    d = Differential(semantics_app, compare_cookies=False)
    assert "Vary" not in d.same("GET", "/untouched").headers  # never touched: no Vary: Cookie
    assert d.same("GET", "/read").headers["Vary"] == "Cookie"
    d.same("GET", "/add/first")
    d.same("GET", "/read")
    d.same("GET", "/add/lost")  # mutated in place without modified: not saved
    d.same("GET", "/add/force")
    assert d.same("GET", "/read").data == b"['first', 'force'] True 1"
    d.same("GET", "/api")
    d.same("GET", "/permanent/1")
    d.same("GET", "/permanent/0")
    d.same("GET", "/clear")
    assert d.same("GET", "/read").data == b"None False 0"


def test_clearing_the_session_deletes_the_cookie(engine):
    client = semantics_app(flaskcompat).test_client()
    client.get("/add/force")
    assert client.get_cookie("sessionid") is not None
    response = client.get("/clear")
    assert cookies_of(response)["sessionid"][0] == "" and client.get_cookie("sessionid") is None


def test_flags_on_the_django_store():
    app = flaskcompat.Flask("flags")
    with app.test_request_context():
        session = flaskcompat.session._get_current_object()
        assert isinstance(session, DjangoSession)
        assert (session.new, session.modified) == (True, False)
        session["x"] = 1
        assert session.modified and session.accessed and session.django_session.modified
        assert repr(session) == "<DjangoSession {'x': 1}>"
    with app.test_request_context() as ctx:
        ctx._session.accessed = False
        flaskcompat.session.get("x")  # every use of the proxy marks the session accessed (Flask 3.1.3)
        assert ctx._session.accessed


def test_permanent_maps_onto_djangos_expiry():
    settings_age = 14 * 24 * 3600
    app = flaskcompat.Flask("expiry")
    app.permanent_session_lifetime = datetime.timedelta(hours=2)
    with app.test_request_context():
        session = flaskcompat.session
        session.permanent = True
        assert session.django_session.get_expiry_age() == 7200
        assert not session.django_session.get_expire_at_browser_close()
        assert list(session) == ["_permanent"] and len(session) == 1  # Django's expiry stays out of sight
        session.permanent = False
        assert session.django_session.get_expire_at_browser_close()
    with app.test_request_context():
        assert flaskcompat.session.django_session.get_expiry_age() == settings_age


@pytest.mark.urls("tests.urlconfs.sessions_shared")
def test_permanent_session_cookie_lifetime(client):
    assert client.get("/flask/permanent/1").cookies["sessionid"]["max-age"] == 31 * 24 * 3600
    assert client.get("/flask/permanent/0").cookies["sessionid"]["max-age"] == ""


def test_the_null_session_is_flasks():
    """Without a secret key (embedded mode) the session is Flask's own NullSession."""
    interface = DjangoSessionInterface()
    null = interface.make_null_session(flaskcompat.Flask("nokey"))
    assert type(null) is real_flask.sessions.NullSession and interface.is_null_session(null)
    assert (dict(null), null.get("x"), null.permanent, null.modified) == ({}, None, False, False)
    for write in (
        lambda s: s.__setitem__("a", 1),
        lambda s: s.pop("a", None),
        lambda s: s.clear(),
        lambda s: s.update(a=1),
        lambda s: s.setdefault("a"),
    ):
        with pytest.raises(RuntimeError) as info:
            write(null)
        assert str(info.value).startswith("The session is unavailable because no secret key was set.")


# -- every backend, shared with Django views ------------------------------------------------


@pytest.mark.urls("tests.urlconfs.sessions_shared")
def test_flask_and_django_views_share_the_session(engine, client):
    assert client.get("/flask/get/colour").content == b"missing"
    client.get("/flask/set/colour/blue")
    assert client.get("/django/get/colour").content == b"blue"
    client.get("/django/set/size/large")
    assert client.get("/flask/get/size").content == b"large"
    client.get("/flask/clear")
    assert client.get("/django/get/colour").content == b"missing"


def test_the_test_client_uses_the_projects_backend(engine):
    app = sessions_shared.app
    client = app.test_client()
    client.get("/set/k/v")
    assert client.get("/get/k").text == "v"
    with client.session_transaction() as session:
        assert isinstance(session, DjangoSession) and session["k"] == "v"
        assert isinstance(session.django_session, SessionBase)
        assert session.django_session.__module__ == engine
        session["k"] = "changed"
    assert client.get("/get/k").text == "changed"


@pytest.mark.urls("tests.urlconfs.sessions_shared")
@pytest.mark.parametrize("tamper", ["garbage", "append", "empty"])
def test_a_tampered_cookie_is_an_empty_session(engine, client, tamper):
    client.get("/flask/set/user/admin")
    value = client.cookies["sessionid"].value
    client.cookies["sessionid"] = {"garbage": "x" * 32, "append": value + "x", "empty": ""}[tamper]
    response = client.get("/flask/get/user")
    assert (response.status_code, response.content) == (200, b"missing")


@pytest.mark.urls("tests.urlconfs.sessions_shared")
@pytest.mark.parametrize("engine", BACKENDS[:2], indirect=True, ids=["signed_cookies", "db"])
def test_secret_key_fallbacks_rotation(engine, client, settings):
    settings.SECRET_KEY = "the-old-key"
    client.get("/flask/set/user/ann")
    settings.SECRET_KEY = "the-new-key"
    settings.SECRET_KEY_FALLBACKS = ["the-old-key"]
    assert client.get("/flask/get/user").content == b"ann"
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get("/flask/get/user").content == b"missing"


# -- the secret key inside a project --------------------------------------------------------


@pytest.mark.urls("tests.urlconfs.sessions_shared")
@pytest.mark.parametrize(
    "key,warned",
    [
        (None, False),
        ("tests-only-secret-key-not-for-production", False),
        (b"tests-only-secret-key-not-for-production", False),
        ("a-key-of-its-own", True),
    ],
)
def test_an_app_key_other_than_djangos_is_a_check_warning(key, warned):
    app = sessions_shared.app
    app.secret_key = key
    try:
        warnings = check_secret_key()
    finally:
        app.secret_key = None
    assert [w.id for w in warnings] == (["flaskcompat.W002"] if warned else [])
    if warned:
        assert "shared_session" in warnings[0].msg and "SECRET_KEY" in warnings[0].hint
