"""Differential tests: every structure is driven side by side with Werkzeug's.

Each case builds the same structure with ``werkzeug.datastructures`` and with
``flaskcompat.datastructures``, applies the same operation, and compares the
results, the raised exception (by class name and args) and the final state.
Werkzeug is only the oracle here; flaskcompat never imports it.
"""

import collections.abc as cabc
import copy
import io
import json
import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest
import werkzeug.datastructures as W
import werkzeug.http as wh
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

import flaskcompat.datastructures as F
from flaskcompat.exceptions import BadRequest

ROOT = Path(__file__).resolve().parent.parent


def norm(value):
    """Turn a result into plain data so both libraries' results compare."""
    if isinstance(value, (W.CombinedMultiDict, F.CombinedMultiDict)):
        return ("CombinedMultiDict", [norm(d) for d in value.dicts])
    if isinstance(value, (W.MultiDict, F.MultiDict)):
        return (type(value).__name__, list(value.items(multi=True)))
    if isinstance(value, (W.Headers, F.Headers)):
        return (type(value).__name__, list(value))
    if isinstance(value, (W.Accept, F.Accept)):
        return (type(value).__name__, list(value), value.provided)
    if isinstance(value, (W.FileStorage, F.FileStorage)):
        return ("FileStorage", repr(value))
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(norm(v) for v in value)
    if isinstance(value, (cabc.Iterator, cabc.KeysView, cabc.ValuesView, cabc.ItemsView)):
        return ("iter", [norm(v) for v in value])
    return value


def outcome(fn, *args):
    """Run ``fn``; return ("ok", result) or ("raises", class name, args)."""
    try:
        return ("ok", norm(fn(*args)))
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        return ("raises", type(exc).__name__, exc.args)


def assert_same(op, w_obj, f_obj, lib_args=True):
    w_args = (w_obj, W) if lib_args else (w_obj,)
    f_args = (f_obj, F) if lib_args else (f_obj,)
    assert outcome(op, *f_args) == outcome(op, *w_args)
    assert norm(f_obj) == norm(w_obj)


def test_missing_key_is_a_bad_request():
    with pytest.raises(KeyError) as info:
        F.MultiDict()["nope"]
    assert isinstance(info.value, BadRequest)
    with pytest.raises(BadRequest):
        F.Headers()["nope"]
    with pytest.raises(BadRequest):
        F.EnvironHeaders({})["nope"]


# -- MultiDict -----------------------------------------------------------------

MULTIDICT_INPUTS = [
    [],
    [("a", "1"), ("a", "2"), ("b", "3")],
    {"a": ["1", "2"], "b": "3", "c": (), "d": ("4",), "n": ["12", "x", "7"]},
    [("n", "10"), ("n", "abc"), ("a", "x"), ("n", "-3")],
    [(1, "int key"), ("a", None), ("b", "")],
    {"s": {"only"}, "e": []},
]


def _bad_type(value):
    raise TypeError("nope")


MULTIDICT_OPS = {
    "getitem": lambda d, L: d["a"],
    "getitem_missing": lambda d, L: d["missing"],
    "getitem_intkey": lambda d, L: d[1],
    "get": lambda d, L: d.get("a"),
    "get_default": lambda d, L: d.get("missing", "dflt"),
    "get_type": lambda d, L: d.get("n", type=int),
    "get_type_fail": lambda d, L: d.get("a", -1, type=int),
    "get_type_typeerror": lambda d, L: d.get("a", "d", type=_bad_type),
    "getlist": lambda d, L: d.getlist("a"),
    "getlist_type": lambda d, L: d.getlist("n", type=int),
    "getlist_typeerror": lambda d, L: d.getlist("a", type=_bad_type),
    "getlist_missing": lambda d, L: d.getlist("missing"),
    "getlist_is_copy": lambda d, L: d.getlist("a").append("x"),
    "setlist": lambda d, L: d.setlist("a", iter(["x", "y"])),
    "setlistdefault_new": lambda d, L: d.setlistdefault("new", ["1"]).append("2"),
    "setlistdefault_old": lambda d, L: d.setlistdefault("a", ["zz"]),
    "add": lambda d, L: d.add("a", "z"),
    "setitem": lambda d, L: d.__setitem__("a", "q"),
    "delitem": lambda d, L: d.__delitem__("a"),
    "to_dict": lambda d, L: d.to_dict(),
    "to_dict_lists": lambda d, L: d.to_dict(flat=False),
    "items": lambda d, L: d.items(),
    "items_multi": lambda d, L: d.items(multi=True),
    "lists": lambda d, L: d.lists(),
    "values": lambda d, L: d.values(),
    "listvalues": lambda d, L: d.listvalues(),
    "keys": lambda d, L: d.keys(),
    "iter": lambda d, L: list(d),
    "len": lambda d, L: len(d),
    "bool": lambda d, L: bool(d),
    "contains": lambda d, L: ("a" in d, "missing" in d),
    "pop": lambda d, L: d.pop("a"),
    "pop_missing": lambda d, L: d.pop("missing"),
    "pop_default": lambda d, L: d.pop("missing", 5),
    "poplist": lambda d, L: d.poplist("a"),
    "poplist_missing": lambda d, L: d.poplist("missing"),
    "popitem": lambda d, L: d.popitem(),
    "popitemlist": lambda d, L: d.popitemlist(),
    "setdefault_old": lambda d, L: d.setdefault("a", "v"),
    "setdefault_new": lambda d, L: d.setdefault("new", "v"),
    "setdefault_none": lambda d, L: d.setdefault("new"),
    "update_dict": lambda d, L: d.update({"a": ["u1", "u2"], "e": [], "z": "9"}),
    "update_pairs": lambda d, L: d.update([("a", "p"), ("q", "r")]),
    "update_multidict": lambda d, L: d.update(L.MultiDict([("a", "m"), ("a", "n")])),
    "clear": lambda d, L: d.clear(),
    "copy": lambda d, L: d.copy(),
    "copy_module": lambda d, L: copy.copy(d),
    "deepcopy": lambda d, L: d.deepcopy(),
    "deepcopy_module": lambda d, L: copy.deepcopy(d),
    "pickle": lambda d, L: pickle.loads(pickle.dumps(d)),
    "repr": lambda d, L: repr(d),
    "eq_self_copy": lambda d, L: d == d.copy(),
    "eq_dict_of_lists": lambda d, L: d == {"a": ["1", "2"], "b": ["3"]},
    "or": lambda d, L: d | {"a": "x", "y": ["1", "2"]},
    "or_nonmapping": lambda d, L: d.__or__([("a", "b")]),
    "ior": lambda d, L: d.__ior__([("b", "c")]),
    "dict": lambda d, L: dict(d),
    "json": lambda d, L: json.dumps(d, default=str),
    "fromkeys": lambda d, L: type(d).fromkeys(["a", "b"], "v"),
    "hash": lambda d, L: hash(d) == hash(type(d)(d.items(multi=True))),
}


