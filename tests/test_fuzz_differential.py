"""Differential fuzzing (Hypothesis): real Flask against flaskcompat, embedded and hosted.

Each generated request is turned into one WSGI environ (as a server would build it from the
raw request: ``PATH_INFO`` percent-decoded to bytes and read as latin-1, ``QUERY_STRING`` and
headers raw) and sent, unchanged, to:

* ``flask``: a real ``flask.Flask`` app (the reference);
* ``embedded``: the same app as a ``flaskcompat.Flask``, through its ``test_client()`` (in this
  project: Django's test handler with the project's middleware);
* ``hosted``: a plain ``flask.Flask`` mounted with ``include(mount(app))``, through
  ``django.test.Client``;
* ``hosted-csrf``: the same mount, through ``Client(enforce_csrf_checks=True)``;
* ``hosted-compat-csrf``: the ``flaskcompat.Flask`` app mounted with ``include(mount(app))``,
  through ``Client(enforce_csrf_checks=True)``.

Every request carries a real CSRF token (cookie and ``X-CSRFToken`` header), the same for all
targets, so an enforcing client lets it through and the views see the same cookies. The views
echo what Flask parsed (path, view arguments, args, form, files, cookies, JSON, headers) as
JSON; ``/respond`` makes a response of the query (status, repeated headers, cookies, Location).
The property: no 500, the status Flask gives, the same body (the echo, or the same error page),
``Content-Type``, ``Allow``, redirect target (under the mount point), ``X-R-*`` headers and
``Set-Cookie`` headers.

The documented differences (docs/differences.md) are excluded narrowly, where they apply:

* a path whose bytes are not UTF-8: flaskcompat is compared with Flask answering the path Django
  passes on (``%FF`` percent-encoded again), see :func:`as_django_sees_it`;
* a Host that Django refuses: Django's 400 is expected (:func:`django_answers_first`);
* a ``sessionid`` cookie naming no session: Django's deletion of it is not compared
  (:func:`django_deletes_session_cookie`);
* no ``Origin`` header is generated (Django's CSRF check refuses a foreign one: the corpus has
  those cases), and a request target holds no raw control character or space (a server ends the
  request line there), only percent-encoded ones.

Bounded for CI (``FLASKCOMPAT_FUZZ_EXAMPLES``, default 50 per property, derandomized so a run
is reproducible); a larger run::

    FLASKCOMPAT_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz_differential.py
"""

from __future__ import annotations

import json
import os
import string
from importlib import import_module
from urllib.parse import quote, unquote_to_bytes, urlencode

import flask as real_flask
import pytest
from django.conf import settings as django_settings
from django.core.handlers.wsgi import get_str_from_wsgi
from django.http import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.middleware.csrf import get_token
from django.test import Client, override_settings
from django.test.client import FakePayload
from django.urls import include, path
from django.utils.encoding import repercent_broken_unicode
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import flaskcompat
from flaskcompat import mount

pytestmark = pytest.mark.urls(__name__)

