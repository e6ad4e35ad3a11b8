"""``flash`` and ``get_flashed_messages`` on ``django.contrib.messages``.

A flash is a Django message, so Flask-style and Django views share one queue through whatever
MESSAGE_STORAGE the project uses (Fallback, Session, Cookie). Categories map to levels:
``message``/``info`` INFO, ``error`` ERROR, ``warning`` WARNING, ``success`` SUCCESS, ``debug``
DEBUG. A category that is not its level's own name (``message`` included, any custom one at INFO)
travels as the message's ``extra_tags``, so it comes back unchanged and Django templates see it
in ``message.tags``. Read back, a message's category is its ``extra_tags``, else its level's name.
"""

from __future__ import annotations

from django.contrib.messages import constants
from django.contrib.messages.storage import default_storage
from django.utils.safestring import SafeData, SafeString
from markupsafe import Markup

from .ctx import after_this_request
from .globals import current_app, request_ctx
from .signals import message_flashed

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


def flash(message, category="message"):
    """Queue ``message`` for the next request that calls :func:`get_flashed_messages`.

    Unlike ``messages.add_message``, no flash is dropped for being below MESSAGE_LEVEL.
    """
    ctx = request_ctx._get_current_object()
    level = LEVELS.get(category, constants.INFO)
    extra_tags = "" if _LEVEL_NAMES.get(level) == category else category
    stored = message
    if hasattr(message, "__html__") and not isinstance(message, SafeData):
        stored = SafeString(message.__html__())  # Django's storages keep SafeData safe, not Markup
    storage = _storage(ctx)
    threshold = storage.level
    if level < threshold:
        storage.level = level
    storage.add(level, stored, extra_tags)
    if level < threshold:
        storage.level = threshold
    app = current_app._get_current_object()
    message_flashed.send(app, _async_wrapper=app.ensure_sync, message=message, category=category)


def get_flashed_messages(with_categories=False, category_filter=()):
    """The pending messages, as text or ``(category, message)`` pairs, optionally filtered.

    The first call in a request consumes every pending message (filtered out or not); later
    calls in the same request return the same messages.
    """
    ctx = request_ctx._get_current_object()
    flashes = ctx.flashes
    if flashes is None:
        flashes = ctx.flashes = [(category_of(m), _flask_message(m.message)) for m in _storage(ctx)]
    if category_filter:
        flashes = [f for f in flashes if f[0] in category_filter]
    if not with_categories:
        return [f[1] for f in flashes]
    return flashes


def category_of(message):
    """The Flask category of a Django ``Message``."""
    return message.extra_tags or _LEVEL_NAMES.get(message.level) or message.level_tag or "message"


def _flask_message(text):
    return Markup(text) if isinstance(text, SafeData) else text


def _storage(ctx):
    """The request's message storage.

    Flask's flashes live in the session, so using them accesses it, as there (the response then
    varies on Cookie). Without MessageMiddleware (a test request context, say) a storage is made
    here and saved after the response, as the middleware would.
    """
    ctx.session  # noqa: B018
    django_request = ctx.request.django_request
    storage = getattr(django_request, "_messages", None)
    if storage is None:
        storage = django_request._messages = default_storage(django_request)

        @after_this_request
        def save(response):
            storage.update(response)
            return response

    return storage