@pytest.mark.parametrize("cls", ["MultiDict", "ImmutableMultiDict"])
@pytest.mark.parametrize("op", list(MULTIDICT_OPS.values()), ids=list(MULTIDICT_OPS))
@pytest.mark.parametrize("data", MULTIDICT_INPUTS, ids=range(len(MULTIDICT_INPUTS)))
def test_multidict_matches_werkzeug(cls, op, data):
    assert_same(op, getattr(W, cls)(data), getattr(F, cls)(data))


@pytest.mark.parametrize("data", MULTIDICT_INPUTS, ids=range(len(MULTIDICT_INPUTS)))
def test_multidict_copies_from_either_kind(data):
    assert norm(F.MultiDict(F.MultiDict(data))) == norm(W.MultiDict(W.MultiDict(data)))
    assert norm(F.MultiDict(F.ImmutableMultiDict(data))) == norm(
        W.MultiDict(W.ImmutableMultiDict(data))
    )


def test_multidict_from_django_multivaluedict_keeps_all_values():
    pairs = [("a", "1"), ("b", "2"), ("a", "3")]
    django_dict = MultiValueDict()
    for key, value in pairs:
        django_dict.appendlist(key, value)
    ours = F.MultiDict(django_dict)
    assert norm(ours) == norm(W.MultiDict(pairs))
    ours.update(django_dict)
    expected = W.MultiDict(pairs)
    expected.update(W.MultiDict(pairs))
    assert norm(ours) == norm(expected)
    # The original keeps its own lists.
    ours.add("a", "x")
    assert django_dict.getlist("a") == ["1", "3"]


def test_immutable_multidict_is_hashable_and_copy_is_mutable():
    frozen = F.ImmutableMultiDict([("a", "1"), ("a", "2")])
    assert hash(frozen) == hash(F.ImmutableMultiDict([("a", "1"), ("a", "2")]))
    assert {frozen: 1}[F.ImmutableMultiDict([("a", "1"), ("a", "2")])] == 1
    assert copy.copy(frozen) is frozen
    thawed = frozen.copy()
    thawed.add("b", "3")
    assert type(thawed) is F.MultiDict and "b" not in frozen


# -- CombinedMultiDict ---------------------------------------------------------

COMBINED_OPS = {
    "getitem": lambda d, L: d["a"],
    "getitem_second": lambda d, L: d["f"],
    "getitem_missing": lambda d, L: d["missing"],
    "get": lambda d, L: d.get("a"),
    "get_type_skips": lambda d, L: d.get("n", type=int),
    "get_missing": lambda d, L: d.get("missing", 0),
    "getlist": lambda d, L: d.getlist("a"),
    "getlist_type": lambda d, L: d.getlist("n", type=int),
    "keys": lambda d, L: sorted(d.keys()),
    "iter": lambda d, L: sorted(d),
    "len": lambda d, L: len(d),
    "contains": lambda d, L: ("f" in d, "missing" in d),
    "items": lambda d, L: sorted(d.items()),
    "items_multi": lambda d, L: d.items(multi=True),
    "values": lambda d, L: sorted(d.values()),
    "lists": lambda d, L: sorted(d.lists()),
    "listvalues": lambda d, L: sorted(d.listvalues()),
    "to_dict": lambda d, L: d.to_dict(),
    "to_dict_lists": lambda d, L: d.to_dict(flat=False),
    "copy": lambda d, L: d.copy(),
    "repr": lambda d, L: repr(d),
    "setitem": lambda d, L: d.__setitem__("a", "b"),
    "add": lambda d, L: d.add("a", "b"),
    "pop": lambda d, L: d.pop("a"),
    "update": lambda d, L: d.update({"a": "b"}),
    "setlist": lambda d, L: d.setlist("a", ["b"]),
    "fromkeys": lambda d, L: type(d).fromkeys(["a"]),
    "pickle": lambda d, L: pickle.loads(pickle.dumps(d)),
}


