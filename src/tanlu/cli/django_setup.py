"""Loading Django for the commands that need the database, and only for them."""

from __future__ import annotations

import os


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanlu.web.settings")
    import django  # noqa: PLC0415 - keep `tanlu --help` and file-only commands fast

    django.setup()
