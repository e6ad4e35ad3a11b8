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
INSTALL_HINT = ("The browser tests drive Debian's Chromium: `apt-get install -y chromium chromium-driver` "
                "and `pip install -e '.[test]'` (Selenium). .ci/run installs both.")
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


class DemoServer:
    """``manage.py runserver`` of the demo project, its output kept in a log file."""

    def __init__(self, workdir: Path) -> None:
        (workdir / "browser_demo_settings.py").write_text(SETTINGS.format(db=str(workdir / "db.sqlite3")))
        self.env = clean_env(
            DJANGO_SETTINGS_MODULE="browser_demo_settings",
            PYTHONPATH=os.pathsep.join([str(ROOT), str(workdir)]),
            FLASK_DATABASE=str(workdir / "taskboard.sqlite"),  # the legacy app reads FLASK_* (from_prefixed_env)
            PYTHONUNBUFFERED="1",
        )
        self.log_path = workdir / "runserver.log"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str, **env: str) -> None:
        proc = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**self.env, **env},
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"manage.py {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"

    def start(self) -> None:
        self.manage("migrate", "--noinput")
        self.manage("createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.com",
                    DJANGO_SUPERUSER_PASSWORD="admin-password")
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"runserver exited with {self.process.returncode}:\n{self.log()}", pytrace=False)
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"runserver did not answer on {self.url} within 30 s:\n{self.log()}", pytrace=False)
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


class Browser:
    """A Selenium Chromium session on the demo server, with the few verbs the tests need."""

    def __init__(self, driver, server: DemoServer) -> None:
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
            self._ec.presence_of_element_located((self._by.CSS_SELECTOR, selector)),
            f"no {selector!r} on {self.path}")

    def find_all(self, selector: str) -> list:
        return self.driver.find_elements(self._by.CSS_SELECTOR, selector)

    def text(self, selector: str = "body") -> str:
        return self.find(selector).text

    def texts(self, selector: str) -> list[str]:
        return [element.text for element in self.find_all(selector)]

    def link(self, text: str):
        return self._wait(self.driver, WAIT).until(
            self._ec.element_to_be_clickable((self._by.LINK_TEXT, text)), f"no link {text!r} on {self.path}")

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

    def fill(self, fields: dict[str, str]) -> None:
        for name, value in fields.items():
            element = self.find(f"[name={name}]")
            element.clear()
            element.send_keys(value)

    def submit(self, value: str | None = None, form: str = "main form", confirm: str | None = None) -> None:
        """Submit with a button (the one with ``value``, else the form's only one); wait for the answer."""
        selector = f'{form} input[type=submit]' + (f'[value="{value}"]' if value else "")
        self._navigate_by(self.find(selector), confirm)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def style(self, selector: str, prop: str) -> str:
        return self.js("return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]]", selector, prop)

    def stylesheets(self) -> list[tuple[str, int]]:
        """(href, number of CSS rules) of every stylesheet the page loaded (0 rules: not loaded)."""
        return [tuple(s) for s in self.js(
            "return Array.from(document.styleSheets).map(s => {"
            "  try { return [s.href, s.cssRules.length]; } catch (e) { return [s.href, 0]; } })")]

    def console_errors(self) -> list[str]:
        """The browser's errors since the last call, but for the status of the page itself (a
        404 page is one) and the favicon that browsers ask for on their own."""
        ignored = (self.driver.current_url + " ", self.server.url + "/favicon.ico ")
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE" and not entry["message"].startswith(ignored)]

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
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1000", f"--user-data-dir={profile}"):
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
    log = demo_server.log()[start:]
    assert "Traceback" not in log and not re.search(r'" 5\d\d ', log), f"the server failed:\n{log}"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed and "browser" in getattr(item, "funcargs", {}):
        browser = item.funcargs["browser"]
        try:
            shot = f"{browser.screenshot(item.name)} (the page at {browser.path})"
        except Exception as exc:  # the browser itself may be what failed
            shot = f"none: {exc!r}"
        print(f"\nbrowser screenshot: {shot}", file=sys.stderr)
        report.sections.append(("browser screenshot", shot))
        report.sections.append(("demo server log (tail)", browser.server.log()[-4000:]))
    return report
