"""The demo project works: its page tests run in its own settings, in a fresh interpreter."""

import pytest

from tests.subprocesses import run

pytestmark = pytest.mark.slow  # the demo project runs in fresh interpreters


def test_demo_site_pages():
    proc = run(
        [
            "python",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=demo_site.settings",
            "-o",
            "filterwarnings=error",
            "demo_site/tests",
        ]
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout


def test_demo_site_system_checks_are_clean():
    proc = run(["python", "manage.py", "check", "--fail-level", "WARNING"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
