"""What can be wrong in a filled PCF template: every refused cell as a :class:`CellProblem`, all of them raised
together as :class:`TemplateRejected` (:mod:`tanlu.exchange.template_read` finds them).

A problem carries a ``code`` and ``params`` so an adapter can say it in the reader's language; ``reason`` is the
English sentence, for the CLI and logs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from tanlu.errors import RowIssue, RowsRejected
from tanlu.exchange.template_layout import PRODUCTS, Field

_REASONS = {
    "missing_sheet": "the workbook has no sheet {sheet}; use the template as downloaded",
    "missing_column": "the sheet has no column {column}; use the template as downloaded",
    "required": "required, but empty",
    "formula": "a formula; type the value itself",
    "formula_without_value": "a formula without a computed value; type the number",
    "not_a_number": "not a number",
    "negative": "must not be negative",
    "below_minimum": "must be at least {minimum}",
    "above_maximum": "must be at most {maximum}",
    "not_a_date": "not a date (YYYY-MM-DD)",
    "not_a_choice": "not one of {choices}",
    "period_order": "the reference period ends before it starts",
    "dqr_incomplete": "give all three data quality ratings, or none",
    "mass_required": "required for a footprint per {unit}",
    "not_a_country": "not an ISO country code (CN) or province code (CN-JS)",
    "no_request": "a filled row without a request number",
    "unknown_request": "request {request} is not on the sheet " + PRODUCTS,
    "missing_row": "no row for request {request} on this sheet",
    "nothing_filled": "no row is filled in",
    #: raised by an adapter that knows which requests are open
    "not_requested": "request {request} is not an open request of this customer to you",
}


@dataclass(frozen=True)
class CellProblem:
    """One refused cell: where it is (sheet, Excel row, column letter, field), what is wrong (code, params)."""

    sheet: str
    row: int | None
    column: str
    field: Field | None
    code: str
    params: dict[str, str] = dataclasses.field(default_factory=dict)
    value: str = ""

    @property
    def reason(self) -> str:
        return _REASONS[self.code].format(**self.params)

    def issue(self, filename: str) -> RowIssue:
        column = f"{self.column} ({self.field.en})" if self.field else self.column or None
        return RowIssue(self.row, column, self.value or None, self.reason, file=filename, sheet=self.sheet)


class TemplateRejected(RowsRejected):
    """The filled template has bad cells; ``problems`` lists every one of them, nothing was read."""

    def __init__(self, problems: list[CellProblem], *, file: str) -> None:
        self.problems = problems
        super().__init__([p.issue(file) for p in problems], file=file)