@pytest.mark.parametrize("op", list(COMBINED_OPS.values()), ids=list(COMBINED_OPS))
def test_combined_multidict_matches_werkzeug(op):
    def build(L):
        args = L.ImmutableMultiDict([("a", "1"), ("n", "x"), ("a", "2")])
        form = L.ImmutableMultiDict([("a", "3"), ("f", "4"), ("n", "5")])
        return L.CombinedMultiDict([args, form])

    assert_same(op, build(W), build(F))


def test_combined_multidict_is_a_live_view_and_compares_by_content():
    args, form = F.MultiDict([("a", "1")]), F.MultiDict()
    combined = F.CombinedMultiDict([args, form])
    form.add("b", "2")
    assert combined["b"] == "2" and len(combined) == 2
    assert combined == F.MultiDict([("a", "1"), ("b", "2")])
    assert combined != F.CombinedMultiDict([F.MultiDict([("z", "9")])])
    assert list(combined.keys()) == ["a", "b"]


# -- Headers -------------------------------------------------------------------

HEADER_INPUTS = [
    [],
    [("Content-Type", "text/html"), ("X-Foo", "1"), ("x-foo", "2"), ("Set-Cookie", "a=b")],
    {"X-Bar": ["1", "2"], "Accept": "text/plain", "X-Num": 42},
]

HEADER_OPS = {
    "getitem": lambda h, L: h["x-foo"],
    "getitem_missing": lambda h, L: h["missing"],
    "getitem_index": lambda h, L: h[0],
    "getitem_slice": lambda h, L: h[1:],
    "get": lambda h, L: h.get("CONTENT-TYPE"),
    "get_default": lambda h, L: h.get("missing", "d"),
    "get_type": lambda h, L: (h.get("x-foo", type=int), h.get("content-type", -1, type=int)),
    "getlist": lambda h, L: h.getlist("X-FOO"),
    "getlist_type": lambda h, L: h.getlist("x-foo", type=int),
    "get_typeerror": lambda h, L: h.get("x-foo", type=_bad_type),
    "getlist_typeerror": lambda h, L: h.getlist("x-foo", type=_bad_type),
    "get_all": lambda h, L: h.get_all("x-bar"),
    "items": lambda h, L: h.items(),
    "items_lower": lambda h, L: h.items(lower=True),
    "keys": lambda h, L: h.keys(),
    "keys_lower": lambda h, L: h.keys(lower=True),
    "values": lambda h, L: h.values(),
    "iter": lambda h, L: list(h),
    "len": lambda h, L: len(h),
    "contains": lambda h, L: ("x-FOO" in h, "nope" in h),
    "add": lambda h, L: h.add("X-Foo", "3"),
    "add_int": lambda h, L: h.add("X-Num", 7),
    "add_options": lambda h, L: h.add("Content-Disposition", "attachment", filename="foo.txt"),
    "add_options_quoted": lambda h, L: h.add(
        "Content-Disposition", "attachment", filename='a "b".txt', size=None, x_y="z"
    ),
    "add_options_star": lambda h, L: h.add(
        "Content-Disposition", "attachment", filename_star="UTF-8''%C3%A9.txt"
    ),
    "add_newline": lambda h, L: h.add("X-Evil", "a\r\nSet-Cookie: x"),
    "add_header": lambda h, L: h.add_header("X-Other", "v", charset="utf-8"),
    "set_existing": lambda h, L: h.set("X-FOO", "new"),
    "set_new": lambda h, L: h.set("X-New", "new"),
    "set_options": lambda h, L: h.set("Content-Type", "text/plain", charset="utf-8"),
    "set_newline": lambda h, L: h.set("X-Foo", "a\nb"),
    "setitem": lambda h, L: h.__setitem__("x-foo", "s"),
    "setitem_index": lambda h, L: h.__setitem__(0, ("X-Zero", 0)),
    "setitem_slice": lambda h, L: h.__setitem__(slice(0, 1), [("A", "1"), ("B", 2)]),
    "setdefault_old": lambda h, L: h.setdefault("x-foo", "d"),
    "setdefault_new": lambda h, L: h.setdefault("X-Default", "d"),
    "setlist": lambda h, L: h.setlist("X-Foo", ["l1", "l2"]),
    "setlist_empty": lambda h, L: h.setlist("X-Foo", []),
    "setlistdefault": lambda h, L: h.setlistdefault("X-List", ["l1", "l2"]),
    "extend": lambda h, L: h.extend({"X-Foo": ["e1", "e2"]}, X_Kw="k"),
    "extend_headers": lambda h, L: h.extend(L.Headers([("A", "1")])),
    "update_mapping": lambda h, L: h.update({"X-Foo": ["u1", "u2"], "Accept": "*/*"}),
    "update_pairs": lambda h, L: h.update([("x-foo", "p"), ("Y", "q")]),
    "update_headers": lambda h, L: h.update(L.Headers([("X-Foo", "h1"), ("X-Foo", "h2")])),
    "update_multidict": lambda h, L: h.update(L.MultiDict([("X-Foo", "m")])),
    "update_kwargs": lambda h, L: h.update(X_Kw=["1", "2"], Other="o"),
    "remove": lambda h, L: h.remove("x-foo"),
    "delitem": lambda h, L: h.__delitem__("X-FOO"),
    "delitem_index": lambda h, L: h.__delitem__(0),
    "pop_key": lambda h, L: h.pop("x-foo"),
    "pop_missing": lambda h, L: h.pop("missing"),
    "pop_default": lambda h, L: h.pop("missing", "d"),
    "pop_last": lambda h, L: h.pop(),
    "pop_index": lambda h, L: h.pop(0),
    "popitem": lambda h, L: h.popitem(),
    "clear": lambda h, L: h.clear(),
    "to_wsgi_list": lambda h, L: h.to_wsgi_list(),
    "copy": lambda h, L: h.copy(),
    "copy_module": lambda h, L: copy.copy(h),
    "str": lambda h, L: str(h),
    "repr": lambda h, L: repr(h),
    "eq": lambda h, L: (h == h.copy(), h == L.Headers([("X", "y")]), h == [("X", "y")]),
    "eq_reordered_case": lambda h, L: h == L.Headers([(k.upper(), v) for k, v in reversed(h)]),
    "or": lambda h, L: h | {"X-Foo": "o"},
    "ior": lambda h, L: h.__ior__([("X-Foo", "i")]),
    "hash": lambda h, L: hash(h),
}


