"""The demo site as a person uses it, in headless Chromium (see conftest.py for the set-up)."""

import re
import sqlite3

import pytest

pytestmark = pytest.mark.slow  # a server and a browser

ACCENT = "rgb(51, 102, 204)"  # #36c, the blue of the site's and the legacy taskboard's stylesheets


def assert_styled(browser, stylesheet):
    """The page loaded ``stylesheet`` (its rules are there) and looks like the rest of the site."""
    sheets = dict(browser.stylesheets())
    assert sheets.get(browser.server.url + stylesheet, 0) > 5, sheets
    assert "system-ui" in browser.style("body", "font-family")
    assert browser.style("nav", "border-bottom-color") == ACCENT
    assert browser.style(".brand", "color") == ACCENT
    assert not browser.console_errors()


def flashes(browser):
    return [(f.get_attribute("class"), f.text) for f in browser.find_all(".flash")]


def test_home_page(browser):
    browser.go("/")
    assert browser.driver.title == "Home · flaskcompat demo"
    assert browser.text("h1") == "Flask and Django, one site"
    assert_styled(browser, "/quickstart/static/style.css")
    assert browser.texts(".cards h2") == [
        "The Flask quickstart",
        "The legacy taskboard",
        "Shared messages",
        "Django admin",
    ]
    assert browser.texts("nav ul a") == ["Quickstart", "Taskboard", "Admin"]
    browser.click_link("Taskboard")
    browser.wait_for_path("/legacy/")
    assert browser.text("h1") == "Welcome"
    browser.go("/")
    browser.click_link("Quickstart")
    browser.wait_for_path("/quickstart/")
    assert browser.text("h1") == "The Flask quickstart"


def test_quickstart_pages_share_the_look(browser):
    for path, heading in [
        ("/quickstart/", "The Flask quickstart"),
        ("/quickstart/hello/Ann", "Hello Ann!"),
        ("/quickstart/login", "Log in"),
        ("/quickstart/upload", "Upload a file"),
        ("/quickstart/nope", "Page not found"),
    ]:
        browser.go(path)
        assert browser.text("h1") == heading, path
        assert_styled(browser, "/quickstart/static/style.css")
    browser.click_link("flaskcompat demo")  # the brand links to the Django home page
    browser.wait_for_path("/")


def test_quickstart_login_with_the_csrf_token(browser):
    browser.go("/quickstart/")
    assert "You are not logged in." in browser.text("main")
    browser.click_link("Log in")
    browser.wait_for_path("/quickstart/login")
    token = browser.find("form input[type=hidden][name=csrfmiddlewaretoken]").get_attribute("value")
    assert len(token) == 64
    assert browser.driver.get_cookie("csrftoken")["value"]
    browser.fill({"username": "ann"})
    browser.submit("Login")
    browser.wait_for_path("/quickstart/")
    assert "Logged in as ann." in browser.text("main")
    assert flashes(browser) == [("flash message", "You were logged in")]
    # Django's side sees the session the Flask view wrote.
    browser.click_link("flaskcompat demo")
    browser.wait_for_path("/")
    assert "logged you in as ann" in browser.text("main")
    browser.go("/quickstart/")
    browser.click_link("Log out")
    browser.wait_for_path("/quickstart/")
    assert "You are not logged in." in browser.text("main")


def test_quickstart_form_without_the_csrf_token_is_refused(browser):
    browser.go("/quickstart/login")
    browser.js("document.querySelector('[name=csrfmiddlewaretoken]').remove()")
    browser.fill({"username": "mallory"})
    browser.submit("Login")
    browser.wait_for_path("/quickstart/login")
    assert "403" in browser.driver.title and "CSRF" in browser.text("body")
    browser.go("/quickstart/")
    assert "You are not logged in." in browser.text("main")


def test_quickstart_upload(browser, tmp_path):
    upload = tmp_path / "notes for ann.txt"
    upload.write_bytes(b"twelve bytes")
    browser.go("/quickstart/upload")
    assert browser.find("form[enctype='multipart/form-data'] [name=csrfmiddlewaretoken]")
    browser.find("input[type=file]").send_keys(str(upload))
    browser.submit("Upload")
    browser.wait_for_path("/quickstart/upload")
    assert browser.text("body") == "Received notes_for_ann.txt (12 bytes)"


