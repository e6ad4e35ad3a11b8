"""The layering CONTRIBUTING.md describes, checked on flaskcompat's source (AST, nothing is imported).

- Only ``flaskcompat/internals.py`` touches Django's private attributes: a Django upgrade is one
  file to read. A private name is one Django's own source defines (``self._x = ...``, ``def _x``,
  a class-level ``_x``); flaskcompat's own attributes of the same name are allowed on its own
  classes that do not extend a Django class.
- ``internals.py`` is the bottom layer: it imports no other flaskcompat module.
- No import cycle among flaskcompat's modules at module level; an import inside a function, from
  one flaskcompat module to another, is allowed only where :data:`LATE_IMPORTS` says why.
- Optional extensions (Flask-Login, SQLAlchemy, pytest) are imported at module level only by the
  modules made for them, so ``import flaskcompat`` works without them.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import django

import flaskcompat

PACKAGE = Path(flaskcompat.__file__).parent
INTERNALS = "flaskcompat.internals"
PRIVATE = re.compile(r"^_[A-Za-z][A-Za-z0-9_]*$")  # _name, not __dunder__

#: Django names with a leading underscore that Django documents as public API.
DOCUMENTED_DJANGO_API = {
    "_meta": "the Model _meta API (docs: ref/models/meta)",
    "_default_manager": "Model._default_manager (docs: topics/db/managers, for code that handles any model)",
}

#: (importer, imported): why the import is inside a function rather than at the top.
LATE_IMPORTS = {
    ("flaskcompat.apps", "flaskcompat.checks"): "Django's convention: AppConfig.ready() registers the system checks",
    ("flaskcompat.urls", "flaskcompat.app"): "mount() bridges the app; app imports urls (mount_point, mount)",
    ("flaskcompat.urls", "flaskcompat.blueprints"): "mount() of a blueprint; blueprints imports urls (Blueprint.urls)",
    ("flaskcompat.handlers", "flaskcompat.urls"): "a single-app handler resolves through the app's urlconf; "
    "urls imports handlers (serve, environ_for)",
}

#: Top-level imports that only the listed modules may make.
OPTIONAL_IMPORTS = {
    "flask_login": {"flaskcompat.contrib.login"},
    "flask_sqlalchemy": set(),
    "sqlalchemy": set(),
    "pytest": {"flaskcompat.pytest_plugin"},
    "pytest_django": set(),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, ast.Module]:
    return {module_name(path): ast.parse(path.read_text(), str(path)) for path in sorted(PACKAGE.rglob("*.py"))}


def is_type_checking(node: ast.If) -> bool:
    return ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")


def imports(module: str, tree: ast.Module) -> list[tuple[str, bool, int]]:
    """``(imported module, inside a function, line)`` for the runtime imports of ``module``
    (``if TYPE_CHECKING:`` blocks excluded). ``from .x import y`` names ``flaskcompat.x.y`` when
    that is a module, else ``flaskcompat.x``."""
    known = modules()
    package = module if _is_package(module) else module.rpartition(".")[0]  # what "." means here
    out = []

    def resolve(node: ast.Import | ast.ImportFrom) -> list[str]:
        if isinstance(node, ast.Import):
            return [alias.name for alias in node.names]
        if node.level:
            base_parts = package.split(".")
            base_parts = base_parts[: len(base_parts) - node.level + 1]
            base = ".".join(base_parts + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and is_type_checking(child):
                for stmt in child.orelse:
                    visit(stmt, in_function)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, True)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                out.extend((name, in_function, child.lineno) for name in resolve(child))
            else:
                visit(child, in_function)

    visit(tree, False)
    return out


def _is_package(module: str) -> bool:
    return (PACKAGE.parent / module.replace(".", "/") / "__init__.py").exists()


def internal_imports(late: bool) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    known = modules()
    for module, tree in known.items():
        for name, in_function, _line in imports(module, tree):
            if in_function == late and name in known and name != module and name != "flaskcompat":
                graph.setdefault(module, set()).add(name)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := walk(target)):
                return cycle
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := walk(node)):
            return cycle
    return None


@cache
def django_private_names() -> frozenset[str]:
    """Every private attribute or method name Django's own source defines."""
    names: set[str] = set()
    for path in Path(django.__file__).parent.rglob("*.py"):
        try:
            tree = ast.parse(path.read_bytes())
        except SyntaxError:  # the project/app templates
            continue
        names |= defined_private_names(tree)
    return frozenset(names)


