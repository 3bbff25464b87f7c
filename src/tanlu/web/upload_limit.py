"""The one size limit on request bodies (``TANLU_MAX_UPLOAD_MB``), checked before any byte of the body is read.

Django caps form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but streams uploaded files to disk whatever their size,
and the CSRF check and django-ninja read the whole body before a view could look at it: a 150 MB upload was read,
stored in a temporary file and then kept in the database. This middleware runs first and answers 413 from the
declared ``Content-Length`` alone; Django reads nothing of a body that has none (chunked requests).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

#: room for the multipart boundaries and the form's other fields around a file of the largest size
ENVELOPE_BYTES = 64 * 1024


def max_upload_bytes() -> int:
    return int(settings.CONFIG.max_upload_mb) * 1024 * 1024


def too_large_message() -> str:
    return _("The file is larger than %(mb)s MB, the largest this server accepts.") % {
        "mb": settings.CONFIG.max_upload_mb
    }


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared <= max_upload_bytes() + ENVELOPE_BYTES:
            return self.get_response(request)
        with translation.override(translation.get_language_from_request(request)):
            message = too_large_message()
        if request.path.startswith("/api/"):
            return JsonResponse({"type": "too_large", "detail": message, "errors": []}, status=413)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
