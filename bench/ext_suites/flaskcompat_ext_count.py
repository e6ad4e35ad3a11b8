"""pytest plugin for run.sh: counts the requests Django's handler served during the run.

Loaded with ``-p flaskcompat_ext_count``; writes the count to the file named by
``FLASKCOMPAT_EXT_COUNT``. Under ``--flaskcompat`` every test-client request of every app goes
through Django, so the number says how much of a suite actually crossed the bridge (a suite that
only drives a CLI in subprocesses, like Flask-Migrate's, shows 0).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.signals import request_started

_count = [0]


def _on_request_started(sender: Any, **kwargs: Any) -> None:
    _count[0] += 1


def pytest_configure(config: pytest.Config) -> None:
    request_started.connect(_on_request_started, dispatch_uid="flaskcompat_ext_count")


def pytest_unconfigure(config: pytest.Config) -> None:
    path = os.environ.get("FLASKCOMPAT_EXT_COUNT")
    if path:
        with open(path, "w") as f:
            f.write(str(_count[0]))
