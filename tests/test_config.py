"""flaskcompat.config against flask.config: same operations, same results."""

from __future__ import annotations

import json
import os
import textwrap
import tomllib
from datetime import timedelta

import flask
import flask.config
import pytest

from flaskcompat.config import DEFAULT_CONFIG, Config, ConfigAttribute, import_string


@pytest.fixture
def pair(tmp_path):
    """(flask.Config, our Config) sharing a root path and defaults."""
    defaults = {"DEFAULT": 1, "lower": 2}
    return flask.Config(tmp_path, defaults), Config(tmp_path, defaults)


def _same(theirs, ours):
    assert dict(ours) == dict(theirs)
    assert type(ours).__mro__[1] is dict


def test_default_config_matches_flask():
    assert dict(DEFAULT_CONFIG) == dict(flask.Flask.default_config)
    assert list(DEFAULT_CONFIG) == list(flask.Flask.default_config)
    assert DEFAULT_CONFIG["PERMANENT_SESSION_LIFETIME"] == timedelta(days=31)
    with pytest.raises(TypeError):
        DEFAULT_CONFIG["DEBUG"] = True  # read-only, apps copy it


def test_init_and_repr(tmp_path):
    for defaults in (None, {}, {"A": 1}):
        theirs, ours = flask.Config(tmp_path, defaults), Config(tmp_path, defaults)
        _same(theirs, ours)
        assert repr(ours) == repr(theirs)
        assert ours.root_path == theirs.root_path
    # defaults are copied, not aliased.
    defaults = {"A": 1}
    cfg = Config(tmp_path, defaults)
    cfg["A"] = 2
    assert defaults == {"A": 1}

    class Sub(Config):
        pass

    assert repr(Sub(tmp_path, {"X": 1})) == "<Sub {'X': 1}>"


def test_from_mapping(pair):
    theirs, ours = pair
    mapping = {"KEY": 1, "lower": 2, "Mixed": 3, "UP_2": 4}
    assert ours.from_mapping(mapping, EXTRA=5, extra=6) == theirs.from_mapping(
        mapping, EXTRA=5, extra=6
    )
    _same(theirs, ours)
    assert ours.from_mapping() is True
    assert ours.from_mapping(None, ONLY=1) is True
    assert ours["ONLY"] == 1
    assert ours.from_mapping([("PAIRS", 1)]) is True  # anything dict() accepts
    assert ours["PAIRS"] == 1


def test_from_object_object_and_class(pair):
    theirs, ours = pair

    class Base:
        DEBUG = True
        SECRET_KEY = "s"
        lower = "ignored"
        _UNDERSCORED = "kept: str.isupper() is True for it"

    class Prod(Base):
        DEBUG = False
        EXTRA = [1, 2]

    for obj in (Base, Prod, Prod()):
        theirs.from_object(obj)
        ours.from_object(obj)
        _same(theirs, ours)


