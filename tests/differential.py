"""The differential harness: one app factory, run under real Flask and under flaskcompat.

Write the app once against a ``flask``-shaped namespace and compare what both frameworks
answer::

    def make_app(flask):
        app = flask.Flask(__name__)

        @app.route("/user/<int:id>")
        def user(id):
            return f"user {id}"

        return app

    def test_user():
        d = Differential(make_app)
        d.same("GET", "/user/3")          # status, meaningful headers and body must be equal
        d.same("GET", "/user/x")          # ... including Flask's 404 page
        ours, theirs = d.both("GET", "/user/3", query_string={"a": 1})

``same`` compares the status code, the body, and the headers in ``COMPARED_HEADERS``
(``Allow`` and ``Vary`` as sets; cookies by name, value and attributes). Extra keyword
arguments go to both test clients' ``open()`` unchanged. ``same`` closes both responses once
compared; the responses ``both`` returns are closed when the test ends (``close_responses``,
an autouse fixture in ``conftest.py``), so a file ``send_file`` opened is never left to the
garbage collector, on either side.

Raw-WSGI mode leaves both test clients out: ``same_raw`` / ``raw`` build one environ with
Werkzeug's ``EnvironBuilder`` (same arguments as ``open()``), call each app's WSGI callable with
it (``app(environ, start_response)``: for flaskcompat, Django's own WSGI handler and middleware,
CSRF enforced) and compare the WSGI answers: the whole status line, the headers and the body::

    d.same_raw("GET", "/user/3")              # every header, in any order
    ours, theirs = d.raw("HEAD", "/user/3")   # RawResponse(status, headers, body)

The real ``flask`` module is only ever imported here, in the test process.
"""

from __future__ import annotations

import io
from http.cookies import SimpleCookie
from typing import NamedTuple

import flask as real_flask
from werkzeug.datastructures import Headers
from werkzeug.test import EnvironBuilder, run_wsgi_app

import flaskcompat

COMPARED_HEADERS = (
    "Content-Type",
    "Content-Length",
    "Location",
    "Allow",
    "Content-Disposition",
    "Cache-Control",
    "ETag",
    "Last-Modified",
    "Content-Range",
    "Accept-Ranges",
    "WWW-Authenticate",
    "Retry-After",
    "Vary",
    "Content-Encoding",
)
_SET_HEADERS = {"allow", "vary"}


def _norm_header(name, value):
    if value is None:
        return None
    if name.lower() in _SET_HEADERS:
        return frozenset(v.strip() for v in value.split(","))
    return value


def cookies_of(response):
    """Set-Cookie headers as ``{name: (value, {attribute: value})}`` (format-independent)."""
    out = {}
    for header in response.headers.getlist("Set-Cookie"):
        jar = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            attrs = {k: v for k, v in morsel.items() if v not in ("", False)}
            attrs.pop("expires", None)  # formatted differently; max-age carries the meaning
            out[name] = (morsel.value, attrs)
    return out


