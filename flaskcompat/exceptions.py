"""HTTP exceptions with Werkzeug's names, codes, texts and HTML bodies.

Flask code raises and catches ``werkzeug.exceptions`` classes; this module
offers the same hierarchy so that code ported to flaskcompat behaves and
renders identically, without Werkzeug installed.
"""

from __future__ import annotations

import email.utils
import sys
import typing as t
from datetime import date, datetime, time, timezone

from markupsafe import Markup, escape

__all__ = [
    "HTTP_STATUS_CODES",
    "HTTPException",
    "BadRequest",
    "BadRequestKeyError",
    "ClientDisconnected",
    "SecurityError",
    "BadHost",
    "Unauthorized",
    "Forbidden",
    "NotFound",
    "MethodNotAllowed",
    "NotAcceptable",
    "RequestTimeout",
    "Conflict",
    "Gone",
    "LengthRequired",
    "PreconditionFailed",
    "RequestEntityTooLarge",
    "RequestURITooLarge",
    "UnsupportedMediaType",
    "RequestedRangeNotSatisfiable",
    "ExpectationFailed",
    "ImATeapot",
    "MisdirectedRequest",
    "UnprocessableEntity",
    "Locked",
    "FailedDependency",
    "PreconditionRequired",
    "TooManyRequests",
    "RequestHeaderFieldsTooLarge",
    "UnavailableForLegalReasons",
    "InternalServerError",
    "NotImplemented",
    "BadGateway",
    "ServiceUnavailable",
    "GatewayTimeout",
    "HTTPVersionNotSupported",
    "default_exceptions",
    "Aborter",
    "abort",
    "is_http_exception",
]

#: Reason phrases as Werkzeug spells them (they differ from
#: :class:`http.HTTPStatus` in places, e.g. 203, 207 and 418), so that
#: ``name`` and the rendered ``<title>`` match Flask byte for byte.
HTTP_STATUS_CODES: dict[int, str] = {
    100: "Continue",
    101: "Switching Protocols",
    102: "Processing",
    103: "Early Hints",
    200: "OK",
    201: "Created",
    202: "Accepted",
    203: "Non Authoritative Information",
    204: "No Content",
    205: "Reset Content",
    206: "Partial Content",
    207: "Multi Status",
    208: "Already Reported",
    226: "IM Used",
    300: "Multiple Choices",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    305: "Use Proxy",
    306: "Switch Proxy",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    407: "Proxy Authentication Required",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Request Entity Too Large",
    414: "Request URI Too Long",
    415: "Unsupported Media Type",
    416: "Requested Range Not Satisfiable",
    417: "Expectation Failed",
    418: "I'm a teapot",
    421: "Misdirected Request",
    422: "Unprocessable Entity",
    423: "Locked",
    424: "Failed Dependency",
    425: "Too Early",
    426: "Upgrade Required",
    428: "Precondition Required",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    449: "Retry With",
    451: "Unavailable For Legal Reasons",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    505: "HTTP Version Not Supported",
    506: "Variant Also Negotiates",
    507: "Insufficient Storage",
    508: "Loop Detected",
    510: "Not Extended",
    511: "Network Authentication Failed",
}


def _environ_of(obj: t.Any) -> dict[str, t.Any] | None:
    """Accept a WSGI environ, a Flask-style request (``.environ``) or a
    Django request (``.META``), as ``get_response(environ)`` may get any."""
    if obj is None or isinstance(obj, dict):
        return obj
    env = getattr(obj, "environ", None)
    if env is None:
        env = getattr(obj, "META", None)
    if not isinstance(env, dict):
        raise TypeError(
            f"{type(obj).__name__!r} is not a WSGI environment (has to be a dict)"
        )
    return env


def _http_date(value: datetime | date | int | float) -> str:
    """RFC 2822 date like Werkzeug's ``http_date``: naive means UTC."""
    if isinstance(value, date):
        if not isinstance(value, datetime):
            value = datetime.combine(value, time(), tzinfo=timezone.utc)
        elif value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        else:
            value = value.astimezone(timezone.utc)
        return email.utils.format_datetime(value, usegmt=True)
    return email.utils.formatdate(value, usegmt=True)


