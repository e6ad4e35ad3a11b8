"""System checks name the fix for each misconfiguration."""

from django.core import checks
from django.test.utils import override_settings

from flaskcompat.checks import check_jinja2_backend, check_middleware, check_root_mounts


def ids(messages):
    return [m.id for m in messages]


def test_project_settings_are_clean():
    assert [m for m in checks.run_checks() if m.id.startswith("flaskcompat")] == []


def test_missing_session_and_message_middleware():
    with override_settings(MIDDLEWARE=[]):
        found = check_middleware()
    assert ids(found) == ["flaskcompat.E001", "flaskcompat.W001"]
    assert "SessionMiddleware" in found[0].hint


def test_missing_jinja2_backend():
    with override_settings(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}]):
        found = check_jinja2_backend()
    assert ids(found) == ["flaskcompat.W003"]
    assert "flaskcompat.templating.Jinja2" in found[0].hint


def test_app_mounted_at_root_before_other_patterns():
    with override_settings(ROOT_URLCONF="tests.urlconfs.shadowing"):
        found = check_root_mounts()
    assert ids(found) == ["flaskcompat.E002"]
    assert "Move path('', include(app.urls))" in found[0].hint
    with override_settings(ROOT_URLCONF="tests.urlconfs.mounted"):
        assert check_root_mounts() == []
