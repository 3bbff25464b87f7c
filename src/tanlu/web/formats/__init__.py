"""Locale format overrides (``FORMAT_MODULE_PATH``): only what differs from Django's own locale data."""
