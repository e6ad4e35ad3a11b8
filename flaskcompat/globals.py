"""The context locals: ``current_app``, ``g``, ``request``, ``session`` (one ContextVar per context),
and the app whose handler is serving the current request."""

from __future__ import annotations

from contextvars import ContextVar

from .local import LocalProxy

_no_app_msg = """\
Working outside of application context.

This typically means that you attempted to use functionality that needed
the current application. To solve this, set up an application context
with app.app_context(). See the documentation for more information.\
"""
_cv_app = ContextVar("flaskcompat.app_ctx")
app_ctx = LocalProxy(_cv_app, unbound_message=_no_app_msg)
current_app = LocalProxy(_cv_app, "app", unbound_message=_no_app_msg)
g = LocalProxy(_cv_app, "g", unbound_message=_no_app_msg)

_no_req_msg = """\
Working outside of request context.

This typically means that you attempted to use functionality that needed
an active HTTP request. Consult the documentation on testing for
information about how to avoid this problem.\
"""
_cv_request = ContextVar("flaskcompat.request_ctx")
request_ctx = LocalProxy(_cv_request, unbound_message=_no_req_msg)
request = LocalProxy(_cv_request, "request", unbound_message=_no_req_msg)
session = LocalProxy(_cv_request, "session", unbound_message=_no_req_msg)

#: Set by the app's own handlers (``app.wsgi_app``, the test client) around Django's whole
#: middleware chain, where no app context exists yet: embedded mode reads the secret key and
#: session cookie config from it.
serving_app = ContextVar("flaskcompat.serving_app", default=None)
