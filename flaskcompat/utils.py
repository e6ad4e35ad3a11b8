"""Filesystem-safety helpers with Werkzeug's exact contracts.

Flask apps call ``secure_filename`` on upload names and ``safe_join`` (via
``send_from_directory``) on URL paths; both must give the same answers as
Werkzeug, on the same operating system, for every input.
"""

import os
import posixpath
import re
import unicodedata

_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9_.-]")
# Names Windows resolves to devices in any folder, whatever the extension.
_WINDOWS_DEVICE_NAMES = frozenset(
    ["AUX", "CON", "CONIN$", "CONOUT$", "NUL", "PRN"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in "123456789¹²³"]
)
# Separators other than "/" that the OS would honour inside a path part.
_ALT_SEPARATORS = [sep for sep in (os.sep, os.altsep) if sep and sep != "/"]


def secure_filename(filename):
    """Reduce ``filename`` to a safe ASCII name to store an upload under.

    Accents are folded to ASCII, path separators and whitespace become ``_``,
    other characters are dropped, and leading/trailing dots and underscores
    are stripped, so ``"../../etc/passwd"`` gives ``"etc_passwd"``. On
    Windows, device names such as ``CON`` get a ``_`` prefix. The result may
    be empty: callers must handle that (e.g. by generating a name).
    """
    name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    for sep in (os.sep, os.path.altsep):
        if sep:
            name = name.replace(sep, " ")
    name = _UNSAFE_FILENAME_CHARS.sub("", "_".join(name.split())).strip("._")
    if os.name == "nt" and name and name.split(".")[0].upper() in _WINDOWS_DEVICE_NAMES:
        name = f"_{name}"
    return name


def _is_unsafe_part(part):
    return (
        os.path.isabs(part)
        or part.startswith("/")  # ntpath.isabs misses a bare leading slash
        or part == ".."
        or part.startswith("../")
        or any(sep in part for sep in _ALT_SEPARATORS)
        or (
            os.name == "nt"
            and any(
                segment.partition(".")[0].strip().upper() in _WINDOWS_DEVICE_NAMES
                for segment in part.split("/")
            )
        )
    )


def safe_join(directory, *pathnames):
    """Join untrusted path parts onto a trusted ``directory``, or return None.

    None means a part was absolute, climbed out with ``..``, used the OS's
    non-``/`` separator (the backslash on Windows), or named a Windows device.
    Empty parts are skipped, and an empty ``directory`` means ``"."`` so that
    the first untrusted part can never become the base.
    """
    parts = [directory or "."]
    for pathname in pathnames:
        if not pathname:
            continue
        pathname = posixpath.normpath(pathname)
        if _is_unsafe_part(pathname):
            return None
        parts.append(pathname)
    return posixpath.join(*parts)
