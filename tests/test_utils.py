"""``secure_filename`` and ``safe_join`` checked against Werkzeug on tricky names.

Both must agree with Werkzeug for every input on the running OS, and also
when the Windows-only rules are switched on (``os.name == "nt"`` and the
backslash separator), which is simulated for both implementations at once.
"""

import itertools
import os
import random

import pytest
import werkzeug.security
import werkzeug.utils

import flaskcompat.utils
from flaskcompat.utils import safe_join, secure_filename

FILENAMES = [
    "My cool movie.mov",
    "../../../etc/passwd",
    "i contain cool \xfcml\xe4uts.txt",
    "",
    ".",
    "..",
    "...",
    "._.",
    ".bashrc",
    "..hidden",
    "_init_.py",
    "__init__.py",
    "CON",
    "con.txt",
    "CON.tar.gz",
    " CON ",
    "AUX",
    "NUL.",
    "COM1",
    "COM\u00b9",
    "COM0",
    "LPT3.log",
    "LPT10",
    "CONIN$",
    "conout$.txt",
    "PRN",
    "prn.a.b",
    "foo/bar/baz.txt",
    "foo\\bar\\baz.txt",
    "..\\..\\windows\\system32",
    "C:\\Windows\\win.ini",
    "/etc/passwd",
    "a/../b",
    "a..b",
    "a\tb\nc",
    "  spaced  name  .txt  ",
    "\u65e5\u672c\u8a9e.txt",
    "\uff46\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48.txt",
    "\ufb01le.pdf",
    "\u216b.txt",
    "x\u00b2",
    "caf\u00e9",
    "na\u00efve r\u00e9sum\u00e9.doc",
    "emoji \U0001f600.png",
    "null\x00byte.txt",
    "semi;colon&amp.txt",
    "quote'\"s.txt",
    "-dash-.txt",
    "\u2028line.txt",
    "\x1cfile\x1f",
    "\u00a0nbsp\u00a0.txt",
    "\u210c",
    "dots....",
    "....dots",
    "_.-_.",
    "\u0130stanbul.txt",
    "\u00c5ngstr\u00f6m \u00d8re.txt",
]

FILENAME_ALPHABET = [
    "a", "B", "1", ".", "_", "-", " ", "/", "\\", "\u00e9", "\u00df", "\t", "\u2168",
    "\ufb01", "\u65e5", "\x00", ":", "$", "\u00b9", "C", "O", "N", "\u3000",
]


def fuzz(alphabet, seed, count, max_len=16):
    rng = random.Random(seed)
    return ["".join(rng.choices(alphabet, k=rng.randrange(max_len))) for _ in range(count)]


FUZZED_FILENAMES = fuzz(FILENAME_ALPHABET, "secure_filename", 3000)


@pytest.fixture(params=["host", "windows"])
def platform(request, monkeypatch):
    """Run on the host's rules, then with Windows rules turned on for both."""
    if request.param == "windows":
        monkeypatch.setattr(os, "name", "nt")
        monkeypatch.setattr(werkzeug.security, "_os_alt_seps", ["\\"])
        monkeypatch.setattr(flaskcompat.utils, "_ALT_SEPARATORS", ["\\"])
    return request.param


@pytest.mark.parametrize("filename", FILENAMES)
def test_secure_filename_matches_werkzeug(platform, filename):
    assert secure_filename(filename) == werkzeug.utils.secure_filename(filename)


def test_secure_filename_matches_werkzeug_on_fuzzed_names(platform):
    for filename in FUZZED_FILENAMES:
        assert secure_filename(filename) == werkzeug.utils.secure_filename(filename), filename


@pytest.mark.skipif(os.name == "nt", reason="Windows prefixes device names with _")
def test_secure_filename_output_is_plain_ascii():
    for filename in FILENAMES + FUZZED_FILENAMES:
        result = secure_filename(filename)
        assert result.isascii() and "/" not in result and "\\" not in result
        assert not result.startswith((".", "_")) and not result.endswith((".", "_"))


DIRECTORIES = ["", ".", "/srv/static", "static", "static/"]

PATH_PARTS = [
    "a.txt",
    "sub/a.txt",
    "../etc/passwd",
    "..",
    "../",
    "a/../../b",
    "a/../b",
    "/etc/passwd",
    "//etc",
    "..\\..\\windows",
    "a\\b",
    "",
    ".",
    "./a",
    "a/./b",
    "a//b",
    "CON",
    "con.txt",
    "sub/NUL.txt",
    "sub/ aux .txt",
    "COM\u00b9",
    "LPT1.",
    "...",
    "..a",
    "a..",
    "~/x",
    "C:\\x",
    "C:/x",
    "\\\\server\\share",
    " ../x",
    "%2e%2e/x",
    "a/b/",
    "../static/x",
    "\u00e9t\u00e9/\u65e5.txt",
]

MULTI_PARTS = [
    ("a", "b"),
    ("a", "", "b"),
    ("a", "../.."),
    ("a", "..", "b"),
    ("", "../x"),
    ("a", "/b"),
    ("sub", "CON"),
    (),
]

PATH_ALPHABET = ["a", "/", ".", "..", "\\", "C:", " ", "CON", "x.txt", "", "~"]
FUZZED_PATHS = fuzz(PATH_ALPHABET, "safe_join", 3000, max_len=6)


@pytest.mark.parametrize("directory", DIRECTORIES)
@pytest.mark.parametrize("part", PATH_PARTS)
def test_safe_join_matches_werkzeug(platform, directory, part):
    assert safe_join(directory, part) == werkzeug.security.safe_join(directory, part)


@pytest.mark.parametrize("parts", MULTI_PARTS)
def test_safe_join_many_parts_matches_werkzeug(platform, parts):
    for directory in DIRECTORIES:
        assert safe_join(directory, *parts) == werkzeug.security.safe_join(directory, *parts)


def test_safe_join_matches_werkzeug_on_fuzzed_paths(platform):
    for directory, part in itertools.product(["static", ""], FUZZED_PATHS):
        assert safe_join(directory, part) == werkzeug.security.safe_join(directory, part), part


def test_safe_join_never_escapes_the_directory():
    base = "/srv/static"
    for part in PATH_PARTS + FUZZED_PATHS:
        joined = safe_join(base, part)
        if joined is not None:
            assert os.path.normpath(joined).startswith(base), part
