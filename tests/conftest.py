"""Shared fixtures. The differential harness lives in tests/differential.py."""

import socket
import subprocess

import pytest

from tests.differential import close_responses

#: Tests that start a subprocess, marked ``slow`` here until their modules mark them.
SLOW = {
    "tests/test_context_isolation.py::test_embedded_threads",
    "tests/test_request_bodies.py::test_flasks_limits_and_options_star_in_embedded_mode",
    "tests/test_sessions_security.py::test_errors_are_logged_in_embedded_mode",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.nodeid.partition("[")[0] in SLOW:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def close_differential_responses():
    """The test-client responses the harness returned are closed when the test ends."""
    yield
    close_responses()


@pytest.fixture(autouse=True)
def slow_is_marked(request, monkeypatch):
    """A test that starts a subprocess (a server, a browser, a fresh interpreter) or listens on a
    socket is marked ``slow``, so that ``pytest -m "not slow"`` is the fast loop."""
    if request.node.get_closest_marker("slow"):
        yield
        return
    started = []
    popen_init, listen = subprocess.Popen.__init__, socket.socket.listen

    def spy_popen(self, args, *rest, **kwargs):
        started.append(f"subprocess {args!r}"[:200])
        popen_init(self, args, *rest, **kwargs)

    def spy_listen(self, *args):
        started.append(f"a server on {self.getsockname()}")
        return listen(self, *args)

    monkeypatch.setattr(subprocess.Popen, "__init__", spy_popen)
    monkeypatch.setattr(socket.socket, "listen", spy_listen)
    yield
    assert not started, "this test starts " + ", ".join(started) + ": mark it @pytest.mark.slow"
