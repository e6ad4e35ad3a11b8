"""``python hello.py`` serves on 127.0.0.1:5000 (embedded mode), and the app is a WSGI callable."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test starts a server

APPS = Path(__file__).parent / "apps"
ROOT = Path(__file__).parent.parent


def _env():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _wait_for_line(proc, needle, timeout=20):
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        if needle in line:
            return seen
    raise AssertionError(f"{needle!r} not printed; output: {''.join(seen)}")


def _get(url, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.status, r.read(), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read(), dict(e.headers)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def test_python_hello_py_serves_on_port_5000():
    proc = subprocess.Popen(
        [sys.executable, "hello.py"], cwd=APPS, env=_env(), text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        _wait_for_line(proc, " * Running on http://127.0.0.1:5000/")
        status, body, headers = _get("http://127.0.0.1:5000/")
        assert status == 200 and body == b"Hello World!"
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        status, _, _ = _get("http://127.0.0.1:5000/missing")
        assert status == 404
        # Like Flask's server, every request is logged on stderr.
        _wait_for_line(proc, '"GET /missing HTTP/1.1" 404')
    finally:
        _stop(proc)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_app_run_host_port_debug():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "hello_debug.py", str(port)],
        cwd=APPS,
        env=_env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_line(proc, f" * Running on http://127.0.0.1:{port}/")
        status, body, _ = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and body == b"Hello World!"
    finally:
        _stop(proc)


def test_app_run_debug_reloads_the_changed_code(tmp_path):
    for name in ("hello.py", "hello_debug.py"):
        (tmp_path / name).write_text((APPS / name).read_text())
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "hello_debug.py", str(port)],
        cwd=tmp_path,
        env=_env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_line(proc, " * Debug mode: on")
        _wait_for_line(proc, f" * Running on {url}")
        assert _get(url)[1] == b"Hello World!"
        hello, staged = tmp_path / "hello.py", tmp_path / "hello.py.new"
        new_code = hello.read_text().replace("Hello World!", "Hello again!")
        # The reloader compares modification times with its previous look at the file, and may
        # take its first look after the server answered: write the new code until it is served.
        body, deadline, step = b"", time.monotonic() + 60, 0
        while body != b"Hello again!" and time.monotonic() < deadline:
            step += 1
            staged.write_text(new_code)
            later = time.time() + step
            os.utime(staged, (later, later))
            os.replace(staged, hello)  # whole, never half written
            time.sleep(1)
            body = _get(url, timeout=20)[1]
        assert body == b"Hello again!"
    finally:
        _stop(proc)
    with socket.socket() as s:  # the reloader's server process is gone with it
        assert s.connect_ex(("127.0.0.1", port)) != 0


def test_gunicorn_serves_the_app_object():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{port}", "-w", "1", "hello:app"],
        cwd=APPS,
        env=_env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        status, body, _ = _get(f"http://127.0.0.1:{port}/", timeout=20)
        assert status == 200 and body == b"Hello World!"
    finally:
        _stop(proc)
