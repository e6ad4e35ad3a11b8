"""A legacy app using Flask-Login (plain ``flask.Flask``), its login on Django's auth, mounted
beside Django views and the admin (used by tests/test_contrib_login.py)."""

import flask
from django.contrib import admin, auth
from django.contrib.auth import authenticate
from django.http import HttpResponse
from django.urls import include, path
from flask_login import LoginManager, UserMixin, current_user, login_fresh, login_required, login_user, logout_user

from flaskcompat import mount
from flaskcompat.contrib.login import DjangoUser, use_django_auth

app = flask.Flask("legacy_login")
login_manager = LoginManager(app)
login_manager.login_view = "login"
use_django_auth(login_manager)


class LegacyUser(UserMixin):
    """The app's own user class (a SQLAlchemy model in a real app): same ids as Django's users."""

    def __init__(self, id):
        self.id = id


@login_manager.user_loader
def load_user(user_id):
    return LegacyUser(int(user_id))


def state():
    user = current_user._get_current_object()
    return {
        "class": type(user).__name__,
        "id": user.get_id(),
        "is_authenticated": user.is_authenticated,
        "is_active": user.is_active,
        "is_anonymous": user.is_anonymous,
        "username": user.username if user.is_authenticated else None,
        "is_request_user": user == flask.request.user,
        "fresh": login_fresh(),
    }


@app.route("/login", methods=["GET", "POST"])
def login():
    if flask.request.method == "GET":
        return "the app's login page"
    form = flask.request.form
    user = authenticate(flask.request.django_request, username=form["username"], password=form["password"])
    if user is None:
        return "Incorrect username or password.", 401
    if not login_user(DjangoUser(user), remember=form.get("remember") == "1"):
        return "inactive", 403
    return flask.redirect(flask.request.args.get("next") or flask.url_for("me"))


@app.post("/login-as/<int:user_id>")
def login_as(user_id):
    """Legacy code logging in its own user object."""
    login_user(LegacyUser(user_id), force=flask.request.args.get("force") == "1")
    return state()


@app.route("/me")
@login_required
def me():
    return {**state(), "legacy_user_equal": current_user == LegacyUser(int(current_user.get_id()))}


@app.route("/state")
def anyone():
    flask.session["visited"] = True
    return state()


@app.post("/logout")
def logout_view():
    logout_user()
    return state()


other = flask.Flask("no_login_view")
use_django_auth(LoginManager(other))


@other.route("/private")
@login_required
def private():
    return "private"


def django_login(request):
    if request.method == "GET":
        return HttpResponse("django's login page")
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
    if user is None:
        return HttpResponse("no", status=401)
    auth.login(request, user)
    return HttpResponse("ok")


def django_me(request):
    return HttpResponse(request.user.get_username() if request.user.is_authenticated else "anonymous")


def django_logout(request):
    auth.logout(request)
    return HttpResponse("bye")


urlpatterns = [
    path("legacy/", include(mount(app))),
    path("other/", include(mount(other))),
    path("django/login", django_login, name="django_login"),
    path("django/me", django_me),
    path("django/logout", django_logout),
    path("admin/", admin.site.urls),
]
