"""Bringing activity data in: upload → map columns (remembered per source) → validate → fix or cancel → accept.

Nothing reaches :class:`ActivityRow` until every row is valid; accepting is all or nothing. A file's content
fingerprint is unique among the organization's accepted imports, so importing the same file again changes nothing.

SQLite has one writer at a time, and survey respondents wait for it: no step here holds the write lock for longer
than a chunk. Files are read, rows built and checked outside any transaction; staged rows are written
:data:`STAGE_CHUNK` at a time, each chunk its own short transaction; accepted rows are written the same way, under
the batch that is not accepted yet, and appear together when one tiny UPDATE accepts it (:mod:`storing`).
Batches of more than :data:`INLINE_ROWS` rows are mapped, checked and accepted by background jobs (:mod:`tanlu.web.inventory.jobs`).

Accepting and cancelling a batch, and the whole import in one call, are :mod:`tanlu.web.inventory.importing_accept`;
rows typed into the grid are :mod:`tanlu.web.inventory.importing_grid`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.carbon.activities import Activities, validate_activity_slices
from tanlu.carbon.factors import FactorSet
from tanlu.errors import InputError, RowIssue, RowsRejected
from tanlu.web import turns
from tanlu.web.accounts.models import Membership, Role
from tanlu.web.accounts.services import require_role
from tanlu.web.inventory import importing_checks, importing_sites, naming, reasons, slices, storing, uploads
from tanlu.web.inventory.factorsets import factor_set, latest_version

# guess_columns is re-exported: the pages, the demo and the accept step call it as importing.guess_columns
from tanlu.web.inventory.importing_mapping import FIELDS, check_mapping, guess_columns, mapping_for  # noqa: F401
from tanlu.web.inventory.models import (
    ColumnMapping,
    ImportBatch,
    ImportStatus,
    StagedRow,
)
from tanlu.web.upload_limit import max_upload_bytes

EARLIEST = dt.date(1990, 1, 1)
#: uploads larger than this are read by a background job whose progress the page shows
INLINE_LIMIT = getattr(settings, "TANLU_INVENTORY_INLINE_BYTES", 2 * 1024 * 1024)
#: batches with more rows than this are mapped, checked and accepted by background jobs
INLINE_ROWS = 20_000
#: staged rows read back (and validated) per slice
CHUNK = 5_000
#: staged rows written per transaction: about 5 ms of SQLite's write lock (docs/performance.md)
STAGE_CHUNK = 1_000
Progress = Callable[[int, int, str], None]


def _quiet(done: int, total: int, message: str = "") -> None:
    return None


def reporting_period() -> tuple[dt.date, dt.date]:
    """Rows must lie between 1990 and the end of the current year: a future period is out of range."""
    return EARLIEST, dt.date(timezone.localdate().year, 12, 31)


def organization_factors(batch_or_org: Any) -> FactorSet:
    organization = getattr(batch_or_org, "organization", batch_or_org)
    return factor_set(latest_version(organization))


def _slices(batch: ImportBatch) -> Iterator[slices.Rows]:
    """The batch's data rows a slice at a time, read from its file (:mod:`slices`: memory stays bounded)."""
    return slices.slices(uploads.path(batch), batch.filename)


def is_large(batch: ImportBatch) -> bool:
    """Whether work on the whole batch belongs in a background job rather than in a web request."""
    return batch.data_rows > INLINE_ROWS


def fingerprint(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def already_imported(organization: Any, digest: str) -> ImportBatch | None:
    return (
        ImportBatch.objects.for_organization(organization)
        .filter(fingerprint=digest, status=ImportStatus.ACCEPTED)
        .first()
    )


def upload(
    membership: Membership,
    *,
    source: str,
    filename: str,
    content: bytes | IO[bytes],
    limit: int | None = None,
) -> tuple[ImportBatch, bool]:
    """Store an upload, streamed to a file (:mod:`uploads`); returns (batch, True) when the same file was imported
    before. A file over ``limit`` bytes (``TANLU_MAX_UPLOAD_MB``), imported before, or unreadable leaves nothing."""
    require_role(membership, Role.EDITOR)
    organization = membership.organization
    received = uploads.receive(organization.pk, content, max_upload_bytes() if limit is None else limit)
    try:
        if (earlier := already_imported(organization, received.digest)) is not None:
            uploads.discard(received)
            return earlier, True
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                organization=organization,
                source=source.strip()[:120] or filename[:120],
                filename=filename[:255],
                fingerprint=received.digest,
                status=ImportStatus.UPLOADED,
                created_by=membership.user,
            )
            uploads.keep(batch, received)
            if received.size <= INLINE_LIMIT:
                prepare(batch)
    except BaseException:
        uploads.discard(received)
        raise
    return batch, False


