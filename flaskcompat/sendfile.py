"""``send_file`` and ``send_from_directory``: Flask's file responses on Django.

Arguments, headers and the conditional/range answers are Flask's (Werkzeug's ``send_file``,
through ``Response.make_conditional``); relative paths are relative to the app's root path,
as in Flask. The body is a :class:`FileBody`: Django's WSGI handler gives a whole-file body
to the server's ``wsgi.file_wrapper`` (sendfile where the server has it), and a range seeks
instead of reading what it skips.
"""

from __future__ import annotations

import io
import mimetypes
import os
import unicodedata
from time import time
from urllib.parse import quote
from zlib import adler32

from .datastructures import Headers
from .exceptions import NotFound
from .globals import current_app, request
from .utils import safe_join


class FileBody:
    """A file sent in blocks, from its current position or from ``start`` for ``length`` bytes."""

    block_size = 8192

    def __init__(self, file, start=None, length=None):
        self.file = file
        self.start = start
        self.length = length
        self.close = file.close

    @property
    def file_to_stream(self):
        return self.file if self.start is None and self.length is None else None

    def seek_range(self, start, length):
        """The same file, limited to a byte range (a 206 answer)."""
        return FileBody(self.file, start, length)

    def __iter__(self):
        file, remaining = self.file, self.length
        if self.start is not None:
            if file.seekable():
                file.seek(self.start)
            else:
                file.read(self.start)
        while remaining is None or remaining > 0:
            chunk = file.read(self.block_size if remaining is None else min(self.block_size, remaining))
            if not chunk:
                return
            if remaining is not None:
                remaining -= len(chunk)
            yield chunk


def _content_disposition(headers, download_name, as_attachment):
    try:
        download_name.encode("ascii")
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", download_name).encode("ascii", "ignore").decode("ascii")
        names = {"filename": simple, "filename*": f"UTF-8''{quote(download_name, safe='!#$&+-.^_`|~')}"}
    else:
        names = {"filename": download_name}
    headers.set("Content-Disposition", "attachment" if as_attachment else "inline", **names)


def make_file_response(path_or_file, environ, mimetype=None, as_attachment=False, download_name=None,
                       conditional=True, etag=True, last_modified=None, max_age=None,
                       use_x_sendfile=False, response_class=None, root_path=None):
    """Werkzeug's ``send_file`` contract with explicit context (``send_file`` supplies the app's)."""
    if response_class is None:
        from .wrappers import Response as response_class
    path = file = size = mtime = None
    headers = Headers()
    if isinstance(path_or_file, (os.PathLike, str)):
        path = os.path.join(root_path, path_or_file) if root_path is not None else os.path.abspath(path_or_file)
        stat = os.stat(path)
        size, mtime = stat.st_size, stat.st_mtime
    else:
        file = path_or_file
    if download_name is None and path is not None:
        download_name = os.path.basename(path)
    if mimetype is None:
        if download_name is None:
            raise TypeError(
                "Unable to detect the MIME type because a file name is"
                " not available. Either set 'download_name', pass a"
                " path instead of a file, or set 'mimetype'."
            )
        mimetype, encoding = mimetypes.guess_type(download_name)
        if mimetype is None:
            mimetype = "application/octet-stream"
        if encoding is not None and not as_attachment:
            headers.set("Content-Encoding", encoding)  # an attachment stays compressed on disk
    if download_name is not None:
        _content_disposition(headers, download_name, as_attachment)
    elif as_attachment:
        raise TypeError(
            "No name provided for attachment. Either set"
            " 'download_name' or pass a path instead of a file."
        )
    if use_x_sendfile and path is not None:
        headers["X-Sendfile"] = path
        body = None
    else:
        if file is None:
            file = open(path, "rb")
        elif isinstance(file, io.BytesIO):
            size = file.getbuffer().nbytes
        elif isinstance(file, io.TextIOBase):
            raise ValueError("Files must be opened in binary mode or use BytesIO.")
        body = FileBody(file)
    rv = response_class(body, mimetype=mimetype, headers=headers, direct_passthrough=True)
    if size is not None:
        rv.content_length = size
    if last_modified is not None:
        rv.last_modified = last_modified
    elif mtime is not None:
        rv.last_modified = mtime
    cache_control = rv.cache_control
    cache_control.no_cache = True
    if callable(max_age):
        max_age = max_age(path)
    if max_age is not None:
        if max_age > 0:
            cache_control.no_cache = None
            cache_control.public = True
        cache_control.max_age = max_age
        rv.expires = int(time() + max_age)
    if isinstance(etag, str):
        rv.set_etag(etag)
    elif etag and path is not None:
        rv.set_etag(f"{mtime}-{size}-{adler32(path.encode()) & 0xFFFFFFFF}")
    if conditional:
        try:
            rv = rv.make_conditional(environ, accept_ranges=True, complete_length=size)
        except Exception:
            if body is not None:
                body.close()
            raise
        if rv.status_code == 304:
            rv.headers.pop("X-Sendfile", None)  # some servers would send the file anyway
    return rv


def _app_kwargs(kwargs):
    app = current_app._get_current_object()
    if kwargs.get("max_age") is None:
        kwargs["max_age"] = app.get_send_file_max_age
    kwargs.update(use_x_sendfile=app.config["USE_X_SENDFILE"], response_class=app.response_class,
                  root_path=app.root_path)
    return kwargs


def send_file(path_or_file, mimetype=None, as_attachment=False, download_name=None, conditional=True,
              etag=True, last_modified=None, max_age=None):
    """Send a file (a trusted path, relative to the app's root, or a binary file object).

    Never pass a path from the client: use :func:`send_from_directory` for those.
    """
    return make_file_response(
        path_or_file, request.environ, **_app_kwargs(dict(
            mimetype=mimetype, as_attachment=as_attachment, download_name=download_name,
            conditional=conditional, etag=etag, last_modified=last_modified, max_age=max_age)))


def send_from_directory(directory, path, **kwargs):
    """Send ``path`` from ``directory`` (relative to the app's root); 404 outside it or if missing."""
    kwargs = _app_kwargs(kwargs)
    joined = safe_join(os.fspath(directory), os.fspath(path))
    if joined is None:
        raise NotFound()
    joined = os.path.join(kwargs["root_path"], joined)
    if not os.path.isfile(joined):
        raise NotFound()
    return make_file_response(joined, request.environ, **kwargs)
