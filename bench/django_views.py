"""The bench scenarios as plain Django function views (the "plain Django" target).

Each view answers the same bytes as ``bench/app.py`` under Flask (checked before
timing), the way a Django developer would write it: ``path()`` patterns, ``reverse()``,
``request.POST``, ``request.session``, the Jinja2 template backend with the same
templates. Views set ``Content-Length`` themselves because Flask (and flaskcompat) always
send one and the project has no CommonMiddleware; the 404 handler answers Flask's 404
page so the 404 scenario compares like with like.

``urlpatterns_for(kind)`` returns the URLconf of one bench app kind (see
``bench.app.KINDS``); ``bench/project/django_urls.py`` picks it from ``BENCH_APP``.
"""

from __future__ import annotations

import json
from functools import wraps
from urllib.parse import quote, urlencode

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path, reverse

from .app import JSON_DOC, N_BLUEPRINTS, ROUTES_PER_BLUEPRINT, ROWS, form_echo
from .scenarios import FLASK_404


def _response(body, status=200, content_type="text/html; charset=utf-8"):
    response = HttpResponse(body, status=status, content_type=content_type)
    response["Content-Length"] = str(len(response.content))
    return response


def handler404(request, exception=None):
    return _response(FLASK_404, status=404)


# -- main -----------------------------------------------------------------------------------


def hello(request):
    return _response("Hello, World!")


def params(request, name, post_id):
    return _response(f"user {name} post {post_id + 1}")


def template(request):
    body = engines["jinja2"].get_template("rows.html").render({"title": "Rows & <columns>", "rows": ROWS})
    return _response(body)


def json_view(request):
    body = json.dumps(JSON_DOC, sort_keys=True, separators=(",", ":")) + "\n"
    return _response(body, content_type="application/json")


def form(request):
    if request.method != "POST":
        return _response("", status=405)
    return _response(form_echo(request.POST.items()))


def session_counter(request):
    request.session["n"] = request.session.get("n", 0) + 1
    return _response(str(request.session["n"]))


def links(request):
    out = []
    for i in range(5):
        out.append(reverse("hello"))
        out.append(reverse("params", kwargs={"name": f"user{i}", "post_id": i}))
        out.append(reverse("json_view") + "?" + urlencode({"page": i, "sort": "name"}))
        out.append(reverse("params", kwargs={"name": "x y", "post_id": i}) + "#" + quote("top"))
    return _response("\n".join(out))


MAIN = [
    path("", hello, name="hello"),
    path("user/<str:name>/post/<int:post_id>", params, name="params"),
    path("template", template, name="template"),
    path("json", json_view, name="json_view"),
    path("form", form, name="form"),
    path("session", session_counter, name="session_counter"),
    path("links", links, name="links"),
]


# -- N rules --------------------------------------------------------------------------------


def _page(i):
    def view(request):
        return _response(f"page {i}")

    return view


def _item(i):
    def view(request, id):
        return _response(f"item {i} {id}")

    return view


def rules(n):
    out = []
    for i in range(n):
        if i % 2 == 0:
            out.append(path(f"section{i}/page", _page(i), name=f"page{i}"))
        else:
            out.append(path(f"section{i}/item/<int:id>", _item(i), name=f"item{i}"))
    return out


# -- blueprint-heavy, the Django way: nested include()s and a decorator for the hooks --------


def _hooks(bp):
    def decorate(view):
        @wraps(view)
        def wrapper(request, **kwargs):
            request.trail = ["app", "api", bp]
            response = view(request, **kwargs)
            response["X-Blueprint"] = f"api.{bp}"
            response["X-Trail"] = "/".join(request.trail)
            return response

        return wrapper

    return decorate


def _bp_view(bp, r):
    @_hooks(bp)
    def view(request, id):
        namespace = request.resolver_match.namespace
        url = reverse(f"{namespace}:item0", kwargs={"id": id + 1})
        return _response(f"api.{bp} api.{bp}.item{r} {id} {url}")

    return view


def blueprints():
    children = []
    for b in range(N_BLUEPRINTS):
        bp = f"bp{b}"
        routes = [path(f"item{r}/<int:id>", _bp_view(bp, r), name=f"item{r}") for r in range(ROUTES_PER_BLUEPRINT)]
        children.append(path(f"{bp}/", include((routes, bp))))
    return [path("api/", include((children, "api")))]


def urlpatterns_for(kind):
    return {
        "main": lambda: MAIN,
        "rules10": lambda: rules(10),
        "rules1000": lambda: rules(1000),
        "blueprints": blueprints,
    }[kind]()