EXAMPLES = int(os.environ.get("FLASKCOMPAT_FUZZ_EXAMPLES", "50"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
BODY_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


# --- the app: one factory, run by real Flask and by flaskcompat --------------------------------


def make_app(flask):
    app = flask.Flask(f"fuzz_{flask.__name__}")

    def echo(**view_args):
        r = flask.request
        return {
            "method": r.method,
            "path": r.path,
            "view_args": {k: repr(v) for k, v in view_args.items()},
            "args": [list(item) for item in r.args.items(multi=True)],
            "form": [list(item) for item in r.form.items(multi=True)],
            "files": [
                [name, f.filename, f.content_type, f.read().decode("latin-1")] for name, f in r.files.items(multi=True)
            ],
            "cookies": [list(item) for item in r.cookies.items(multi=True)],
            "headers": sorted([k, v] for k, v in r.headers.items() if k.lower().startswith("x-f-")),
            "json": r.get_json(silent=True) if r.is_json else None,
            "data": r.get_data().decode("latin-1"),
        }

    app.add_url_rule("/echo/", "echo", echo, methods=ALL_METHODS)
    app.add_url_rule("/echo/<path:p>", "echo_path", echo, methods=ALL_METHODS)
    app.add_url_rule("/int/<int:n>", "int", echo, methods=ALL_METHODS)
    app.add_url_rule("/signed/<int(signed=True):n>", "signed", echo)
    app.add_url_rule("/float/<float:x>", "float", echo)
    app.add_url_rule("/uuid/<uuid:u>", "uuid", echo)
    app.add_url_rule("/s/<s>", "string", echo, methods=ALL_METHODS)
    app.add_url_rule("/s/<s>/<int:n>", "string_int", echo)
    app.add_url_rule("/any/<any(a, b, 'c d'):x>", "any", echo)
    app.add_url_rule("/slash/", "slash", echo)
    app.add_url_rule("/get-only", "get_only", echo)

    @app.route("/headers", methods=["GET", "POST"])
    def parsed_headers():
        r = flask.request
        auth = r.authorization
        return {
            "host": r.host,
            "accept": [list(item) for item in r.accept_mimetypes],
            "accept_languages": [list(item) for item in r.accept_languages],
            "accept_encodings": [list(item) for item in r.accept_encodings],
            "authorization": auth and [auth.type, dict(auth.parameters), auth.token],
            "if_modified_since": r.if_modified_since and r.if_modified_since.isoformat(),
            "if_none_match": r.if_none_match.to_header(),
            "range": r.range and r.range.to_header(),
            "cache_control": r.cache_control.to_header(),
            "user_agent": r.user_agent.string,
            "referrer": r.referrer,
            "access_route": r.access_route,
            "is_secure": r.is_secure,
            "content_type": [r.mimetype, r.mimetype_params],
            "content_length": r.content_length,
            "headers": sorted([k, v] for k, v in r.headers.items() if k.lower().startswith("x-f-")),
        }

    @app.route("/respond", methods=["GET", "POST"])
    def respond():
        """A response made of the query: status, body, headers (``h-NAME``), cookies (``c-NAME``)."""
        args = flask.request.args
        response = flask.make_response(args.get("body", ""), int(args.get("status", "200")))
        for key, value in args.items(multi=True):
            if key.startswith("h-"):
                response.headers.add(f"X-R-{key[2:]}", value)
            elif key.startswith("c-"):
                response.set_cookie(key[2:], value, path=args.get("cookie_path", "/"))
        if "location" in args:
            response.headers["Location"] = args["location"]
        return response

    @app.route("/json", methods=BODY_METHODS)
    def json_view():
        return {"json": flask.request.json}

    @app.route("/field", methods=BODY_METHODS)
    def field():
        return {"name": flask.request.form["name"]}

    @app.route("/file", methods=BODY_METHODS)
    def file():
        f = flask.request.files["f"]
        return {"filename": f.filename, "content": f.read().decode("latin-1")}

    return app


reference = make_app(real_flask)
embedded = make_app(flaskcompat)
hosted = make_app(real_flask)  # a plain Flask app, bridged by mount()
hosted_compat = make_app(flaskcompat)
hosted_compat.add_url_rule("/token", "token", lambda: get_token(flaskcompat.request.django_request))
urlpatterns = [path("m/", include(mount(hosted))), path("c/", include(mount(hosted_compat)))]


# --- one environ, every target ---------------------------------------------------------------


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.body = status, body
        self.header_list = [(k.lower(), v) for k, v in headers]
        self.headers = dict(self.header_list)

    def all(self, name):
        return [v for k, v in self.header_list if k == name]

    def location(self, prefix=""):
        """The redirect target inside the app (scheme, host and mount point removed)."""
        location = self.headers.get("location")
        if location is None:
            return None
        if "://" in location:
            location = "/" + location.split("://", 1)[1].partition("/")[2]
        assert location.startswith(prefix + "/"), (location, prefix)
        return location[len(prefix) :]


def environ_of(method, path_info, query=b"", body=b"", content_type=None, headers=(), cookie="", host=None):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path_info,
        "QUERY_STRING": query.decode("latin-1"),
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": f"csrftoken={TOKEN['cookie']}; {cookie}" if cookie else f"csrftoken={TOKEN['cookie']}",
        "HTTP_X_CSRFTOKEN": TOKEN["token"],
    }
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    environ["HTTP_HOST"] = "localhost" if host is None else host
    environ["HTTP_USER_AGENT"] = "fuzz"
    for name, value in headers:
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ, body


def via_werkzeug(app, environ, body):
    client = app.test_client(use_cookies=False)
    response = client.open("/", method=environ["REQUEST_METHOD"], data=body, environ_overrides=environ)
    return Answer(response.status_code, response.headers.items(), response.get_data())


def via_django(client, prefix, environ, body):
    environ = {**environ, "PATH_INFO": prefix + environ["PATH_INFO"], "wsgi.input": FakePayload(body)}
    response = client.generic(environ["REQUEST_METHOD"], "/", **environ)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    headers = [*response.items(), *(("Set-Cookie", c.OutputString()) for c in response.cookies.values())]
    return Answer(response.status_code, headers, content)


TOKEN: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def csrf_token():
    """A real token (and its cookie), sent with every request to every target."""
    with override_settings(ROOT_URLCONF=__name__):
        client = Client(enforce_csrf_checks=True)
        TOKEN["token"] = client.get("/c/token").content.decode()
        TOKEN["cookie"] = client.cookies["csrftoken"].value
    yield
    TOKEN.clear()


def targets():
    return {
        "embedded": lambda env, body: via_werkzeug(embedded, env, body),
        "hosted": lambda env, body: via_django(Client(), "/m", env, body),
        "hosted-csrf": lambda env, body: via_django(Client(enforce_csrf_checks=True), "/m", env, body),
        "hosted-compat-csrf": lambda env, body: via_django(Client(enforce_csrf_checks=True), "/c", env, body),
    }


MOUNT_OF = {"embedded": "", "hosted": "/m", "hosted-csrf": "/m", "hosted-compat-csrf": "/c"}


def as_django_sees_it(path_info):
    """The path Django passes on: bytes that are not UTF-8 percent-encoded again (%FF), where
    Flask decodes them to U+FFFD (docs/differences.md, "Paths that are not UTF-8")."""
    seen = repercent_broken_unicode(path_info.encode("latin-1")).decode()
    return seen.encode().decode("latin-1")


def django_answers_first(environ):
    """The status the project's middleware answers with before the app runs, else None: a Host
    Django refuses is DisallowedHost, 400, from CommonMiddleware (docs/differences.md)."""
    host = environ.get("HTTP_HOST")
    if host is not None:
        domain, _port = split_domain_port(host)
        if not (domain and validate_host(domain, django_settings.ALLOWED_HOSTS)):
            return 400
    return None


def django_deletes_session_cookie(environ):
    """Whether Django's SessionMiddleware deletes the request's session cookie: it does on any
    response when a ``sessionid`` cookie came and the session it names is empty (a key it
    cannot use: empty, too short), whatever the view did (docs/differences.md)."""
    cookies = parse_cookie(get_str_from_wsgi(environ, "HTTP_COOKIE", ""))  # request.COOKIES, as Django reads it
    name = django_settings.SESSION_COOKIE_NAME
    return name in cookies and import_module(django_settings.SESSION_ENGINE).SessionStore(cookies[name]).is_empty()


def set_cookies(answer, environ, django):
    """The Set-Cookie headers; of a Django-served answer, not Django's deletion of its session
    cookie (see :func:`django_deletes_session_cookie`)."""
    headers = answer.all("set-cookie")
    if django and django_deletes_session_cookie(environ):
        deletion = f'{django_settings.SESSION_COOKIE_NAME}=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;'
        headers = [h for h in headers if not h.startswith(deletion)]
    return sorted(headers)


def by_name(headers):
    """Headers in a comparable order: by name, each name's values in the order sent."""
    return sorted(headers, key=lambda item: item[0])


def assert_all_agree(method, path_info, **kwargs):
    environ, body = environ_of(method, path_info, **kwargs)
    theirs = via_werkzeug(reference, environ, body)
    assert theirs.status != 500, f"the generator made a request real Flask fails on: {environ!r}"
    if as_django_sees_it(path_info) != path_info:  # Flask answers the path flaskcompat is given
        theirs = via_werkzeug(reference, {**environ, "PATH_INFO": as_django_sees_it(path_info)}, body)
        assert theirs.status != 500, f"the generator made a request real Flask fails on: {environ!r}"
    django_status = django_answers_first(environ)
    for name, run in targets().items():
        ours = run(environ, body)
        label = f"{name}: {method} {path_info!r} {kwargs!r}"
        assert ours.status != 500, f"{label}: 500\n{ours.body[:2000]!r}"
        if django_status is not None:
            assert ours.status == django_status, f"{label}: {ours.status} != Django's {django_status}"
            continue
        assert ours.status == theirs.status, (
            f"{label}: status {ours.status} != Flask's {theirs.status}\nours:  {ours.body[:500]!r}\n"
            f"flask: {theirs.body[:500]!r}"
        )
        if path_info == "/respond":  # the view's own Location, as it set it
            assert ours.headers.get("location") == theirs.headers.get("location"), label
        else:
            assert ours.location(MOUNT_OF[name]) == theirs.location(), label
        if ours.headers.get("location") is None:  # a redirect page shows the full URL
            assert ours.body == theirs.body, (
                f"{label}: body differs\nours:  {ours.body[:800]!r}\nflask: {theirs.body[:800]!r}"
            )
        assert ours.headers.get("content-type") == theirs.headers.get("content-type"), label
        if "allow" in theirs.headers:
            assert set(ours.headers["allow"].split(", ")) == set(theirs.headers["allow"].split(", ")), label
        mine = by_name((k, v) for k, v in ours.header_list if k.startswith("x-r-"))
        assert mine == by_name((k, v) for k, v in theirs.header_list if k.startswith("x-r-")), label
        assert set_cookies(ours, environ, django=True) == set_cookies(theirs, environ, django=False), label
    return theirs


# --- generators -------------------------------------------------------------------------------

SAFE = string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@"
ODD_BYTES = [b"%", b"%z", b"%4", b"%zz", b"%%", b"\\", b'"', b"<", b">", b"+", b"|", b"^", b"`", b"{}"]
characters = st.characters(exclude_categories=["Cs"])  # any code point UTF-8 can encode
#: what a server takes unencoded in a request target (no controls, no space: those end the line)
raw_characters = st.characters(exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"])


def pieces(extra_safe=""):
    """Raw bytes of a request target: literal characters, %XX of any byte (valid UTF-8 or not),
    percent-encoded and raw UTF-8 characters, and broken escapes. No raw control character or
    space: a server ends the request line there (Flask itself answers 500 to a redirect whose
    query string holds a raw CR: Werkzeug refuses it in the ``Location`` header)."""
    return st.one_of(
        st.sampled_from(SAFE + extra_safe).map(str.encode),
        st.integers(0, 255).map(lambda b: b"%%%02X" % b),
        st.integers(0, 255).map(lambda b: b"%%%02x" % b),
        characters.map(lambda c: quote(c, safe="").encode()),
        raw_characters.map(lambda c: c.encode()),
        st.sampled_from(ODD_BYTES),
    )


segment = st.one_of(
    st.lists(pieces(), max_size=8).map(b"".join),
    st.sampled_from(
        [
            b"",
            b".",
            b"..",
            b"...",
            b"%2e",
            b"%2E%2e",
            b"%2F",
            b"%2f..",
            b"~",
            b"%00",
            b"%FF",
            b"%C3",
            b"%C0%AF",
            b"%E2%80%A8",
            b"123",
            b"-5",
            b"1.5",
            b"a",
            b"c%20d",
            b"c d",
            b"12345678-1234-5678-1234-567812345678",
            b"12345678123456781234567812345678",
        ]
    ),
)
ROUTES = [
    b"/",
    b"/echo/",
    b"/echo",
    b"//echo/",
    b"/echo//",
    b"/int/",
    b"/signed/",
    b"/float/",
    b"/uuid/",
    b"/s/",
    b"/any/",
    b"/slash",
    b"/slash/",
    b"/get-only",
    b"/json",
    b"/field",
    b"/nowhere/",
    b"/./echo/",
    b"/echo/../",
    b"/%65cho/",
    b"/ECHO/",
]


@st.composite
def raw_paths(draw):
    route = draw(st.sampled_from(ROUTES))
    return route + b"/".join(draw(st.lists(segment, max_size=4)))


def path_info(raw: bytes) -> str:
    """``PATH_INFO`` as a WSGI server makes it from the raw path (gunicorn, Werkzeug's server)."""
    return unquote_to_bytes(raw).decode("latin-1")


query_strings = st.lists(
    st.one_of(pieces(extra_safe="/?"), st.sampled_from([b"&", b"=", b";", b"&&", b"==", b"%26", b"%3D", b"[]"])),
    max_size=30,
).map(b"".join)

form_bodies = query_strings
FORM_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "application/x-www-form-urlencoded; charset=latin-1",
    "APPLICATION/X-WWW-FORM-URLENCODED",
    'application/x-www-form-urlencoded;charset="utf-8"',
]

short_text = st.text(characters, max_size=12)
boundaries = st.one_of(
    st.text(st.sampled_from(string.ascii_letters + string.digits + "'()+_,-./:=?"), min_size=1, max_size=70).filter(
        lambda b: not b.endswith(" ")
    ),
    st.sampled_from(["BoUnDaRy", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "a b", "x" * 71, "é"]),
)


@st.composite
def multipart_bodies(draw):
    """A multipart body (fields and files, names and filenames of any text), sometimes damaged:
    cut short, the closing delimiter dropped, LF line ends, another boundary in the header."""
    boundary = draw(boundaries)
    crlf = draw(st.sampled_from([b"\r\n", b"\r\n", b"\r\n", b"\n"]))
    chunks = [draw(st.sampled_from([b"", b"preamble" + crlf]))]
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.one_of(st.sampled_from(["name", "f", "a", "", "a b", "é", 'q"uote']), short_text))
        chunks.append(b"--" + boundary.encode() + crlf)
        quote_char = draw(st.sampled_from(['"', '"', ""]))
        disposition = f"Content-Disposition: form-data; name={quote_char}{name}{quote_char}"
        if draw(st.booleans()):  # a file
            filename = draw(st.one_of(st.sampled_from(["a.txt", "", "../../etc/passwd", "C:\\x\\y.txt"]), short_text))
            disposition += f'; filename="{filename}"'
            headers = disposition.encode() + crlf
            ctype = draw(
                st.sampled_from(
                    [None, "text/plain", "application/octet-stream", "text/plain; charset=latin-1", "garbage"]
                )
            )
            if ctype:
                headers += f"Content-Type: {ctype}".encode() + crlf
        else:
            headers = disposition.encode() + crlf
        chunks.append(headers + crlf + draw(st.binary(max_size=40)) + crlf)
    if draw(st.integers(0, 5)):
        chunks.append(b"--" + boundary.encode() + b"--" + draw(st.sampled_from([crlf, b"", b"epilogue"])))
    body = b"".join(chunks)
    if draw(st.integers(0, 7)) == 0:
        body = body[: draw(st.integers(0, len(body)))]
    header_boundary = boundary if draw(st.integers(0, 5)) else draw(boundaries)
    ctype = draw(
        st.sampled_from(
            [
                f'multipart/form-data; boundary="{header_boundary}"',
                f"multipart/form-data; boundary={header_boundary}",
                f'multipart/form-data; boundary="{header_boundary}"',
                f"multipart/form-data; charset=utf-8; boundary={header_boundary}",
                "multipart/form-data",
                f"multipart/mixed; boundary={header_boundary}",
            ]
        )
    )
    return body, ctype


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | short_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(short_text, children, max_size=4),
    max_leaves=12,
)
json_bodies = st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    json_values.map(lambda v: json.dumps(v, ensure_ascii=False).encode()),
    st.binary(max_size=40),
    st.sampled_from(
        [
            b"",
            b"{",
            b"[1,",
            b"nul",
            b'{"a": 1} x',
            b"NaN",
            b"-Infinity",
            b'"\xff"',
            b'"\\ud800"',
            b"\xef\xbb\xbf{}",
            b"1" * 5000,
        ]
    ),
)
JSON_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "application/vnd.api+json",
    "text/json",
    "application/json; charset=latin-1",
    "",
    None,
]

