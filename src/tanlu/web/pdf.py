"""PDF documents from templates, with the shipped Noto Sans SC font so Chinese never shows as boxes.

Print templates link no screen stylesheet: WeasyPrint reads the font through ``print-fonts.css`` (WOFF, which it
decodes in about a second; the WOFF2 files the browser uses take it twenty).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


@lru_cache(maxsize=1)
def _static_root() -> Path:
    found = finders.find("tanlu/css/print-fonts.css")
    if not found:
        raise FileNotFoundError("tanlu/css/print-fonts.css is missing from the static files")
    return Path(str(found)).parents[1]


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` to HTML and that to PDF; relative URLs resolve against Tanlu's static files."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 - loads Pango; only PDF requests pay for it
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    html = render_to_string(template_name, context)
    fonts = FontConfiguration()
    root = _static_root()
    stylesheets = [CSS(filename=str(root / "css" / "print-fonts.css"), font_config=fonts)]
    document = HTML(string=html, base_url=str(root) + "/")
    return bytes(document.write_pdf(stylesheets=stylesheets, font_config=fonts))
