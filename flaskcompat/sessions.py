"""Flask's ``session`` on Django's session framework, and ``flash`` on ``django.contrib.messages``.

:class:`DjangoSessionInterface` is a Flask ``SessionInterface``. When the project runs Django's
SessionMiddleware, the Flask session is a view of ``request.session``: Django owns storage,
signing, expiry and the cookie, so Flask-style and Django views share one session. Without it
(embedded mode: ``python hello.py``) it is Flask's own signed-cookie session, byte for byte.

Flashes: Flask's ``flash`` and ``get_flashed_messages`` keep them under the session key
``_flashes``. When MessageMiddleware runs, that key of :class:`DjangoSession` *is* the request's
message storage, so ``flask.flash`` queues a Django message and a Django ``messages.info()`` is
a flash. Categories map to levels (``message``/``info`` INFO, ``error`` ERROR, ``warning``,
``success``, ``debug``); any other category travels as ``extra_tags`` and comes back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from typing import Any

import flask
from django.conf import settings
from django.contrib.messages import constants, get_messages
from django.contrib.sessions.backends import signed_cookies
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeData, SafeString
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from markupsafe import Markup

from . import internals
from .handlers import middleware_of

FLASHES = "_flashes"
_EXPIRY_KEY = "_session_expiry"  # Django's bookkeeping for set_expiry(), not session data

#: Flask category -> Django message level (any other category is INFO).
LEVELS = {
    "message": constants.INFO,
    "info": constants.INFO,
    "error": constants.ERROR,
    "warning": constants.WARNING,
    "success": constants.SUCCESS,
    "debug": constants.DEBUG,
}
_LEVEL_NAMES = {
    constants.DEBUG: "debug",
    constants.INFO: "info",
    constants.SUCCESS: "success",
    constants.WARNING: "warning",
    constants.ERROR: "error",
}


class DjangoSession(SessionMixin):
    """Flask's session API over a Django session store.

    Flask's guarantee against session fixation holds on server-side engines (db, cache,
    cached_db, file...): Flask's session is its cookie, so a planted cookie only ever holds what
    it held when it was planted. Here the first write of a request (``session[k] = v``, ``pop``,
    ``modified = True``: ``login_user``/``logout_user`` too) moves the data to a new session id,
    saved by SessionMiddleware; the stored session the request arrived with is left unchanged
    (until it expires), so parallel requests still carrying its id keep working. ``clear()`` is
    Django's ``flush()``: the stored session is deleted and a write gets a new id. Setting
    ``FLASKCOMPAT_ROTATE_SESSION_ON_WRITE = False`` writes in place (projects that rotate
    keys themselves). The signed_cookies engine needs none of this: its cookie holds the data.
    """

    def __init__(self, store: SessionBase, app: flask.Flask, request: HttpRequest, standalone: bool) -> None:
        self.django_session = store
        self.django_request = request
        self.app = app
        #: True when no SessionMiddleware will save the store (a test request context).
        self.standalone = standalone
        #: The stored session id the request arrived with, once a write moved the data off it.
        self.rotated_from: str | None = None
        self._written = False

    def _before_write(self) -> None:
        """On the request's first write, a stored session moves to a new id (see the class)."""
        if self._written:
            return
        self._written = True
        store = self.django_session
        if rotates_on_write(store):
            store.keys()  # loaded (a key the backend doesn't know is dropped): the data stays
            key = store.session_key
            if key is not None:
                internals.detach_session(store)
                self.rotated_from = key

    # -- flashes: the message storage, when MessageMiddleware runs ---------------------------

    def _storage(self) -> Any:
        storage = get_messages(self.django_request)
        return None if isinstance(storage, list) else storage

    def _flashes(self, storage: Any) -> list[tuple[str, Any]]:
        return [
            (category_of(m), Markup(m.message) if isinstance(m.message, SafeData) else m.message)
            for m in internals.peek_messages(storage)
        ]

    def __getitem__(self, key: str) -> Any:
        if key == FLASHES and (storage := self._storage()) is not None:
            flashes = self._flashes(storage)
            if not flashes:
                raise KeyError(key)
            return flashes
        return self.django_session[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if key == FLASHES and (storage := self._storage()) is not None:
            pending = self._flashes(storage)
            if list(value[: len(pending)]) == pending:
                value = value[len(pending) :]
            else:
                list(storage)  # a different list: the pending messages are replaced
            for category, message in value:
                _add_message(storage, category, message)
            return
        self._before_write()
        self.django_session[key] = value

    def __delitem__(self, key: str) -> None:
        if key == FLASHES and (storage := self._storage()) is not None:
            if not len(storage):
                raise KeyError(key)
            list(storage)  # consumed
            return
        if key not in self.django_session:
            raise KeyError(key)
        self._before_write()
        del self.django_session[key]

    def __contains__(self, key: object) -> bool:
        if key == FLASHES and (storage := self._storage()) is not None:
            return len(storage) > 0
        return key in self.django_session

    def __iter__(self) -> Iterator[str]:
        return (key for key in list(self.django_session.keys()) if key != _EXPIRY_KEY)

    def __len__(self) -> int:
        keys = self.django_session.keys()
        return len(keys) - (_EXPIRY_KEY in keys)

    def clear(self) -> None:
        """Empty the session as Flask does, pending flashes included (they are in Flask's
        session); Django's ``flush()`` deletes the stored session and gives it a new key (also
        after a write moved the data to a new id: the session the request arrived with is deleted)."""
        if (storage := self._storage()) is not None:
            list(storage)  # consumed
        if self.rotated_from is not None:
            self.django_session.delete(self.rotated_from)
        self.django_session.flush()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {dict(self.items())!r}>"

    # -- Flask's session attributes --------------------------------------------------------

    @property
    def modified(self) -> bool:
        return self.django_session.modified

    @modified.setter
    def modified(self, value: bool) -> None:
        if value:
            self._before_write()
        self.django_session.modified = value

    @property
    def accessed(self) -> bool:
        return self.django_session.accessed

    @accessed.setter
    def accessed(self, value: bool) -> None:
        self.django_session.accessed = value

    @property
    def new(self) -> bool:  # type: ignore[override]  # a class attribute in Flask's SessionMixin
        """True when the request brought no stored session."""
        self.django_session.keys()  # loading drops a key the backend doesn't know
        return self.rotated_from is None and self.django_session.session_key is None

    @property
    def permanent(self) -> bool:
        return self.get("_permanent", False)

    @permanent.setter
    def permanent(self, value: bool) -> None:
        """Permanent: Django expiry of PERMANENT_SESSION_LIFETIME; else the browser session."""
        self["_permanent"] = bool(value)
        lifetime = self.app.permanent_session_lifetime
        self.django_session.set_expiry(int(lifetime.total_seconds()) if value else 0)


def rotates_on_write(store: SessionBase) -> bool:
    """Whether a Flask-style write moves ``store`` to a new id (a server-side engine, and
    ``FLASKCOMPAT_ROTATE_SESSION_ON_WRITE`` not turned off)."""
    return not isinstance(store, signed_cookies.SessionStore) and getattr(
        settings, "FLASKCOMPAT_ROTATE_SESSION_ON_WRITE", True
    )


def category_of(message: Any) -> str:
    """The Flask category of a Django ``Message``."""
    return message.extra_tags or _LEVEL_NAMES.get(message.level) or message.level_tag or "message"


def _add_message(storage: Any, category: str, message: Any) -> None:
    """Queue a flash as a Django message; no flash is dropped for being below MESSAGE_LEVEL."""
    level = LEVELS.get(category, constants.INFO)
    extra_tags = "" if _LEVEL_NAMES.get(level) == category else category
    if hasattr(message, "__html__") and not isinstance(message, SafeData):
        message = SafeString(message.__html__())  # Django's storages keep SafeData safe, not Markup
    threshold = storage.level
    storage.level = min(level, threshold)
    storage.add(level, message, extra_tags)
    storage.level = threshold


class DjangoSessionInterface(SecureCookieSessionInterface):
    """Django's session when the project runs SessionMiddleware, else Flask's cookie session."""

    def open_session(self, app: flask.Flask, request: Any) -> Any:
        if not uses_django_sessions():
            return super().open_session(app, request)
        django_request = request.django_request
        store = getattr(django_request, "session", None)
        if store is None:  # no middleware ran: test_request_context(), session_transaction()
            engine = import_module(settings.SESSION_ENGINE)
            store = django_request.session = engine.SessionStore(request.cookies.get(settings.SESSION_COOKIE_NAME))
            django_request.flaskcompat_standalone_session = True  # opened again in the same context
        standalone = getattr(django_request, "flaskcompat_standalone_session", False)
        return DjangoSession(store, app, django_request, standalone)

    def save_session(self, app: flask.Flask, session: Any, response: Any) -> None:
        """SessionMiddleware saves the store; a standalone one is saved here, with Django's
        cookie rules, onto Flask's response."""
        if not isinstance(session, DjangoSession):
            return super().save_session(app, session, response)
        if session.rotated_from is not None and not session.django_session.keys():
            # Emptied after the move (Django's logout() flushes the store, not the session the
            # request arrived with): delete that one too, as flush() would have.
            session.django_session.delete(session.rotated_from)
            session.rotated_from = None
        if session.standalone:
            django_response = HttpResponse()
            SessionMiddleware(lambda request: django_response).process_response(session.django_request, django_response)
            for morsel in django_response.cookies.values():
                response.headers.add("Set-Cookie", morsel.OutputString())
            if django_response.has_header("Vary"):
                response.vary.add("Cookie")
        return None


def uses_django_sessions() -> bool:
    """Whether the project's MIDDLEWARE has Django's SessionMiddleware (or a subclass)."""
    return middleware_of(SessionMiddleware) is not None
