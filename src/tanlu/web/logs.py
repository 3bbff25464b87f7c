"""Log lines that cannot be forged and give no link away: one formatter for Tanlu's, Django's and gunicorn's logs.

Organization, supplier and respondent names, paths and headers reach the logs; a name with ``\\r\\n`` and an ANSI
escape would otherwise write a line of its own, or recolour a terminal. :class:`OneLineFormatter` writes every record
as one line, with every control character escaped (``\\n`` becomes the two characters ``\\`` ``n``; a traceback
becomes one long line). It also removes the secrets that travel in paths: personal and public survey links, member
invitations and password resets (``/s/<token>/`` is logged as ``/s/…redacted…/``), so an access log holds no link
that works. Expected denials (a 403, 404 or 429 that Django logs with its exception) keep their one-line message
without the traceback.

``settings.LOGGING`` uses the formatter for its handlers; ``tanlu serve`` gives gunicorn :class:`GunicornLogger`, which
uses it for the error and access logs.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

REDACTED = "…redacted…"
#: paths whose segments are secrets: the routes with a ``token`` (a test checks this list against the URLs)
SECRET_PATHS = re.compile(r"(/(?:s|p|invitations)/)[^/\s?#\"']+|(/accounts/reset/)[^/\s?#\"']+/[^/\s?#\"']+")
#: C0 and C1 control characters, DEL, and the Unicode line and paragraph separators
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_FIRST_SERVER_ERROR = 500


def redact(text: str) -> str:
    """``text`` with the secret segments of Tanlu's link paths replaced by ``…redacted…``."""
    return SECRET_PATHS.sub(lambda match: (match.group(1) or match.group(2)) + REDACTED, text)


def escape_controls(text: str) -> str:
    """``text`` on one line: each control character written as an escape (``\\n``, ``\\r``, ``\\t``, ``\\x1b``…)."""
    return CONTROL.sub(lambda match: _NAMED.get(match.group(), f"\\x{ord(match.group()):02x}"), text)


class OneLineFormatter(logging.Formatter):
    """Formats as :class:`logging.Formatter` does, then redacts link secrets and escapes control characters."""

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "status_code", _FIRST_SERVER_ERROR) < _FIRST_SERVER_ERROR:
            # an expected denial (django.request logs a PermissionDenied with its traceback): the line says enough
            record.exc_info, record.exc_text = None, None
        return escape_controls(redact(super().format(record)))


class GunicornLogger(Logger):  # type: ignore[misc]
    """Gunicorn's logger with every handler it sets up formatted by :class:`OneLineFormatter`."""

    def _set_handler(
        self, log: logging.Logger, output: Any, fmt: logging.Formatter, stream: Any = None
    ) -> None:
        one_line = OneLineFormatter(fmt._fmt, fmt.datefmt)
        super()._set_handler(log, output, one_line, stream=stream)