def reload(batch: ImportBatch) -> None:
    """Read the batch's state again (a few bytes: its file is in the data directory, read only when needed)."""
    batch.refresh_from_db()


def prepare(batch: ImportBatch, progress: Progress = _quiet) -> None:
    """Read the file's header and count its rows; when the source has a mapping whose columns are all there,
    apply it."""
    progress(0, 1, _("Reading the file"))
    top, batch.data_rows = slices.head_and_count(uploads.path(batch), batch.filename)
    batch.headers = top.headers
    batch.header_row = top.header_row
    batch.encoding = top.encoding or ""
    batch.save(update_fields=["headers", "header_row", "encoding", "data_rows"])
    saved = mapping_for(batch)
    if saved and saved.columns and set(saved.columns.values()) <= set(top.headers):
        batch.mapping_reused = True
        batch.save(update_fields=["mapping_reused"])
        stage(
            batch,
            saved.columns,
            fixed_unit=saved.fixed_unit,
            activity_values=saved.activity_values,
            site_values=saved.site_values,
            progress=progress,
        )
        if importing_sites.unknown_sites(batch):  # a site the saved mapping does not know: ask on the page
            storing.delete_in_chunks(StagedRow.objects.filter(batch=batch))
            batch.status = ImportStatus.UPLOADED
            batch.mapping_reused = False
            batch.save(update_fields=["status", "mapping_reused"])
    else:
        progress(1, 1, "")


def distinct_values(batch: ImportBatch, header: str, limit: int = 60) -> list[str]:
    """The first ``limit`` different texts of a column (activity or site names), in the file's order, for the
    mapping page to ask about."""
    return distinct_columns(batch, [header], limit)[header]


#: the most names of one column the mapping page asks about
DISTINCT_MAX = 100


def distinct_columns(batch: ImportBatch, headers: Sequence[str], limit: int = 60) -> dict[str, list[str]]:
    """:func:`distinct_values` of several columns from one reading of the file (the mapping page asks about the
    activity and the site column). The first :data:`DISTINCT_MAX` names of each are kept on the batch object,
    so one request reads a large file once."""
    cache: dict[str, list[str]] = batch.__dict__.setdefault("_distinct_values", {})
    wanted = [h for h in dict.fromkeys(headers) if h in batch.headers and h not in cache]
    if wanted:
        indexes = {h: batch.headers.index(h) for h in wanted}
        found: dict[str, dict[str, None]] = {h: {} for h in wanted}
        open_ = set(wanted)
        for part in _slices(batch):
            columns = [(h, indexes[h], found[h]) for h in open_]
            for row in part.rows:
                for _header, index, values in columns:
                    cell = row[index].strip() if index < len(row) else ""
                    if cell:
                        values.setdefault(cell, None)
            open_ = {h for h in open_ if len(found[h]) < DISTINCT_MAX}
            if not open_:
                break
        cache.update({h: list(values) for h, values in found.items()})
    return {h: cache.get(h, [])[: min(limit, DISTINCT_MAX)] for h in headers}


