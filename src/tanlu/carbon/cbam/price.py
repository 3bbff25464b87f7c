"""The carbon price effectively paid in the country of origin: read from the installation sheet, checked, and
written as the communication carries it.

Reading checks what a declarant could not defend: a price without its currency, a rebate larger than the price it
reduces, a good covered that is not a CBAM good. The communication names the price with the goods it covers and
the price effectively paid (the amount less the rebate), per t CO2e, in the currency of the country of origin;
converting it to euros is the importer's step (the Commission's yearly exchange rate), not this file's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

from tanlu.carbon.cbam.goods import check_cbam_good
from tanlu.carbon.cbam.model import CarbonPrice
from tanlu.errors import InputError
from tanlu.tabular import render_number

__all__ = ["FIELDS", "describe", "parse_cn_codes", "price_fields", "read_carbon_price"]

#: the installation sheet's fields of the carbon price, in the order the communication lists them
FIELDS = (
    "carbon_price_scheme",
    "carbon_price_legal_act",
    "carbon_price_cn_codes",
    "carbon_price_per_tco2e",
    "carbon_price_currency",
    "carbon_price_covered_tco2e",
    "carbon_price_rebate_form",
    "carbon_price_rebate_per_tco2e",
    "carbon_price_rebate_covered_tco2e",
)
REBATE_TOO_LARGE = "the rebate per t CO2e is larger than the carbon price it reduces"
CURRENCY_REQUIRED = "carbon_price_currency is required with a carbon price (e.g. CNY, EUR)"
_CURRENCY = re.compile(r"[A-Za-z]{3}")


class _Sheet(Protocol):
    def issue(self, row: int, column: str, value: str, reason: str) -> None: ...

    def number(
        self, row: int, cells: Mapping[str, str], column: str, *, positive: bool = False
    ) -> float | None: ...


def parse_cn_codes(text: str) -> tuple[str, ...]:
    """``7318 15; 7318 16`` → ``('731815', '731816')``; :class:`InputError` naming the first code not of CBAM."""
    parts = [part.strip() for part in re.split(r"[;,，；\n]", text) if part.strip()]
    return tuple(dict.fromkeys(check_cbam_good(part) for part in parts))


def read_carbon_price(sheet: _Sheet, fields: Mapping[str, tuple[str, int]]) -> CarbonPrice | None:
    """The carbon price of the installation sheet's ``fields`` (value, row), or ``None`` when none is given
    (or after recording on ``sheet`` why it cannot be read)."""
    scheme, row = fields.get("carbon_price_scheme", ("", 0))
    if not scheme:
        return None

    def number(key: str, *, required: bool = False) -> float | None:
        text, at = fields.get(key, ("", row))
        if not text and not required:
            return None
        return sheet.number(at, {"value": text}, "value")

    amount = number("carbon_price_per_tco2e", required=True)
    currency = fields.get("carbon_price_currency", ("", row))[0].strip()
    if not _CURRENCY.fullmatch(currency):
        sheet.issue(row, "value", currency, CURRENCY_REQUIRED)
    covered = number("carbon_price_covered_tco2e")
    rebate = number("carbon_price_rebate_per_tco2e")
    rebate_covered = number("carbon_price_rebate_covered_tco2e")
    codes_text, codes_row = fields.get("carbon_price_cn_codes", ("", row))
    codes: tuple[str, ...] = ()
    try:
        codes = parse_cn_codes(codes_text)
    except InputError as error:
        sheet.issue(codes_row, "value", codes_text, error.issue.reason)
    if amount is not None and rebate is not None and rebate > amount:
        sheet.issue(fields.get("carbon_price_rebate_per_tco2e", ("", row))[1], "value", "", REBATE_TOO_LARGE)
        return None
    if amount is None or not _CURRENCY.fullmatch(currency):
        return None
    return CarbonPrice(
        scheme=scheme,
        amount_per_tco2e=amount,
        currency=currency.upper(),
        covered_tco2e=covered,
        legal_act=fields.get("carbon_price_legal_act", ("", row))[0],
        cn_codes=codes,
        rebate_form=fields.get("carbon_price_rebate_form", ("", row))[0],
        rebate_per_tco2e=rebate or 0.0,
        rebate_covered_tco2e=rebate_covered,
    )


def _number(value: float) -> str:
    return render_number(round(float(value), 6))


def describe(price: CarbonPrice | None, cn_code: str) -> str:
    """The price as the summary of a good carries it, empty when none applies to ``cn_code``.

    ``China national ETS: 90 CNY/t CO2e less rebate 30 (free allocation) = 60 CNY/t CO2e effectively paid``
    """
    if price is None or not price.covers(cn_code):
        return ""
    amount = f"{_number(price.amount_per_tco2e)} {price.currency}/t CO2e"
    if not price.rebate_per_tco2e:
        return f"{price.scheme}: {amount}"
    form = f" ({price.rebate_form})" if price.rebate_form else ""
    net = _number(price.effective_per_tco2e)
    return (
        f"{price.scheme}: {amount} less rebate {_number(price.rebate_per_tco2e)}{form} "
        f"= {net} {price.currency}/t CO2e effectively paid"
    )


def price_fields(price: CarbonPrice | None) -> list[tuple[str, str, Any]]:
    """The carbon price due, field by field as Implementing Regulation (EU) 2023/1773 Article 7(2) lists them."""

    def value(number: float | None) -> Any:
        return "" if price is None or number is None else number

    return [
        ("carbon_price_scheme", "Carbon price due: type of instrument", price.scheme if price else ""),
        (
            "carbon_price_legal_act",
            "Carbon price due: legal act providing for it",
            price.legal_act if price else "",
        ),
        (
            "carbon_price_cn_codes",
            "Carbon price due: goods covered (CN codes; empty: all)",
            "; ".join(price.cn_codes) if price else "",
        ),
        (
            "carbon_price_per_tco2e",
            "Carbon price due: amount per t CO2e",
            value(price.amount_per_tco2e if price else None),
        ),
        ("carbon_price_currency", "Carbon price due: currency", price.currency if price else ""),
        (
            "carbon_price_covered_tco2e",
            "Carbon price due: emissions covered (t CO2e)",
            value(price.covered_tco2e if price else None),
        ),
        (
            "carbon_price_rebate_form",
            "Rebate or other form of compensation: form (e.g. free allocation)",
            price.rebate_form if price else "",
        ),
        (
            "carbon_price_rebate_per_tco2e",
            "Rebate or other form of compensation: amount per t CO2e",
            value(price.rebate_per_tco2e if price else None),
        ),
        (
            "carbon_price_rebate_covered_tco2e",
            "Rebate or other form of compensation: emissions covered (t CO2e)",
            value(price.rebate_covered_tco2e if price else None),
        ),
        (
            "carbon_price_effective_per_tco2e",
            "Carbon price effectively paid, net of rebates (per t CO2e)",
            value(price.effective_per_tco2e if price else None),
        ),
    ]
