"""Why a row was rejected, in the reader's language.

The core (:mod:`tanlu.carbon.activities`, :mod:`tanlu.decimals`, :mod:`tanlu.tabular`, :mod:`tanlu.carbon.units`)
is a library and a CLI and writes its reasons in English, such as ``unknown activity; did you mean
'natural_gas'?``. Staged rows store that English text, so a page read in another language later still shows
the right words. Here each known reason pattern becomes a gettext message with its values kept; a reason we do
not know is shown as it was written.

Every message id is the English reason with its values as named placeholders: in English the text comes back
unchanged, and a translator sees the same sentence the CLI prints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.dates import MONTHS
from django.utils.translation import gettext, gettext_noop

from tanlu.errors import RowIssue

__all__ = [
    "ALREADY_IMPORTED",
    "CROSSES_YEAR_END",
    "NO_DATA_ROWS",
    "Reason",
    "localize_issue",
    "localize_reason",
    "match_reason",
]

#: reasons the web app adds itself (stored in English like the core's, translated when shown)
CROSSES_YEAR_END = gettext_noop("the period crosses the end of a year; split it into one row per year")
ALREADY_IMPORTED = gettext_noop("duplicate of row %(row)s of %(file)s, which is already imported")
NO_DATA_ROWS = gettext_noop("the file has no data rows")

_Q = r"'(?P<{name}>[^']*)'"  # a value the core quoted with repr()


def _quoted(name: str) -> str:
    return _Q.format(name=name)


#: (pattern of the English reason, message id); the first pattern that matches the whole reason wins
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), msgid)
    for pattern, msgid in (
        # tanlu.carbon.activities
        ("not a number", gettext_noop("not a number")),
        ("unknown activity", gettext_noop("unknown activity")),
        (
            rf"unknown activity; did you mean {_quoted('suggestion')}\?",
            gettext_noop("unknown activity; did you mean '%(suggestion)s'?"),
        ),
        ("an activity key is required", gettext_noop("an activity key is required")),
        (
            r"has no location-based factor; write the grid as activity and this key as supplier:<key>",
            gettext_noop(
                "has no location-based factor; write the grid as activity and this key as supplier:<key>"
            ),
        ),
        ("a unit is required", gettext_noop("a unit is required")),
        (
            (
                rf"cannot convert {_quoted('source')} to {_quoted('target')} "
                r"\(activity (?P<activity>\S+) is measured in (?P<unit>.+)\)"
            ),
            gettext_noop(
                "cannot convert '%(source)s' to '%(target)s' (activity %(activity)s is measured in %(unit)s)"
            ),
        ),
        (
            rf"cannot convert {_quoted('source')} to {_quoted('target')}",
            gettext_noop("cannot convert '%(source)s' to '%(target)s'"),
        ),
        (
            r"no exchange rate (?P<currency>\S+)→USD for the factor's price year (?P<year>\d+)",
            gettext_noop("no exchange rate %(currency)s→USD for the factor's price year %(year)s"),
        ),
        (
            r"unknown instrument \(expected empty, certificate or supplier:<activity key>\)",
            gettext_noop("unknown instrument (expected empty, certificate or supplier:<activity key>)"),
        ),
        (
            r"a certificate applies to purchased electricity or heat \(Scope 2\) only",
            gettext_noop("a certificate applies to purchased electricity or heat (Scope 2) only"),
        ),
        (
            rf"unknown supplier factor {_quoted('supplier')} \(add it in a factor file\)",
            gettext_noop("unknown supplier factor '%(supplier)s' (add it in a factor file)"),
        ),
        (
            (
                r"supplier factor (?P<supplier>\S+) is for Scope (?P<supplier_scope>\d), "
                r"activity (?P<activity>\S+) is in Scope (?P<scope>\d)"
            ),
            gettext_noop(
                "supplier factor %(supplier)s is for Scope %(supplier_scope)s, activity %(activity)s is in Scope %(scope)s"
            ),
        ),
        ("a site is required", gettext_noop("a site is required")),
        (r"not a date \(expected YYYY-MM-DD\)", gettext_noop("not a date (expected YYYY-MM-DD)")),
        (
            r"there is no (?P<day>\d+) (?P<month>[A-Z][a-z]+) (?P<year>\d{4})",
            gettext_noop("there is no %(day)s %(month)s %(year)s"),
        ),
        (
            r"there is no month (?P<month_number>\d+) \(expected YYYY-MM-DD\)",
            gettext_noop("there is no month %(month_number)s (expected YYYY-MM-DD)"),
        ),
        ("the period ends before it starts", gettext_noop("the period ends before it starts")),
        (
            r"period out of range \((?P<first>[-\d]+) … (?P<last>[-\d]+)\)",
            gettext_noop("period out of range (%(first)s … %(last)s)"),
        ),
        (
            r"negative amount \(record returns or corrections as a separate, documented adjustment\)",
            gettext_noop(
                "negative amount (record returns or corrections as a separate, documented adjustment)"
            ),
        ),
        (r"duplicate of row (?P<row>\d+)", gettext_noop("duplicate of row %(row)s")),
        (r"missing column\(s\): (?P<columns>.+)", gettext_noop("missing column(s): %(columns)s")),
        (rf"two columns mean {_quoted('column')}", gettext_noop("two columns mean '%(column)s'")),
        ("the activity table has no data rows", gettext_noop("the activity table has no data rows")),
        ("the activity file has no data rows", gettext_noop("the activity file has no data rows")),
        # tanlu.carbon.units
        (rf"unknown unit {_quoted('unit')}", gettext_noop("unknown unit '%(unit)s'")),
        (
            rf"unit {_quoted('unit')}: only small integer powers such as m\*\*3 are accepted",
            gettext_noop("unit '%(unit)s': only small integer powers such as m**3 are accepted"),
        ),
        ("empty unit", gettext_noop("empty unit")),
        (rf"unit {_quoted('unit')} has no finite scale", gettext_noop("unit '%(unit)s' has no finite scale")),
        (
            rf"unit {_quoted('unit')} has no positive finite scale",
            gettext_noop("unit '%(unit)s' has no positive finite scale"),
        ),
        (
            rf"unit {_quoted('unit')} has an offset and cannot measure an amount",
            gettext_noop("unit '%(unit)s' has an offset and cannot measure an amount"),
        ),
        # tanlu.carbon: the method points of the activity checks and the calculation
        (
            rf"{_quoted('unit')} is a volume of gas and (?P<fuel>\S+) is a liquid; give litres, m³ or kg",
            gettext_noop("'%(unit)s' is a volume of gas and %(fuel)s is a liquid; give litres, m³ or kg"),
        ),
        (
            (
                r"the factor is per (?P<factor_currency>\S+) and the amount in (?P<currency>\S+): "
                r"give the factor's price year \(column year\) to convert between them"
            ),
            gettext_noop(
                "the factor is per %(factor_currency)s and the amount in %(currency)s: give the factor's price year (column year) to convert between them"
            ),
        ),
        (
            r"no exchange rate (?P<currency>\S+)→USD for the spend year (?P<year>\d+) \(activity (?P<activity>\S+)\)",
            gettext_noop(
                "no exchange rate %(currency)s→USD for the spend year %(year)s (activity %(activity)s)"
            ),
        ),
        (
            (
                r"no price index for (?P<currency>\S+) in the spend year (?P<year>\d+) "
                r"\(activity (?P<activity>\S+)\)"
            ),
            gettext_noop(
                "no price index for %(currency)s in the spend year %(year)s (activity %(activity)s)"
            ),
        ),
        (
            rf"unknown use {_quoted('use')} \(expected stationary or mobile, 固定源 or 移动源\)",
            gettext_noop("unknown use '%(use)s' (expected stationary or mobile, 固定源 or 移动源)"),
        ),
        (
            (
                r"the CH4 and N2O factors of (?P<activity>\S+) are for stationary use only; "
                r"choose the activity key of the other use"
            ),
            gettext_noop(
                "the CH4 and N2O factors of %(activity)s are for stationary use only; choose the activity key of the other use"
            ),
        ),
        (
            (
                r"the CH4 and N2O factors of (?P<activity>\S+) are for mobile use only; "
                r"choose the activity key of the other use"
            ),
            gettext_noop(
                "the CH4 and N2O factors of %(activity)s are for mobile use only; choose the activity key of the other use"
            ),
        ),
        (
            r"activity (?P<activity>\S+) is not a fuel burnt in stationary or mobile combustion",
            gettext_noop("activity %(activity)s is not a fuel burnt in stationary or mobile combustion"),
        ),
        # tanlu.tabular.decimal_from_text
        (
            r"a number must be given as text, not (?P<type>\w+)",
            gettext_noop("a number must be given as text, not %(type)s"),
        ),
        (
            "a number is required but the cell is empty",
            gettext_noop("a number is required but the cell is empty"),
        ),
        (
            "not a number: NaN and Infinity are not accepted",
            gettext_noop("not a number: NaN and Infinity are not accepted"),
        ),
        (
            "a number is required, not a yes/no value",
            gettext_noop("a number is required, not a yes/no value"),
        ),
        (
            "thousands separators are not accepted: write 1234.5, not 1,234.5",
            gettext_noop("thousands separators are not accepted: write 1234.5, not 1,234.5"),
        ),
        (
            "not a number: expected digits with an optional sign, decimal point and exponent",
            gettext_noop("not a number: expected digits with an optional sign, decimal point and exponent"),
        ),
        ("number out of range", gettext_noop("number out of range")),
        (
            r"number out of range \(too close to zero\)",
            gettext_noop("number out of range (too close to zero)"),
        ),
        (
            r"too many digits: a number has at most (?P<digits>\d+) significant digits",
            gettext_noop("too many digits: a number has at most %(digits)s significant digits"),
        ),
        # tanlu.tabular: the header and the rows under it
        (
            (
                rf"the header names {_quoted('column')} twice \(columns (?P<first>\d+) and (?P<second>\d+)\); "
                r"give each column its own name"
            ),
            gettext_noop(
                "the header names '%(column)s' twice (columns %(first)s and %(second)s); give each column its own name"
            ),
        ),
        (
            (
                r"no header row: the first rows hold numbers or dates, not column names; "
                r"add a row with the column names above the data"
            ),
            gettext_noop(
                "no header row: the first rows hold numbers or dates, not column names; add a row with the column names above the data"
            ),
        ),
        (
            (
                r"line (?P<line>\d+) has (?P<cells>\d+) cells but the header on line (?P<header>\d+) has "
                r"(?P<width>\d+); put a cell that holds the delimiter in double quotes"
            ),
            gettext_noop(
                "line %(line)s has %(cells)s cells but the header on line %(header)s has %(width)s; put a cell that holds the delimiter in double quotes"
            ),
        ),
        # tanlu.xlsx_package
        (
            r"macro-enabled workbooks \(\.xlsm\) are refused; save it as \.xlsx",
            gettext_noop("macro-enabled workbooks (.xlsm) are refused; save it as .xlsx"),
        ),
        (
            r"a zip archive, but not an Excel workbook \(\.xlsx\): its workbook part is (?P<type>\S+)",
            gettext_noop("a zip archive, but not an Excel workbook (.xlsx): its workbook part is %(type)s"),
        ),
        # the web app's own checks (tanlu.web.inventory.importing)
        (re.escape(CROSSES_YEAR_END), gettext_noop(CROSSES_YEAR_END)),
        (
            r"duplicate of row (?P<row>\d+) of (?P<file>.+), which is already imported",
            gettext_noop("duplicate of row %(row)s of %(file)s, which is already imported"),
        ),
        (NO_DATA_ROWS, gettext_noop(NO_DATA_ROWS)),
        # tanlu.web.inventory.importing_sites (the messages are defined there)
        (
            (
                r"“(?P<site>.*)” is none of the organization's sites \(closest: “(?P<closest>.*)”\); choose its "
                r"site on the mapping page or add it under Sites"
            ),
            gettext_noop(
                "“%(site)s” is none of the organization's sites (closest: “%(closest)s”); choose its site on the "
                "mapping page or add it under Sites"
            ),
        ),
        (
            (
                r"“(?P<site>.*)” is none of the organization's sites; choose its site on the mapping page or add it "
                r"under Sites"
            ),
            gettext_noop(
                "“%(site)s” is none of the organization's sites; choose its site on the mapping page or add it "
                "under Sites"
            ),
        ),
        (
            (
                r"the site “(?P<site>.*)” has no grid region, so its electricity has no factor; set the site's grid "
                r"region"
            ),
            gettext_noop(
                "the site “%(site)s” has no grid region, so its electricity has no factor; set the site's grid region"
            ),
        ),
    )
)
#: a reason about the supplier factor's unit: the unit problem, then this suffix
_SUPPLIER_SUFFIX = " (supplier factor)"


#: English month name → its number, to put Django's translated month name in a reason
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December"),
        start=1,
    )
}  # fmt: skip


@dataclass(frozen=True)
class Reason:
    """A recognised reason: its message id (the English template) and the values to put in it.

    ``inner`` is a reason nested in this one (a supplier factor's unit problem), translated on its own.
    """

    msgid: str
    values: Mapping[str, str]
    inner: Reason | None = None

    def english(self) -> str:
        return self.msgid % self._values(english=True) if self.values or self.inner else self.msgid

    def localized(self) -> str:
        text = gettext(self.msgid)
        return text % self._values(english=False) if self.values or self.inner else text

    def _values(self, *, english: bool) -> dict[str, str]:
        values = dict(self.values)
        if not english and values.get("month") in _MONTH_NUMBERS:  # "February" in the reader's language
            values["month"] = str(MONTHS[_MONTH_NUMBERS[values["month"]]])
        if self.inner is not None:
            values["problem"] = self.inner.english() if english else self.inner.localized()
        return values


def match_reason(text: str) -> Reason | None:
    """The message a reason of the core or of this app reads as, or ``None`` for a reason we do not know."""
    if text.endswith(_SUPPLIER_SUFFIX):
        inner = match_reason(text[: -len(_SUPPLIER_SUFFIX)])
        if inner is not None:
            return Reason(gettext_noop("%(problem)s (supplier factor)"), {}, inner)
    for pattern, msgid in _PATTERNS:
        found = pattern.fullmatch(text)
        if found is not None:
            return Reason(msgid, {k: v for k, v in found.groupdict().items() if v is not None})
    return None


def localize_reason(text: str) -> str:
    """A reason in the active language; text we do not recognise is returned as it is."""
    reason = match_reason(text)
    return text if reason is None else reason.localized()


def localize_issue(issue: RowIssue, labels: Mapping[str, str] | None = None) -> str:
    """A whole issue as a line for a page: where (row, column label), the value, and the localized reason."""
    reason = localize_reason(issue.reason)
    column = (labels or {}).get(issue.column or "", issue.column or "")
    values = {"row": issue.row, "column": column, "value": issue.value, "reason": reason}
    if issue.value:
        if issue.row is not None and column:
            text = gettext("Row %(row)s, %(column)s “%(value)s”: %(reason)s") % values
        elif column:
            text = gettext("%(column)s “%(value)s”: %(reason)s") % values
        else:
            text = gettext("“%(value)s”: %(reason)s") % values
    elif issue.row is not None and column:
        text = gettext("Row %(row)s, %(column)s: %(reason)s") % values
    elif issue.row is not None:
        text = gettext("Row %(row)s: %(reason)s") % values
    elif column:
        text = gettext("%(column)s: %(reason)s") % values
    else:
        text = reason
    return f"{issue.file}: {text}" if issue.file else text
