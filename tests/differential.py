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
arguments go to both test clients' ``open()`` unchanged. The real ``flask`` module is only
ever imported here, in the test process (the ``import flask`` alias is tested in
subprocesses).
"""

from __future__ import annotations

from http.cookies import SimpleCookie

import flask as real_flask

import flaskcompat

COMPARED_HEADERS = (
    "Content-Type", "Content-Length", "Location", "Allow", "Content-Disposition", "Cache-Control",
    "ETag", "Last-Modified", "Content-Range", "Accept-Ranges", "WWW-Authenticate", "Retry-After",
    "Vary", "Content-Encoding",
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
        """Return ``(flaskcompat_response, flask_response)`` for the same request."""
        theirs = self.flask_client.open(path, method=method, **_copy(kwargs))
        ours = self.compat_client.open(path, method=method, **_copy(kwargs))
        return ours, theirs

    def same(self, method, path, headers=None, **kwargs):
        """Assert both frameworks answer alike; returns flaskcompat's response."""
        if headers is not None:
            kwargs["headers"] = headers
        ours, theirs = self.both(method, path, **kwargs)
        assert_same(ours, theirs, self.headers, self.compare_cookies, f"{method} {path}")
        return ours


def assert_same(ours, theirs, headers=COMPARED_HEADERS, compare_cookies=True, label=""):
    assert ours.status_code == theirs.status_code, (
        f"{label}: status {ours.status_code} != Flask's {theirs.status_code}\n"
        f"ours: {ours.get_data()[:300]!r}\nflask: {theirs.get_data()[:300]!r}")
    for name in headers:
        mine, flasks = _norm_header(name, ours.headers.get(name)), _norm_header(name, theirs.headers.get(name))
        assert mine == flasks, f"{label}: header {name}: {mine!r} != Flask's {flasks!r}"
    assert ours.get_data() == theirs.get_data(), (
        f"{label}: body differs\nours:  {ours.get_data()[:500]!r}\nflask: {theirs.get_data()[:500]!r}")
    if compare_cookies:
        assert cookies_of(ours) == cookies_of(theirs), f"{label}: cookies differ"


def _copy(kwargs):
    """Fresh file objects for each framework (a stream can be read only once)."""
    import io

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
