"""The demo site in a real browser: Django's ``runserver`` on a free port, headless Chromium.

The server runs the demo project (``demo_site.settings``) on a fresh SQLite database with the
migrations applied, and the legacy taskboard on a fresh database of its own. The browser is
Debian's ``chromium`` driven through ``chromium-driver`` by Selenium (no browser download).
On a failure the test's report names a screenshot of the page and shows the server's log.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.subprocesses import ROOT, clean_env

CHROMIUM = os.environ.get("FLASKCOMPAT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("FLASKCOMPAT_CHROMEDRIVER", "/usr/bin/chromedriver")
INSTALL_HINT = (
    "The browser tests drive Debian's Chromium: `apt-get install -y chromium chromium-driver` "
    "and `pip install -e '.[test]'` (Selenium). .ci/run installs both."
)
SCREENSHOTS = Path(tempfile.gettempdir()) / "flaskcompat-browser"
WAIT = 10  # seconds for a page or an element to show up

SETTINGS = """\
from demo_site.settings import *  # noqa: F401,F403 -- the demo project, on its own database

DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": {db!r}}}}}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A development server on a free port, its output kept in a log file."""

    def __init__(self, log_path: Path, env: dict[str, str]) -> None:
        self.log_path, self.env = log_path, env
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def serve(self, name: str, args: list[str], cwd: Path) -> None:
        """Start the server (``python ARGS``) and wait until it answers ``/`` with a 200."""
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, *args],
            cwd=cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"{name} exited with {self.process.returncode}:\n{self.log()}", pytrace=False)
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not answer on {self.url} within 30 s:\n{self.log()}", pytrace=False)
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def assert_no_error_since(self, start: int = 0) -> None:
        log = self.log()[start:]
        assert "Traceback" not in log and not re.search(r'" 5\d\d ', log), f"the server failed:\n{log}"


class DemoServer(Server):
    """``manage.py runserver`` of the demo project."""

    def __init__(self, workdir: Path) -> None:
        (workdir / "browser_demo_settings.py").write_text(SETTINGS.format(db=str(workdir / "db.sqlite3")))
        self.database = workdir / "db.sqlite3"
        self.legacy_database = workdir / "taskboard.sqlite"
        env = clean_env(
            DJANGO_SETTINGS_MODULE="browser_demo_settings",
            PYTHONPATH=os.pathsep.join([str(ROOT), str(workdir)]),
            FLASK_DATABASE=str(self.legacy_database),  # the legacy app reads FLASK_* (from_prefixed_env)
            PYTHONUNBUFFERED="1",
        )
        super().__init__(workdir / "runserver.log", env)

    def manage(self, *args: str, **env: str) -> str:
        proc = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, f"manage.py {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
        return proc.stdout + proc.stderr

    def start(self) -> None:
        self.manage("migrate", "--noinput")
        self.manage(
            "createsuperuser",
            "--noinput",
            "--username",
            "admin",
            "--email",
            "admin@example.com",
            DJANGO_SUPERUSER_PASSWORD="admin-password",
        )
        self.serve("runserver", ["manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"], cwd=ROOT)


class FlaskServer(Server):
    """The legacy taskboard on plain Flask (``flask --app taskboard run``), as it ran before the
    demo project mounted it, on the demo project's taskboard database."""

    def __init__(self, demo: DemoServer) -> None:
        env = clean_env(FLASK_DATABASE=str(demo.legacy_database), PYTHONUNBUFFERED="1")
        super().__init__(demo.log_path.with_name("flask-run.log"), env)

    def start(self) -> None:
        args = ["-m", "flask", "--app", "taskboard", "run", "--port", str(self.port)]
        self.serve("flask run", args, cwd=ROOT / "demo_site" / "legacy")


