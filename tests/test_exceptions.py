"""flaskcompat.exceptions against werkzeug.exceptions, class by class."""

from __future__ import annotations

import inspect
import pathlib
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest
import werkzeug.exceptions as wz
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.wrappers import Response as WzResponse

import flaskcompat.exceptions as fc


def _http_classes(module):
    return {
        name: obj
        for name, obj in vars(module).items()
        if inspect.isclass(obj)
        and issubclass(obj, module.HTTPException)
        and not name.startswith("_")
    }


WZ_CLASSES = _http_classes(wz)
FC_CLASSES = _http_classes(fc)
# Classes whose first positional argument is not ``description``.
SPECIAL_FIRST_ARG = {"BadRequestKeyError", "MethodNotAllowed", "RequestedRangeNotSatisfiable"}


def _pair(name, *args, **kwargs):
    return WZ_CLASSES[name](*args, **kwargs), FC_CLASSES[name](*args, **kwargs)


def _assert_same_rendering(ours, theirs):
    assert ours.code == theirs.code
    assert ours.name == theirs.name
    assert ours.description == theirs.description
    assert ours.get_description() == str(theirs.get_description())
    assert ours.get_body() == theirs.get_body()
    assert ours.get_headers() == theirs.get_headers()
    assert str(ours) == str(theirs)
    assert repr(ours) == repr(theirs)


def test_same_set_of_classes():
    assert set(FC_CLASSES) == set(WZ_CLASSES)


@pytest.mark.parametrize("name", sorted(WZ_CLASSES))
def test_class_matches_werkzeug(name):
    theirs_cls, ours_cls = WZ_CLASSES[name], FC_CLASSES[name]
    assert ours_cls.code == theirs_cls.code
    # Same ancestry (by name), including KeyError for BadRequestKeyError.
    assert [c.__name__ for c in ours_cls.__mro__] == [
        c.__name__ for c in theirs_cls.__mro__
    ]
    _assert_same_rendering(ours_cls(), theirs_cls())


@pytest.mark.parametrize("name", sorted(set(WZ_CLASSES) - SPECIAL_FIRST_ARG))
def test_custom_description_is_escaped_like_werkzeug(name):
    text = "Bad <b>input</b> & \"quotes\"\nsecond line"
    theirs, ours = _pair(name, text)
    _assert_same_rendering(ours, theirs)
    theirs, ours = _pair(name, description="")
    _assert_same_rendering(ours, theirs)


def test_base_exception_without_code():
    theirs, ours = wz.HTTPException("x"), fc.HTTPException("x")
    _assert_same_rendering(ours, theirs)
    assert str(ours) == "??? Unknown Error: x"


def test_subclass_with_unknown_code():
    def make(base):
        class Custom(base):
            code = 499
            description = "custom"

        return Custom()

    _assert_same_rendering(make(fc.HTTPException), make(wz.HTTPException))


@pytest.mark.parametrize("key", ["name", 42, ("a", 1), None, "quote'd"])
@pytest.mark.parametrize("show", [False, True])
def test_bad_request_key_error(key, show):
    theirs = wz.BadRequestKeyError(key)
    ours = fc.BadRequestKeyError(key)
    theirs.show_exception = ours.show_exception = show
    _assert_same_rendering(ours, theirs)
    assert ours.args == theirs.args
    assert isinstance(ours, KeyError) and isinstance(ours, fc.BadRequest)
    assert KeyError.__str__(ours) == KeyError.__str__(theirs)


def test_bad_request_key_error_description_only_shown_in_debug():
    exc = fc.BadRequestKeyError("username")
    assert "username" not in exc.get_body()
    exc.show_exception = True
    assert "KeyError: &#39;username&#39;" in exc.get_body()
    # Class default stays off.
    assert fc.BadRequestKeyError.show_exception is False


def test_bad_request_key_error_custom_description():
    theirs = wz.BadRequestKeyError("k", "Missing field")
    ours = fc.BadRequestKeyError("k", "Missing field")
    _assert_same_rendering(ours, theirs)
    theirs.show_exception = ours.show_exception = True
    _assert_same_rendering(ours, theirs)


def test_bad_request_key_error_caught_as_key_error():
    with pytest.raises(KeyError):
        raise fc.BadRequestKeyError("x")


@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        ["Basic realm=x"],
        ["Basic realm=x", 'Bearer realm="api"'],
        WWWAuthenticate("basic", {"realm": "Login"}),
        [WWWAuthenticate("basic", {"realm": "a"}), WWWAuthenticate("bearer")],
    ],
)
def test_unauthorized_www_authenticate(value):
    theirs, ours = _pair("Unauthorized", www_authenticate=value)
    _assert_same_rendering(ours, theirs)


