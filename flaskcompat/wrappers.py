"""Flask's Request and Response, able to stand on Django's request.

When Django serves a request, the WSGI environ Flask sees is built from Django's
``HttpRequest`` (see :mod:`flaskcompat.handlers`) and carries it under :data:`DJANGO_REQUEST`.
:class:`RequestMixin` adds what Django-side code needs on top of Flask's request:
``request.django_request``, attribute fall-through (``request.user``), and a body that is read
once: when Django's middleware already parsed a multipart body, the form and files come from
that parse as Werkzeug types. :class:`ResponseMixin` lets the bridge find the response object
behind the WSGI call. A mounted app's own request/response classes get these mixins too.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import TYPE_CHECKING, Any, Self, TypeVar

import flask
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from werkzeug.datastructures import FileStorage, Headers
from werkzeug.exceptions import HTTPException
from werkzeug.http import dump_options_header, quote_header_value

from . import internals

#: environ key of the Django ``HttpRequest`` a Flask request stands on.
DJANGO_REQUEST = "flaskcompat.django_request"
#: environ key where the Flask response object is left for the bridge.
FLASK_RESPONSE = "flaskcompat.response"

if TYPE_CHECKING:  # the mixins are only ever mixed into these (``with_mixin``)
    from _typeshed.wsgi import StartResponse

    _RequestBase = flask.Request
    _ResponseBase = flask.Response
else:
    _RequestBase = _ResponseBase = object

T = TypeVar("T")


class RequestMixin(_RequestBase):
    """Django's side of a Flask request."""

    @property
    def django_request(self) -> HttpRequest:
        """The Django request; for a request made outside Django (``test_request_context``),
        one built over a copy of the same environ."""
        request = self.environ.get(DJANGO_REQUEST)
        if request is None:
            environ = {**self.environ}
            environ.setdefault("wsgi.input", BytesIO())
            request = self.environ[DJANGO_REQUEST] = WSGIRequest(environ)
        return request

    def __getattr__(self, name: str) -> Any:
        """What Flask's request lacks comes from Django's: ``request.user``, ``request.session``..."""
        if name.startswith("__") or "environ" not in self.__dict__:
            raise AttributeError(name)
        try:
            return getattr(self.django_request, name)
        except AttributeError:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None

    def _load_form_data(self) -> None:
        if "form" not in self.__dict__:
            request = self.environ.get(DJANGO_REQUEST)
            if request is not None and internals.body_parsed_by_django(request):
                self._form_from_django(request)
        super()._load_form_data()

    def _form_from_django(self, request: HttpRequest) -> None:
        """A Django middleware read ``request.POST``: take its parse, in Werkzeug's types."""
        storage = self.parameter_storage_class
        files = {name: [_file_storage(name, f) for f in uploads] for name, uploads in request.FILES.lists()}
        self.__dict__.update(stream=BytesIO(), form=storage(dict(request.POST.lists())), files=storage(files))


def _file_storage(name: str, upload: Any) -> FileStorage:
    """A Django upload as Werkzeug's parser gives the part: its Content-Disposition and full
    Content-Type (charset and other parameters) as headers, no Content-Length unless sent."""
    headers = Headers()
    headers["Content-Disposition"] = (
        f"form-data; name={quote_header_value(name, allow_token=False)}; "
        f"filename={quote_header_value(upload.name, allow_token=False)}"
    )
    if upload.content_type:
        extra = getattr(upload, "content_type_extra", None) or {}  # Django keeps the values UTF-8 encoded
        params = {k: v.decode() if isinstance(v, bytes) else v for k, v in extra.items()}
        headers["Content-Type"] = dump_options_header(upload.content_type, params)
    return FileStorage(stream=upload.file, filename=upload.name, name=name, headers=headers)


class ResponseMixin(_ResponseBase):
    """Leaves the response in the environ when it is served, for the Django bridge."""

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        environ[FLASK_RESPONSE] = self
        return super().__call__(environ, start_response)

    @classmethod
    def force_type(cls, response: Any, environ: dict[str, Any] | None = None) -> Any:
        """As Werkzeug's; an error page (``HTTPException``) is its whole response, not a stream
        run through WSGI, so Django gets an ``HttpResponse`` with ``content``."""
        if isinstance(response, HTTPException) and environ is not None:
            response = response.get_response(environ)
        return super().force_type(response, environ)

    @classmethod
    def from_django(cls, response: HttpResponseBase) -> Self:
        """:func:`response_from_django` as this class."""
        return response_from_django(cls, response)


R = TypeVar("R", bound=flask.Response)


def response_from_django(response_class: type[R], response: HttpResponseBase) -> R:
    """A Django response (returned by a view, or given to ``abort()``) as ``response_class``:
    status, headers, cookies and body; closing it closes the Django response."""
    headers = [*response.items(), *(("Set-Cookie", c.OutputString()) for c in response.cookies.values())]
    body: Any
    if isinstance(response, StreamingHttpResponse):
        body = response.streaming_content
    elif isinstance(response, HttpResponse):
        body = response.content
    else:
        raise TypeError(f"{type(response).__name__} is neither an HttpResponse nor a StreamingHttpResponse")
    rv = response_class(body, status=f"{response.status_code} {response.reason_phrase}", headers=headers)
    rv.call_on_close(response.close)
    return rv


class Request(RequestMixin, flask.Request):
    """Flask's request, over Django's ``HttpRequest`` when Django serves it."""


class Response(ResponseMixin, flask.Response):
    """Flask's response (a Werkzeug ``Response``); Django receives it as an ``HttpResponse``."""


_mixed: dict[tuple[type, type], type] = {}


def with_mixin(cls: type[T], mixin: type) -> type[T]:
    """``cls`` with ``mixin`` in front (once per class), for a mounted app's own classes."""
    if issubclass(cls, mixin):
        return cls
    mixed = _mixed.get((cls, mixin))
    if mixed is None:
        made = type(cls.__name__, (mixin, cls), {"__module__": cls.__module__, "__qualname__": cls.__qualname__})
        mixed = _mixed.setdefault((cls, mixin), made)
    return mixed
