"""The hosted target behind the middleware of ``django-admin startproject`` (issue 14's comparison)."""

from .settings_hosted import *  # noqa: F403
from .settings_hosted import INSTALLED_APPS

INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", *INSTALLED_APPS]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