@pytest.mark.parametrize("op", list(HEADER_OPS.values()), ids=list(HEADER_OPS))
@pytest.mark.parametrize("data", HEADER_INPUTS, ids=range(len(HEADER_INPUTS)))
def test_headers_match_werkzeug(op, data):
    assert_same(op, W.Headers(data), F.Headers(data))


def test_headers_from_django_multivaluedict():
    django_dict = MultiValueDict({"X-A": ["1", "2"]})
    assert list(F.Headers(django_dict)) == [("X-A", "1"), ("X-A", "2")]
    headers = F.Headers([("X-A", "0")])
    headers.update(django_dict)
    assert list(headers) == [("X-A", "1"), ("X-A", "2")]


# -- EnvironHeaders ------------------------------------------------------------

ENVIRONS = [
    {},
    {
        "HTTP_HOST": "example.com",
        "HTTP_X_FORWARDED_FOR": "1.2.3.4",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": "12",
        "HTTP_CONTENT_TYPE": "ignored/dup",
        "REQUEST_METHOD": "GET",
        "wsgi.version": (1, 0),
        "HTTP_ACCEPT": "",
    },
    {"CONTENT_TYPE": "", "CONTENT_LENGTH": "", "HTTP_X_EMPTY": "", "HTTP_": "odd"},
]

ENVIRON_OPS = {
    "getitem": lambda h: h["Host"],
    "getitem_content_type": lambda h: h["content-type"],
    "getitem_nonstr": lambda h: h[0],
    "get": lambda h: (h.get("x-forwarded-for"), h.get("CONTENT_LENGTH"), h.get("nope", 1)),
    "get_type": lambda h: h.get("Content-Length", type=int),
    "getlist": lambda h: h.getlist("host"),
    "contains": lambda h: ("host" in h, "Content-Type" in h, "nope" in h),
    "iter": lambda h: list(h),
    "len": lambda h: len(h),
    "items_lower": lambda h: h.items(lower=True),
    "keys": lambda h: h.keys(),
    "values": lambda h: h.values(),
    "to_wsgi_list": lambda h: h.to_wsgi_list(),
    "str": lambda h: str(h),
    "repr": lambda h: repr(h),
    "eq": lambda h: (h == h, h == type(h)(dict(h.environ))),
    "copy": lambda h: h.copy(),
    "or": lambda h: h | {"a": "b"},
    "add": lambda h: h.add("X", "y"),
    "set": lambda h: h.set("X", "y"),
    "setitem": lambda h: h.__setitem__("X", "y"),
    "delitem": lambda h: h.__delitem__("Host"),
    "remove": lambda h: h.remove("Host"),
    "pop": lambda h: h.pop("Host"),
    "popitem": lambda h: h.popitem(),
    "extend": lambda h: h.extend({"X": "y"}),
    "update": lambda h: h.update({"X": "y"}),
    "setdefault": lambda h: h.setdefault("X", "y"),
    "setlist": lambda h: h.setlist("X", ["y"]),
}


@pytest.mark.parametrize("op", list(ENVIRON_OPS.values()), ids=list(ENVIRON_OPS))
@pytest.mark.parametrize("environ", ENVIRONS, ids=range(len(ENVIRONS)))
def test_environ_headers_match_werkzeug(op, environ):
    theirs, ours = outcome(op, W.EnvironHeaders(environ)), outcome(op, F.EnvironHeaders(environ))
    if theirs[0] == "raises" and theirs[1] == "KeyError":
        # Werkzeug leaks the environ's plain KeyError; ours is the documented
        # BadRequestKeyError (still a KeyError), naming the header asked for.
        assert ours[:2] == ("raises", "BadRequestKeyError")
    else:
        assert ours == theirs


def test_environ_headers_are_live_and_read_only():
    meta = {"HTTP_X_A": "1"}
    headers = F.EnvironHeaders(meta)
    meta["HTTP_X_B"] = "2"
    assert list(headers) == [("X-A", "1"), ("X-B", "2")]
    assert isinstance(headers, F.Headers)
    with pytest.raises(TypeError, match="'EnvironHeaders' objects are immutable"):
        headers.clear()


# -- header value syntax -------------------------------------------------------