def test_legacy_taskboard(browser):
    browser.go("/legacy/")
    assert browser.driver.title == "Welcome · Taskboard"
    assert_styled(browser, "/legacy/static/style.css")

    # Register, twice: the second time the name is taken.
    browser.click_link("Register")
    browser.wait_for_path("/legacy/auth/register")
    browser.fill({"username": "ann", "password": "s3cret"})
    browser.submit("Register")
    browser.wait_for_path("/legacy/auth/login")
    assert flashes(browser) == [("flash success", "Registered. You can log in now.")]
    browser.go("/legacy/auth/register")
    browser.fill({"username": "ann", "password": "s3cret"})
    browser.submit("Register")
    assert flashes(browser) == [("flash error", "User ann is already registered.")]

    # A protected page sends the visitor to the login page, and back under /legacy/ afterwards.
    browser.go("/legacy/tasks/")
    browser.wait_for_path(re.compile(r"/legacy/auth/login\?next=(/|%2F)legacy(/|%2F)tasks(/|%2F)"))
    assert flashes(browser) == [("flash warning", "Please log in first.")]
    browser.fill({"username": "ann", "password": "wrong"})
    browser.submit("Log in")
    assert flashes(browser) == [("flash error", "Incorrect username or password.")]
    assert "next=" in browser.path
    browser.fill({"username": "ann", "password": "s3cret"})
    browser.submit("Log in")
    browser.wait_for_path("/legacy/tasks/")
    assert browser.text("h1") == "My tasks"
    assert flashes(browser) == [("flash success", "Welcome back, ann!")]
    assert browser.text("nav .user") == "ann"

    # Create a task.
    browser.click_link("New task")
    browser.wait_for_path("/legacy/tasks/new")
    browser.fill({"title": "Write the browser tests", "notes": "Chromium, headless"})
    browser.js("document.querySelector('[name=due]').value = '2099-01-15'")
    browser.submit("Save")
    browser.wait_for_path("/legacy/tasks/")
    assert flashes(browser) == [("flash success", "Added “Write the browser tests”.")]
    assert browser.texts(".task h2") == ["Write the browser tests"]
    assert browser.text(".task .due") == "due 15 Jan 2099"
    assert browser.text(".task .notes") == "Chromium, headless"

    # Complete it: it leaves the open tasks and shows, struck through, among the done ones.
    browser.submit("Done", form=".task form")
    browser.wait_for_path("/legacy/tasks/?show=open")
    assert browser.text(".empty") == "Nothing here."
    browser.click_link("done")
    browser.wait_for_path("/legacy/tasks/?show=done")
    assert browser.find(".task.done h2").text == "Write the browser tests"
    assert browser.style(".task.done h2", "text-decoration-line") == "line-through"

    # Delete it, confirming the browser's dialog.
    browser.click_link("Write the browser tests")
    browser.wait_for_path(re.compile(r"/legacy/tasks/\d+/edit"))
    browser.submit("Delete", form="main form[action$='/delete']", confirm="Delete this task?")
    browser.wait_for_path("/legacy/tasks/")
    assert flashes(browser) == [("flash message", "Deleted “Write the browser tests”.")]
    assert browser.text(".empty") == "Nothing here."

    # The app's own 404 page, for an abort(404) and for a path it has no rule for.
    browser.go("/legacy/tasks/999/edit")
    assert browser.text("h1") == "404 Not Found"
    assert browser.text("p.error") == "Task 999 doesn't exist."
    browser.go("/legacy/no-such-page")
    assert browser.text("h1") == "404 Not Found"
    assert_styled(browser, "/legacy/static/style.css")
    browser.click_link("Back to the start page")
    browser.wait_for_path("/legacy/")

    # Log out.
    browser.click_link("Log out")
    browser.wait_for_path("/legacy/")
    assert flashes(browser) == [("flash message", "You have been logged out.")]
    assert browser.texts("nav ul a") == ["Register", "Log in"]
    # No redirect left the mount point (flaskcompat warns of those under DEBUG).
    assert "redirected to" not in browser.server.log()


