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

#: the web app's own reason (stored in English like the core's)
NO_ROWS = gettext_noop("the file has no sheet with data rows")
NOT_A_ZIP = gettext_noop("not a readable zip file or workbook")

_Q = r"'(?P<{name}>[^']*)'"


def _quoted(name: str) -> str:
    return _Q.format(name=name)


#: what a reference names, as the core writes it in "unknown …" and "a … is required"
_WHAT = {
    "product": gettext_noop("product"),
    "site": gettext_noop("site"),
    "input (a product or purchased item)": gettext_noop("input (a product or purchased item)"),
    "product id": gettext_noop("product id"),
    "item id": gettext_noop("item id"),
}
_WHATS = "|".join(re.escape(w) for w in sorted(_WHAT, key=len, reverse=True))

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), msgid)
    for pattern, msgid in (
        (
            rf"unknown (?P<what>{_WHATS}); did you mean {_quoted('suggestion')}\?",
            gettext_noop("unknown %(what)s; did you mean '%(suggestion)s'?"),
        ),
        (rf"unknown (?P<what>{_WHATS})", gettext_noop("unknown %(what)s")),
        (rf"a (?P<what>{_WHATS}) is required", gettext_noop("a %(what)s is required")),
        (
            r"a declared unit is required \(piece, kg, m, m², kWh, …\)",
            gettext_noop("a declared unit is required (piece, kg, m, m², kWh, …)"),
        ),
        ("negative quantity", gettext_noop("negative quantity")),
        ("a mass cannot be negative", gettext_noop("a mass cannot be negative")),
        ("a price cannot be negative", gettext_noop("a price cannot be negative")),
        ("a footprint cannot be negative", gettext_noop("a footprint cannot be negative")),
        ("a distance cannot be negative", gettext_noop("a distance cannot be negative")),
        ("hours cannot be negative", gettext_noop("hours cannot be negative")),
        (r"must be at least (?P<n>\S+)", gettext_noop("must be at least %(n)s")),
        (r"must be at most (?P<n>\S+)", gettext_noop("must be at most %(n)s")),
        (
            r"unknown value \(expected one of (?P<expected>.+)\)",
            gettext_noop("unknown value (expected one of %(expected)s)"),
        ),
        (
            rf"cannot convert {_quoted('source')} to {_quoted('target')}: the input has no mass_kg",
            gettext_noop("cannot convert '%(source)s' to '%(target)s': the input has no mass_kg"),
        ),
        (
            r"site (?P<site>.+) allocates by (?P<method>\w+): the row needs hours",
            gettext_noop("site %(site)s allocates by %(method)s: the row needs hours"),
        ),
        (
            r"site (?P<site>.+) allocates by (?P<method>\w+): the product needs (?P<column>\w+)",
            gettext_noop("site %(site)s allocates by %(method)s: the product needs %(column)s"),
        ),
        (
            r"not a BOM level \(0, 1, \.1, \.\.2\)",
            gettext_noop("not a BOM level (0, 1, .1, ..2)"),
        ),
        (
            r"level (?P<level>\d+) has no parent row one level up \(the row above is at level (?P<above>-?\d+)\)",
            gettext_noop(
                "level %(level)s has no parent row one level up (the row above is at level %(above)s)"
            ),
        ),
        (
            r"BOM cycle with a gain of 1 or more has no finite solution \(loop through (?P<nodes>.+)\)",
            gettext_noop(
                "BOM cycle with a gain of 1 or more has no finite solution (loop through %(nodes)s)"
            ),
        ),
        (
            r"unknown sheet \(expected one of (?P<sheets>.+)\)",
            gettext_noop("unknown sheet (expected one of %(sheets)s)"),
        ),
        (rf"two sheets hold {_quoted('sheet')}", gettext_noop("two sheets hold '%(sheet)s'")),
        ("the model has no products sheet", gettext_noop("the model has no products sheet")),
        (NO_ROWS, gettext_noop(NO_ROWS)),
        (NOT_A_ZIP, gettext_noop(NOT_A_ZIP)),
        ("the zip file holds no CSV files", gettext_noop("the zip file holds no CSV files")),
        (
            "the zip file holds too many or too large files",
            gettext_noop("the zip file holds too many or too large files"),
        ),
    )
)
#: a unit problem of an input, then this suffix naming the input's declared unit
_DECLARED = re.compile(r"(?P<problem>.+) \(the input is declared in (?P<declared>[^()]+)\)")


def localize_reason(text: str) -> str:
    """A reason of the product core (or the inventory's) in the active language; unknown text as it is."""
    found = _DECLARED.fullmatch(text)
    if found is not None:
        return gettext("%(problem)s (the input is declared in %(declared)s)") % {
            "problem": localize_reason(found["problem"]),
            "declared": found["declared"],
        }
    for pattern, msgid in _PATTERNS:
        found = pattern.fullmatch(text)
        if found is not None:
            values = {k: v for k, v in found.groupdict().items() if v is not None}
            if "what" in values:
                values["what"] = gettext(_WHAT[values["what"]])
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