header_names = st.text(st.sampled_from(string.ascii_letters + string.digits + "-_"), min_size=1, max_size=8)
header_values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=30)
headers = st.lists(st.tuples(header_names.map(lambda n: "X-F-" + n), header_values), max_size=4)


@st.composite
def cookie_headers(draw):
    """A raw ``Cookie`` header (as latin-1 WSGI text): pairs, quoted and escaped values, odd
    separators, unicode, pairs without ``=``. Never a ``csrftoken`` (the real one is first)."""
    cookie_chars = string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~"
    value_chars = st.one_of(
        st.sampled_from(cookie_chars + ' "\\,=:/()[]<>?@{}'), characters, st.sampled_from(["\\303\\251", '\\"', "\\"])
    )
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        name = draw(
            st.one_of(
                st.text(st.sampled_from(cookie_chars), min_size=1, max_size=8),
                st.sampled_from(["session", "sessionid", "messages", "a b", "", "$Version", "é"]),
            )
        )
        value = "".join(draw(st.lists(value_chars, max_size=10)))
        if draw(st.booleans()):
            value = f'"{value}"'
        parts.append(draw(st.sampled_from([f"{name}={value}", f"{name}={value}", name, f"{name} = {value}"])))
    separator = draw(st.sampled_from(["; ", ";", ", ", " ;  "]))
    return separator.join(parts).encode().decode("latin-1")


