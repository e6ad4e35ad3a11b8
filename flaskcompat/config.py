"""Flask's ``app.config``: a dict with loaders for files, objects and env.

Behaviour and error messages follow ``flask.config`` so that existing
configuration code (``from_pyfile``, ``from_prefixed_env`` ...) works
unchanged on flaskcompat.
"""

from __future__ import annotations

import errno
import importlib
import json
import os
import types
import typing as t
from datetime import timedelta

__all__ = ["Config", "ConfigAttribute", "DEFAULT_CONFIG", "ImportStringError", "import_string"]

T = t.TypeVar("T")

#: Flask 3.1's ``Flask.default_config``: every app's config starts as a copy.
DEFAULT_CONFIG: types.MappingProxyType[str, t.Any] = types.MappingProxyType(
    {
        "DEBUG": None,
        "TESTING": False,
        "PROPAGATE_EXCEPTIONS": None,
        "SECRET_KEY": None,
        "SECRET_KEY_FALLBACKS": None,
        "PERMANENT_SESSION_LIFETIME": timedelta(days=31),
        "USE_X_SENDFILE": False,
        "TRUSTED_HOSTS": None,
        "SERVER_NAME": None,
        "APPLICATION_ROOT": "/",
        "SESSION_COOKIE_NAME": "session",
        "SESSION_COOKIE_DOMAIN": None,
        "SESSION_COOKIE_PATH": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_PARTITIONED": False,
        "SESSION_COOKIE_SAMESITE": None,
        "SESSION_REFRESH_EACH_REQUEST": True,
        "MAX_CONTENT_LENGTH": None,
        "MAX_FORM_MEMORY_SIZE": 500_000,
        "MAX_FORM_PARTS": 1_000,
        "SEND_FILE_MAX_AGE_DEFAULT": None,
        "TRAP_BAD_REQUEST_ERRORS": None,
        "TRAP_HTTP_EXCEPTIONS": False,
        "EXPLAIN_TEMPLATE_LOADING": False,
        "PREFERRED_URL_SCHEME": "http",
        "TEMPLATES_AUTO_RELOAD": None,
        "MAX_COOKIE_SIZE": 4093,
        "PROVIDE_AUTOMATIC_OPTIONS": True,
    }
)


class ImportStringError(ImportError):
    """``import_string`` failed; keeps the name and the original error."""

    def __init__(self, import_name: str, exception: BaseException) -> None:
        self.import_name = import_name
        self.exception = exception
        super().__init__(
            f"import_string() failed for {import_name!r}."
            f" Original exception: {type(exception).__name__}: {exception}"
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__}({self.import_name!r}, {self.exception!r})>"


def import_string(import_name: str, silent: bool = False) -> t.Any:
    """Import ``pkg.module``, ``pkg.module.attr`` or ``pkg.module:attr``.

    Used by :meth:`Config.from_object` for string arguments, as Flask uses
    Werkzeug's helper of the same name.
    """
    dotted = import_name.replace(":", ".")
    try:
        try:
            return importlib.import_module(dotted)
        except ImportError:
            if "." not in dotted:
                raise
        module_name, attr = dotted.rsplit(".", 1)
        module = importlib.import_module(module_name)
        try:
            return getattr(module, attr)
        except AttributeError as e:
            raise ImportError(e) from None
    except ImportError as e:
        if silent:
            return None
        raise ImportStringError(dotted, e) from None


class ConfigAttribute(t.Generic[T]):
    """Descriptor forwarding an app attribute (``app.debug``, ...) to
    ``app.config[name]``, optionally converting on read."""

    def __init__(self, name: str, get_converter: t.Callable[[t.Any], T] | None = None) -> None:
        self.__name__ = name
        self.get_converter = get_converter

    def __get__(self, obj: t.Any, owner: type | None = None) -> t.Any:
        if obj is None:
            return self
        value = obj.config[self.__name__]
        if self.get_converter is not None:
            value = self.get_converter(value)
        return value

    def __set__(self, obj: t.Any, value: t.Any) -> None:
        obj.config[self.__name__] = value


