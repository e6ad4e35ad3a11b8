"""Form bodies parsed once, by Django, into what Werkzeug would have produced.

``request.form`` and ``request.files`` come from Django's parsers (``QueryDict`` for
urlencoded bodies; ``MultiPartParser`` with the project's upload handlers for multipart), so
uploads stream to Django's temporary files and Django's own limits apply. Flask code relies
on Werkzeug's outcome, which differs where views notice:

- every method has a form (Django parses POST bodies only);
- a malformed or truncated multipart body gives no fields at all (Django keeps the parts
  it read before the damage, and skips parts without a ``Content-Disposition``);
- a file input left empty is a ``FileStorage`` whose ``filename`` is ``""`` (Django files it
  as an empty form field), and ``filename`` is what the client sent (Django drops folders;
  a file named only ``.``/``..`` stays dropped: Django discards its content);
- ``MAX_FORM_MEMORY_SIZE`` and ``MAX_FORM_PARTS`` answer 413.

For that the multipart stream passes through :class:`PartSniffer` on its way to Django's
parser: it keeps each part's header block and notices the closing delimiter, and buffers
nothing else. When Django parsed the body before the view (CSRF middleware reading
``request.POST``), its result is used as it is.
"""

from __future__ import annotations

from io import BytesIO

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import QueryDict
from django.http.multipartparser import MAX_TOTAL_HEADER_SIZE, MultiPartParser, MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters

from .datastructures import FileStorage, ImmutableMultiDict
from .exceptions import RequestEntityTooLarge

#: Where a parsed form is kept on the Django request, for every wrapper of it.
FORM_KEY = "_flaskcompat_form"
_EMPTY = (ImmutableMultiDict(), ImmutableMultiDict())


class PartSniffer:
    """A read-through view of a multipart stream that records each part's headers."""

    def __init__(self, stream, boundary):
        self._read = stream.read
        self._marker = b"\r\n--" + boundary
        self._buffer = b"\r\n"  # the body may open with a delimiter
        self.headers = []  # the header block of each part, in body order
        self.complete = False  # the closing delimiter arrived
        self.read_any = False

    def read(self, size=-1):
        data = self._read(size)
        self.read_any = self.read_any or bool(data)
        if data and not self.complete:
            self._scan(self._buffer + data)
        return data

    def _scan(self, buffer):
        marker, pos = self._marker, 0
        while True:
            found = buffer.find(marker, pos)
            if found == -1:
                self._buffer = buffer[max(pos, len(buffer) - len(marker) + 1):]
                return
            after = found + len(marker)
            if buffer[after:after + 2] == b"--":
                self.complete = True
                self._buffer = b""
                return
            end = buffer.find(b"\r\n\r\n", after)
            if end == -1 or len(buffer) < after + 2:
                # Wait for the rest of the headers; Django refuses blocks larger than this.
                self._buffer = buffer[found:found + len(marker) + MAX_TOTAL_HEADER_SIZE * 2]
                return
            self.headers.append(buffer[after:end])
            pos = end + 4

    def parts(self):
        """``(name, filename, content_type)`` per part; name is None without a disposition."""
        for block in self.headers:
            name = filename = content_type = None
            for line in block.split(b"\r\n"):
                try:
                    value, params = parse_header_parameters(line.decode())
                except ValueError:
                    continue
                header, _, value = value.partition(":")
                if header == "content-disposition" and "name" in params:
                    name, filename = params["name"].strip(), params.get("filename")
                elif header == "content-type":
                    content_type = line.decode().partition(":")[2].strip()
            yield name, filename, content_type


