"""Every use of a private Django attribute, in one place: a Django upgrade is this file to read.

Each helper says which attribute it touches and why no public API does the job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from http.cookies import Morsel
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponseBase, QueryDict, StreamingHttpResponse

if TYPE_CHECKING:
    from django.middleware.csrf import CsrfViewMiddleware


def body_parsed_by_django(request: HttpRequest) -> bool:
    """Whether Django's multipart parser consumed the body (``request.POST`` was read).

    Then the stream is spent and only Django's parse (``_post``/``_files``) holds the form.
    A urlencoded body is kept in ``_body`` and can be parsed again.
    """
    post = request.__dict__.get("_post")
    return (
        isinstance(post, QueryDict)
        and request._read_started  # type: ignore[attr-defined]  # private: django-stubs has no such attribute
        and "_body" not in request.__dict__
    )


def add_resource_closer(response: HttpResponseBase, closer: Callable[[], Any]) -> None:
    """Call ``closer`` when Django closes ``response`` (as FileResponse does with its file)."""
    response._resource_closers.append(closer)  # type: ignore[attr-defined]  # private: not in django-stubs


def set_header(response: HttpResponseBase, name: str, value: str) -> None:
    """Store a header Werkzeug already validated and encoded, without Django validating it again."""
    response.headers._store[name.lower()] = (name, value)


class RawCookie(Morsel):
    """A ``Set-Cookie`` header written by Werkzeug, carried verbatim by a Django response.

    Django keeps cookies in ``response.cookies``, a SimpleCookie of Morsels that its handlers
    and test client read. This Morsel outputs the header Werkzeug wrote (so quoting and
    attributes stay Werkzeug's) and exposes name, value and attributes to readers. Morsel has
    no public way to hold a name that SimpleCookie would reject, hence the private fields.
    """

    def __init__(self, header: str) -> None:
        super().__init__()
        self.header = header
        pair, *attributes = header.split(";")
        name, _, value = pair.partition("=")
        self._key, self._coded_value = name.strip(), value.strip()
        self._value = self._coded_value.strip('"')
        for attribute in attributes:
            key, has_value, val = attribute.strip().partition("=")
            key = key.lower()
            if self.isReservedKey(key):
                dict.__setitem__(self, key, val if has_value else True)

    def OutputString(self, attrs: Any = None) -> str:  # Morsel's method
        return self.header


def peek_messages(storage: Any) -> list:
    """The pending messages of a django.contrib.messages storage, left pending.

    Iterating a storage marks it used (consumed); ``used`` is public, restoring it is not.
    """
    used = storage.used
    messages = list(storage)
    storage.used = used
    return messages


def detach_session(store: Any) -> None:
    """Give a loaded session store no key: its next ``save()`` creates a new stored session
    (Django's ``create()``: a fresh key) with the same data, and the stored session it was loaded
    from stays as it is.

    ``cycle_key()`` would delete that one (a parallel request with the old key loses its
    session) and write at once; the key has no public setter, ``_session_key`` is the validating one.
    """
    store._session_key = None
    store.modified = True


def csrf_middleware_with_reason(
    middleware: type[CsrfViewMiddleware], reason_for: Callable[[str], str]
) -> type[CsrfViewMiddleware]:
    """A subclass of ``middleware`` (a CsrfViewMiddleware) that rejects with ``reason_for(reason)``:
    the reason Django's failure view shows (under DEBUG) and ``django.security.csrf`` logs.

    Both come from ``_reject(request, reason)``, the method Django's ``requires_csrf_token`` also
    overrides; no public API takes the reason.
    """

    class Middleware(middleware):  # type: ignore[valid-type, misc]  # mypy takes no base class given at run time
        def _reject(self, request: HttpRequest, reason: str) -> HttpResponseBase:
            return super()._reject(request, reason_for(reason))

    return Middleware


def post_read(request: HttpRequest) -> bool:
    """Whether ``request.POST`` was read (or set): Django keeps it in ``_post`` once it has it;
    ``hasattr(request, "POST")`` would read the body."""
    return "_post" in request.__dict__


def content_iterator(response: StreamingHttpResponse) -> Iterator[Any]:
    """The iterator a streamed response was given (``_iterator``): ``streaming_content`` maps
    it anew on each read, and a wrapper around it (Django's test ClientHandler's, which closes
    the response when it ends) is reached only here."""
    return response._iterator  # type: ignore[attr-defined]  # private: not in django-stubs
