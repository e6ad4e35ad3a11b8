"""A Django URLconf mounting a Blueprint on its own (used by tests/test_blueprints_mounted.py)."""

import os

from django.http import HttpResponse
from django.urls import include, path

from flaskcompat import Blueprint, abort, csrf_exempt, current_app, request, session, url_for

shop = Blueprint(
    "shop",
    __name__,
    url_prefix="/ignored-when-mounted",
    static_folder="static",
    root_path=os.path.join(os.path.dirname(os.path.dirname(__file__)), "blueprint_assets"),
)
cart = Blueprint("cart", __name__, url_prefix="/cart")


@shop.route("/")
def index():
    return f"{request.script_root}|{request.path}|{url_for('.index')}|{url_for('.cart.show', item=2)}"


@shop.route("/product/<int:pid>")
def product(pid):
    return f"product {pid} {url_for('.static', filename='css/site.css')}"


@shop.route("/config")
def config():
    from_django = current_app.secret_key == "tests-only-secret-key-not-for-production"
    return f"{current_app.name} debug={current_app.debug} secret={from_django}"


@shop.route("/session")
def read_session():
    return f"cart={session.get('cart')}"


@shop.route("/missing")
def missing():
    abort(404)


@shop.errorhandler(404)
def shop_404(e):
    return "shop 404", 404


@cart.route("/<int:item>")
def show(item):
    return f"cart {item} {request.blueprints}"


@shop.route("/order", methods=["POST"])
def order():
    return "ordered"


shop.register_blueprint(cart)

legacy_forms = Blueprint("legacy_forms", __name__)


@legacy_forms.route("/submit", methods=["POST"])
def submit():
    return "submitted " + request.form["x"]


def fill_cart(request):
    request.session["cart"] = [1, 2]
    return HttpResponse("filled")


urlpatterns = [
    path("fill/", fill_cart),
    path("shop/", include(shop.urls)),
    path("forms/", include(csrf_exempt(legacy_forms).urls)),
]