def save_mapping(
    membership: Membership,
    batch: ImportBatch,
    columns: Mapping[str, str],
    *,
    fixed_unit: str = "",
    activity_values: Mapping[str, str] | None = None,
    site_values: Mapping[str, str] | None = None,
    remember: bool = True,
    progress: Progress = _quiet,
) -> list[RowIssue]:
    """Check and apply a mapping (and remember it for the source); returns every issue of the rows.

    ``site_values`` (name in the file → site, :func:`importing_sites.confirm`) are the mapping step's site
    choices; without them (the CLI, the API) the source's saved ones apply and stay as they are."""
    require_role(membership, Role.EDITOR)
    check_mapping(batch, columns, fixed_unit=fixed_unit)
    clean = {k: v for k, v in columns.items() if v}
    values = {k: v for k, v in (activity_values or {}).items() if v}
    defaults: dict[str, Any] = {"columns": clean, "fixed_unit": fixed_unit.strip(), "activity_values": values}
    if site_values is None:
        saved = mapping_for(batch)
        sites = dict(saved.site_values) if saved else {}
    else:
        sites = {k: v for k, v in site_values.items() if v}
        defaults["site_values"] = sites
    if remember:
        ColumnMapping.objects.update_or_create(
            organization=batch.organization, source=batch.source, defaults=defaults
        )
    return stage(
        batch,
        clean,
        fixed_unit=fixed_unit.strip(),
        activity_values=values,
        site_values=sites,
        progress=progress,
    )