HEADER_VALUES = [
    "",
    "text/html",
    "text/html; charset=UTF-8",
    "text/HTML ; Charset = utf-8",
    'form-data; name="file"; filename="a \\"b\\".txt"',
    'form-data; name="file"; filename="C:\\\\dir\\\\x.txt"',
    'attachment; filename="%22quoted%22.txt"',
    "attachment; filename*=UTF-8''%C3%A9t%C3%A9.txt",
    "attachment; filename*=iso-8859-1'en'%E9t%E9.txt",
    "attachment; filename*=latin9''%E9.txt; other*=''x%20y",
    "attachment; filename*0*=UTF-8''a%20; filename*1=b; filename*2=\"c d\"",
    "attachment; filename*0*=UTF-8''a%20; filename*1*=%C3%A9",
    "x; a*=UTF-8''%C3%A9; b*=''%C3%A9",
    "x; a*=latin9''%E9; b*=''%E9; c*=%E9",
    "x; a*=us-ascii'en'%41; b*=ISO-8859-1''%E9",
    'a; b="unclosed; c=d',
    "a; =x; b; c=; d=1",
    "a;b=1;b=2",
    ";x=1",
    "a, b, c",
    'a, "b, c", d',
    'token, "quoted value", , ,',
    '"unclosed, x',
    'a="\\\\", b="\\"", c',
    "a=b, c=\"d, e\", f",
    "key*=UTF-8''%E2%82%AC, other=plain",
    "text/html;level=1;q=0.5, */*;q=0.1, text/*",
    "x; y=\"a\\b\"",
    "max-age=0, no-cache, private=\"set-cookie\"",
    "no-store, max-age=abc, s-maxage=10, stale-while-revalidate=5",
    "  spaced ;  k =  v  ",
]

FUZZ_ALPHABET = 'ab=;,"\\ *\'%2A0é\t/'


def fuzz_values(seed, count):
    rng = random.Random(seed)
    return ["".join(rng.choices(FUZZ_ALPHABET, k=rng.randrange(24))) for _ in range(count)]


SYNTAX_FUNCTIONS = [
    "parse_options_header",
    "parse_list_header",
    "parse_dict_header",
    "unquote_header_value",
    "quote_header_value",
]


@pytest.mark.parametrize("name", SYNTAX_FUNCTIONS)
def test_header_syntax_matches_werkzeug(name):
    ours, theirs = getattr(F, name), getattr(wh, name)
    for value in HEADER_VALUES + fuzz_values(seed=name, count=3000):
        assert outcome(ours, value) == outcome(theirs, value), value


@pytest.mark.parametrize(
    "header, options",
    [
        ("text/html", {}),
        ("text/html", {"charset": "utf-8"}),
        ("attachment", {"filename": "a b.txt", "skip": None, "n": 5}),
        ("attachment", {"filename*": "UTF-8''%C3%A9", "q": ""}),
        (None, {"a": 'x"y\\z'}),
    ],
)
def test_dump_options_header_matches_werkzeug(header, options):
    assert F.dump_options_header(header, options) == wh.dump_options_header(header, options)


@pytest.mark.parametrize(
    "value",
    [["a", "b c", ""], {"a": None, "b": "x y", "c*": "raw", "d": 1}, [], {}],
)
def test_dump_header_matches_werkzeug(value):
    assert F.dump_header(value) == wh.dump_header(value)


def test_quote_header_value_without_token():
    for value in ["abc", "a b", 'a"b', ""]:
        assert F.quote_header_value(value, allow_token=False) == wh.quote_header_value(
            value, allow_token=False
        )


# -- Accept --------------------------------------------------------------------

ACCEPT_HEADERS = [
    None,
    "",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "application/json",
    "text/*;q=0.5, text/html;level=1, text/html;q=0.7, */*;q=0.1",
    "image/png;q=0, */*",
    "text/html;q=2, text/plain;q=abc, application/json;q=0.123",
    "*/*",
    "application/xml",
    "text/plain; charset=utf-8; q=0.4, TEXT/PLAIN",
    "en-US,en;q=0.9,de-DE;q=0.5",
    "da, en-gb;q=0.8, en;q=0.7, *;q=0.1",
    "utf-8, iso-8859-1;q=0.5, UTF8;q=0.2, *;q=0.1",
    "foo",
]

MIME_OFFERS = [
    ["text/html", "application/json"],
    ["application/json", "text/html"],
    ["text/plain", "text/html;level=1"],
    ["image/png"],
    ["*/*"],
    ["application/xml"],
    [],
]

ACCEPT_OPS = {
    "list": lambda a: list(a),
    "provided": lambda a: a.provided,
    "best": lambda a: a.best,
    "values": lambda a: a.values(),
    "to_header": lambda a: a.to_header(),
    "str": lambda a: str(a),
    "repr": lambda a: repr(a),
    "bool": lambda a: bool(a),
    "index_int": lambda a: a[0],
    "slice": lambda a: a[1:],
    "hash": lambda a: hash(a) == hash(tuple(a)),
    "pickle": lambda a: list(pickle.loads(pickle.dumps(a))),
    "append": lambda a: a.append(("x", 1)),
    "sort": lambda a: a.sort(),
    "setitem": lambda a: a.__setitem__(0, ("x", 1)),
}

MIME_QUERIES = [
    "text/html",
    "application/json",
    "image/png",
    "TEXT/HTML",
    "text/plain;charset=utf-8",
    "*/*",
    "text/*",
    "plain",
    "*/html",
]
LANG_QUERIES = ["en", "en-us", "en_US", "de", "fr", "*"]
CHARSET_QUERIES = ["utf-8", "UTF8", "latin1", "ascii", "nosuch"]


