"""Loading Django for the commands that need the database, and only for them."""

from __future__ import annotations

import logging
import os


def setup(*, quiet: bool = True) -> None:
    """Configure Django from the environment.

    ``quiet`` keeps Tanlu's informational log lines (audit entries, demo steps) out of a command's output, where
    they would break progress bars; ``serve`` and ``worker`` log them as servers should.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanlu.web.settings")
    import django  # noqa: PLC0415 - keep `tanlu --help` and file-only commands fast

    django.setup()
    if quiet:
        logging.getLogger("tanlu").setLevel(logging.WARNING)
