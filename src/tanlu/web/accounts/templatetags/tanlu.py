"""Template helpers shared by every page: inline icons and form fields rendered the same way everywhere."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django import template
from django.contrib.staticfiles import finders
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@cache
def _svg(name: str) -> str:
    found = finders.find(f"tanlu/icons/{name}.svg")
    if not found:
        return ""
    text = Path(str(found)).read_text(encoding="utf-8")
    return text.replace("<svg", '<svg class="icon" aria-hidden="true" focusable="false"', 1)


@register.simple_tag
def icon(name: str) -> SafeString:
    """An icon from the shipped set, inlined so it takes the text colour; decorative, hidden from screen readers."""
    return mark_safe(_svg(name))  # noqa: S308 - the SVG files ship with the package, nothing user-supplied


@register.inclusion_tag("includes/field.html")
def field(bound_field: object) -> dict[str, object]:
    """A form field with its label, hint and error text next to it (not only colour)."""
    return {"field": bound_field}


@register.simple_tag
def role_badge(role: str, label: str) -> SafeString:
    tone = {"owner": "info", "editor": "success", "viewer": "neutral"}.get(role, "neutral")
    return format_html('<span class="badge badge--{}">{}</span>', tone, label)
