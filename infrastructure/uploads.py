"""A cap on a whole upload, enforced while it streams in (``INGEST_MAX_UPLOAD_BYTES``):
a request larger than that is refused before its files are read to the end, by its
declared length when it has one, else by the bytes received."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class UploadTooLarge(RequestDataTooBig):
    """Raised from the upload handler; answered with the "too much at once" page (413)."""


class CappedUploadHandler(FileUploadHandler):
    """First of the upload handlers: counts what arrives and stops at the cap."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        if content_length and content_length > settings.INGEST_MAX_UPLOAD_BYTES:
            raise UploadTooLarge(f"the upload declares {content_length:,} bytes")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > settings.INGEST_MAX_UPLOAD_BYTES:
            raise UploadTooLarge("the upload grew past its limit while it streamed in")
        return raw_data  # the next handler stores it

    def file_complete(self, file_size: int):
        return None  # the next handler makes the file
