"""A staticfiles finder: ``collectstatic`` gathers the static folders of mounted Flask-style apps.

Add ``"flaskcompat.finders.FlaskStaticFinder"`` to STATICFILES_FINDERS. Files of the app
mounted in namespace ``shop`` (and of its blueprints) are collected under ``shop/`` in
STATIC_ROOT; in production, serve the app's static URL (``/shop/static/``) from there.
Development serving needs nothing: the app's ``static`` route serves its own folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any, Literal, overload

from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage
from django.core.files.storage import FileSystemStorage

from .urls import iter_mounted_apps


class PrefixedStorage(FileSystemStorage):
    """A static folder whose files ``collectstatic`` puts under ``prefix`` (as FileSystemFinder's)."""

    def __init__(self, location: str, prefix: str) -> None:
        super().__init__(location=location)
        self.prefix = prefix


def _static_roots() -> Iterator[tuple[str, str]]:
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

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return []

    def _app_storages(self) -> Iterator[tuple[str, str, PrefixedStorage]]:
        for prefix, folder in _static_roots():
            yield prefix, folder, PrefixedStorage(folder, prefix)

    @overload
    def find(self, path: str, find_all: Literal[False] = False, **kwargs: Any) -> str | None: ...
    @overload
    def find(self, path: str, find_all: Literal[True], **kwargs: Any) -> list[str]: ...
    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str] | None:
        """As Django's finders: the first match, or (``find_all``, or no match) the list of them."""
        matches = []
        for prefix, folder, _storage in self._app_storages():
            if not path.startswith(prefix + "/"):
                continue
            candidate = os.path.join(folder, path[len(prefix) + 1 :])
            if os.path.realpath(candidate).startswith(os.path.realpath(folder) + os.sep) and os.path.exists(candidate):
                if not find_all:
                    return candidate
                matches.append(candidate)
        return matches

    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, PrefixedStorage]]:
        from django.contrib.staticfiles.utils import get_files

        for _prefix, _folder, storage in self._app_storages():
            for path in get_files(storage, ignore_patterns):
                yield path, storage
