"""The demo's legacy Flask project (demo_site/legacy): its own suite under real Flask and under
flaskcompat inside the demo project, and the project serving it through Django's stack."""

import re

import pytest

from .subprocesses import ROOT, run, run_python

LEGACY = ROOT / "demo_site" / "legacy"


def run_suite(*options, **env):
    return run(["python", "-m", "pytest", "-p", "no:cacheprovider", *options], cwd=LEGACY, **env)


def passed(proc):
    """The number of passed tests, asserting the run was green."""
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    summary = proc.stdout.strip().splitlines()[-1]
    assert not re.search(r"failed|error|skipped|xfail|warning", summary), summary
    return int(re.search(r"(\d+) passed", summary).group(1))


@pytest.fixture(scope="module")
def under_flask():
    return run_suite()


@pytest.fixture(scope="module")
def under_flaskcompat():
    return run_suite("-p", "flaskcompat.pytest_legacy", DJANGO_SETTINGS_MODULE="demo_site.settings")


def test_the_suite_passes_under_real_flask(under_flask):
    assert passed(under_flask) >= 50
    assert "resolves to flaskcompat" not in under_flask.stdout
    assert "settings:" not in under_flask.stdout  # no Django project involved


def test_the_same_suite_passes_under_flaskcompat_in_the_demo_project(under_flaskcompat, under_flask):
    assert passed(under_flaskcompat) == passed(under_flask)
    assert "flaskcompat: `import flask` resolves to flaskcompat" in under_flaskcompat.stdout
    assert "settings: demo_site.settings" in under_flaskcompat.stdout


def test_the_demo_project_serves_it_through_djangos_stack(tmp_path):
    out = run_python("""
        import django
        django.setup()
        from django.test.utils import setup_databases, setup_test_environment
        setup_test_environment()
        setup_databases(verbosity=0, interactive=False)

        import flask, flaskcompat
        from django.test import Client
        from django.urls import reverse

        assert flask is flaskcompat
        print(reverse("taskboard:index"), reverse("taskboard:tasks.edit", kwargs={"task_id": 3}))
        client = Client(enforce_csrf_checks=True)  # the mount is csrf_exempt: legacy forms still post
        r = client.post("/legacy/auth/register", {"username": "ann", "password": "pw123"})
        print(r.status_code, r["Location"])
        r = client.post("/legacy/auth/login", {"username": "ann", "password": "pw123"})
        print(r.status_code, r["Location"], client.session["user_id"])
        r = client.post("/legacy/tasks/new", {"title": "Try Django", "notes": "", "due": ""})
        r = client.get(r["Location"])
        body = r.content.decode()
        print(r.status_code, "Added “Try Django”." in body, body.count('<article class="task">'))
        print(client.get("/legacy/static/style.css").status_code, client.get("/legacy/nowhere").status_code)
    """, DJANGO_SETTINGS_MODULE="demo_site.settings", FLASK_DATABASE=str(tmp_path / "board.sqlite"))
    assert out.splitlines() == [
        "/legacy/ /legacy/tasks/3/edit",
        "302 /legacy/auth/login",
        "302 /legacy/ 1",  # the Flask session is the Django session
        "200 True 1",
        "200 404",
    ]
