"""Small template helpers of the inventory pages."""

from __future__ import annotations

from typing import Any

from django import template

from tanlu.web.inventory.reasons import localize_reason

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def cell(row: Any, name: str) -> str:
    return str(getattr(row, name, "") or "")


@register.filter
def issue_in(row: Any, column: str) -> bool:
    return any(issue.get("column") == column for issue in getattr(row, "issues", []) or [])


@register.filter
def reason(text: str) -> str:
    """A stored (English) rejection reason in the reader's language."""
    return localize_reason(str(text or ""))
