"""Numbers in the CBAM explanations as a person writes them: grouped digits, no padding zeros (120 MWh × 0.5)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def amount(value: float | None) -> str:
    """``120.0`` → ``120``, ``1295.0`` → ``1,295``, ``0.12`` → ``0.12``; up to six decimals."""
    if value is None:
        return "—"
    text = f"{round(float(value), 6):,.6f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