def stage(
    batch: ImportBatch,
    columns: Mapping[str, str],
    *,
    fixed_unit: str = "",
    activity_values: Mapping[str, str] | None = None,
    site_values: Mapping[str, str] | None = None,
    progress: Progress = _quiet,
) -> list[RowIssue]:
    """Turn the file's rows into staged rows (text cells) under the mapping, then validate them.

    A row's site is the organization's site its name means (:class:`importing_sites.SiteNames`).

    The rows are written :data:`STAGE_CHUNK` at a time, each chunk in a transaction of its own; the batch's status
    changes only at the end (:func:`validate`), so a staging cut short leaves the batch to be mapped again.
    """
    total = batch.data_rows
    progress(0, total, _("Mapping %(n)s rows") % {"n": total})
    index = {name: batch.headers.index(header) for name, header in columns.items() if header in batch.headers}
    names = naming.ActivityNames(organization_factors(batch), batch.organization, activity_values)
    sites = importing_sites.SiteNames(batch.organization, site_values)
    widths = {name: StagedRow._meta.get_field(name).max_length for name in FIELDS}
    storing.delete_in_chunks(StagedRow.objects.filter(batch=batch))
    no_issues = StagedRow._meta.get_field("issues").get_db_prep_value([], connection)
    chunk: list[tuple[Any, ...]] = []
    done = 0
    for part in _slices(batch):
        for row, number in zip(part.rows, part.row_numbers, strict=True):
            done += 1
            cells = {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
            if not any(cells.values()):
                continue
            if "site" in cells:
                cells["site"] = sites.name(cells["site"])
            if not cells.get("unit") and fixed_unit:
                cells["unit"] = fixed_unit
            activity = cells.get("activity", "")
            cells["activity"] = names.key(activity, cells.get("site", ""), cells.get("period_start", ""))
            chunk.append(
                (
                    batch.organization_id,
                    batch.pk,
                    number,
                    *(cells.get(name, "")[: widths[name]] for name in FIELDS),
                    no_issues,
                )
            )
            if len(chunk) >= STAGE_CHUNK:
                _write_staged(chunk)
                chunk = []
                progress(done, total, _("Mapping %(n)s rows") % {"n": total})
    _write_staged(chunk)
    progress(total, total, _("Mapping %(n)s rows") % {"n": total})
    return validate(batch, progress)


_STAGED_COLUMNS = ("organization_id", "batch_id", "row", *FIELDS, "issues")


def _write_staged(chunk: list[tuple[Any, ...]]) -> None:
    with turns.chunk_atomic():
        storing.insert(StagedRow, _STAGED_COLUMNS, chunk)


def _staged_slices(batch: ImportBatch) -> Iterator[pl.DataFrame]:
    """The staged rows as text columns, :data:`CHUNK` rows a frame: the core validates them a slice at a time
    (:func:`validate_activity_slices`), so the text of every row is never held at once."""
    schema = {"row": pl.Int64, **dict.fromkeys(FIELDS, pl.String)}
    chunk: list[tuple[Any, ...]] = []
    rows = StagedRow.objects.filter(batch=batch).order_by("row").values_list("row", *FIELDS)
    for values in rows.iterator(chunk_size=CHUNK):
        chunk.append(values)
        if len(chunk) >= CHUNK:
            yield pl.DataFrame(chunk, schema=schema, orient="row")
            chunk = []
    if chunk:
        yield pl.DataFrame(chunk, schema=schema, orient="row")


def check(batch: ImportBatch) -> tuple[Activities | None, list[RowIssue]]:
    """Validate the staged rows: the validated activities, or every issue (a row naming a site that is none
    of the organization's is one, :func:`importing_sites.site_issues`)."""
    if not StagedRow.objects.filter(batch=batch).exists():
        return None, [RowIssue(row=None, column=None, value="", reason=reasons.NO_DATA_ROWS)]
    factors = organization_factors(batch)
    sites = importing_sites.site_issues(batch)
    try:
        activities = validate_activity_slices(
            _staged_slices(batch), factors, file=batch.filename, reporting_period=reporting_period()
        )
    except RowsRejected as error:
        return None, _by_row([*sites, *importing_sites.grid_issues(batch, error.issues)])
    except InputError as error:
        return None, [error.issue]
    issues = _by_row([*sites, *importing_checks.import_issues(activities, batch)])
    return (None if issues else activities), issues


def _by_row(issues: list[RowIssue]) -> list[RowIssue]:
    return sorted(issues, key=lambda issue: -1 if issue.row is None else issue.row)


def validate(batch: ImportBatch, progress: Progress = _quiet) -> list[RowIssue]:
    """Check every staged row and record the issues on the rows; the batch's status changes last."""
    progress(0, 1, _("Checking every row"))
    _activities, issues = check(batch)
    by_row: dict[int | None, list[dict[str, str]]] = {}
    for issue in issues:
        by_row.setdefault(issue.row, []).append(
            {"column": issue.column or "", "value": issue.value or "", "reason": issue.reason}
        )
    StagedRow.objects.filter(batch=batch).exclude(issues=[]).update(issues=[])
    numbers = sorted(r for r in by_row if r is not None)
    for first in range(0, len(numbers), STAGE_CHUNK):
        updates = list(StagedRow.objects.filter(batch=batch, row__in=numbers[first : first + STAGE_CHUNK]))
        for staged in updates:
            staged.issues = by_row[staged.row]
        with turns.chunk_atomic():
            StagedRow.objects.bulk_update(updates, ["issues"], batch_size=STAGE_CHUNK)
    progress(1, 1, "")
    batch.issue_count = len(issues)
    batch.row_count = StagedRow.objects.filter(batch=batch).count()
    batch.status = ImportStatus.REJECTED if issues else ImportStatus.VALID
    batch.save(update_fields=["issue_count", "row_count", "status"])
    return issues


def fix_rows(
    membership: Membership,
    batch: ImportBatch,
    edits: Mapping[int, Mapping[str, str]],
    drop: Sequence[int] = (),
    progress: Progress = _quiet,
) -> list[RowIssue]:
    """Apply the user's corrections to rejected rows (or drop rows), then validate again."""
    require_role(membership, Role.EDITOR)
    _require_open(batch)
    with transaction.atomic():
        rows = {s.row: s for s in StagedRow.objects.filter(batch=batch, row__in=[*edits, *drop])}
        StagedRow.objects.filter(batch=batch, row__in=list(drop)).delete()
        changed = []
        for number, cells in edits.items():
            staged = rows.get(number)
            if staged is None or number in drop:
                continue
            for name in FIELDS:
                if name in cells:
                    setattr(
                        staged, name, str(cells[name]).strip()[: StagedRow._meta.get_field(name).max_length]
                    )
            changed.append(staged)
        StagedRow.objects.bulk_update(changed, list(FIELDS))
    return validate(batch, progress)


def _require_open(batch: ImportBatch) -> None:
    if batch.status in (ImportStatus.ACCEPTED, ImportStatus.CANCELLED):
        raise InputError(_("This import is closed: it was accepted or cancelled."))