class Browser:
    """A Selenium Chromium session on a server (the demo's), with the few verbs the tests need."""

    def __init__(self, driver, server: Server) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver, self.server = driver, server
        self._by, self._ec, self._wait = By, expected_conditions, WebDriverWait

    # -- navigation -------------------------------------------------------------------------
    def go(self, path: str) -> None:
        self.driver.get_log("browser")  # console_errors() is about the pages from here on
        self.driver.get(self.server.url + path)

    @property
    def path(self) -> str:
        """The current URL without the server's origin (path and query)."""
        return self.driver.current_url.removeprefix(self.server.url)

    def wait_for_path(self, expected: str) -> None:
        """Wait until the browser shows ``expected`` (a path, or a compiled regex)."""

        def matches(_driver):
            return expected.fullmatch(self.path) if isinstance(expected, re.Pattern) else self.path == expected

        self._wait(self.driver, WAIT).until(matches, f"the browser did not reach {expected} (at {self.path})")

    # -- the page ---------------------------------------------------------------------------
    def find(self, selector: str):
        return self._wait(self.driver, WAIT).until(
            self._ec.presence_of_element_located((self._by.CSS_SELECTOR, selector)), f"no {selector!r} on {self.path}"
        )

    def find_all(self, selector: str) -> list:
        return self.driver.find_elements(self._by.CSS_SELECTOR, selector)

    def text(self, selector: str = "body") -> str:
        return self.find(selector).text

    def texts(self, selector: str) -> list[str]:
        return [element.text for element in self.find_all(selector)]

    def link(self, text: str):
        return self._wait(self.driver, WAIT).until(
            self._ec.element_to_be_clickable((self._by.LINK_TEXT, text)), f"no link {text!r} on {self.path}"
        )

    def _navigate_by(self, element, confirm: str | None = None) -> None:
        """Click ``element`` and wait for the next page (after accepting the ``confirm()``
        dialog with that text), even when it has the same URL."""
        page = self.find("html")
        element.click()
        if confirm is not None:
            alert = self._wait(self.driver, WAIT).until(self._ec.alert_is_present(), "no confirm() dialog")
            assert alert.text == confirm
            alert.accept()
        self._wait(self.driver, WAIT).until(self._ec.staleness_of(page), f"no new page after the click on {self.path}")

    def click_link(self, text: str) -> None:
        self._navigate_by(self.link(text))

    def click(self, selector: str) -> None:
        """Click the element (a ``<button>``, say) and wait for the next page."""
        self._navigate_by(self.find(selector))

    def fill(self, fields: dict[str, str]) -> None:
        for name, value in fields.items():
            element = self.find(f"[name={name}]")
            element.clear()
            element.send_keys(value)

    def submit(self, value: str | None = None, form: str = "main form", confirm: str | None = None) -> None:
        """Submit with a button (the one with ``value``, else the form's only one); wait for the answer."""
        selector = f"{form} input[type=submit]" + (f'[value="{value}"]' if value else "")
        self._navigate_by(self.find(selector), confirm)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def style(self, selector: str, prop: str) -> str:
        return self.js("return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]]", selector, prop)

    def stylesheets(self) -> list[tuple[str, int]]:
        """(href, number of CSS rules) of every stylesheet the page loaded (0 rules: not loaded)."""
        return [
            tuple(s)
            for s in self.js(
                "return Array.from(document.styleSheets).map(s => {"
                "  try { return [s.href, s.cssRules.length]; } catch (e) { return [s.href, 0]; } })"
            )
        ]

    def console_errors(self) -> list[str]:
        """The browser's errors since the last call, but for the status of the page itself (a
        404 page is one) and the favicon that browsers ask for on their own."""
        ignored = (self.driver.current_url + " ", self.server.url + "/favicon.ico ")
        return [
            entry["message"]
            for entry in self.driver.get_log("browser")
            if entry["level"] == "SEVERE" and not entry["message"].startswith(ignored)
        ]

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / (re.sub(r"[^\w.-]+", "_", name) + ".png")
        self.driver.save_screenshot(str(path))
        return path


def _chromium_driver(profile: Path, log: Path):
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not shutil.which(path)]
    if missing:
        pytest.fail(f"Not found: {', '.join(missing)}. {INSTALL_HINT}", pytrace=False)
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail(f"Selenium is not installed. {INSTALL_HINT}", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER, log_output=str(log)))
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    server = DemoServer(tmp_path_factory.mktemp("demo-site"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def _driver(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("chromium")
    driver = _chromium_driver(workdir / "profile", workdir / "chromedriver.log")
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(_driver, demo_server):
    """A browser with no cookies (so no session), and a check that the server logged no error."""
    _driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    start = len(demo_server.log())
    yield Browser(_driver, demo_server)
    demo_server.assert_no_error_since(start)


class LegacyMove:
    """Taskboard's users moving into Django, on a demo site of its own: ``flask_server`` serves
    taskboard on plain Flask, then ``site`` (not started: the test runs the move's commands
    first) the demo project, on the same taskboard database. ``before`` and ``browser`` are the
    browser on each. Its own site: the shared ``demo_server`` has Django users already, and
    imported users keep their ids."""

    def __init__(self, driver, workdir: Path) -> None:
        self.site = DemoServer(workdir)
        self.flask_server = FlaskServer(self.site)
        self.before = Browser(driver, self.flask_server)
        self.browser = Browser(driver, self.site)


@pytest.fixture
def legacy_move(_driver, tmp_path_factory):
    _driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    move = LegacyMove(_driver, tmp_path_factory.mktemp("legacy-move"))
    try:
        yield move
    finally:
        move.flask_server.stop()
        move.site.stop()
        _driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    move.flask_server.assert_no_error_since()
    move.site.assert_no_error_since()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    funcargs = getattr(item, "funcargs", {})
    browser = funcargs.get("browser") or getattr(funcargs.get("legacy_move"), "browser", None)
    if report.when == "call" and report.failed and browser is not None:
        try:
            shot = f"{browser.screenshot(item.name)} (the page at {browser.path})"
        except Exception as exc:  # the browser itself may be what failed
            shot = f"none: {exc!r}"
        print(f"\nbrowser screenshot: {shot}", file=sys.stderr)
        report.sections.append(("browser screenshot", shot))
        report.sections.append(("demo server log (tail)", browser.server.log()[-4000:]))
    return report
