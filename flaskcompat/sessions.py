"""``session``: a Flask-style mapping over Django's ``request.session``.

Django owns storage, signing, expiry and the cookie, whatever SESSION_ENGINE the project
uses (db, cache, signed_cookies...), so a value set in a Flask-style view is seen by a
Django view and the reverse, and a tampered or expired cookie is an empty session. This
module adds Flask's surface: ``permanent`` (``PERMANENT_SESSION_LIFETIME`` becomes the
Django session's expiry), ``modified``, ``accessed``, ``new``, and the
:class:`NullSession` whose writes raise Flask's missing-secret-key error.

Inside a Django project, Django's SessionMiddleware and SESSION_COOKIE_* settings rule.
In embedded mode (no project) :class:`SessionMiddleware` and :class:`SessionStore` apply
Flask's cookie rules with the serving app's SESSION_COOKIE_* config, read per request.

Values: Django's default ``JSONSerializer`` keeps only plain JSON. Through it a tuple comes
back as a list, ``Markup`` as a plain ``str``, a dict's int keys as strings, and bytes,
UUIDs, datetimes, dates, Decimals and sets can't be saved at all (TypeError when the
session is written). ``flaskcompat.serializers.FlaskSessionSerializer`` round-trips what
Flask's session does; set it as SESSION_SERIALIZER to keep Flask code's values intact.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import datetime, timezone
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends import signed_cookies
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.utils.module_loading import import_string

NO_SECRET_KEY = (
    "The session is unavailable because no secret "
    "key was set.  Set the secret_key on the "
    "application to something unique and secret."
)
_EXPIRY_KEY = "_session_expiry"  # Django's bookkeeping for set_expiry(), not session data


class SessionMixin(MutableMapping):
    """Flask's session attributes, for session classes of custom session interfaces."""

    new = False
    modified = True
    accessed = False

    @property
    def permanent(self):
        return self.get("_permanent", False)

    @permanent.setter
    def permanent(self, value):
        self["_permanent"] = bool(value)


class NullSession(dict, SessionMixin):
    """The session of an app without a secret key: readable (empty), every write fails."""

    modified = False

    def _fail(self, *args, **kwargs):
        raise RuntimeError(NO_SECRET_KEY)

    __setitem__ = __delitem__ = clear = pop = popitem = update = setdefault = _fail
    del _fail


class DjangoSession(SessionMixin):
    """Flask's session API over a Django ``SessionBase`` (``django_session``)."""

    def __init__(self, store, app):
        self.django_session = store
        self._app = app

    def __getitem__(self, key):
        return self.django_session[key]

    def __setitem__(self, key, value):
        self.django_session[key] = value

    def __delitem__(self, key):
        del self.django_session[key]

    def __iter__(self):
        return (key for key in list(self.django_session.keys()) if key != _EXPIRY_KEY)

    def __len__(self):
        keys = self.django_session.keys()
        return len(keys) - (_EXPIRY_KEY in keys)

    def __contains__(self, key):
        return key in self.django_session

    def get(self, key, default=None):
        return self.django_session.get(key, default)

    def setdefault(self, key, default=None):
        return self.django_session.setdefault(key, default)

    def pop(self, key, *default):
        return self.django_session.pop(key, *default)

    def update(self, *args, **kwargs):
        self.django_session.update(dict(*args, **kwargs))

    def clear(self):
        """Empty the session and drop its cookie, as Flask does: Django's ``flush()``, which also
        deletes the stored session of server-side backends."""
        self.django_session.flush()

    def __repr__(self):
        return f"<{type(self).__name__} {dict(self.items())!r}>"

    @property
    def modified(self):
        return self.django_session.modified

    @modified.setter
    def modified(self, value):
        self.django_session.modified = value

    @property
    def accessed(self):
        return self.django_session.accessed

    @accessed.setter
    def accessed(self, value):
        self.django_session.accessed = value

    @property
    def new(self):
        """True when the request brought no stored session (Flask's cookie session can't tell)."""
        self.django_session.keys()  # loading drops a key the backend doesn't know
        return self.django_session.session_key is None

    @SessionMixin.permanent.setter
    def permanent(self, value):
        """Permanent: Django expiry of PERMANENT_SESSION_LIFETIME; else the browser session."""
        value = bool(value)
        self["_permanent"] = value
        seconds = int(self._app.permanent_session_lifetime.total_seconds()) if value else 0
        self.django_session.set_expiry(seconds)


