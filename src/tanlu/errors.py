"""The one error tree of Tanlu.

Every error a user can cause is a :class:`TanluError`.  Subclasses also inherit the matching builtin so that
callers that only know Python's exceptions still catch them (the pint practice)::

    TanluError
     ├── InputError (ValueError)            bad data in a file or a form field
     │    ├── FileFormatError               the file itself cannot be read (encoding, zip bomb, wrong type)
     │    └── RowsRejected                  a table had bad rows; carries every :class:`RowIssue`
     ├── ExpressionError (ValueError)       an XLSForm expression that does not parse or refers to nothing
     ├── UnitError (ValueError)             a unit that is unknown or cannot be converted to the one needed
     ├── NotFound (LookupError)             an object that does not exist (or belongs to another tenant)
     ├── PermissionDenied (PermissionError) the user's role does not allow the action
     └── ConfigurationError (RuntimeError)  the deployment is misconfigured (missing secret key, …)

One place per adapter turns these into a response: the CLI prints ``str(error)`` on one line and exits non-zero,
the web app renders a message or a 4xx page, the JSON API returns ``{"detail": …, "errors": [...]}``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


class TanluError(Exception):
    """Base of every error a user can cause or fix."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable description, used by the API and import reports."""
        return {"type": type(self).__name__, "detail": str(self)}


@dataclass(frozen=True)
class RowIssue:
    """One problem in one cell of a table: where it is, what was found and what was expected."""

    row: int | None
    column: str | None
    value: str | None
    reason: str
    file: str | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        where = ", ".join(parts)
        value = f" (value {self.value!r})" if self.value not in (None, "") else ""
        return f"{where}: {self.reason}{value}" if where else f"{self.reason}{value}"


class InputError(TanluError, ValueError):
    """Bad input at a known place: file, sheet, row, column and value are kept as fields."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.issue = RowIssue(row=row, column=column, value=value, reason=reason, file=file, sheet=sheet)
        super().__init__(str(self.issue))

    @property
    def file(self) -> str | None:
        return self.issue.file

    @property
    def row(self) -> int | None:
        return self.issue.row

    @property
    def column(self) -> str | None:
        return self.issue.column

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "errors": [asdict(self.issue)]}


class FileFormatError(InputError):
    """The file cannot be read at all: wrong type, encoding, size, or a hostile structure."""


class RowsRejected(InputError):
    """A table had bad rows. Nothing was stored; ``issues`` lists every one of them."""

    def __init__(self, issues: list[RowIssue], *, file: str | None = None) -> None:
        self.issues = list(issues)
        rows = len({(issue.file, issue.sheet, issue.row) for issue in self.issues})
        problems = len(self.issues)
        head = f"{rows} row{'s' if rows != 1 else ''} rejected"
        if problems != rows:
            head += f" ({problems} problems)"
        super().__init__(head, file=file)
        self.args = (head + "".join(f"\n  {issue}" for issue in self.issues),)

    def __str__(self) -> str:
        return str(self.args[0])

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": type(self).__name__,
            "detail": str(self.args[0]).split("\n", 1)[0],
            "errors": [asdict(issue) for issue in self.issues],
        }


class ExpressionError(TanluError, ValueError):
    """An XLSForm expression that cannot be parsed or evaluated."""


class UnitError(TanluError, ValueError):
    """A unit that is unknown, or that cannot be converted to the unit required."""


class NotFound(TanluError, LookupError):
    """The object does not exist, or is not visible to the current organization (the two are never told apart)."""


class PermissionDenied(TanluError, PermissionError):
    """The current user's role does not allow this action."""


class ConfigurationError(TanluError, RuntimeError):
    """The deployment's configuration is missing or inconsistent."""
