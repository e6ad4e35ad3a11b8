"""The app under test: the soak app on flaskcompat (``gunicorn bench.soak_site.app:app``, embedded;
mounted by :mod:`bench.soak_site.urls`, hosted)."""

import flaskcompat
from flaskcompat.embedded import is_embedded

from .views import create_app

app = create_app(flaskcompat)
if is_embedded():  # in a project, Django's SECRET_KEY signs the session
    app.secret_key = "soak-secret-key-not-for-production"
