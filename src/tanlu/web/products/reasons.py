"""Why a row of a product model was rejected, in the reader's language.

The core (:mod:`tanlu.carbon.products`) writes its reasons in English, as the inventory's core does; staged rows
keep that English text. The product model's own reasons are matched here, each a gettext message with its values
kept; anything else (units, numbers, activities, factor rows) goes to the inventory's patterns in
:mod:`tanlu.web.inventory.reasons`, and an unknown reason is shown as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext, gettext_noop

from tanlu.errors import RowIssue
from tanlu.web.inventory import reasons as inventory_reasons

_Q = r"'(?P<{name}>[^']*)'"


def _quoted(name: str) -> str:
    return _Q.format(name=name)


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), msgid)
    for pattern, msgid in (
        (
            rf"unknown input {_quoted('input')} \(neither a product nor a purchased item\)",
            gettext_noop("unknown input '%(input)s' (neither a product nor a purchased item)"),
        ),
        (rf"unknown input {_quoted('input')}", gettext_noop("unknown input '%(input)s'")),
        (rf"unknown product {_quoted('product')}", gettext_noop("unknown product '%(product)s'")),
        (rf"unknown site {_quoted('site')}", gettext_noop("unknown site '%(site)s'")),
        ("negative quantity", gettext_noop("negative quantity")),
        ("a product needs a declared unit", gettext_noop("a product needs a declared unit")),
        ("a declared unit is required", gettext_noop("a declared unit is required")),
        (
            r"unknown allocation (?P<value>.*) \(expected mass, units, economic or hours\)",
            gettext_noop("unknown allocation %(value)s (expected mass, units, economic or hours)"),
        ),
        (
            r"allocation by mass needs mass_kg of every product made at the site",
            gettext_noop("allocation by mass needs mass_kg of every product made at the site"),
        ),
        (
            r"allocation by economic value needs the price of every product made at the site",
            gettext_noop("allocation by economic value needs the price of every product made at the site"),
        ),
        (
            r"allocation by hours needs the hours of every product made at the site",
            gettext_noop("allocation by hours needs the hours of every product made at the site"),
        ),
        (
            (
                r"the bill of materials has a loop with a gain of (?P<gain>\S+) "
                r"\(>= 1\): (?P<parts>.+) has no finite solution"
            ),
            gettext_noop(
                "the bill of materials has a loop with a gain of %(gain)s (>= 1): %(parts)s has no finite solution"
            ),
        ),
        (
            r"a loop in the bill of materials with a gain >= 1 has no finite solution: (?P<parts>.+)",
            gettext_noop(
                "a loop in the bill of materials with a gain >= 1 has no finite solution: %(parts)s"
            ),
        ),
        (rf"duplicate part number {_quoted('product')}", gettext_noop("duplicate part number '%(product)s'")),
        (rf"duplicate item {_quoted('item')}", gettext_noop("duplicate item '%(item)s'")),
        (
            r"primary data share must lie between 0 and 100",
            gettext_noop("primary data share must lie between 0 and 100"),
        ),
        (r"missing sheet\(s\): (?P<sheets>.+)", gettext_noop("missing sheet(s): %(sheets)s")),
        ("the file has no sheet with data rows", gettext_noop("the file has no sheet with data rows")),
        ("the zip file holds no CSV files", gettext_noop("the zip file holds no CSV files")),
        (
            "the zip file holds too many or too large files",
            gettext_noop("the zip file holds too many or too large files"),
        ),
    )
)


def localize_reason(text: str) -> str:
    """A reason of the product core (or the inventory's) in the active language; unknown text as it is."""
    for pattern, msgid in _PATTERNS:
        found = pattern.fullmatch(text)
        if found is not None:
            values = {k: v for k, v in found.groupdict().items() if v is not None}
            return gettext(msgid) % values if values else gettext(msgid)
    return inventory_reasons.localize_reason(text)


def localize_issue(issue: RowIssue, labels: Mapping[str, str] | None = None) -> str:
    """A whole issue as one line: sheet, row, column, value and the reason in the reader's language."""
    reason = localize_reason(issue.reason)
    column = (labels or {}).get(issue.column or "", issue.column or "")
    values = {
        "sheet": issue.sheet or "",
        "row": issue.row,
        "column": column,
        "value": issue.value or "",
        "reason": reason,
    }
    if issue.sheet and issue.row is not None:
        where = gettext("Sheet %(sheet)s, row %(row)s") % values
    elif issue.sheet:
        where = gettext("Sheet %(sheet)s") % values
    elif issue.row is not None:
        where = gettext("Row %(row)s") % values
    else:
        where = ""
    if column:
        where = f"{where}, {column}" if where else column
    if issue.value:
        where = f"{where} “{issue.value}”" if where else f"“{issue.value}”"
    text = f"{where}: {reason}" if where else reason
    return f"{issue.file}: {text}" if issue.file else text