KNOWN_VALUES = {
    "Accept": [
        "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
        "*/*",
        "application/json;q=x",
        ";;,",
        "text/*;q=0.5, */*;q=0",
        "a/b;q=2",
    ],
    "Accept-Language": ["en-US,en;q=0.5", "fr-CH, fr;q=0.9, *;q=0.5", "x;q=2", "-"],
    "Accept-Encoding": ["gzip, deflate, br", "identity;q=0", "*"],
    "Authorization": [
        "Basic dXNlcjpwYXNz",
        "Basic !!!",
        "Basic dXNlcg==",
        "Bearer abc.def",
        "Basic",
        'Digest username="x", realm="y", nonce="z"',
        "Digest",
        "Token =",
        "",
    ],
    "If-Modified-Since": [
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "yesterday",
        "Wed, 21 Oct 2015 07:28:00",
        "0",
        "Wed, 21 Oct 99999 07:28:00 GMT",
    ],
    "If-None-Match": ['"abc"', 'W/"x", "y"', "*", "garbage", '"unterminated'],
    "Range": ["bytes=0-10", "bytes=-5", "bytes=10-", "bytes=5-1", "items=1-2", "bytes=0-1,3-4", "bytes="],
    "Cache-Control": ["no-cache", "max-age=abc", "max-age=10, no-store", '"'],
    "User-Agent": ["Mozilla/5.0 (X11; Linux x86_64)", "", "curl/8"],
    "Referer": ["http://example.com/x", "not a url", "http://[::1"],
    "X-Forwarded-For": ["1.2.3.4, 5.6.7.8", "garbage", ""],
    "X-Forwarded-Proto": ["https", "http, https"],
}
standard_headers = st.lists(
    st.sampled_from(sorted(KNOWN_VALUES)).flatmap(
        lambda name: st.tuples(st.just(name), st.one_of(st.sampled_from(KNOWN_VALUES[name]), header_values))
    ),
    max_size=5,
)
hosts = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "example.com",
            "example.com:8080",
            "EXAMPLE.COM",
            "[::1]",
            "[::1]:8000",
            "localhost.",
            "a_b.example",
            "bad host",
            "example.com:port",
            "",
            "ex@mple.com",
            "bücher.example",
            "1.2.3.4:0",
            "example.com:",
            ":80",
            "[::1",
            "example.com/path",
            "-dash.example",
        ]
    ),
    st.text(st.sampled_from(string.ascii_letters + string.digits + ".-:[]_@ /%ü"), max_size=20),
)