def defined_private_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and PRIVATE.match(node.attr):
            names.add(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and PRIVATE.match(node.name):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            for stmt in node.body:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
                names.update(t.id for t in targets if isinstance(t, ast.Name) and PRIVATE.match(t.id))
    return names


def django_names_imported(tree: ast.Module) -> set[str]:
    """The names a module binds from ``django`` imports (``from django.x import Base``; ``import django``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "django":
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name.split(".")[0] == "django")
    return names


def private_django_accesses(module: str, tree: ast.Module) -> list[str]:
    """``line: expression`` for each use, in ``module``, of a name Django defines as private."""
    django_private = django_private_names()
    from_django = django_names_imported(tree)
    found = []

    def own_class_defines(cls: ast.ClassDef | None, name: str) -> bool:
        if cls is None:
            return False
        bases = {ast.unparse(base).split(".")[0] for base in cls.bases}
        return not (bases & from_django) and name in defined_private_names(cls)

    def visit(node: ast.AST, cls: ast.ClassDef | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child)
                continue
            if isinstance(child, ast.Attribute) and child.attr in django_private:
                on_self = isinstance(child.value, ast.Name) and child.value.id in ("self", "cls")
                if child.attr not in DOCUMENTED_DJANGO_API and not (on_self and own_class_defines(cls, child.attr)):
                    found.append(f"{module}:{child.lineno}: {ast.unparse(child)}")
            elif isinstance(child, ast.Constant) and child.value in django_private:  # __dict__["_x"], getattr()
                found.append(f"{module}:{child.lineno}: {child.value!r}")
            visit(child, cls)

    visit(tree, None)
    return found


def test_only_internals_touches_private_django_attributes():
    found = [
        line
        for module, tree in modules().items()
        if module != INTERNALS
        for line in private_django_accesses(module, tree)
    ]
    assert not found, "Django's private attributes outside internals.py (move them there):\n" + "\n".join(found)


def test_the_private_attribute_check_sees_django_privates():
    """The check above can fail: internals.py's own uses are found by the same code."""
    found = private_django_accesses(INTERNALS, modules()[INTERNALS])
    assert any("_read_started" in line for line in found), found
    assert any("_resource_closers" in line for line in found), found
    planted = ast.parse("class Handler(WSGIHandler):\n    def f(self):\n        return self._middleware_chain\n")
    planted.body.insert(0, ast.parse("from django.core.handlers.wsgi import WSGIHandler").body[0])
    assert private_django_accesses("planted", planted) == ["planted:3: self._middleware_chain"]
    own = ast.parse("class Conf:\n    def f(self):\n        self._patterns = []\n        return self._patterns\n")
    assert private_django_accesses("own", own) == []  # an own class's own attribute, not Django's


def test_internals_is_the_bottom_layer():
    imported = {name for name, _late, _line in imports(INTERNALS, modules()[INTERNALS])}
    assert not {name for name in imported if name.startswith("flaskcompat")}


def test_no_import_cycle_at_module_level():
    graph = internal_imports(late=False)
    assert "flaskcompat.handlers" in graph  # the graph is built: handlers imports wrappers
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_imports_inside_functions_are_documented():
    late = {(module, target) for module, targets in internal_imports(late=True).items() for target in targets}
    assert late - LATE_IMPORTS.keys() == set(), "undocumented: add the reason to LATE_IMPORTS, or import at the top"
    assert LATE_IMPORTS.keys() - late == set(), "stale entries in LATE_IMPORTS"


def test_optional_extensions_are_imported_only_where_they_are_used():
    for module, tree in modules().items():
        for name, late, line in imports(module, tree):
            top = name.split(".")[0]
            if not late and top in OPTIONAL_IMPORTS:
                assert module in OPTIONAL_IMPORTS[top], f"{module}:{line} imports {name} at module level"
