"""WSGI entry point of the soak project: ``gunicorn bench.soak_site.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.soak_site.settings")

application = get_wsgi_application()