@pytest.mark.parametrize("cls", ["Accept", "MIMEAccept", "LanguageAccept", "CharsetAccept"])
@pytest.mark.parametrize("header", ACCEPT_HEADERS)
def test_accept_matches_werkzeug(cls, header):
    theirs = wh.parse_accept_header(header, getattr(W, cls))
    ours = F.parse_accept_header(header, getattr(F, cls))
    for name, op in ACCEPT_OPS.items():
        assert outcome(op, ours) == outcome(op, theirs), name
    queries = {"MIMEAccept": MIME_QUERIES, "LanguageAccept": LANG_QUERIES}.get(
        cls, CHARSET_QUERIES
    )
    for query in queries:
        for op in (lambda a: a.quality(query), lambda a: a[query], lambda a: query in a,
                   lambda a: a.index(query), lambda a: a.find(query)):
            assert outcome(op, ours) == outcome(op, theirs), query
    offers = [queries, queries[::-1], ["en-GB", "de-AT"], []]
    if cls == "MIMEAccept":
        offers = MIME_OFFERS
    for offer in offers:
        for op in (lambda a: a.best_match(offer), lambda a: a.best_match(offer, default="dflt")):
            assert outcome(op, ours) == outcome(op, theirs), offer
    if cls == "MIMEAccept":
        for prop in ("accept_html", "accept_xhtml", "accept_json"):
            assert getattr(ours, prop) == getattr(theirs, prop), prop


def test_accept_from_pairs_keeps_order_of_equals():
    pairs = [("b", 1), ("a", 1), ("*", 1), ("c", 0.5)]
    assert list(F.Accept(pairs)) == list(W.Accept(pairs))
    assert list(F.MIMEAccept([("text/*", 1), ("text/html", 1)])) == list(
        W.MIMEAccept([("text/*", 1), ("text/html", 1)])
    )


# -- Cache-Control -------------------------------------------------------------

CACHE_HEADERS = [
    None,
    "",
    "no-cache",
    "max-age=3600, public",
    "private, max-age=0, must-revalidate, no-store",
    'private="Set-Cookie", no-cache="x", s-maxage=abc',
    "max-stale, min-fresh=5, only-if-cached, no-transform",
    "max-stale=10, stale-if-error=60, stale-while-revalidate=30, immutable, must-understand",
    "max-age, proxy-revalidate",
]

REQUEST_CC_ATTRS = [
    "no_cache",
    "no_store",
    "max_age",
    "max_stale",
    "min_fresh",
    "no_transform",
    "only_if_cached",
    "stale_if_error",
]
RESPONSE_CC_ATTRS = [
    "no_cache",
    "no_store",
    "max_age",
    "no_transform",
    "public",
    "private",
    "must_revalidate",
    "proxy_revalidate",
    "s_maxage",
    "immutable",
    "must_understand",
    "stale_while_revalidate",
    "stale_if_error",
]


@pytest.mark.parametrize("header", CACHE_HEADERS)
def test_request_cache_control_matches_werkzeug(header):
    theirs = wh.parse_cache_control_header(header)
    ours = F.parse_cache_control_header(header)
    assert type(ours) is F.RequestCacheControl
    for attr in REQUEST_CC_ATTRS:
        assert getattr(ours, attr) == getattr(theirs, attr), attr
    ops = [
        dict,
        str,
        repr,
        lambda c: c.provided,
        lambda c: c.to_header(),
        lambda c: setattr(c, "max_age", 5),
        lambda c: c.__setitem__("a", None),
        lambda c: c.pop("max-age"),
        lambda c: delattr(c, "max_age"),
        lambda c: hash(c) == hash(copy.copy(c)),
        lambda c: dict(pickle.loads(pickle.dumps(c))),
    ]
    for op in ops:
        assert outcome(op, ours) == outcome(op, theirs)


RESPONSE_CC_SETS = [
    ("max_age", 60), ("max_age", "120"), ("max_age", None), ("max_age", False), ("max_age", True),
    ("no_cache", True), ("no_cache", "Set-Cookie"), ("no_cache", False),
    ("public", True), ("public", False), ("private", True), ("private", "x y"),
    ("immutable", True), ("s_maxage", 10), ("must_revalidate", 1), ("stale_while_revalidate", "5"),
    ("max_age", "abc"),
]


@pytest.mark.parametrize("header", CACHE_HEADERS)
def test_response_cache_control_matches_werkzeug(header):
    theirs_updates, ours_updates = [], []
    theirs = wh.parse_cache_control_header(
        header, lambda c: theirs_updates.append(str(c)), W.ResponseCacheControl
    )
    ours = F.parse_cache_control_header(
        header, lambda c: ours_updates.append(str(c)), F.ResponseCacheControl
    )
    for attr in RESPONSE_CC_ATTRS:
        assert getattr(ours, attr) == getattr(theirs, attr), attr
    for attr, value in RESPONSE_CC_SETS:
        assert outcome(setattr, ours, attr, value) == outcome(setattr, theirs, attr, value)
        assert (getattr(ours, attr), dict(ours)) == (getattr(theirs, attr), dict(theirs))
    for attr in ("max_age", "public", "private"):
        delattr(ours, attr)
        delattr(theirs, attr)
    assert (str(ours), repr(ours)) == (str(theirs), repr(theirs))
    assert ours_updates == theirs_updates


