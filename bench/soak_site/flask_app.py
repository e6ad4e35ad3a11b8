"""The control: the same soak app on real Flask 3.1 (``gunicorn bench.soak_site.flask_app:app``)."""

import flask

from .views import create_app

app = create_app(flask, secret_key="soak-secret-key-not-for-production")