def session_middleware_class():
    """The project's session middleware: the first of MIDDLEWARE that is (or extends) Django's."""
    for path in settings.MIDDLEWARE:
        try:
            cls = import_string(path)
        except ImportError:
            continue
        if isinstance(cls, type) and issubclass(cls, DjangoSessionMiddleware):
            return cls
    return None


class DjangoSessionInterface:
    """``app.session_interface``: opens the Flask session over the request's Django session.

    The ``get_cookie_*``, ``get_expiration_time`` and ``should_set_cookie`` hooks are
    Flask's; embedded mode's :class:`SessionMiddleware` writes the cookie with them.
    """

    null_session_class = NullSession
    pickle_based = False

    def make_null_session(self, app):
        return self.null_session_class()

    def is_null_session(self, obj):
        return isinstance(obj, self.null_session_class)

    def get_cookie_name(self, app):
        return app.config["SESSION_COOKIE_NAME"]

    def get_cookie_domain(self, app):
        return app.config["SESSION_COOKIE_DOMAIN"]

    def get_cookie_path(self, app):
        return app.config["SESSION_COOKIE_PATH"] or app.config["APPLICATION_ROOT"]

    def get_cookie_httponly(self, app):
        return app.config["SESSION_COOKIE_HTTPONLY"]

    def get_cookie_secure(self, app):
        return app.config["SESSION_COOKIE_SECURE"]

    def get_cookie_samesite(self, app):
        return app.config["SESSION_COOKIE_SAMESITE"]

    def get_cookie_partitioned(self, app):
        return app.config["SESSION_COOKIE_PARTITIONED"]

    def get_expiration_time(self, app, session):
        if session.permanent:
            return datetime.now(timezone.utc) + app.permanent_session_lifetime
        return None

    def should_set_cookie(self, app, session):
        return session.modified or (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"])

    def open_session(self, app, request):
        """The request's Django session; None (the null session) in embedded mode without a key."""
        if embedded.is_embedded() and not app.secret_key:
            return None
        django_request = request.django_request
        store = getattr(django_request, "session", None)
        if store is None:  # no SessionMiddleware ran: test_request_context(), request_context()
            name = self.get_cookie_name(app) if embedded.is_embedded() else settings.SESSION_COOKIE_NAME
            store = import_module(settings.SESSION_ENGINE).SessionStore(django_request.COOKIES.get(name))
            django_request.session = store
        return DjangoSession(store, app)

    def save_session(self, app, session, response):
        """Nothing to do: the session middleware saves the store once every middleware is done."""


class SessionStore(signed_cookies.SessionStore):
    """Embedded mode's engine: signed cookies that live as long as Flask's do.

    The signature's max age is the serving app's PERMANENT_SESSION_LIFETIME, and a bad or
    expired cookie is an empty session without marking it modified, as in Flask.
    """

    def get_session_cookie_age(self):
        return int(embedded.active_app().permanent_session_lifetime.total_seconds())

    def create(self):
        pass


class SessionMiddleware(DjangoSessionMiddleware):
    """Embedded mode's session middleware: Flask's cookie rules with the serving app's config."""

    def process_request(self, request):
        app = embedded.active_app()
        request.session = self.SessionStore(request.COOKIES.get(app.session_interface.get_cookie_name(app)))

    def process_response(self, request, response):
        store = getattr(request, "session", None)
        if store is None:
            return response
        if store.session_key is None and not store.accessed and not store.modified:
            return response  # no cookie came and the session was not touched: nothing to send, as in Flask
        app = embedded.active_app()
        interface = app.session_interface
        session = DjangoSession(store, app)
        cookie = dict(
            domain=interface.get_cookie_domain(app),
            path=interface.get_cookie_path(app),
            secure=interface.get_cookie_secure(app),
            httponly=interface.get_cookie_httponly(app),
            samesite=interface.get_cookie_samesite(app),
        )
        if interface.get_cookie_partitioned(app):  # flaskcompat's Response only: Django's has no such flag
            cookie["partitioned"] = True
        name = interface.get_cookie_name(app)
        if session.accessed:
            patch_vary_headers(response, ("Cookie",))
        if not session:
            if session.modified:
                response.set_cookie(name, "", max_age=0, expires="Thu, 01 Jan 1970 00:00:00 GMT", **cookie)
                patch_vary_headers(response, ("Cookie",))
            return response
        if not interface.should_set_cookie(app, session):
            return response
        expires = interface.get_expiration_time(app, session)
        store.save()
        response.set_cookie(name, store.session_key, expires=expires and http_date(expires.timestamp()), **cookie)
        patch_vary_headers(response, ("Cookie",))
        return response


from . import embedded  # noqa: E402  (a cycle: embedded imports NO_SECRET_KEY from this module)