# -- Authorization / WWW-Authenticate -----------------------------------------

AUTH_HEADERS = [
    None,
    "",
    "Basic dXNlcjpwYXNz",
    "basic dXNlcjpwYTpzcw==",
    "Basic dXNlcg==",
    "Basic !!notbase64",
    "Basic //79",
    "Bearer abc.def-ghi",
    "Bearer token==",
    "Bearer",
    'Digest username="u", realm="r, x", nonce=abc, uri="/", response="h", qop=auth, nc=1',
    "Token a=b",
    "Custom  spaced   ",
]


@pytest.mark.parametrize("header", AUTH_HEADERS)
def test_authorization_matches_werkzeug(header):
    theirs, ours = W.Authorization.from_header(header), F.Authorization.from_header(header)
    assert (ours is None) == (theirs is None)
    if ours is None:
        return
    for op in (lambda a: a.type, lambda a: a.parameters, lambda a: a.token, lambda a: a.username,
               lambda a: a.password, lambda a: a.get("realm", "d"), lambda a: a["nonce"],
               lambda a: "username" in a, lambda a: a.to_header(), str, repr):
        assert outcome(op, ours) == outcome(op, theirs)
    assert ours == F.Authorization(theirs.type, theirs.parameters, theirs.token)


def test_authorization_is_not_mistaken_for_markup():
    auth = F.Authorization.from_header("Bearer x")
    assert not hasattr(auth, "__html__")
    assert copy.copy(auth) == auth


WWW_AUTH_HEADERS = [
    None,
    "Basic realm=\"Login Required\"",
    'Digest realm="r", nonce=abc, qop="auth,auth-int", opaque=o, algorithm=MD5, stale=FALSE',
    "Bearer",
    "Bearer abc",
    'Bearer realm="example", error="invalid_token", error_description="The token expired"',
]


@pytest.mark.parametrize("header", WWW_AUTH_HEADERS)
def test_www_authenticate_matches_werkzeug(header):
    theirs, ours = W.WWWAuthenticate.from_header(header), F.WWWAuthenticate.from_header(header)
    assert (ours is None) == (theirs is None)
    if ours is None:
        return
    for op in (lambda a: a.type, lambda a: dict(a.parameters), lambda a: a.token, lambda a: a.realm,
               lambda a: a["nonce"], lambda a: a.get("qop"), lambda a: "realm" in a, str, repr):
        assert outcome(op, ours) == outcome(op, theirs)
    for target in (ours, theirs):
        target["realm"] = "new realm"
        target.charset = "UTF-8"
        del target["nonce"]
        target["missing"] = None
    assert ours.to_header() == theirs.to_header()
    assert dict(ours.parameters) == dict(theirs.parameters)


def test_www_authenticate_reports_changes_and_sets_type_and_token():
    seen = []
    auth = F.WWWAuthenticate(
        "basic", {"realm": "a"}, on_update=lambda a: seen.append(a.to_header())
    )
    auth.realm = "b"
    auth.type = "bearer"
    auth.token = "t"
    assert auth.parameters == {"realm": "b"}
    assert seen == ["Basic realm=b", "Bearer realm=b", "Bearer t"]
    digest = F.WWWAuthenticate("digest", {"realm": "r", "nonce": "n", "algorithm": "MD5"})
    theirs = W.WWWAuthenticate("digest", {"realm": "r", "nonce": "n", "algorithm": "MD5"})
    assert digest.to_header() == theirs.to_header()


# -- ETags ---------------------------------------------------------------------

ETAG_HEADERS = [
    None,
    "",
    '"abc"',
    '"abc", W/"def", "ghi"',
    'w/"weak", unquoted, "x"',
    "*",
    '"a", *',
    '"", W/""',
    '  "spaced"  ,  W/"w"  ',
]


@pytest.mark.parametrize("header", ETAG_HEADERS)
def test_etags_match_werkzeug(header):
    theirs, ours = wh.parse_etags(header), F.parse_etags(header)
    for op in (lambda e: e.as_set(), lambda e: e.as_set(include_weak=True), bool, len,
               lambda e: sorted(e, key=str), str, repr, lambda e: e.star_tag,
               lambda e: e(data=b"hello"), lambda e: e()):
        assert outcome(op, ours) == outcome(op, theirs)
    tags = ["abc", "def", "weak", "x", "unquoted", "nope", '"abc"', 'W/"def"', 'W/"abc"', ""]
    for tag in tags:
        for op in (lambda e: tag in e, lambda e: e.contains_weak(tag), lambda e: e.is_weak(tag),
                   lambda e: e.is_strong(tag), lambda e: e.contains_raw(tag),
                   lambda e: e(tag), lambda e: e(tag, include_weak=True)):
            assert outcome(op, ours) == outcome(op, theirs), tag


@pytest.mark.parametrize("tag", ["abc", "", 'a"b', "W/x"])
@pytest.mark.parametrize("weak", [False, True])
def test_quote_etag_matches_werkzeug(tag, weak):
    assert outcome(F.quote_etag, tag, weak) == outcome(wh.quote_etag, tag, weak)
    quoted = wh.quote_etag(tag.replace('"', ""), weak)
    assert F.unquote_etag(quoted) == wh.unquote_etag(quoted)
    assert F.unquote_etag(tag) == wh.unquote_etag(tag)


# -- FileStorage ---------------------------------------------------------------

