"""A staticfiles finder: ``collectstatic`` gathers the static folders of mounted Flask-style apps.

Add ``"flaskcompat.finders.FlaskStaticFinder"`` to STATICFILES_FINDERS. Files of the app
mounted in namespace ``shop`` (and of its blueprints) are collected under ``shop/`` in
STATIC_ROOT; in production, serve the app's static URL (``/shop/static/``) from there.
Development serving needs nothing: the app's ``static`` route serves its own folder.
"""

from __future__ import annotations

import os

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


def _static_roots():
    from .urls import iter_mounted_apps

    seen = set()
    for app, _prefix, _namespace in iter_mounted_apps():
        scaffolds = [app, *getattr(app, "blueprints", {}).values()]
        for scaffold in scaffolds:
            folder = scaffold.static_folder
            if folder and os.path.isdir(folder) and folder not in seen:
                seen.add(folder)
                yield app.name, folder


class FlaskStaticFinder(BaseFinder):
    """Finds files in the static folders of the project's flaskcompat apps and blueprints."""

    def check(self, **kwargs):
        return []

    def _storages(self):
        for prefix, folder in _static_roots():
            storage = FileSystemStorage(location=folder)
            storage.prefix = prefix
            yield prefix, folder, storage

    def find(self, path, find_all=False, **kwargs):
        matches = []
        for prefix, folder, _storage in self._storages():
            if not path.startswith(prefix + "/"):
                continue
            candidate = os.path.join(folder, path[len(prefix) + 1:])
            if os.path.realpath(candidate).startswith(os.path.realpath(folder) + os.sep) and os.path.exists(candidate):
                if not find_all:
                    return candidate
                matches.append(candidate)
        return matches

    def list(self, ignore_patterns):
        from django.contrib.staticfiles.utils import get_files

        for _prefix, _folder, storage in self._storages():
            for path in get_files(storage, ignore_patterns):
                yield path, storage