class HTTPException(Exception):
    """Base class of all HTTP errors; renders Werkzeug's default page.

    Raise a subclass from a view (or ``abort(code)``) to end the request
    with that status; ``response`` short-circuits the rendering.
    """

    code: int | None = None
    description: str | None = None

    def __init__(self, description: str | None = None, response: t.Any = None) -> None:
        super().__init__()
        if description is not None:
            self.description = description
        self.response = response

    @property
    def name(self) -> str:
        """The reason phrase for ``code``."""
        return HTTP_STATUS_CODES.get(self.code, "Unknown Error")  # type: ignore[arg-type]

    def get_description(
        self, environ: dict[str, t.Any] | None = None, scope: dict[str, t.Any] | None = None
    ) -> str:
        """The description as an escaped HTML paragraph."""
        text = "" if self.description is None else self.description
        html = escape(text).replace("\n", Markup("<br>"))
        return f"<p>{html}</p>"

    def get_body(
        self, environ: dict[str, t.Any] | None = None, scope: dict[str, t.Any] | None = None
    ) -> str:
        """The full HTML error page."""
        name = escape(self.name)
        return (
            "<!doctype html>\n"
            "<html lang=en>\n"
            f"<title>{self.code} {name}</title>\n"
            f"<h1>{name}</h1>\n"
            f"{self.get_description(environ)}\n"
        )

    def get_headers(
        self, environ: dict[str, t.Any] | None = None, scope: dict[str, t.Any] | None = None
    ) -> list[tuple[str, str]]:
        """Headers of the error response, as a list of pairs."""
        return [("Content-Type", "text/html; charset=utf-8")]

    def get_response(self, environ: t.Any = None, scope: dict[str, t.Any] | None = None) -> t.Any:
        """A :class:`flaskcompat.wrappers.Response` for this error (or the
        ``response`` given at construction)."""
        if self.response is not None:
            return self.response
        from .wrappers import Response

        env = _environ_of(environ)
        headers = self.get_headers(env, scope)
        return Response(self.get_body(env, scope), self.code, headers)

    def __call__(self, environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> t.Iterable[bytes]:
        """Serve the error as a WSGI application, like Werkzeug's."""
        response = self.get_response(environ)
        if callable(response):
            return response(environ, start_response)
        # A response that is not itself a WSGI app: write it out by hand.
        status = getattr(response, "status_code", self.code)
        reason = getattr(response, "reason_phrase", None) or HTTP_STATUS_CODES.get(
            status, "UNKNOWN"
        ).upper()
        body = getattr(response, "content", b"")
        header_items = response.items() if hasattr(response, "items") else []
        start_response(f"{status} {reason}", list(header_items))
        return [body]

    def __str__(self) -> str:
        code = "???" if self.code is None else self.code
        return f"{code} {self.name}: {self.description}"

    def __repr__(self) -> str:
        code = "???" if self.code is None else self.code
        return f"<{type(self).__name__} '{code}: {self.name}'>"


class BadRequest(HTTPException):
    """*400*: the server could not understand the request."""

    code = 400
    description = (
        "The browser (or proxy) sent a request that this server could not understand."
    )


class BadRequestKeyError(BadRequest, KeyError):
    """A missing form/args key: both a :exc:`KeyError` and a 400.

    The key is only revealed in the page when ``show_exception`` is set,
    which the app does in debug mode, as Flask does.
    """

    _description = BadRequest.description
    show_exception = False

    def __init__(self, arg: object | None = None, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        if arg is None:
            KeyError.__init__(self)
        else:
            KeyError.__init__(self, arg)

    @property  # type: ignore[override]
    def description(self) -> str:
        if self.show_exception:
            return f"{self._description}\nKeyError: {KeyError.__str__(self)}"
        return self._description

    @description.setter
    def description(self, value: str) -> None:
        self._description = value


class ClientDisconnected(BadRequest):
    """The client went away mid-request; silenced like a 400."""


class SecurityError(BadRequest):
    """Something tripped a security check; otherwise a plain 400."""


class BadHost(BadRequest):
    """The ``Host`` header was malformed or not trusted."""


def _auth_values(value: t.Any) -> tuple[t.Any, ...] | None:
    """Normalise ``www_authenticate`` to a sequence of header values.

    A single header object (anything with ``to_header``, like Werkzeug's
    ``WWWAuthenticate``) or a plain string counts as one value; Werkzeug
    would iterate a string character by character, which is never meant.
    """
    if value is None:
        return None
    if isinstance(value, str) or hasattr(value, "to_header"):
        return (value,)
    return value


class Unauthorized(HTTPException):
    """*401*: authentication is needed; ``www_authenticate`` sets the
    ``WWW-Authenticate`` header(s)."""

    code = 401
    description = (
        "The server could not verify that you are authorized to access"
        " the URL requested. You either supplied the wrong credentials"
        " (e.g. a bad password), or your browser doesn't understand"
        " how to supply the credentials required."
    )

    def __init__(
        self,
        description: str | None = None,
        response: t.Any = None,
        www_authenticate: t.Any = None,
    ) -> None:
        super().__init__(description, response)
        self.www_authenticate = _auth_values(www_authenticate)

    def get_headers(
        self, environ: dict[str, t.Any] | None = None, scope: dict[str, t.Any] | None = None
    ) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.www_authenticate:
            headers.extend(("WWW-Authenticate", str(v)) for v in self.www_authenticate)
        return headers


class Forbidden(HTTPException):
    """*403*: authenticated, but not allowed."""

    code = 403
    description = (
        "You don't have the permission to access the requested"
        " resource. It is either read-protected or not readable by the"
        " server."
    )


class NotFound(HTTPException):
    """*404*: no such resource."""

    code = 404
    description = (
        "The requested URL was not found on the server. If you entered"
        " the URL manually please check your spelling and try again."
    )


class MethodNotAllowed(HTTPException):
    """*405*: wrong method; ``valid_methods`` becomes the ``Allow`` header."""

    code = 405
    description = "The method is not allowed for the requested URL."

    def __init__(
        self,
        valid_methods: t.Iterable[str] | None = None,
        description: str | None = None,
        response: t.Any = None,
    ) -> None:
        super().__init__(description=description, response=response)
        self.valid_methods = valid_methods

    def get_headers(
        self, environ: dict[str, t.Any] | None = None, scope: dict[str, t.Any] | None = None
    ) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.valid_methods:
            headers.append(("Allow", ", ".join(self.valid_methods)))
        return headers


class NotAcceptable(HTTPException):
    """*406*: nothing matches the request's ``Accept`` headers."""

    code = 406
    description = (
        "The resource identified by the request is only capable of"
        " generating response entities which have content"
        " characteristics not acceptable according to the accept"
        " headers sent in the request."
    )


class RequestTimeout(HTTPException):
    """*408*: the client was too slow."""

    code = 408
    description = (
        "The server closed the network connection because the browser"
        " didn't finish the request within the specified time."
    )


class Conflict(HTTPException):
    """*409*: the request conflicts with the current server state."""

    code = 409
    description = (
        "A conflict happened while processing the request. The"
        " resource might have been modified while the request was being"
        " processed."
    )


class Gone(HTTPException):
    """*410*: the resource existed but is gone for good."""

    code = 410
    description = (
        "The requested URL is no longer available on this server and"
        " there is no forwarding address. If you followed a link from a"
        " foreign page, please contact the author of this page."
    )


class LengthRequired(HTTPException):
    """*411*: a ``Content-Length`` header is required."""

    code = 411
    description = (
        "A request with this method requires a valid <code>Content-"
        "Length</code> header."
    )


class PreconditionFailed(HTTPException):
    """*412*: an ``If-*`` precondition did not hold."""

    code = 412
    description = (
        "The precondition on the request for the URL failed positive evaluation."
    )


class RequestEntityTooLarge(HTTPException):
    """*413*: the body exceeds a limit (e.g. ``MAX_CONTENT_LENGTH``)."""

    code = 413
    description = "The data value transmitted exceeds the capacity limit."


class RequestURITooLarge(HTTPException):
    """*414*: the URL is too long."""

    code = 414
    description = (
        "The length of the requested URL exceeds the capacity limit for"
        " this server. The request cannot be processed."
    )


class UnsupportedMediaType(HTTPException):
    """*415*: the request body's media type is not handled."""

    code = 415
    description = (
        "The server does not support the media type transmitted in the request."
    )


class RequestedRangeNotSatisfiable(HTTPException):
    """*416*: bad ``Range``; ``length`` sets ``Content-Range: units */length``."""

    code = 416
    description = "The server cannot provide the requested range."

    def __init__(
        self,
        length: int | None = None,
        units: str = "bytes",
        description: str | None = None,
        response: t.Any = None,
    ) -> None:
        super().__init__(description=description, response=response)
        self.length = length
        self.units = units

    def get_headers(
        self, environ: dict[str, t.Any] | None = None, scope: dict[str, t.Any] | None = None
    ) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.length is not None:
            headers.append(("Content-Range", f"{self.units} */{self.length}"))
        return headers


class ExpectationFailed(HTTPException):
    """*417*: the ``Expect`` header cannot be met."""

    code = 417
    description = "The server could not meet the requirements of the Expect header"


class ImATeapot(HTTPException):
    """*418*: RFC 2324."""

    code = 418
    description = "This server is a teapot, not a coffee machine"


class MisdirectedRequest(HTTPException):
    """*421*: this server cannot answer for the requested authority."""

    code = 421
    description = "The server is not able to produce a response."


class UnprocessableEntity(HTTPException):
    """*422*: well-formed but semantically wrong."""

    code = 422
    description = (
        "The request was well-formed but was unable to be followed due"
        " to semantic errors."
    )


class Locked(HTTPException):
    """*423*: the resource is locked."""

    code = 423
    description = "The resource that is being accessed is locked."


class FailedDependency(HTTPException):
    """*424*: an action this one depended on failed."""

    code = 424
    description = (
        "The method could not be performed on the resource because the"
        " requested action depended on another action and that action"
        " failed."
    )


class PreconditionRequired(HTTPException):
    """*428*: the request must be conditional."""

    code = 428
    description = (
        "This request is required to be conditional; try using"
        ' "If-Match" or "If-Unmodified-Since".'
    )


class _RetryAfter(HTTPException):
    """Adds ``retry_after`` (seconds or a datetime) as ``Retry-After``."""

    def __init__(
        self,
        description: str | None = None,
        response: t.Any = None,
        retry_after: datetime | int | None = None,
    ) -> None:
        super().__init__(description, response)
        self.retry_after = retry_after

    def get_headers(
        self, environ: dict[str, t.Any] | None = None, scope: dict[str, t.Any] | None = None
    ) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.retry_after:
            if isinstance(self.retry_after, datetime):
                value = _http_date(self.retry_after)
            else:
                value = str(self.retry_after)
            headers.append(("Retry-After", value))
        return headers


class TooManyRequests(_RetryAfter):
    """*429*: rate limited."""

    code = 429
    description = "This user has exceeded an allotted request count. Try again later."


class RequestHeaderFieldsTooLarge(HTTPException):
    """*431*: headers too big."""

    code = 431
    description = "One or more header fields exceeds the maximum size."


class UnavailableForLegalReasons(HTTPException):
    """*451*: withheld because of a legal demand."""

    code = 451
    description = "Unavailable for legal reasons."


class InternalServerError(HTTPException):
    """*500*: unhandled error; ``original_exception`` keeps the cause."""

    code = 500
    description = (
        "The server encountered an internal error and was unable to"
        " complete your request. Either the server is overloaded or"
        " there is an error in the application."
    )

    def __init__(
        self,
        description: str | None = None,
        response: t.Any = None,
        original_exception: BaseException | None = None,
    ) -> None:
        self.original_exception = original_exception
        super().__init__(description=description, response=response)


class NotImplemented(HTTPException):  # noqa: A001 - Werkzeug's name
    """*501*: the action is not supported."""

    code = 501
    description = "The server does not support the action requested by the browser."


class BadGateway(HTTPException):
    """*502*: the upstream server answered badly."""

    code = 502
    description = (
        "The proxy server received an invalid response from an upstream server."
    )


class ServiceUnavailable(_RetryAfter):
    """*503*: temporarily down; optional ``retry_after``."""

    code = 503
    description = (
        "The server is temporarily unable to service your request due"
        " to maintenance downtime or capacity problems. Please try"
        " again later."
    )


class GatewayTimeout(HTTPException):
    """*504*: the upstream server timed out."""

    code = 504
    description = "The connection to an upstream server timed out."


class HTTPVersionNotSupported(HTTPException):
    """*505*: unsupported HTTP version."""

    code = 505
    description = (
        "The server does not support the HTTP protocol version used in the request."
    )


def _collect_default_exceptions() -> dict[int, type[HTTPException]]:
    """Map each code to its most general class (BadRequest, not its
    subclasses), the way Werkzeug builds ``default_exceptions``."""
    mapping: dict[int, type[HTTPException]] = {}
    for obj in list(globals().values()):
        if not (isinstance(obj, type) and issubclass(obj, HTTPException)):
            continue
        if obj.code is None:
            continue
        current = mapping.get(obj.code)
        if current is not None and issubclass(obj, current):
            continue
        mapping[obj.code] = obj
    return mapping


#: ``code -> exception class`` for every class above.
default_exceptions: dict[int, type[HTTPException]] = _collect_default_exceptions()


def _is_response(obj: t.Any) -> bool:
    """Whether ``obj`` is a response object to be raised as-is by abort.

    Response classes are looked up in ``sys.modules`` only: a response
    instance implies its module is loaded, and nothing gets imported here.
    """
    if obj is None or isinstance(obj, (int, str, bytes)):
        return False
    for module_name, class_name in (
        (f"{__package__}.wrappers", "Response"),
        ("django.http", "HttpResponseBase"),
        ("werkzeug.sansio.response", "Response"),
    ):
        cls = getattr(sys.modules.get(module_name), class_name, None)
        if isinstance(cls, type) and isinstance(obj, cls):
            return True
    return False


class Aborter:
    """Callable raising the exception registered for a status code.

    ``mapping`` defaults to :data:`default_exceptions`; ``extra`` adds or
    overrides codes (this is what ``app.aborter`` is).
    """

    def __init__(
        self,
        mapping: dict[int, type[HTTPException]] | None = None,
        extra: dict[int, type[HTTPException]] | None = None,
    ) -> None:
        self.mapping = dict(default_exceptions if mapping is None else mapping)
        if extra is not None:
            self.mapping.update(extra)

    def __call__(self, code: t.Any, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        if _is_response(code):
            raise HTTPException(response=code)
        if code not in self.mapping:
            raise LookupError(f"no exception for {code!r}")
        raise self.mapping[code](*args, **kwargs)


_aborter = Aborter()


def abort(status: t.Any, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    """Raise the HTTP exception for ``status`` (an int code), or raise a
    response object wrapped in :class:`HTTPException`."""
    _aborter(status, *args, **kwargs)


def is_http_exception(exc: object) -> bool:
    """True for our :class:`HTTPException` and for Werkzeug's, so legacy
    code raising ``werkzeug.exceptions.NotFound`` is still handled as an
    HTTP error. Werkzeug is never imported here: if it was not loaded,
    nothing can have raised its exceptions."""
    if isinstance(exc, HTTPException):
        return True
    wz_exceptions = sys.modules.get("werkzeug.exceptions")
    return wz_exceptions is not None and isinstance(exc, wz_exceptions.HTTPException)
