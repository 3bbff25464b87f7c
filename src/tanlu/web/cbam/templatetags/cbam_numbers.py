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


@register.filter
def cn_codes(codes: tuple[str, ...] | list[str]) -> str:
    """``('731815', '73182100')`` → ``7318 15; 7318 21 00``, as the CN is printed."""
    return "; ".join(" ".join(part for part in (c[:4], c[4:6], c[6:8]) if part) for c in codes)