FILE_KWARGS = [
    {},
    {"filename": "report.pdf", "name": "upload", "content_type": "application/pdf"},
    {"filename": "", "name": "empty"},
    {
        "filename": "a.txt",
        "content_type": "Text/Plain; Charset=UTF-8; format=flowed",
        "content_length": 5,
    },
    {"filename": b"bytes-name.bin", "content_length": "x"},
    {"content_type": "text/csv", "headers": [("X-Part", "1")]},
]

FILE_OPS = {
    "filename": lambda f: f.filename,
    "name": lambda f: f.name,
    "content_type": lambda f: f.content_type,
    "content_length": lambda f: f.content_length,
    "mimetype": lambda f: f.mimetype,
    "mimetype_params": lambda f: f.mimetype_params,
    "headers": lambda f: list(f.headers),
    "bool": bool,
    "repr": repr,
    "read": lambda f: f.read(),
    "seek_tell": lambda f: (f.read(3), f.seek(1), f.tell(), f.read()),
    "iter": lambda f: list(f),
    "readline": lambda f: f.readline(),
    "missing_attr": lambda f: f.no_such_attribute,
}


def _file_kwargs(kwargs, L):
    kwargs = dict(kwargs)
    if "headers" in kwargs:
        kwargs["headers"] = L.Headers(kwargs["headers"])
    return kwargs


@pytest.mark.parametrize("op", list(FILE_OPS.values()), ids=list(FILE_OPS))
@pytest.mark.parametrize("kwargs", FILE_KWARGS, ids=range(len(FILE_KWARGS)))
def test_file_storage_matches_werkzeug(op, kwargs):
    data = b"line one\nline two\n"
    theirs = W.FileStorage(io.BytesIO(data), **_file_kwargs(kwargs, W))
    ours = F.FileStorage(io.BytesIO(data), **_file_kwargs(kwargs, F))
    assert outcome(op, ours) == outcome(op, theirs)


def test_file_storage_takes_the_name_of_a_real_file(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(b"xyz")
    for opened in (open(path, "rb"), io.BytesIO(b"")):
        with opened as stream:
            assert F.FileStorage(stream).filename == W.FileStorage(stream).filename
    assert F.FileStorage().read() == b"" and F.FileStorage().filename is None


@pytest.mark.parametrize("as_path", [str, lambda p: p])
def test_file_storage_save_to_path(tmp_path, as_path):
    data = bytes(range(256)) * 200
    ours = F.FileStorage(io.BytesIO(data), filename="x.bin")
    ours.save(as_path(tmp_path / "ours.bin"), buffer_size=1000)
    theirs = W.FileStorage(io.BytesIO(data), filename="x.bin")
    theirs.save(as_path(tmp_path / "theirs.bin"), buffer_size=1000)
    assert (tmp_path / "ours.bin").read_bytes() == (tmp_path / "theirs.bin").read_bytes() == data


def test_file_storage_save_to_file_object_leaves_it_open():
    target = io.BytesIO()
    F.FileStorage(io.BytesIO(b"payload")).save(target)
    assert not target.closed and target.getvalue() == b"payload"


def test_file_storage_close_ignores_errors():
    class Unclosable(io.BytesIO):
        def close(self):
            raise OSError("no")

    F.FileStorage(Unclosable(b"x")).close()
    stream = io.BytesIO(b"x")
    F.FileStorage(stream).close()
    assert stream.closed


DJANGO_FILE_OPS = {name: op for name, op in FILE_OPS.items() if name != "missing_attr"}


@pytest.mark.parametrize("op", list(DJANGO_FILE_OPS.values()), ids=list(DJANGO_FILE_OPS))
def test_file_storage_wraps_a_django_upload(op):
    upload = SimpleUploadedFile("notes.txt", b"hello\nworld\n", content_type="text/plain")
    upload.content_type_extra = {"charset": "utf-8"}
    ours = F.FileStorage(upload, name="notes")
    theirs = W.FileStorage(
        io.BytesIO(b"hello\nworld\n"),
        filename="notes.txt",
        name="notes",
        content_type="text/plain; charset=utf-8",
    )
    assert outcome(op, ours) == outcome(op, theirs)


def test_file_storage_reaches_django_upload_attributes():
    ours = F.FileStorage(SimpleUploadedFile("a.txt", b"12345"))
    assert ours.size == 5 and b"".join(ours.chunks()) == b"12345"
    assert ours.content_type == "text/plain"


def test_file_storage_survives_copy():
    original = F.FileStorage(io.BytesIO(b"abc"), filename="a.txt")
    assert copy.copy(original).read() == b"abc"


# -- UserAgent -----------------------------------------------------------------


@pytest.mark.parametrize("string", ["", "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"])
def test_user_agent_matches_werkzeug(string):
    from werkzeug.user_agent import UserAgent

    theirs, ours = UserAgent(string), F.UserAgent(string)
    for op in (str, repr, bool, lambda u: u.string, lambda u: u.to_header(),
               lambda u: (u.platform, u.browser, u.version, u.language)):
        assert op(ours) == op(theirs)


def test_works_without_werkzeug_or_flask():
    code = (
        "import sys; sys.modules['werkzeug'] = sys.modules['flask'] = None\n"
        "import flaskcompat.datastructures as F, flaskcompat.utils as U\n"
        "F.MultiDict()\n"
        "F.parse_accept_header('text/html', F.MIMEAccept).best\n"
        "assert U.secure_filename('a b') == 'a_b'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
