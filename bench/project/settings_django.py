"""Plain Django: the bench scenarios as function views, Jinja2 templates from bench/templates."""

from .settings_common import *  # noqa: F403
from .settings_common import BENCH_DIR

ROOT_URLCONF = "bench.project.django_urls"
TEMPLATES = [
    {
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [str(BENCH_DIR / "templates")],
        "APP_DIRS": False,
        "OPTIONS": {},
    }
]
