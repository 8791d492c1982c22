"""The limits of a request's body, and a request class that applies them to every form.

Werkzeug bounds a multipart body by MAX_FORM_PARTS and each of its fields by
MAX_FORM_MEMORY_SIZE, but reads a urlencoded body (what browsers and htmx send) in one
go with neither: 2 MiB of "a&a&…" would become a million fields. The parser here counts
the fields of a urlencoded body against the same MAX_FORM_PARTS first. Going beyond any
limit is a 413, answered with the error page (kb.errors).
"""

from __future__ import annotations

import io
import typing as t

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

# The whole body: the longest text (100,000 characters of an entry, kb.articles.forms)
# urlencoded is at most 1.2 MB (an umlaut is 6 bytes as %C3%A4).
MAX_CONTENT_LENGTH = 2 * 1024 * 1024
# One field of a multipart body: the longest text as UTF-8 (at most 4 bytes a character).
MAX_FORM_MEMORY_SIZE = 512 * 1024
# Fields of one form: the largest (an event, a case's team with a checkbox per account)
# send about a hundred.
MAX_FORM_PARTS = 500


class BoundedFormDataParser(FormDataParser):
    def _parse_urlencoded(
        self,
        stream: t.IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str],
    ) -> t.Any:
        # The stream is already limited to MAX_CONTENT_LENGTH.
        body = stream.read()
        if self.max_form_parts is not None and body.count(b"&") >= self.max_form_parts:
            raise RequestEntityTooLarge()
        return super()._parse_urlencoded(io.BytesIO(body), mimetype, content_length, options)


class BoundedRequest(Request):
    form_data_parser_class = BoundedFormDataParser
