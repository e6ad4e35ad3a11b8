"""The django target behind the middleware of ``django-admin startproject`` (issue 14's comparison)."""

from .settings_django import *  # noqa: F403
from .settings_django import INSTALLED_APPS, STARTPROJECT_APPS, STARTPROJECT_MIDDLEWARE

INSTALLED_APPS = [*STARTPROJECT_APPS, *INSTALLED_APPS]
MIDDLEWARE = STARTPROJECT_MIDDLEWARE