@st.composite
def response_queries(draw):
    """The query of ``/respond``: a status, a body, repeated headers and cookies (two of a name
    with two paths too), sometimes a Location."""
    pairs = [
        (
            "status",
            str(
                draw(
                    st.sampled_from(
                        [
                            200,
                            201,
                            202,
                            204,
                            206,
                            299,
                            301,
                            302,
                            303,
                            304,
                            307,
                            308,
                            399,
                            400,
                            404,
                            418,
                            451,
                            499,
                            501,
                            503,
                            599,
                        ]
                    )
                )
            ),
        )
    ]
    pairs.append(("body", draw(short_text)))
    names = st.text(st.sampled_from(string.ascii_letters + string.digits + "-_"), min_size=1, max_size=6)
    for _ in range(draw(st.integers(0, 4))):
        pairs.append(("h-" + draw(st.sampled_from(["a", "b", "Trail"]) | names), draw(header_values)))
    cookie_names = st.text(
        st.sampled_from(string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~"), min_size=1, max_size=6
    )
    for _ in range(draw(st.integers(0, 3))):
        pairs.append(("c-" + draw(st.sampled_from(["a", "b"]) | cookie_names), draw(short_text)))
    if draw(st.booleans()):
        pairs.append(("cookie_path", draw(st.sampled_from(["/", "/x", "/a b", "/é"]))))
    if draw(st.booleans()):
        pairs.append(
            (
                "location",
                draw(
                    st.sampled_from(["/x", "http://other.example/y?z=1", "relative", "//evil.example/", "", "/é"])
                    | header_values
                ),
            )
        )
    return urlencode(pairs).encode()


GOOD_MULTIPART = (
    b"--B\r\n"
    b'Content-Disposition: form-data; name="name"\r\n\r\n'
    b"v\xc3\xa9\r\n"
    b"--B\r\n"
    b'Content-Disposition: form-data; name="f"; filename="na\xc3\xafve r\xc3\xa9sum\xc3\xa9.txt"\r\n'
    b"Content-Type: text/plain; charset=latin-1\r\n\r\n"
    b"\x00\xff data\r\n"
    b"--B--\r\n",
    "multipart/form-data; boundary=B",
)


# --- the properties ---------------------------------------------------------------------------


@fuzz
@given(method=st.sampled_from(ALL_METHODS), raw=raw_paths())
@example(method="GET", raw=b"/echo/%FF")
@example(method="GET", raw=b"/echo/%C3%A9/%E2%80%A8")
@example(method="GET", raw=b"/echo//a//b")
@example(method="POST", raw=b"/slash")
def test_paths(method, raw):
    assert_all_agree(method, path_info(raw))


@fuzz
@given(query=query_strings, route=st.sampled_from(["/echo/", "/int/3", "/s/x"]))
def test_query_strings(query, route):
    assert_all_agree("GET", route, query=query)


@fuzz
@given(
    method=st.sampled_from(BODY_METHODS),
    route=st.sampled_from(["/echo/", "/field"]),
    body=form_bodies,
    content_type=st.sampled_from(FORM_TYPES),
)
@example(method="POST", route="/field", body=b"name=%C3%A9+x&name=2&=&b", content_type=FORM_TYPES[0])
def test_urlencoded_bodies(method, route, body, content_type):
    assert_all_agree(method, route, body=body, content_type=content_type)


@fuzz
@given(
    method=st.sampled_from(BODY_METHODS),
    route=st.sampled_from(["/echo/", "/field", "/file"]),
    body_and_type=multipart_bodies(),
)
@example(method="POST", route="/file", body_and_type=GOOD_MULTIPART)
@example(method="PUT", route="/echo/", body_and_type=GOOD_MULTIPART)
def test_multipart_bodies(method, route, body_and_type):
    body, content_type = body_and_type
    assert_all_agree(method, route, body=body, content_type=content_type)


@fuzz
@given(
    method=st.sampled_from(BODY_METHODS),
    route=st.sampled_from(["/json", "/echo/"]),
    body=json_bodies,
    content_type=st.sampled_from(JSON_TYPES),
)
@example(method="POST", route="/json", body='{"a": [1, 2.5, null, "é"]}'.encode(), content_type="application/json")
def test_json_bodies(method, route, body, content_type):
    assert_all_agree(method, route, body=body, content_type=content_type)


@fuzz
@given(method=st.sampled_from(["GET", "POST", "DELETE"]), cookie=cookie_headers(), headers=headers)
@example(method="GET", cookie="sessionid=", headers=[])
@example(method="GET", cookie="sessionid=aaaa\xf0\x90\x80\x80", headers=[])  # 5 characters once decoded
@example(method="POST", cookie="sessionid=abc; session=x; messages=y", headers=[])
@example(method="GET", cookie='a="\\303\\251"; b=\xc3\xa9; =c; d; e="f;g"', headers=[("X-F-a", "\xe9")])
def test_cookies_and_headers(method, cookie, headers):
    assert_all_agree(method, "/echo/", cookie=cookie, headers=headers)


@fuzz
@given(
    method=st.sampled_from(ALL_METHODS),
    raw=raw_paths(),
    query=query_strings,
    cookie=cookie_headers(),
    headers=headers,
    body_and_type=st.one_of(
        st.tuples(form_bodies, st.sampled_from(FORM_TYPES)),
        multipart_bodies(),
        st.tuples(json_bodies, st.sampled_from(JSON_TYPES)),
        st.tuples(st.binary(max_size=30), st.none()),
    ),
)
def test_whole_requests(method, raw, query, cookie, headers, body_and_type):
    body, content_type = body_and_type
    assert_all_agree(
        method, path_info(raw), query=query, body=body, content_type=content_type, cookie=cookie, headers=headers
    )


@fuzz
@given(
    method=st.sampled_from(["GET", "POST"]),
    headers=standard_headers,
    host=hosts,
    content_type=st.sampled_from([None, "text/plain; charset=latin-1", 'a/b; x="y"', ";", "text/html;;q"]),
)
@example(method="GET", headers=[], host="bad host", content_type=None)
def test_standard_headers_and_host(method, headers, host, content_type):
    assert_all_agree(method, "/headers", headers=headers, host=host, content_type=content_type)


@fuzz
@given(method=st.sampled_from(["GET", "POST"]), query=response_queries())
@example(method="GET", query=b"status=200&c-a=1&c-a=2&cookie_path=/x&h-a=1&h-b=2&h-a=3")
@example(method="GET", query=b"status=204&body=x")
@example(method="POST", query=b"status=304&body=x&c-a=1")
def test_responses(method, query):
    """The response side of the bridge: status, repeated headers, cookies and Location reach
    the client as Flask sends them."""
    assert_all_agree(method, "/respond", query=query)
