"""Flask's helper functions: ``url_for``, ``redirect``, ``abort``, ``make_response``, streaming, files.

``flash`` / ``get_flashed_messages`` live in :mod:`flaskcompat.messages` (they ride on
``django.contrib.messages``) and ``send_file`` in :mod:`flaskcompat.sendfile`; both are
re-exported here because Flask users import them from ``flask.helpers``.
"""

from __future__ import annotations

from functools import update_wrapper

from markupsafe import escape

from .globals import _cv_app, _cv_request, current_app, request_ctx
from .sendfile import send_file, send_from_directory


def url_for(endpoint, *, _anchor=None, _method=None, _scheme=None, _external=None, **values):
    """Build the URL of ``endpoint``: unknown values become the query string.

    Relative inside a request (with the mount prefix and ``SCRIPT_NAME``), external when
    ``_external=True`` or outside a request; ``.view`` is relative to the current blueprint.
    """
    return current_app.url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                               _external=_external, **values)


def _redirect(location, code=302, response_class=None):
    if response_class is None:
        from .wrappers import Response as response_class
    html_location = escape(location)
    response = response_class(
        "<!doctype html>\n"
        "<html lang=en>\n"
        "<title>Redirecting...</title>\n"
        "<h1>Redirecting...</h1>\n"
        "<p>You should be redirected automatically to the target URL: "
        f'<a href="{html_location}">{html_location}</a>. If not, click the link.\n',
        code,
        mimetype="text/html",
    )
    response.headers["Location"] = location
    return response


def redirect(location, code=302, Response=None):
    """A redirect response to ``location`` (302 by default), through ``current_app`` if any."""
    if _cv_app.get(None) is not None and Response is None:
        return current_app.redirect(location, code=code)
    return _redirect(location, code, Response)


def abort(code, *args, **kwargs):
    """Raise the HTTP error for ``code`` (or end with the given response object)."""
    from .exceptions import abort as _abort

    if _cv_app.get(None) is not None:
        current_app.aborter(code, *args, **kwargs)
    _abort(code, *args, **kwargs)


def make_response(*args):
    """Turn view-style return values into a response object to modify before returning."""
    if not args:
        return current_app.response_class()
    if len(args) == 1:
        args = args[0]
    return current_app.make_response(args)


def stream_with_context(generator_or_function):
    """Keep the request context alive while a streamed response is being generated."""
    try:
        gen = iter(generator_or_function)
    except TypeError:

        def decorator(*args, **kwargs):
            return stream_with_context(generator_or_function(*args, **kwargs))

        return update_wrapper(decorator, generator_or_function)

    def generator():
        req_ctx = _cv_request.get(None)
        if req_ctx is None:
            raise RuntimeError(
                "'stream_with_context' can only be used when a request"
                " context is active, such as in a view function."
            )
        app_ctx = _cv_app.get()
        # Stop here until the body is sent; the contexts are pushed where it is iterated.
        yield None
        # The app context first, or the request context would push a new one (another ``g``).
        with app_ctx, req_ctx:
            try:
                yield from gen
            finally:
                if hasattr(gen, "close"):
                    gen.close()

    wrapped = generator()
    next(wrapped)
    return wrapped


def get_template_attribute(template_name, attribute):
    """A macro or variable exported by a template: ``get_template_attribute("_macros.html", "hello")``."""
    return getattr(current_app.jinja_env.get_template(template_name).module, attribute)


def get_debug_flag():
    import os

    val = os.environ.get("FLASK_DEBUG")
    return bool(val and val.lower() not in {"0", "false", "no"})


def get_load_dotenv(default=True):
    import os

    val = os.environ.get("FLASK_SKIP_DOTENV")
    if not val:
        return default
    return val.lower() in ("0", "false", "no")


def flash(message, category="message"):
    from .messages import flash as _flash

    return _flash(message, category)


def get_flashed_messages(with_categories=False, category_filter=()):
    from .messages import get_flashed_messages as _get

    return _get(with_categories=with_categories, category_filter=category_filter)


__all__ = [
    "url_for", "redirect", "abort", "make_response", "stream_with_context", "get_template_attribute",
    "send_file", "send_from_directory", "flash", "get_flashed_messages", "request_ctx",
]