def test_unauthorized_single_string_is_one_header():
    # Deliberate deviation: Werkzeug would emit one header per character.
    ours = fc.Unauthorized(www_authenticate='Basic realm="x"')
    assert ours.get_headers()[1:] == [("WWW-Authenticate", 'Basic realm="x"')]


@pytest.mark.parametrize(
    "methods", [None, [], ["GET"], ["GET", "HEAD", "OPTIONS"], ("POST", "PUT")]
)
def test_method_not_allowed(methods):
    theirs, ours = _pair("MethodNotAllowed", methods)
    _assert_same_rendering(ours, theirs)
    theirs, ours = _pair("MethodNotAllowed", valid_methods=methods, description="no")
    _assert_same_rendering(ours, theirs)


@pytest.mark.parametrize(
    "kwargs", [{}, {"length": 0}, {"length": 100}, {"length": 5, "units": "items"}]
)
def test_range_not_satisfiable(kwargs):
    theirs, ours = _pair("RequestedRangeNotSatisfiable", **kwargs)
    _assert_same_rendering(ours, theirs)


@pytest.mark.parametrize("name", ["TooManyRequests", "ServiceUnavailable"])
@pytest.mark.parametrize(
    "retry_after",
    [
        None,
        0,
        120,
        datetime(2030, 1, 2, 3, 4, 5),
        datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))),
    ],
)
def test_retry_after(name, retry_after):
    theirs, ours = _pair(name, retry_after=retry_after)
    _assert_same_rendering(ours, theirs)


def test_http_date_matches_werkzeug():
    from werkzeug.http import http_date

    for value in [
        date(2024, 2, 29),
        datetime(1999, 12, 31, 23, 59, 59),
        datetime(2030, 6, 1, tzinfo=timezone(timedelta(hours=-5))),
        0,
        1_700_000_000.5,
    ]:
        assert fc._http_date(value) == http_date(value)


def test_internal_server_error_original_exception():
    cause = ValueError("boom")
    ours = fc.InternalServerError(original_exception=cause)
    assert ours.original_exception is cause
    assert fc.InternalServerError().original_exception is None
    _assert_same_rendering(ours, wz.InternalServerError(original_exception=cause))


def test_response_attribute_kept():
    marker = object()
    assert fc.NotFound(response=marker).response is marker
    assert fc.NotFound().response is None
    # With a response set, get_response returns it unchanged.
    assert fc.NotFound(response=marker).get_response() is marker


def test_default_exceptions_match():
    assert {c: cls.__name__ for c, cls in fc.default_exceptions.items()} == {
        c: cls.__name__ for c, cls in wz.default_exceptions.items()
    }
    assert fc.default_exceptions[400] is fc.BadRequest


def test_status_names_match_werkzeug():
    from werkzeug.http import HTTP_STATUS_CODES

    assert fc.HTTP_STATUS_CODES == HTTP_STATUS_CODES


@pytest.mark.parametrize("code", sorted(wz.default_exceptions))
def test_abort_raises_same_class(code):
    with pytest.raises(wz.HTTPException) as theirs:
        wz.abort(code)
    with pytest.raises(fc.HTTPException) as ours:
        fc.abort(code)
    assert type(ours.value).__name__ == type(theirs.value).__name__
    _assert_same_rendering(ours.value, theirs.value)


def test_abort_forwards_arguments():
    with pytest.raises(fc.NotFound) as info:
        fc.abort(404, "Nothing here")
    assert info.value.description == "Nothing here"
    with pytest.raises(fc.MethodNotAllowed) as info:
        fc.abort(405, valid_methods=["GET"])
    assert ("Allow", "GET") in info.value.get_headers()
    with pytest.raises(fc.Unauthorized) as info:
        fc.abort(401, www_authenticate="Basic")
    assert ("WWW-Authenticate", "Basic") in info.value.get_headers()


@pytest.mark.parametrize("code", [200, 302, 399, 600, "404", None, 404.5])
def test_abort_unknown_code_is_lookup_error(code):
    with pytest.raises(LookupError) as theirs:
        wz.abort(code)
    with pytest.raises(LookupError) as ours:
        fc.abort(code)
    assert str(ours.value) == str(theirs.value)
    assert not isinstance(ours.value, fc.HTTPException)


def test_abort_with_werkzeug_response_wraps_it():
    response = WzResponse("legacy", status=418)
    with pytest.raises(fc.HTTPException) as info:
        fc.abort(response)
    assert type(info.value) is fc.HTTPException
    assert info.value.response is response
    assert info.value.get_response() is response