def test_admin_login_page_has_its_css(browser):
    browser.go("/admin/")
    browser.wait_for_path("/admin/login/?next=/admin/")
    assert browser.text("#site-name") == "Django administration"
    sheets = dict(browser.stylesheets())
    assert sheets.get(browser.server.url + "/static/admin/css/base.css", 0) > 50, sheets
    assert sheets.get(browser.server.url + "/static/admin/css/login.css", 0) > 0, sheets
    assert browser.style("#header", "background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert not browser.console_errors()
    browser.fill({"username": "admin", "password": "admin-password"})
    browser.submit("Log in", form="#login-form")
    browser.wait_for_path("/admin/")
    assert browser.text("h1") == "Site administration"


def test_flash_crosses_between_flask_and_django_views(browser):
    browser.go("/")
    # A Flask view flashes, a Django template shows it (django.contrib.messages).
    browser.click_link("a Flask view flashes")
    browser.wait_for_path("/")
    assert flashes(browser) == [("flash success", "Hello from a Flask view")]
    browser.go("/")
    assert flashes(browser) == []  # shown once
    # A Django view adds a message, the Flask template shows it (get_flashed_messages()).
    browser.click_link("A Django view flashes")
    browser.wait_for_path("/quickstart/flashes")
    assert flashes(browser) == [("flash success", "Hello from a Django view")]


def django_user(site, username):
    """``(id, password)`` of the site's Django user."""
    with sqlite3.connect(site.database) as db:
        return db.execute("SELECT id, password FROM auth_user WHERE username = ?", (username,)).fetchone()


def test_legacy_users_move_into_django_and_one_login_serves_both(legacy_move):
    """The move of demo_site/legacy/README.md: bob registered when taskboard ran on plain Flask;
    imported into Django's auth, he logs in once and the legacy pages and the admin both know him."""
    before, browser, site = legacy_move.before, legacy_move.browser, legacy_move.site

    # Before the move: taskboard on plain Flask (flask run). Bob registers, logs in, adds a task.
    legacy_move.flask_server.start()
    before.go("/auth/register")
    assert before.driver.title == "Register · Taskboard"
    before.fill({"username": "bob", "password": "bob-secret"})
    before.submit("Register")
    before.wait_for_path("/auth/login")
    before.fill({"username": "bob", "password": "bob-secret"})
    before.submit("Log in")
    before.wait_for_path("/")
    assert before.text("nav .user") == "bob"
    before.go("/tasks/new")
    before.fill({"title": "Carry on after the move"})
    before.submit("Save")
    before.wait_for_path("/tasks/")
    assert before.texts(".task h2") == ["Carry on after the move"]
    legacy_move.flask_server.stop()
    with sqlite3.connect(site.legacy_database) as db:
        [(bob_id, legacy_hash)] = db.execute("SELECT id, password FROM user").fetchall()
    assert legacy_hash.startswith("pbkdf2:sha256:")  # Werkzeug's format

    # The move: migrate, import the users (a dry run, then --commit), then the admin account.
    site.manage("migrate", "--noinput")
    legacy_db = str(site.legacy_database)
    assert "Dry run: 1 to create, 0 to update, 0 unchanged." in site.manage("import_flask_users", legacy_db)
    assert "Imported: 1 created, 0 updated, 0 unchanged." in site.manage("import_flask_users", legacy_db, "--commit")
    assert django_user(site, "bob") == (bob_id, f"werkzeug${legacy_hash}")
    site.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; User.objects.filter(username='bob').update(is_staff=True)",
    )  # so that the admin lets him in
    site.start()  # createsuperuser (an id after the imported ones), runserver

    # The browser still has taskboard's own session cookie from before: it logs nobody in.
    assert before.driver.get_cookie("session")
    browser.go("/legacy/tasks/")
    browser.wait_for_path(re.compile(r"/legacy/auth/login\?next=(/|%2F)legacy(/|%2F)tasks(/|%2F)"))
    # One login, on the legacy page, with the password from before the move.
    browser.fill({"username": "bob", "password": "bob-secret"})
    browser.submit("Log in")
    browser.wait_for_path("/legacy/tasks/")
    assert flashes(browser) == [("flash success", "Welcome back, bob!")]
    assert browser.text("nav .user") == "bob"
    assert browser.texts(".task h2") == ["Carry on after the move"]  # task.owner_id: his id was kept
    assert django_user(site, "bob")[1].startswith("pbkdf2_sha256$")  # Django rehashed it at that login
    # The admin knows him already.
    browser.go("/admin/")
    browser.wait_for_path("/admin/")
    assert browser.text("h1") == "Site administration"
    assert browser.find("#user-tools strong").get_attribute("textContent") == "bob"  # the CSS shows BOB

    # Logging out in the admin logs out of the legacy pages.
    browser.click("#logout-form button")
    browser.wait_for_path("/admin/logout/")
    browser.go("/legacy/")
    assert browser.texts("nav ul a") == ["Register", "Log in"]

    # Logging in in the admin (with his new Django hash) logs in to the legacy pages...
    browser.go("/admin/")
    browser.wait_for_path("/admin/login/?next=/admin/")
    browser.fill({"username": "bob", "password": "bob-secret"})
    browser.submit("Log in", form="#login-form")
    browser.wait_for_path("/admin/")
    browser.go("/legacy/")
    assert browser.text("nav .user") == "bob"
    # ... and logging out there logs out of the admin.
    browser.click_link("Log out")
    browser.wait_for_path("/legacy/")
    assert flashes(browser) == [("flash message", "You have been logged out.")]
    browser.go("/admin/")
    browser.wait_for_path("/admin/login/?next=/admin/")
