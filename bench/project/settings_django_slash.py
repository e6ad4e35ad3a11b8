"""Plain Django, plus CommonMiddleware with APPEND_SLASH (startproject's default)."""

from .settings_django import *  # noqa: F403
from .settings_django import MIDDLEWARE

MIDDLEWARE = [MIDDLEWARE[0], "django.middleware.common.CommonMiddleware", *MIDDLEWARE[1:]]
APPEND_SLASH = True