def test_abort_with_django_response_wraps_it():
    from django.http import HttpResponse

    response = HttpResponse(b"teapot", content_type="text/plain", charset="utf-8", status=418)
    with pytest.raises(fc.HTTPException) as info:
        fc.abort(response)
    assert info.value.response is response


def test_abort_with_flaskcompat_response_wraps_it():
    # Needs flaskcompat.wrappers (written by the lead).
    from flaskcompat.wrappers import Response

    response = Response("hello", 202)
    with pytest.raises(fc.HTTPException) as info:
        fc.abort(response)
    assert info.value.response is response


def test_aborter_mapping_and_extra():
    class Custom(fc.HTTPException):
        code = 499
        description = "Client closed"

    aborter = fc.Aborter(extra={499: Custom, 404: fc.Gone})
    with pytest.raises(Custom):
        aborter(499)
    with pytest.raises(fc.Gone):
        aborter(404)
    # The module mapping is untouched.
    assert 499 not in fc.default_exceptions
    assert fc.default_exceptions[404] is fc.NotFound

    only = fc.Aborter(mapping={418: fc.ImATeapot})
    with pytest.raises(fc.ImATeapot):
        only(418)
    with pytest.raises(LookupError):
        only(404)


def test_is_http_exception():
    assert fc.is_http_exception(fc.NotFound())
    assert fc.is_http_exception(fc.BadRequestKeyError("x"))
    assert fc.is_http_exception(wz.NotFound())
    assert fc.is_http_exception(wz.HTTPException())
    assert not fc.is_http_exception(ValueError())
    assert not fc.is_http_exception(KeyError("x"))
    assert not fc.is_http_exception(None)
    assert not fc.is_http_exception(fc.NotFound)  # the class, not an instance


def test_no_werkzeug_or_flask_import_at_runtime():
    code = (
        "import sys\n"
        "import flaskcompat.exceptions as e, flaskcompat.config, "
        "flaskcompat.logging, flaskcompat.signals\n"
        "assert not e.is_http_exception(ValueError())\n"
        "try:\n"
        "    e.abort(404)\n"
        "except e.NotFound as exc:\n"
        "    exc.get_body(); exc.get_headers()\n"
        "try:\n"
        "    e.abort(object())\n"
        "except LookupError:\n"
        "    pass\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('werkzeug', 'flask')]\n"
        "assert not bad, bad\n"
    )
    root = pathlib.Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


# --- get_response(): these need flaskcompat.wrappers.Response (the lead's). ---


def _body(response):
    return response.get_data(as_text=True)


@pytest.mark.parametrize("name", sorted(WZ_CLASSES))
def test_get_response_matches_werkzeug(name):
    theirs_exc, ours_exc = WZ_CLASSES[name](), FC_CLASSES[name]()
    theirs, ours = theirs_exc.get_response(), ours_exc.get_response()
    assert ours.status_code == theirs.status_code
    assert _body(ours) == theirs.get_data(as_text=True)
    assert ours.headers["Content-Type"] == theirs.headers["Content-Type"]


def test_get_response_extra_headers():
    response = fc.MethodNotAllowed(["GET", "HEAD"]).get_response()
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"
    response = fc.TooManyRequests(retry_after=30).get_response({})
    assert response.headers["Retry-After"] == "30"
    response = fc.Unauthorized(www_authenticate=["Basic", "Bearer"]).get_response()
    assert response.headers.getlist("WWW-Authenticate") == ["Basic", "Bearer"]


def test_get_response_accepts_request_like_objects():
    class FakeRequest:
        environ = {"REQUEST_METHOD": "GET"}

    class FakeDjangoRequest:
        META = {"REQUEST_METHOD": "GET"}

    for environ in (None, {}, FakeRequest(), FakeDjangoRequest()):
        assert fc.NotFound().get_response(environ).status_code == 404
    with pytest.raises(TypeError):
        fc.NotFound().get_response(object())


def test_wsgi_call():
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"] = status
        seen["headers"] = headers

    environ = {"REQUEST_METHOD": "GET", "wsgi.url_scheme": "http", "SERVER_NAME": "x",
               "SERVER_PORT": "80", "PATH_INFO": "/"}
    body = b"".join(fc.NotFound()(environ, start_response))
    assert seen["status"].startswith("404")
    assert body == fc.NotFound().get_body().encode()


def test_wsgi_call_with_plain_django_response():
    from django.http import HttpResponse

    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"] = status
        seen["headers"] = headers

    resp = HttpResponse(b"teapot", content_type="text/plain", charset="utf-8", status=418)
    body = b"".join(fc.HTTPException(response=resp)({}, start_response))
    assert body == b"teapot"
    assert seen["status"] == "418 I'm a Teapot"
    assert ("Content-Type", "text/plain") in seen["headers"]
