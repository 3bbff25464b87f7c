"""Bringing a product model in: upload → read in a background job → every bad row shown → fix or cancel → accept.

The upload is stored and read by the job ``products.read``, never inside the request. Reading and checking run
outside any transaction; the staged rows are written in one short transaction, and accepting validates first and
then replaces the stored model in one transaction, so the database's write lock is held only while rows are
written. Nothing reaches the model's tables until every row is valid. A file whose content is that of the last
accepted import changes nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.errors import FileFormatError, InputError, RowIssue, RowsRejected
from tanlu.tabular import Table, read_table, read_workbook_sheets
from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.products import core, tables
from tanlu.web.products.models import ImportStatus, ModelImport, ModelUpload, StagedRow
from tanlu.web.products.reasons import NO_ROWS, NOT_A_ZIP

Progress = Callable[[int, int, str], None]
MAX_MEMBERS = 20
MAX_MEMBER_BYTES = 50 * 1024 * 1024


def _quiet(done: int, total: int, message: str = "") -> None:
    return None


def fingerprint(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def last_accepted(organization: Organization) -> ModelImport | None:
    return (
        ModelImport.objects.for_organization(organization)
        .filter(status=ImportStatus.ACCEPTED)
        .order_by("-accepted_at", "-id")
        .first()
    )


def upload(membership: Membership, *, filename: str, content: bytes) -> tuple[ModelImport, bool]:
    """Store an upload to be read by a job; (the last accepted import, True) when it is the same file."""
    require_role(membership, Role.EDITOR)
    digest = fingerprint(content)
    earlier = last_accepted(membership.organization)
    if earlier is not None and earlier.fingerprint == digest:
        return earlier, True
    with transaction.atomic():
        batch = ModelImport.objects.create(
            organization=membership.organization,
            filename=filename[:255],
            fingerprint=digest,
            status=ImportStatus.READING,
            created_by=membership.user,
        )
        ModelUpload.objects.create(batch=batch, content=content)
    return batch, False


def _content(batch: ModelImport) -> bytes:
    """The uploaded file, from its own row (read only here, never with the import)."""
    found = ModelUpload.objects.filter(batch_id=batch.pk).values_list("content", flat=True).first()
    if found is None:  # deleted once the import was read
        raise FileFormatError("this import has been read already", file=batch.filename)
    return bytes(found)


def _zip_tables(content: bytes, filename: str) -> list[Table]:
    """A zip of ``<sheet>.csv`` files (an exported folder): each CSV is one sheet, named after its stem."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise FileFormatError(NOT_A_ZIP, file=filename) from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".csv")]
        if not members:
            raise FileFormatError("the zip file holds no CSV files", file=filename)
        if len(members) > MAX_MEMBERS or any(m.file_size > MAX_MEMBER_BYTES for m in members):
            raise FileFormatError("the zip file holds too many or too large files", file=filename)
        found = []
        for member in members:
            name = PurePosixPath(member.filename).name
            if name.startswith("."):
                continue
            table = read_table(archive.read(member), filename=name)
            found.append(dataclasses.replace(table, sheet=PurePosixPath(name).stem))
        return found


def read_sheets(content: bytes, filename: str) -> list[Table]:
    """Every sheet of a workbook, a single CSV, or a zip of CSV files, as text."""
    is_zip = content[:4] == b"PK\x03\x04"
    if (
        is_zip
        and b"[Content_Types].xml" not in content[:4096]
        and not filename.lower().endswith((".xlsx", ".ods"))
    ):
        return _zip_tables(content, filename)
    return list(read_workbook_sheets(content, filename=filename).values())


def read(batch: ModelImport, progress: Progress = _quiet) -> None:
    """The job's work: read the file into staged rows (text cells keyed by the file's headers), then check them."""
    progress(0, 3, _("Reading the file"))
    if batch.status != ImportStatus.READING:  # read already (a job run again): its file is gone
        return
    try:
        sheets = [t for t in read_sheets(_content(batch), batch.filename) if t.rows]
        if not sheets:
            raise FileFormatError(NO_ROWS, file=batch.filename)
    except InputError as error:
        batch.status = ImportStatus.FAILED
        batch.error = error.issue.reason
        with transaction.atomic():
            batch.save(update_fields=["status", "error"])
            ModelUpload.objects.filter(batch_id=batch.pk).delete()
        return
    staged = [
        StagedRow(
            organization_id=batch.organization_id,
            batch=batch,
            sheet=(table.sheet or "")[:60],
            row=number,
            cells={h: cell for h, cell in zip(table.headers, row, strict=False) if h},
        )
        for table in sheets
        for row, number in zip(table.rows, table.row_numbers, strict=True)
    ]
    progress(1, 3, _("Storing %(n)s rows") % {"n": len(staged)})
    with transaction.atomic():
        StagedRow.objects.filter(batch=batch).delete()
        StagedRow.objects.bulk_create(staged, batch_size=2000)
    progress(2, 3, _("Checking every row"))
    validate(batch)
    ModelUpload.objects.filter(batch_id=batch.pk).delete()  # the staged rows hold the data now
    progress(3, 3, "")


