"""Fresh interpreters for code that must see ``flask`` as the flaskcompat alias, or a Django
project other than the test suite's: the test process itself keeps the real Flask (the
differential oracle) and the settings of ``tests/settings.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clean_env(**extra):
    """The environment without the test run's Django settings or Flask variables, repo on the path."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH") and not k.startswith("FLASK_")
    }
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def run(args, cwd=ROOT, **env):
    """Run ``args`` (a list; ``python`` means this interpreter); returns the CompletedProcess."""
    args = [sys.executable if a == "python" else a for a in args]
    return subprocess.run(args, cwd=cwd, env=clean_env(**env), capture_output=True, text=True, timeout=300)


def run_python(code, **env):
    """Run a dedented snippet with ``python -c``; asserts it exited 0 and returns its stdout."""
    proc = run(["python", "-c", textwrap.dedent(code)], **env)
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc.stdout
