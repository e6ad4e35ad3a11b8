"""flaskcompat: the Flask API, running natively on Django.

Flask and Werkzeug are the implementation: every name here is Flask's own object, except
:class:`Flask`, :class:`Blueprint`, :class:`Request` and :class:`Response`, which are Flask's
classes with the Django bridge added, and what only flaskcompat has: :func:`mount` (any Flask
app or blueprint as Django URL patterns) and :func:`csrf_exempt`.
"""

from flask import (
    Config,
    abort,
    after_this_request,
    appcontext_popped,
    appcontext_pushed,
    appcontext_tearing_down,
    before_render_template,
    copy_current_request_context,
    current_app,
    flash,
    g,
    get_flashed_messages,
    get_template_attribute,
    got_request_exception,
    has_app_context,
    has_request_context,
    json,
    jsonify,
    make_response,
    message_flashed,
    redirect,
    render_template,
    render_template_string,
    request,
    request_finished,
    request_started,
    request_tearing_down,
    send_file,
    send_from_directory,
    session,
    stream_template,
    stream_template_string,
    stream_with_context,
    template_rendered,
    url_for,
)

# Flask's modules too (flaskcompat.views is flask.views); the ``as`` form marks them re-exported,
# outside ``__all__`` so that ``import *`` does not shadow the builtin ``globals``. Not
# ``sessions``: flaskcompat.sessions is flaskcompat's own module (Django's session for Flask).
from flask import ctx as ctx
from flask import globals as globals
from flask import helpers as helpers
from flask import logging as logging
from flask import signals as signals
from flask import typing as typing
from flask import views as views
from markupsafe import Markup, escape

from .app import Flask, bridge
from .blueprints import Blueprint
from .csrf import csrf_exempt
from .urls import mount
from .wrappers import Request, Response

__version__ = "0.2.0"

__all__ = [
    "Blueprint",
    "Config",
    "Flask",
    "Markup",
    "Request",
    "Response",
    "abort",
    "after_this_request",
    "appcontext_popped",
    "appcontext_pushed",
    "appcontext_tearing_down",
    "before_render_template",
    "bridge",
    "copy_current_request_context",
    "csrf_exempt",
    "current_app",
    "escape",
    "flash",
    "g",
    "get_flashed_messages",
    "get_template_attribute",
    "got_request_exception",
    "has_app_context",
    "has_request_context",
    "json",
    "jsonify",
    "make_response",
    "message_flashed",
    "mount",
    "redirect",
    "render_template",
    "render_template_string",
    "request",
    "request_finished",
    "request_started",
    "request_tearing_down",
    "send_file",
    "send_from_directory",
    "session",
    "stream_template",
    "stream_template_string",
    "stream_with_context",
    "template_rendered",
    "url_for",
]