class Config(dict):  # type: ignore[type-arg]
    """A dict that can be filled from Python files, objects, mappings,
    data files and prefixed environment variables. Only UPPERCASE keys are
    taken from objects, files and mappings, so helpers can live beside them.

    :param root_path: base for relative file names (the app's root path).
    :param defaults: initial values.
    """

    def __init__(
        self, root_path: str | os.PathLike[str], defaults: t.Mapping[str, t.Any] | None = None
    ) -> None:
        super().__init__(defaults or {})
        self.root_path = root_path

    def from_envvar(self, variable_name: str, silent: bool = False) -> bool:
        """Load the Python file named by environment variable ``variable_name``."""
        path = os.environ.get(variable_name)
        if not path:
            if silent:
                return False
            raise RuntimeError(
                f"The environment variable {variable_name!r} is not set"
                " and as such configuration could not be loaded. Set"
                " this variable and make it point to a configuration"
                " file"
            )
        return self.from_pyfile(path, silent=silent)

    def from_prefixed_env(
        self, prefix: str = "FLASK", *, loads: t.Callable[[str], t.Any] = json.loads
    ) -> bool:
        """Load ``PREFIX_*`` environment variables (sorted), dropping the
        prefix, parsing values with ``loads`` (kept as strings on failure);
        ``A__B`` sets ``self["A"]["B"]``, creating missing dicts."""
        head = f"{prefix}_"
        for env_key in sorted(os.environ):
            if not env_key.startswith(head):
                continue
            raw = os.environ[env_key]
            key = env_key[len(head):]
            try:
                value = loads(raw)
            except Exception:
                value = raw
            *parents, leaf = key.split("__")
            target: t.Any = self
            for part in parents:
                if part not in target:
                    target[part] = {}
                target = target[part]
            target[leaf] = value
        return True

    def from_pyfile(self, filename: str | os.PathLike[str], silent: bool = False) -> bool:
        """Execute a Python file (relative to ``root_path``) as a module and
        load its UPPERCASE globals."""
        filename = os.path.join(self.root_path, filename)
        module = types.ModuleType("config")
        module.__file__ = filename
        try:
            with open(filename, mode="rb") as fh:
                source = fh.read()
            exec(compile(source, filename, "exec"), module.__dict__)
        except OSError as e:
            if silent and e.errno in (errno.ENOENT, errno.EISDIR, errno.ENOTDIR):
                return False
            e.strerror = f"Unable to load configuration file ({e.strerror})"
            raise
        self.from_object(module)
        return True

    def from_object(self, obj: object | str) -> None:
        """Load the UPPERCASE attributes of an object, or of the object an
        import string names (``"pkg.settings"`` or ``"pkg.settings:Prod"``)."""
        if isinstance(obj, str):
            obj = import_string(obj)
        for key in dir(obj):
            if key.isupper():
                self[key] = getattr(obj, key)

    def from_file(
        self,
        filename: str | os.PathLike[str],
        load: t.Callable[[t.IO[t.Any]], t.Mapping[str, t.Any]],
        silent: bool = False,
        text: bool = True,
    ) -> bool:
        """Load a data file (JSON, TOML ...) through ``load(file)`` and
        :meth:`from_mapping`. ``text=False`` opens it in binary mode."""
        filename = os.path.join(self.root_path, filename)
        try:
            with open(filename, "r" if text else "rb") as fh:
                data = load(fh)
        except OSError as e:
            if silent and e.errno in (errno.ENOENT, errno.EISDIR):
                return False
            e.strerror = f"Unable to load configuration file ({e.strerror})"
            raise
        return self.from_mapping(data)

    def from_mapping(self, mapping: t.Mapping[str, t.Any] | None = None, **kwargs: t.Any) -> bool:
        """Like ``update`` but only for UPPERCASE keys. Always True."""
        merged: dict[str, t.Any] = {}
        if mapping is not None:
            merged.update(mapping)
        merged.update(kwargs)
        for key, value in merged.items():
            if key.isupper():
                self[key] = value
        return True

    def get_namespace(
        self, namespace: str, lowercase: bool = True, trim_namespace: bool = True
    ) -> dict[str, t.Any]:
        """Options starting with ``namespace`` as a new dict, e.g. to pass
        ``IMAGE_STORE_*`` as keyword arguments."""
        result = {}
        for key, value in self.items():
            if not key.startswith(namespace):
                continue
            new_key = key[len(namespace):] if trim_namespace else key
            if lowercase:
                new_key = new_key.lower()
            result[new_key] = value
        return result

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {dict.__repr__(self)}>"