def staged_tables(batch: ModelImport) -> dict[str, list[dict[str, Any]]]:
    """The staged rows as the core's tables: per sheet, the cells and the file's row number."""
    found: dict[str, list[dict[str, Any]]] = {}
    for sheet, row, cells in (
        StagedRow.objects.filter(batch=batch).order_by("sheet", "row").values_list("sheet", "row", "cells")
    ):
        found.setdefault(sheet, []).append({**cells, "row": row})
    return found


def check(batch: ModelImport) -> tuple[Any, list[RowIssue]]:
    """The validated model of the staged rows, or every issue."""
    staged = staged_tables(batch)
    if not staged:
        return None, [RowIssue(row=None, column=None, value="", reason=NO_ROWS)]
    try:
        rows = tables.with_inventory_totals(batch.organization, staged)
        model = core.model_from_rows(batch.organization, rows, source=batch.filename)
    except RowsRejected as error:
        return None, list(error.issues)
    except InputError as error:
        return None, [error.issue]
    return model, []


def _sheet_key(name: str | None) -> str:
    return core.canonical_sheet(name or "")


def validate(batch: ModelImport) -> list[RowIssue]:
    """Check the staged rows and write each issue onto its row (English, translated when shown)."""
    _model, issues = check(batch)
    by_row: dict[tuple[str, int], list[dict[str, str]]] = {}
    general = []
    for issue in issues:
        entry = {"column": issue.column or "", "value": issue.value or "", "reason": issue.reason}
        if issue.row is None:
            general.append(entry)
        else:
            by_row.setdefault((_sheet_key(issue.sheet), issue.row), []).append(entry)
    rows = list(StagedRow.objects.filter(batch=batch))
    changed = []
    unmatched = dict(by_row)
    for staged in rows:
        found = by_row.get((_sheet_key(staged.sheet), staged.row), [])
        unmatched.pop((_sheet_key(staged.sheet), staged.row), None)
        if found != staged.issues:
            staged.issues = found
            changed.append(staged)
    for (sheet, row), entries in unmatched.items():  # an issue on a row we cannot place is still shown
        general.extend({**e, "reason": f"{sheet} {row}: {e['reason']}"} for e in entries)
    with transaction.atomic():
        StagedRow.objects.bulk_update(changed, ["issues"], batch_size=2000)
        batch.issue_count = len(issues)
        batch.row_count = len(rows)
        batch.error = "\n".join(e["reason"] for e in general)
        batch.status = ImportStatus.REJECTED if issues else ImportStatus.VALID
        batch.save(update_fields=["issue_count", "row_count", "error", "status"])
    return issues


def _require_open(batch: ModelImport) -> None:
    if batch.status not in (ImportStatus.REJECTED, ImportStatus.VALID):
        raise InputError(_("This import is closed: it was accepted or cancelled."))


def fix_rows(
    membership: Membership,
    batch: ModelImport,
    edits: Mapping[int, Mapping[str, str]],
    drop: Sequence[int] = (),
) -> list[RowIssue]:
    """Apply corrections to staged rows (by their id; cells by header) or drop rows, then check again."""
    require_role(membership, Role.EDITOR)
    _require_open(batch)
    with transaction.atomic():
        StagedRow.objects.filter(batch=batch, pk__in=list(drop)).delete()
        rows = list(StagedRow.objects.filter(batch=batch, pk__in=list(edits)))
        for staged in rows:
            cells = dict(staged.cells)
            cells.update({k: str(v).strip()[:300] for k, v in edits[staged.pk].items() if k in cells})
            staged.cells = cells
        StagedRow.objects.bulk_update(rows, ["cells"])
    return validate(batch)


def accept(membership: Membership, batch: ModelImport) -> int:
    """Replace the stored model by the import's, all or nothing; returns the rows stored."""
    require_role(membership, Role.EDITOR)
    _require_open(batch)
    model, issues = check(batch)  # outside the transaction: the write lock is held only while writing
    if model is None:
        validate(batch)
        raise RowsRejected(issues, file=batch.filename)
    by_sheet = {_sheet_key(sheet): rows for sheet, rows in staged_tables(batch).items()}
    own = {
        str(value)
        for row in by_sheet.get("site_activities", [])
        for header, value in row.items()
        if core.canonical_column(header, "site_activities") == "site"
    }
    with transaction.atomic():
        locked = ModelImport.objects.select_for_update().get(pk=batch.pk)
        _require_open(locked)
        count = tables.replace_model(batch.organization, model.tables, by_sheet.get("factors", []), own)
        StagedRow.objects.filter(batch=batch).delete()
        locked.status = ImportStatus.ACCEPTED
        locked.row_count = count
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["status", "row_count", "accepted_at"])
        audit(batch.organization, membership.user, "products.import", f"{batch.filename}: {count} rows")
    batch.refresh_from_db()
    return count


def cancel(membership: Membership, batch: ModelImport) -> None:
    require_role(membership, Role.EDITOR)
    if batch.status in (ImportStatus.ACCEPTED, ImportStatus.CANCELLED):
        raise InputError(_("This import is closed: it was accepted or cancelled."))
    with transaction.atomic():
        StagedRow.objects.filter(batch=batch).delete()
        batch.status = ImportStatus.CANCELLED
        batch.save(update_fields=["status"])
