"""The floor: the main scenarios as one hand-written WSGI callable (no framework at all).

It answers the same bytes as the framework targets for hello, params, template, json,
form and a 404; the scenarios that need a framework's machinery (sessions, URL building,
rule sets, blueprints) have no floor and show as "-".
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl

from jinja2 import Environment, FileSystemLoader

from .app import JSON_DOC, ROWS, form_echo
from .scenarios import FLASK_404

_PARAMS = re.compile(r"/user/(?P<name>[^/]+)/post/(?P<post_id>\d+)\Z")
_HTML = "text/html; charset=utf-8"
_env = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")), autoescape=True)

SUPPORTED = {"hello", "params", "template", "json", "form"}


def _answer(start_response, body, status="200 OK", content_type=_HTML):
    data = body.encode()
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    method = environ["REQUEST_METHOD"]
    if path == "/":
        return _answer(start_response, "Hello, World!")
    if path == "/json":
        return _answer(
            start_response,
            json.dumps(JSON_DOC, sort_keys=True, separators=(",", ":")) + "\n",
            content_type="application/json",
        )
    if path == "/template":
        body = _env.get_template("rows.html").render(title="Rows & <columns>", rows=ROWS)
        return _answer(start_response, body)
    if path == "/form" and method == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        data = environ["wsgi.input"].read(length).decode()
        return _answer(start_response, form_echo(parse_qsl(data, keep_blank_values=True)))
    m = _PARAMS.match(path)
    if m is not None:
        return _answer(start_response, f"user {m['name']} post {int(m['post_id']) + 1}")
    return _answer(start_response, FLASK_404, status="404 NOT FOUND")
