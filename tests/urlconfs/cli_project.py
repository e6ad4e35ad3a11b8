"""A Django URLconf mounting two Flask apps with CLI commands (used by tests/test_manage_flask.py)."""

import click
from django.urls import include, path

from flaskcompat import Flask, current_app

blog = Flask("blog")
shop = Flask("shop", static_folder=None)
worker = Flask("worker", static_folder=None)


@blog.route("/")
def index():
    return "blog"


@blog.route("/post/<int:post_id>", methods=["GET", "POST"])
def post(post_id):
    return "post"


@shop.route("/cart")
def cart():
    return "cart"


@blog.cli.command("whoami")
def blog_whoami():
    click.echo(f"whoami: {current_app.name}")


@shop.cli.command("whoami")
def shop_whoami():
    click.echo(f"whoami: {current_app.name}")


@shop.cli.command("restock")
@click.argument("item")
@click.option("--count", type=int, default=1)
def restock(item, count):
    click.echo(f"{current_app.name} restocked {count} x {item}")


@worker.cli.command("drain")
def drain():
    click.echo(f"drained by {current_app.name}")


urlpatterns = [
    path("blog/", include(blog.urls)),
    path("en/", include(([path("store/", include(shop.urls, namespace="store"))], "en"))),  # reverse("en:store:cart")
]
