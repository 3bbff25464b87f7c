"""Mapping a file's columns to the activity fields: a first proposal from the headers (the core's English and
Chinese aliases), the mapping a source used last time, and the checks of a mapping before any row is staged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from tanlu.carbon.activities import ACTIVITY_COLUMNS, OPTIONAL_COLUMNS
from tanlu.carbon.headers import HEADER_ALIASES
from tanlu.errors import InputError
from tanlu.web.inventory import naming
from tanlu.web.inventory.models import ColumnMapping, ImportBatch

#: the fields a column can be mapped to, required ones first
FIELDS = (*ACTIVITY_COLUMNS, *OPTIONAL_COLUMNS)


def _key(text: str) -> str:
    """A header as it is compared with the aliases: case, spaces, underscores and dashes do not count."""
    return "".join(ch for ch in text.casefold() if ch not in " _-\u3000")


def guess_columns(headers: Sequence[str]) -> dict[str, str]:
    """Canonical field → header, by the core's aliases (Chinese or English), for a first proposal."""
    lookup = {_key(alias): name for name in FIELDS for alias in (name, *HEADER_ALIASES.get(name, ()))}
    guessed: dict[str, str] = {}
    for header in headers:
        name = lookup.get(_key(header))
        if name and name not in guessed:
            guessed[name] = header
    return guessed


def mapping_for(batch: ImportBatch) -> ColumnMapping | None:
    """The mapping the batch's source used last time, if any: the next file of a source is mapped the same way."""
    return ColumnMapping.objects.for_organization(batch.organization).filter(source=batch.source).first()


def check_mapping(batch: ImportBatch, columns: Mapping[str, str], *, fixed_unit: str = "") -> None:
    """Refuse a mapping that leaves a required field without a column, or names a column the file lacks."""
    missing = [
        name for name in ACTIVITY_COLUMNS if not columns.get(name) and not (name == "unit" and fixed_unit)
    ]
    if missing:
        raise InputError(
            _("Choose a column for: %(fields)s")
            % {"fields": ", ".join(naming.field_labels()[name] for name in missing)},
            column=missing[0],
        )
    unknown = [h for h in columns.values() if h and h not in batch.headers]
    if unknown:
        raise InputError(_("The file has no column %(name)s.") % {"name": unknown[0]}, column=unknown[0])
