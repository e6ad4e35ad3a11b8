"""``session``: a Flask-style mapping over Django's ``request.session``.

Django owns storage, signing, expiry and the cookie (whatever SESSION_ENGINE the project
uses), so a value set here is seen by Django views and the reverse. This module only
adds Flask's surface: ``permanent``, ``modified``, ``new``, ``accessed``.
"""

from __future__ import annotations

from collections.abc import MutableMapping


class SessionMixin(MutableMapping):
    """Flask's session attributes."""

    new = False
    modified = True
    accessed = True


class DjangoSession(SessionMixin):
    """Flask's session API over a Django ``SessionBase``."""

    def __init__(self, store, app=None):
        self._store = store
        self._app = app
        self.accessed = False

    @property
    def django_session(self):
        return self._store

    def __getitem__(self, key):
        self.accessed = True
        return self._store[key]

    def __setitem__(self, key, value):
        self._store[key] = value

    def __delitem__(self, key):
        del self._store[key]

    def __iter__(self):
        return iter(list(self._store.keys()))

    def __len__(self):
        return len(self._store.keys())

    def __contains__(self, key):
        return key in self._store

    def get(self, key, default=None):
        return self._store.get(key, default)

    def clear(self):
        self._store.clear()

    def __repr__(self):
        return f"<{type(self).__name__} {dict(self._store.items())!r}>"

    @property
    def modified(self):
        return self._store.modified

    @modified.setter
    def modified(self, value):
        self._store.modified = value

    @property
    def new(self):
        return self._store.session_key is None

    @property
    def permanent(self):
        return self._store.get("_permanent", False)

    @permanent.setter
    def permanent(self, value):
        value = bool(value)
        self._store["_permanent"] = value
        if value and self._app is not None:
            lifetime = self._app.permanent_session_lifetime
            self._store.set_expiry(int(lifetime.total_seconds()))
        else:
            self._store.set_expiry(0)


class DjangoSessionInterface:
    """Opens the Flask session for a request from Django's session."""

    def open_session(self, app, request):
        django_request = request.django_request
        store = getattr(django_request, "session", None)
        if store is None:
            from django.conf import settings
            from importlib import import_module

            engine = import_module(settings.SESSION_ENGINE)
            store = engine.SessionStore(django_request.COOKIES.get(settings.SESSION_COOKIE_NAME))
            django_request.session = store
        return DjangoSession(store, app)

    def is_null_session(self, obj):
        return False
