"""Reading PACT ProductFootprints from JSON files: one object, a list, or ``{"data": [...]}`` as the API returns.

Import is all-or-nothing: :func:`read_footprints` returns typed footprints only when every one of them is valid,
and otherwise raises :class:`FootprintsRejected` naming every violation by its JSON path (``$.data[2].pcf``).
:func:`check_file` reports without raising, for ``tanlu pact validate``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tanlu.errors import FileFormatError, InputError
from tanlu.exchange import pact_v2, pact_v3
from tanlu.exchange.validation import Violation, check_pact

MAX_FILE_BYTES = 200 * 1024 * 1024


class FootprintsRejected(InputError):
    """A file held invalid footprints; nothing was imported.  ``violations`` lists every problem."""

    def __init__(self, violations: list[Violation], *, file: str) -> None:
        self.violations = list(violations)
        count = len(self.violations)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in PACT footprints", file=file)
        self.args = (str(self.issue) + "".join(f"\n  {violation}" for violation in self.violations),)

    def __str__(self) -> str:
        return str(self.args[0])

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": type(self).__name__,
            "detail": str(self.issue),
            "errors": [{"file": self.file, "path": v.path, "reason": v.reason} for v in self.violations],
        }


@dataclass(frozen=True)
class Checked:
    """One footprint of a file: where it is, the PACT version it follows and what is wrong with it."""

    path: str
    major: str | None
    document: object
    violations: tuple[Violation, ...]


@dataclass(frozen=True)
class Imported:
    """A valid footprint: its JSON exactly as read, and the same as a typed model."""

    major: str
    document: dict[str, Any]
    model: pact_v3.ProductFootprint | pact_v2.ProductFootprint


def load_json(path: Path) -> object:
    """The parsed JSON of ``path``, or an error naming the line and column where it stops being JSON."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FileFormatError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", file=path.name)
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileFormatError("not UTF-8 text", file=path.name) from None
    except json.JSONDecodeError as error:
        raise FileFormatError(
            f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}", file=path.name
        ) from None


def footprint_documents(data: object) -> list[tuple[str, object]]:
    """Each footprint in ``data`` with its JSON path: a footprint, a list of them, or an API response body."""
    if isinstance(data, dict) and "data" in data and "pcf" not in data:
        inner = data["data"]
        if isinstance(inner, dict) and isinstance(inner.get("pfs"), list):  # a RequestFulfilled event
            return [(f"$.data.pfs[{index}]", item) for index, item in enumerate(inner["pfs"])]
        if isinstance(inner, list):
            return [(f"$.data[{index}]", item) for index, item in enumerate(inner)]
        return [("$.data", inner)]
    if isinstance(data, list):
        return [(f"$[{index}]", item) for index, item in enumerate(data)]
    return [("$", data)]


def check_documents(data: object) -> list[Checked]:
    """Every footprint in ``data``, checked against the schema of the PACT version it says it follows."""
    found = []
    for at, document in footprint_documents(data):
        major, violations = check_pact(document, at=at)
        found.append(Checked(at, major, document, tuple(violations)))
    return found


def check_file(path: Path) -> list[Checked]:
    """Every footprint in the file at ``path``, checked (an empty file or list is one violation at ``$``)."""
    checked = check_documents(load_json(path))
    if not checked:
        return [Checked("$", None, [], (Violation("$", "no ProductFootprint in the file"),))]
    return checked


def import_documents(data: object, *, file: str = "") -> list[Imported]:
    """Typed footprints from parsed JSON, all or none (see the module docstring)."""
    checked = check_documents(data)
    problems = [violation for item in checked for violation in item.violations]
    if not checked:
        problems.append(Violation("$", "no ProductFootprint in the file"))
    if problems:
        raise FootprintsRejected(problems, file=file)
    imported = []
    for item in checked:
        if isinstance(item.document, dict) and item.major is not None:  # always, once nothing was wrong
            module = pact_v3 if item.major == "3" else pact_v2
            imported.append(Imported(item.major, item.document, module.parse(item.document)))
    return imported


def read_footprints(path: Path) -> list[Imported]:
    """Typed footprints from the JSON file at ``path``, all or none."""
    return import_documents(load_json(path), file=path.name)


def export_documents(footprints: list[Imported]) -> list[dict[str, Any]]:
    """The footprints as PACT JSON again (what was read is what is written)."""
    return [item.model.to_json() for item in footprints]
