"""The hosted target behind the middleware of ``django-admin startproject`` (issue 14's comparison)."""

from .settings_hosted import *  # noqa: F403
from .settings_hosted import INSTALLED_APPS, STARTPROJECT_APPS, STARTPROJECT_MIDDLEWARE

INSTALLED_APPS = [*STARTPROJECT_APPS, *INSTALLED_APPS]
MIDDLEWARE = STARTPROJECT_MIDDLEWARE
