"""flaskcompat hosted: the bench app mounted with ``include(app.urls)``."""

from .settings_common import *  # noqa: F403
from .settings_common import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "flaskcompat"]
ROOT_URLCONF = "bench.project.hosted_urls"
SESSION_SERIALIZER = "flaskcompat.serializers.FlaskSessionSerializer"
TEMPLATES = [{"BACKEND": "flaskcompat.templating.Jinja2", "DIRS": [], "APP_DIRS": False, "OPTIONS": {}}]
