"""Flask-Login on Django's auth: one user, one login, for the Flask app and the Django project.

In the legacy app, once its ``LoginManager`` is set up::

    from flaskcompat.contrib.login import use_django_auth

    login_manager = LoginManager(app)
    use_django_auth(login_manager)

Then, for that manager only (Flask-Login itself is not patched):

- ``current_user`` is Django's ``request.user`` (the user of ``AuthenticationMiddleware``, the
  admin, every Django view), wrapped in :class:`DjangoUser` / :class:`DjangoAnonymousUser` for
  Flask-Login's API: ``is_authenticated``, ``is_active``, ``is_anonymous``, ``get_id()``; every
  other attribute is the Django user's. It compares equal to ``request.user`` and, as Flask-Login's
  ``UserMixin`` does, to any ``UserMixin`` user with the same ``get_id()``. The app's
  ``user_loader`` is not called: code that needs the app's own user object loads it by
  ``current_user.get_id()``.
- ``login_user(user)`` logs ``user`` into Django (``django.contrib.auth.login``: session key
  cycled, CSRF token rotated, ``user_logged_in`` sent). ``user`` is the app's own user object,
  whose ``get_id()`` is the Django user's primary key (``manage.py import_flask_users`` keeps
  the ids), or a Django user as Flask-Login takes it: ``login_user(DjangoUser(authenticate(...)))``.
  ``remember=True`` keeps the Django session for ``duration`` (default ``REMEMBER_COOKIE_DURATION``,
  365 days) instead of the browser session; no remember cookie is set. ``logout_user()`` is
  ``django.contrib.auth.logout`` (session flushed).
- ``@login_required`` redirects to the app's ``login_view`` (or the blueprint's), else to
  Django's ``LOGIN_URL``, with ``next`` as Flask-Login sets it.
- Session protection is Django's (the session auth hash), not Flask-Login's ``SESSION_PROTECTION``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import flask
from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest
from django.shortcuts import resolve_url
from flask_login import AnonymousUserMixin, LoginManager, UserMixin
from flask_login.config import COOKIE_DURATION, SESSION_KEYS
from flask_login.signals import user_accessed

from flaskcompat.wrappers import RequestMixin, with_mixin


class _Wrapper:
    """Attribute access falls through to the Django user."""

    django_user: Any

    def __init__(self, django_user: Any) -> None:
        object.__setattr__(self, "django_user", django_user)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.django_user, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.django_user, name, value)

    def __str__(self) -> str:
        return str(self.django_user)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.django_user!r}>"


class DjangoUser(_Wrapper, UserMixin):
    """A logged-in Django user with Flask-Login's user API."""

    @property
    def is_active(self) -> bool:
        return self.django_user.is_active

    @property
    def is_authenticated(self) -> bool:
        return self.django_user.is_authenticated

    @property
    def is_anonymous(self) -> bool:
        return self.django_user.is_anonymous

    def get_id(self) -> str:
        return str(self.django_user.pk)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Wrapper):
            other = other.django_user
        if isinstance(other, UserMixin):
            return self.get_id() == other.get_id()
        return self.django_user == other

    def __hash__(self) -> int:
        return hash(self.django_user)


class DjangoAnonymousUser(_Wrapper, AnonymousUserMixin):
    """Django's ``AnonymousUser`` with Flask-Login's anonymous user API."""

    def __eq__(self, other: object) -> bool:
        return getattr(other, "is_anonymous", False) is True  # as Django's: anonymous users are equal

    def __hash__(self) -> int:
        return hash(self.django_user)


def wrap(django_user: Any) -> DjangoUser | DjangoAnonymousUser:
    return DjangoUser(django_user) if django_user.is_authenticated else DjangoAnonymousUser(django_user)


class DjangoAuthLoginManager(LoginManager):
    """What :func:`use_django_auth` puts in front of a ``LoginManager``'s class."""

    @property
    def login_view(self) -> str | None:
        """The app's login view, else Django's ``LOGIN_URL``."""
        return self.__dict__.get("login_view") or resolve_url(settings.LOGIN_URL)

    @login_view.setter
    def login_view(self, value: str | None) -> None:
        self.__dict__["login_view"] = value

    def _load_user(self) -> None:
        """``current_user``: Django's user of this request."""
        # current_app is typed as the app; it is Werkzeug's LocalProxy (Flask's own code ignores this too)
        user_accessed.send(flask.current_app._get_current_object())  # type: ignore[attr-defined]
        flask.g._login_user = wrap(_django_user())

    def _update_request_context_with_user(self, user: Any = None) -> None:
        """Called by ``login_user(user)`` and by ``logout_user()`` (``user`` None)."""
        request, session = _django_request(), flask.session
        if user is None:
            session.clear()  # the stored session goes, whatever id the request's writes moved it to
            auth.logout(request)
            request.user = auth.get_user(request)  # anonymous
        else:
            django_user = _to_django(user)
            # Flask-Login's keys, just written; Flask-Login's remember cookie becomes Django's expiry.
            kept = {key: session.pop(key) for key in SESSION_KEYS if key in session}
            remember, seconds = kept.pop("_remember", None), kept.pop("_remember_seconds", None)
            if request.session.get(auth.SESSION_KEY) not in (None, str(django_user.pk)):
                session.clear()  # another user's session is not carried over (as Django's login())
            backend = None if hasattr(django_user, "backend") else settings.AUTHENTICATION_BACKENDS[0]
            auth.login(request, django_user, backend=backend)
            session.update(kept)
            if remember == "set":
                duration = flask.current_app.config.get("REMEMBER_COOKIE_DURATION", COOKIE_DURATION)
                if seconds is not None:
                    duration = timedelta(seconds=seconds)
                elif isinstance(duration, int):
                    duration = timedelta(seconds=duration)
                request.session.set_expiry(int(duration.total_seconds()))
            request.user = django_user
        flask.g._login_user = wrap(request.user)


def use_django_auth(login_manager: LoginManager) -> LoginManager:
    """Make ``login_manager`` (one instance; others and Flask-Login stay as they are) log users
    in and out of Django's auth, with Django's ``request.user`` as ``current_user``. Outside a
    Django project with ``django.contrib.auth`` (the app's own suite on plain Flask), nothing changes."""
    if not settings.configured or "django.contrib.auth" not in settings.INSTALLED_APPS:
        return login_manager
    login_manager.__class__ = with_mixin(type(login_manager), DjangoAuthLoginManager)
    return login_manager


def _django_request() -> HttpRequest:
    request = flask.request
    if not isinstance(request, RequestMixin):
        raise RuntimeError(
            "flaskcompat.contrib.login needs the app served by Django: mount it "
            "(include(app.urls)) or bridge it (flaskcompat.bridge(app))."
        )
    return request.django_request


def _django_user() -> Any:
    """``request.user`` (AuthenticationMiddleware's), else the user of the request's session."""
    django_request = _django_request()
    user = getattr(django_request, "user", None)
    if user is None:
        user = django_request.user = auth.get_user(django_request)
    return user


def _to_django(user: Any) -> Any:
    """The Django user ``login_user()`` was given: wrapped, or the app's user by ``get_id()``."""
    if isinstance(user, _Wrapper):
        return user.django_user
    model = auth.get_user_model()
    user_id = user.get_id()
    try:
        return model._default_manager.get(pk=user_id)
    except (model.DoesNotExist, ValueError, TypeError):
        raise LookupError(
            f"login_user(): no Django user with id {user_id!r} for {user!r}. The app's users must "
            "be Django users with the same ids: manage.py import_flask_users imports them."
        ) from None
