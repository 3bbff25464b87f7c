"""Small template helpers of the inventory pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from tanlu.web.inventory import wording
from tanlu.web.inventory.explaining import Language, category_name, language
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


def _lang() -> Language:
    return language(get_language())


@register.filter
def gas_label(gas: str) -> str:
    """A gas as the reader calls it (``CH4_fossil`` → 甲烷（化石源）); the code stays in exports."""
    return wording.gas_name(str(gas), _lang())


@register.filter
def method_label(method: str) -> str:
    """A factor's or a line's method in the reader's words (``location`` → 基于位置法)."""
    return wording.method_name(str(method), _lang()) if method else "—"


@register.filter
def category_label(category: str) -> str:
    """A category code (``purchased_electricity``, ``3.1``) as its name in the reader's language."""
    return category_name(str(category), _lang())


@register.filter
def unit_label(unit: str) -> str:
    return wording.unit_name(str(unit), _lang())