def load_form(request):
    """``(form, files, consumed)`` of a Request, parsed at most once per Django request.

    ``consumed`` tells whether parsing read the body stream, after which Werkzeug's
    ``get_data()`` finds it empty.
    """
    django_request = request.django_request
    cached = django_request.__dict__.get(FORM_KEY)
    if cached is None:
        mimetype = request.mimetype
        if mimetype == "application/x-www-form-urlencoded":
            limit = request.max_form_memory_size
            if limit is not None and (request.content_length or 0) > limit:
                raise RequestEntityTooLarge()
            cached = (*_urlencoded(request, django_request), True)
        elif mimetype == "multipart/form-data":
            cached = _multipart(request, django_request)
        else:
            return (*_EMPTY, False)
        django_request.__dict__[FORM_KEY] = cached
    return cached


def _urlencoded(request, django_request):
    if django_request.method == "POST" and "_post" in django_request.__dict__:
        post = django_request._post  # Django's middleware parsed it already
    else:
        try:
            post = QueryDict(request.raw_body(), encoding="utf-8")
        except TooManyFieldsSent:
            raise RequestEntityTooLarge() from None
        _mark_parsed(django_request, post, MultiValueDict())
    return ImmutableMultiDict(post), ImmutableMultiDict()


def _multipart(request, django_request):
    if django_request.method == "POST" and "_files" in django_request.__dict__:
        # Django's middleware parsed it already: its result is all there is.
        shaped = _django_shape(django_request._post, django_request._files)
        _check_limits(request, *shaped)
        return (*shaped, True)
    body = django_request.__dict__.get("_body")
    boundary = request.mimetype_params.get("boundary", "").encode("ascii", "replace")
    sniffer = PartSniffer(django_request if body is None else BytesIO(body), boundary)
    try:
        post, files = django_request.parse_file_upload(django_request.META, sniffer)
    except MultiPartParserError:
        post = files = None
    except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        _mark_parsed(django_request, None, None)
        raise RequestEntityTooLarge() from None
    _mark_parsed(django_request, post, files)
    shaped = None
    if post is not None and sniffer.complete:
        try:
            shaped = _werkzeug_shape(post, files, sniffer)
        except (KeyError, StopIteration):  # the sniffer read the parts differently: trust Django
            shaped = _django_shape(post, files)
    if shaped is None:
        for upload in (files.values() if files is not None else ()):
            upload.close()
        return (*_EMPTY, sniffer.read_any)
    _check_limits(request, *shaped)
    return (*shaped, True)


def _mark_parsed(django_request, post, files):
    """What Django's own POST parsing leaves behind, so ``request.POST`` never parses again."""
    if django_request.method == "POST":
        django_request._post = post if post is not None else QueryDict()
        django_request._files = files if files is not None else MultiValueDict()


def _django_shape(post, files):
    return ImmutableMultiDict(post), ImmutableMultiDict(
        (name, [FileStorage(f, name=name) for f in items]) for name, items in files.lists())


def _werkzeug_shape(post, files, sniffer):
    """Fields and FileStorages in body order, or None where Werkzeug would refuse the body."""
    values = {name: iter(items) for name, items in post.lists()}
    uploads = {name: iter(items) for name, items in files.lists()}
    fields, stored = [], []
    for name, filename, content_type in sniffer.parts():
        if name is None:
            return None  # Werkzeug refuses a part without a disposition
        if filename is None:
            fields.append((name, next(values[name])))
        elif filename == "":  # an empty file input, which Django parses as a field
            data = next(values[name]).encode()
            stored.append((name, FileStorage(BytesIO(data), filename="", name=name, content_type=content_type)))
        elif MultiPartParser.sanitize_file_name(None, filename):  # else Django dropped it
            stored.append((name, FileStorage(next(uploads[name]), filename=filename, name=name)))
    return ImmutableMultiDict(fields), ImmutableMultiDict(stored)


def _check_limits(request, form, files):
    memory, parts = request.max_form_memory_size, request.max_form_parts
    if parts is not None and sum(map(len, form.listvalues())) + sum(map(len, files.listvalues())) > parts:
        raise RequestEntityTooLarge()
    if memory is not None and any(len(v.encode()) > memory for _, v in form.items(multi=True)):
        raise RequestEntityTooLarge()