class Differential:
    """Runs ``make_app(flask)`` and ``make_app(flaskcompat)`` side by side."""

    def __init__(self, make_app, headers=COMPARED_HEADERS, compare_cookies=True):
        self.flask_app = make_app(real_flask)
        self.compat_app = make_app(flaskcompat)
        self.flask_client = self.flask_app.test_client()
        self.compat_client = self.compat_app.test_client()
        self.headers = headers
        self.compare_cookies = compare_cookies

    def both(self, method, path, **kwargs):
        """Return ``(flaskcompat_response, flask_response)`` for the same request (closed when
        the test ends)."""
        theirs = self.flask_client.open(path, method=method, **_copy(kwargs))
        _opened.append(theirs)
        ours = self.compat_client.open(path, method=method, **_copy(kwargs))
        _opened.append(ours)
        return ours, theirs

    def same(self, method, path, headers=None, **kwargs):
        """Assert both frameworks answer alike; returns flaskcompat's response (read, and closed)."""
        if headers is not None:
            kwargs["headers"] = headers
        ours, theirs = self.both(method, path, **kwargs)
        try:
            assert_same(ours, theirs, self.headers, self.compare_cookies, f"{method} {path}")
        finally:
            theirs.close()
            ours.close()
        return ours

    def raw(self, method, path, **kwargs):
        """``(flaskcompat's, Flask's)`` :class:`RawResponse` for one environ, each app's WSGI
        callable called with it directly (no test client on either side)."""
        environs = [EnvironBuilder(path=path, method=method, **_copy(kwargs)).get_environ() for _ in range(2)]
        assert _without_streams(environs[0]) == _without_streams(environs[1])
        return call_wsgi(self.compat_app, environs[0]), call_wsgi(self.flask_app, environs[1])

    def same_raw(self, method, path, all_headers=True, **kwargs):
        """Assert both WSGI answers alike: the status line, every header (in any order; with
        ``all_headers=False``, ``self.headers`` and the cookies) and the body; returns
        flaskcompat's :class:`RawResponse`."""
        ours, theirs = self.raw(method, path, **kwargs)
        label = f"{method} {path}"
        if all_headers:
            assert sorted(ours.headers.items()) == sorted(theirs.headers.items()), f"{label}: headers differ"
        assert_same_raw(ours, theirs, self.headers, self.compare_cookies, label)
        return ours


class RawResponse(NamedTuple):
    """What a WSGI app answered: the status line, the header list and the whole body."""

    status: str
    headers: Headers
    body: bytes


def call_wsgi(app, environ):
    """Call ``app(environ, start_response)`` and read (then close) its body."""
    app_iter, status, headers = run_wsgi_app(app, environ, buffered=True)
    return RawResponse(status, headers, b"".join(app_iter))


def _without_streams(environ):
    return {k: v for k, v in environ.items() if k not in ("wsgi.input", "wsgi.errors")}


def assert_same_raw(ours, theirs, headers=COMPARED_HEADERS, compare_cookies=True, label=""):
    assert ours.status == theirs.status, f"{label}: status {ours.status!r} != Flask's {theirs.status!r}"
    for name in headers:
        mine, flasks = _norm_header(name, ours.headers.get(name)), _norm_header(name, theirs.headers.get(name))
        assert mine == flasks, f"{label}: header {name}: {mine!r} != Flask's {flasks!r}"
    assert ours.body == theirs.body, f"{label}: body differs\nours:  {ours.body[:500]!r}\nflask: {theirs.body[:500]!r}"
    if compare_cookies:
        assert cookies_of(ours) == cookies_of(theirs), f"{label}: cookies differ"


#: Test-client responses ``both()`` returned, closed by ``close_responses()`` when the test ends.
_opened = []


def close_responses():
    while _opened:
        _opened.pop().close()


def assert_same(ours, theirs, headers=COMPARED_HEADERS, compare_cookies=True, label=""):
    assert ours.status_code == theirs.status_code, (
        f"{label}: status {ours.status_code} != Flask's {theirs.status_code}\n"
        f"ours: {ours.get_data()[:300]!r}\nflask: {theirs.get_data()[:300]!r}"
    )
    for name in headers:
        mine, flasks = _norm_header(name, ours.headers.get(name)), _norm_header(name, theirs.headers.get(name))
        assert mine == flasks, f"{label}: header {name}: {mine!r} != Flask's {flasks!r}"
    assert ours.get_data() == theirs.get_data(), (
        f"{label}: body differs\nours:  {ours.get_data()[:500]!r}\nflask: {theirs.get_data()[:500]!r}"
    )
    if compare_cookies:
        assert cookies_of(ours) == cookies_of(theirs), f"{label}: cookies differ"


def _copy(kwargs):
    """Fresh file objects for each framework (a stream can be read only once)."""
    out = dict(kwargs)
    data = out.get("data")
    if isinstance(data, dict):
        fresh = {}
        for key, value in data.items():
            if isinstance(value, tuple) and value and hasattr(value[0], "getvalue"):
                fresh[key] = (io.BytesIO(value[0].getvalue()), *value[1:])
            else:
                fresh[key] = value
        out["data"] = fresh
    return out
