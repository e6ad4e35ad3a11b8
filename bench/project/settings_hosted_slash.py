"""flaskcompat hosted, plus CommonMiddleware with APPEND_SLASH (startproject's default)."""

from .settings_hosted import *  # noqa: F403
from .settings_hosted import MIDDLEWARE

MIDDLEWARE = [MIDDLEWARE[0], "django.middleware.common.CommonMiddleware", *MIDDLEWARE[1:]]
APPEND_SLASH = True
