"""What is measured (scenarios), on what (targets), and how responses are compared.

Django-free and framework-free: the parent process (``bench.run``) imports only this,
and each target runs in its own subprocess (``bench.worker``, ``bench.wsgi``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent

FLASK_404 = (
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
    "<p>The requested URL was not found on the server. If you entered the URL manually "
    "please check your spelling and try again.</p>\n"
)

FORM_BODY = urlencode([(f"field{i}", f"value {i} & more") for i in range(10)]).encode()


@dataclass(frozen=True)
class Scenario:
    name: str
    kind: str  # which bench app (bench.app.KINDS)
    path: str
    method: str = "GET"
    body: bytes = b""
    content_type: str = ""
    session: bool = False  # prime a session cookie with one request, then send it
    label: str = ""


SCENARIOS = [
    Scenario("hello", "main", "/", label="hello"),
    Scenario("params", "main", "/user/alice/post/41", label="str + int parameter"),
    Scenario("template", "main", "/template", label="template, 100 escaped rows, inheritance"),
    Scenario("json", "main", "/json", label="20-key JSON dict"),
    Scenario(
        "form",
        "main",
        "/form",
        method="POST",
        body=FORM_BODY,
        content_type="application/x-www-form-urlencoded",
        label="10-field urlencoded POST",
    ),
    Scenario("session", "main", "/session", session=True, label="session counter"),
    Scenario("url_for", "main", "/links", label="20 url_for in one view"),
    Scenario("rules10", "rules10", "/section9/item/7", label="10 rules, hit the last"),
    Scenario("rules1000", "rules1000", "/section999/item/7", label="1000 rules, hit the last"),
    Scenario("rules10_404", "rules10", "/no/such/page", label="10 rules, 404"),
    Scenario("rules1000_404", "rules1000", "/no/such/page", label="1000 rules, 404"),
    Scenario("blueprints", "blueprints", "/api/bp19/item4/7", label="21 nested blueprints, hooks, url_for"),
]
BY_NAME = {s.name: s for s in SCENARIOS}


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    settings: str | None = None  # DJANGO_SETTINGS_MODULE, or None for none at all
    kinds: tuple = ("main", "rules10", "rules1000", "blueprints")
    scenarios: frozenset | None = None  # None: every scenario of its kinds
    extra_env: dict = field(default_factory=dict)
    pythonpath: str | None = None  # a directory holding another flaskcompat to measure (--variant)

    def env(self, kind):
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        if self.settings:
            env["DJANGO_SETTINGS_MODULE"] = self.settings
        env["BENCH_TARGET"] = self.name
        env["BENCH_APP"] = kind
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        if self.pythonpath:  # bench.targets puts it first on sys.path (before the cwd of "python -m")
            env["BENCH_FLASKCOMPAT_DIR"] = self.pythonpath
        env["PYTHONHASHSEED"] = "0"
        env.update(self.extra_env)
        return env

    def runs(self, scenario):
        return scenario.kind in self.kinds and (self.scenarios is None or scenario.name in self.scenarios)


TARGETS = [
    Target("flask", "Flask 3.1"),
    Target("embedded", "flaskcompat embedded"),
    Target("hosted", "flaskcompat hosted", settings="bench.project.settings_hosted"),
    Target("django", "plain Django", settings="bench.project.settings_django"),
    Target("raw", "raw WSGI", kinds=("main",), scenarios=frozenset({"hello", "params", "template", "json", "form"})),
    # The rule sets again with CommonMiddleware + APPEND_SLASH, where Django resolves a 404
    # once more for the slash (the "a 404 must not rescan the rules three times").
    Target(
        "hosted+slash",
        "flaskcompat hosted + APPEND_SLASH",
        settings="bench.project.settings_hosted_slash",
        kinds=("rules10", "rules1000"),
    ),
    Target(
        "django+slash",
        "plain Django + APPEND_SLASH",
        settings="bench.project.settings_django_slash",
        kinds=("rules10", "rules1000"),
    ),
    # Hosted and plain Django behind startproject's seven middleware (the GET scenarios: a form
    # POST would need a CSRF token).
    Target(
        "hosted+startproject",
        "flaskcompat hosted, startproject middleware",
        settings="bench.project.settings_hosted_startproject",
        kinds=("main",),
        scenarios=frozenset({"hello", "params", "template", "json", "session", "url_for"}),
    ),
    Target(
        "django+startproject",
        "plain Django, startproject middleware",
        settings="bench.project.settings_django_startproject",
        kinds=("main",),
        scenarios=frozenset({"hello", "params", "template", "json", "session", "url_for"}),
    ),
]
TARGET_BY_NAME = {t.name: t for t in TARGETS}
COMPAT = ("embedded", "hosted")


def variant_targets(directory):
    """``embedded@NAME`` and ``hosted@NAME``: the same targets on the flaskcompat package found
    in ``directory`` (NAME is the directory's name), to A/B a change."""
    from dataclasses import replace

    path = Path(directory).resolve()
    if not (path / "flaskcompat" / "__init__.py").exists():
        raise ValueError(f"{directory} has no flaskcompat package")
    return [
        replace(
            TARGET_BY_NAME[name],
            name=f"{name}@{path.name}",
            label=f"{TARGET_BY_NAME[name].label} @{path.name}",
            pythonpath=str(path),
        )
        for name in COMPAT
    ]


def base_name(target_name):
    """``embedded`` for ``embedded@variant``."""
    return target_name.split("@")[0]


def environ_for(scenario, cookie=None, host="127.0.0.1", port="8000"):
    """The WSGI environ of one request of ``scenario`` (``wsgi.input`` is replaced per call)."""
    path, _, query = scenario.path.partition("?")
    env = {
        "REQUEST_METHOD": scenario.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": port,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": f"{host}:{port}",
        "HTTP_USER_AGENT": "bench/1.0",
        "HTTP_ACCEPT": "*/*",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(scenario.body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if scenario.body:
        env["CONTENT_TYPE"] = scenario.content_type
        env["CONTENT_LENGTH"] = str(len(scenario.body))
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


# -- comparing responses ----------------------------------------------------------------------

#: Headers that must be equal across targets (Vary compared as a set).
KEY_HEADERS = ("content-type", "content-length", "location", "allow", "x-trail", "x-blueprint")


def normalise(status, headers, body):
    """A comparable summary: status code, key headers, cookie names and attributes, body."""
    hdrs = {}
    cookies = {}
    vary = set()
    for name, value in headers:
        lname = name.lower()
        if lname in KEY_HEADERS:
            hdrs[lname] = value
        elif lname == "vary":
            vary.update(v.strip().lower() for v in value.split(","))
        elif lname == "set-cookie":
            jar = SimpleCookie()
            jar.load(value)
            for cname, morsel in jar.items():
                attrs = {k: v for k, v in morsel.items() if v not in ("", False) and k != "expires"}
                cookies[cname] = attrs
    return {
        "status": int(str(status).split()[0]),
        "headers": hdrs,
        "vary": sorted(vary),
        "cookies": cookies,
        "body": body,
    }


def differences(ours, reference):
    """Human-readable differences between two normalised responses (empty: identical)."""
    out = []
    if ours["status"] != reference["status"]:
        out.append(f"status {ours['status']} != {reference['status']}")
    for name in sorted(set(ours["headers"]) | set(reference["headers"])):
        a, b = ours["headers"].get(name), reference["headers"].get(name)
        if a != b:
            out.append(f"{name}: {a!r} != {b!r}")
    if ours["vary"] != reference["vary"]:
        out.append(f"vary {ours['vary']} != {reference['vary']}")
    if ours["cookies"] != reference["cookies"]:
        out.append(f"cookies {ours['cookies']} != {reference['cookies']}")
    if ours["body"] != reference["body"]:
        a, b = ours["body"], reference["body"]
        i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        out.append(f"body differs at byte {i}: {a[max(0, i - 20) : i + 40]!r} != {b[max(0, i - 20) : i + 40]!r}")
    return out
