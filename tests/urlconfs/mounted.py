"""A Django URLconf mounting a Flask-style app beside a Django view (used by tests/test_urls.py)."""

from django.http import HttpResponse
from django.urls import include, path

from flaskcompat import Flask, csrf_exempt, request, url_for

legacy = Flask("legacy")


@legacy.route("/")
def index():
    return f"index {request.script_root}|{request.path}|{url_for('index')}"


@legacy.route("/user/<username>")
def profile(username):
    return f"user {username} {url_for('profile', username=username)}"


@legacy.route("/post/<int:post_id>")
def post(post_id):
    return f"post {post_id}"


@legacy.route("/projects/")
def projects():
    return "projects"


@legacy.route("/about")
def about():
    return "about"


@legacy.route("/form", methods=["POST"])
def form():
    return "posted " + request.form.get("x", "")


@legacy.route("/legacy-form", methods=["POST"])
@csrf_exempt
def legacy_form():
    return "legacy posted"


@legacy.errorhandler(404)
def not_found(e):
    return "legacy 404", 404


def django_view(request):
    return HttpResponse("django view")


urlpatterns = [
    path("django/", django_view, name="django"),
    path("legacy/", include(legacy.urls)),
]
