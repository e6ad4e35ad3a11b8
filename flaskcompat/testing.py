"""``app.test_client()``: Flask's test client, with requests served through Django's stack."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import flask.testing
from werkzeug.datastructures import Headers
from werkzeug.test import TestResponse

from .handlers import DJANGO_RESPONSE, TEST_REQUEST


class FlaskClient(flask.testing.FlaskClient):
    """Flask's test client; its requests run through Django's test handler and middleware
    (CSRF not enforced, as with Django's test Client), and an exception the app propagates
    (``TESTING``) is raised from the call, as in Flask. ``response.django_response`` is the
    ``HttpResponse`` Django's handler returned (None when no Django handler ran: embedded mode)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Flask's client infers environ_base as dict[str, str]; a WSGI environ holds any value
        self.environ_base[TEST_REQUEST] = True  # type: ignore[assignment]

    def run_wsgi_app(self, environ: dict[str, Any], buffered: bool = False) -> tuple[Iterable[bytes], str, Headers]:
        environ[DJANGO_RESPONSE] = []  # a list: Werkzeug serves a copy of the environ
        return super().run_wsgi_app(environ, buffered)

    def open(self, *args: Any, buffered: bool = False, follow_redirects: bool = False, **kwargs: Any) -> TestResponse:
        response = super().open(*args, buffered=buffered, follow_redirects=follow_redirects, **kwargs)
        kept = response.request.environ.get(DJANGO_RESPONSE)
        # an attribute of the instance: Werkzeug makes the response class per client (TestResponse + the app's)
        response.django_response = kept[0] if kept else None  # type: ignore[attr-defined]
        return response