def test_from_object_import_string(pair, tmp_path, monkeypatch):
    theirs, ours = pair
    pkg = tmp_path / "cfgpkg_fc"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "settings.py").write_text(
        textwrap.dedent(
            """
            DEBUG = True
            NAME = "mod"
            helper = "ignored"

            class Prod:
                NAME = "prod"
                TESTING = True
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("cfgpkg_fc.settings", "cfgpkg_fc.settings.Prod", "cfgpkg_fc.settings:Prod"):
        theirs.from_object(name)
        ours.from_object(name)
        _same(theirs, ours)


@pytest.mark.parametrize(
    "name", ["no_such_module_fc", "json.no_such_attr", "no_such_pkg_fc.mod", "json:nope"]
)
def test_from_object_bad_import_string(pair, name):
    theirs, ours = pair
    with pytest.raises(ImportError) as their_err:
        theirs.from_object(name)
    with pytest.raises(ImportError) as our_err:
        ours.from_object(name)
    assert our_err.value.import_name == their_err.value.import_name
    assert type(our_err.value.exception) is type(their_err.value.exception)


def test_import_string():
    assert import_string("os.path") is os.path
    assert import_string("os.path:join") is os.path.join
    assert import_string("os.path.join") is os.path.join
    assert import_string("json") is json
    assert import_string("nope_fc_mod", silent=True) is None
    assert import_string("json.nope", silent=True) is None


def test_from_pyfile(pair, tmp_path):
    theirs, ours = pair
    (tmp_path / "conf.py").write_text(
        "import os\nDEBUG = True\nSECRET_KEY = 'dev'\nlower = 1\n"
        "HERE = __file__\nJOINED = os.path.basename(__file__)\n"
    )
    assert ours.from_pyfile("conf.py") == theirs.from_pyfile("conf.py") is True
    _same(theirs, ours)
    # Absolute paths ignore root_path.
    abs_path = str(tmp_path / "conf.py")
    assert Config("/elsewhere").from_pyfile(abs_path) is True
    # PathLike works too.
    assert Config(tmp_path).from_pyfile(tmp_path / "conf.py") is True


def _os_error(func, *args, **kwargs):
    with pytest.raises(OSError) as info:
        func(*args, **kwargs)
    return info.value


@pytest.mark.parametrize("method", ["from_pyfile", "from_file"])
def test_missing_files(pair, tmp_path, method):
    theirs, ours = pair
    (tmp_path / "afile").write_text("X = 1")
    extra = {"load": json.load} if method == "from_file" else {}
    names = ["missing.py", "", "afile/child.py"]  # ENOENT, EISDIR, ENOTDIR
    for name in names:
        their_exc = _os_error(getattr(theirs, method), name, **extra)
        our_exc = _os_error(getattr(ours, method), name, **extra)
        assert type(our_exc) is type(their_exc)
        assert str(our_exc) == str(their_exc)
        assert our_exc.strerror.startswith("Unable to load configuration file (")
        # silent=True: the same cases are quiet (or not) in both.
        try:
            their_rv = getattr(theirs, method)(name, silent=True, **extra)
        except OSError as e:
            their_rv = type(e)
        try:
            our_rv = getattr(ours, method)(name, silent=True, **extra)
        except OSError as e:
            our_rv = type(e)
        assert our_rv == their_rv


def test_from_pyfile_syntax_error_propagates(pair, tmp_path):
    theirs, ours = pair
    (tmp_path / "bad.py").write_text("X = (\n")
    with pytest.raises(SyntaxError):
        theirs.from_pyfile("bad.py", silent=True)
    with pytest.raises(SyntaxError):
        ours.from_pyfile("bad.py", silent=True)


def test_from_envvar(pair, tmp_path, monkeypatch):
    theirs, ours = pair
    monkeypatch.delenv("FC_TEST_SETTINGS", raising=False)
    with pytest.raises(RuntimeError) as their_err:
        theirs.from_envvar("FC_TEST_SETTINGS")
    with pytest.raises(RuntimeError) as our_err:
        ours.from_envvar("FC_TEST_SETTINGS")
    assert str(our_err.value) == str(their_err.value)
    assert ours.from_envvar("FC_TEST_SETTINGS", silent=True) is False

    monkeypatch.setenv("FC_TEST_SETTINGS", "")
    assert ours.from_envvar("FC_TEST_SETTINGS", silent=True) is False

    monkeypatch.setenv("FC_TEST_SETTINGS", "nothere.py")
    assert ours.from_envvar("FC_TEST_SETTINGS", silent=True) is False
    assert str(_os_error(ours.from_envvar, "FC_TEST_SETTINGS")) == str(
        _os_error(theirs.from_envvar, "FC_TEST_SETTINGS")
    )

    (tmp_path / "env.py").write_text("FROM_ENV = 'yes'\n")
    monkeypatch.setenv("FC_TEST_SETTINGS", str(tmp_path / "env.py"))
    assert ours.from_envvar("FC_TEST_SETTINGS") == theirs.from_envvar("FC_TEST_SETTINGS")
    _same(theirs, ours)


def test_from_file_json_and_toml(pair, tmp_path):
    theirs, ours = pair
    (tmp_path / "c.json").write_text(json.dumps({"A": 1, "b": 2, "NESTED": {"x": 1}}))
    (tmp_path / "c.toml").write_text('TOML_KEY = "v"\nlower = 1\n')
    assert ours.from_file("c.json", json.load) == theirs.from_file("c.json", json.load)
    assert ours.from_file("c.toml", tomllib.load, text=False) == theirs.from_file(
        "c.toml", tomllib.load, text=False
    )
    _same(theirs, ours)


def test_from_file_load_errors_propagate(pair, tmp_path):
    theirs, ours = pair
    (tmp_path / "bad.json").write_text("{nope")
    with pytest.raises(json.JSONDecodeError):
        theirs.from_file("bad.json", json.load, silent=True)
    with pytest.raises(json.JSONDecodeError):
        ours.from_file("bad.json", json.load, silent=True)


def _env(monkeypatch, values):
    for key in list(os.environ):
        if key.startswith(("FLASK_", "MYAPP_")):
            monkeypatch.delenv(key)
    for key, value in values.items():
        monkeypatch.setenv(key, value)


def test_from_prefixed_env(pair, monkeypatch):
    theirs, ours = pair
    _env(
        monkeypatch,
        {
            "FLASK_STRING": "value",
            "FLASK_INT": "42",
            "FLASK_FLOAT": "1.5",
            "FLASK_BOOL": "true",
            "FLASK_NULL": "null",
            "FLASK_LIST": "[1, 2]",
            "FLASK_DICT": '{"k": "v"}',
            "FLASK_DICT__k2": "2",
            "FLASK_NEW__inner__deep": "3",
            "FLASK_lower": "kept as is",
            "FLASKNOPE": "skipped",
            "MYAPP_OTHER": "1",
        },
    )
    assert ours.from_prefixed_env() == theirs.from_prefixed_env() is True
    _same(theirs, ours)
    assert ours["DICT"] == {"k": "v", "k2": 2}
    assert ours["NEW"] == {"inner": {"deep": 3}}


def test_from_prefixed_env_custom_prefix_and_loads(pair, monkeypatch):
    theirs, ours = pair
    _env(monkeypatch, {"MYAPP_A": "1", "MYAPP_B__C": "x", "FLASK_A": "no"})

    def loads(value):
        if value == "x":
            raise ValueError("kept as string")
        return int(value) * 10

    theirs.from_prefixed_env("MYAPP", loads=loads)
    ours.from_prefixed_env("MYAPP", loads=loads)
    _same(theirs, ours)
    assert ours["A"] == 10 and ours["B"] == {"C": "x"}


def test_from_prefixed_env_nested_into_existing(tmp_path, monkeypatch):
    defaults = {"EXISTING": {"keep": 1}}
    theirs = flask.Config(tmp_path, {"EXISTING": {"keep": 1}})
    ours = Config(tmp_path, defaults)
    _env(monkeypatch, {"FLASK_EXISTING__add": "2"})
    theirs.from_prefixed_env()
    ours.from_prefixed_env()
    _same(theirs, ours)


def test_from_prefixed_env_nested_into_non_dict(tmp_path, monkeypatch):
    _env(monkeypatch, {"FLASK_SCALAR__x": "1"})
    theirs = flask.Config(tmp_path, {"SCALAR": 5})
    ours = Config(tmp_path, {"SCALAR": 5})
    with pytest.raises(TypeError):
        theirs.from_prefixed_env()
    with pytest.raises(TypeError):
        ours.from_prefixed_env()


@pytest.mark.parametrize(
    "args",
    [
        ("IMAGE_STORE_",),
        ("IMAGE_STORE_", False),
        ("IMAGE_STORE_", True, False),
        ("IMAGE_STORE_", False, False),
        ("NOPE_",),
        ("",),
    ],
)
def test_get_namespace(tmp_path, args):
    values = {
        "IMAGE_STORE_TYPE": "fs",
        "IMAGE_STORE_PATH": "/var/app/images",
        "IMAGE_STORE_BASE_URL": "http://img.website.com",
        "IMAGE_OTHER": 1,
    }
    theirs, ours = flask.Config(tmp_path, values), Config(tmp_path, values)
    assert ours.get_namespace(*args) == theirs.get_namespace(*args)


def test_config_attribute():
    class App:
        debug = ConfigAttribute("DEBUG")
        lifetime = ConfigAttribute("PERMANENT_SESSION_LIFETIME", get_converter=lambda v: v * 2)

        def __init__(self):
            self.config = Config(".", DEFAULT_CONFIG)

    class FlaskLike:
        debug = flask.config.ConfigAttribute("DEBUG")
        lifetime = flask.config.ConfigAttribute(
            "PERMANENT_SESSION_LIFETIME", get_converter=lambda v: v * 2
        )

        def __init__(self):
            self.config = flask.Config(".", DEFAULT_CONFIG)

    ours, theirs = App(), FlaskLike()
    assert ours.debug is theirs.debug is None
    ours.debug = theirs.debug = True
    assert ours.config["DEBUG"] is theirs.config["DEBUG"] is True
    assert ours.lifetime == theirs.lifetime == timedelta(days=62)
    ours.lifetime = 3
    assert ours.config["PERMANENT_SESSION_LIFETIME"] == 3 and ours.lifetime == 6
    # Class access returns the descriptor itself.
    assert isinstance(App.debug, ConfigAttribute)
    assert App.debug.__name__ == "DEBUG"
    with pytest.raises(KeyError):
        type("X", (), {"a": ConfigAttribute("MISSING"), "config": {}})().a


def test_config_is_a_plain_dict_otherwise(tmp_path):
    cfg = Config(tmp_path)
    cfg.update(A=1)
    assert cfg == {"A": 1}
    assert isinstance(cfg, dict)
