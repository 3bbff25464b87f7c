"""Closing an import: accepting a batch (all or nothing), cancelling it, and the whole import in one call for
the CLI and the API (:func:`import_file`, :func:`complete`), which ends in one or the other.

Reading, mapping, staging and checking the rows are :mod:`tanlu.web.inventory.importing`; accepted rows are written
in chunks under the batch that is not accepted yet and appear together when one tiny UPDATE accepts it
(:mod:`tanlu.web.inventory.storing`).
"""

from __future__ import annotations

import dataclasses
from typing import IO

import polars as pl
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.carbon.activities import Activities
from tanlu.errors import InputError, RowIssue, RowsRejected
from tanlu.tabular_stream import STREAM_LIMITS
from tanlu.web.accounts.models import Membership, Role
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.inventory import importing_sites, reasons, storing, uploads
from tanlu.web.inventory.importing import (
    Progress,
    _quiet,
    _require_open,
    already_imported,
    check,
    prepare,
    reload,
    save_mapping,
    upload,
    validate,
)
from tanlu.web.inventory.importing_mapping import guess_columns
from tanlu.web.inventory.models import ImportBatch, ImportStatus, Site, StagedRow


def import_file(
    membership: Membership,
    *,
    source: str,
    filename: str,
    content: bytes | IO[bytes],
    progress: Progress = _quiet,
) -> tuple[ImportBatch, bool]:
    """The whole import in one call, for the CLI: what the pages do, step by step, without questions. Returns
    (batch, already imported); see :func:`complete`. A local file is not a request: the request limit
    (``TANLU_MAX_UPLOAD_MB``) does not apply, the reader's own does (4 GiB, 10,000,000 rows)."""
    batch, repeated = upload(
        membership,
        source=source or filename,
        filename=filename,
        content=content,
        limit=STREAM_LIMITS.max_file_bytes,
    )
    if repeated:
        return batch, True
    complete(membership, batch, progress)
    return batch, False


def complete(
    membership: Membership, batch: ImportBatch, progress: Progress = _quiet, *, keep_rejected: bool = False
) -> None:
    """Read, map, check and accept an uploaded batch without questions.

    The file's header is read (:func:`prepare`); the columns are mapped by the source's saved mapping, else
    by the standard headers, exactly as the mapping page proposes them; with any bad row (or none at all)
    :class:`RowsRejected` lists every issue, and the import is cancelled, or with ``keep_rejected`` left to be
    fixed on its page (a background import: its issues are read back from the staged rows).
    """
    if not batch.headers:
        prepare(batch, progress)
    if batch.status == ImportStatus.UPLOADED:
        try:
            save_mapping(membership, batch, guess_columns(batch.headers), progress=progress)
        except InputError:
            cancel(membership, batch)
            raise
    reload(batch)
    if batch.status == ImportStatus.REJECTED:
        _activities, issues = check(batch)
        if not keep_rejected:
            cancel(membership, batch)
        raise RowsRejected([_with_file(issue, batch.filename) for issue in issues], file=batch.filename)
    accept(membership, batch, progress)
    reload(batch)


def _with_file(issue: RowIssue, filename: str) -> RowIssue:
    return issue if issue.file else dataclasses.replace(issue, file=filename)


def accept(membership: Membership, batch: ImportBatch, progress: Progress = _quiet) -> int:
    """Store every row, all or nothing for anyone reading; returns the number of rows imported.

    The rows are checked and turned into tuples before anything is written, then written in short chunks under
    the batch that is not accepted yet, and made visible at once by one tiny UPDATE (:mod:`storing`); any error
    on the way deletes what was written. The write lock is held for one chunk at a time.
    """
    require_role(membership, Role.EDITOR)
    _require_open(batch)
    storing.purge(batch.organization)  # rows a stopped attempt left (of this batch or another)
    progress(0, 3, _("Checking every row"))
    activities, issues = check(batch)
    if activities is None:
        validate(batch)
        raise RowsRejected(issues, file=batch.filename)
    total = activities.frame.height
    progress(1, 3, _("Preparing %(n)s rows") % {"n": total})
    sites = _sites(membership, batch, activities)
    _refuse_if_imported(batch)
    token = storing.claim(batch)
    try:
        message = _("Storing %(n)s rows") % {"n": total}
        written = storing.write(
            batch,
            token,
            storing.row_tuples(batch, activities.frame, sites),
            lambda done: progress(done, total, message),
        )
        with transaction.atomic():
            _refuse_if_imported(batch)
            if not storing.publish(batch, token, row_count=written):
                raise InputError(_("This import is closed: it was accepted or cancelled."))
            if batch.replaces_id:
                ImportBatch.objects.filter(pk=batch.replaces_id).update(status=ImportStatus.CANCELLED)
            audit(
                batch.organization, membership.user, "inventory.import", f"{batch.filename}: {written} rows"
            )
    except IntegrityError:  # the same file was accepted by another batch meanwhile
        storing.release(batch, token)
        raise InputError(_("This file was already imported; nothing was changed.")) from None
    except BaseException:
        storing.release(batch, token)
        raise
    reload(batch)
    uploads.drop(batch.pk, batch.replaces_id)
    if batch.replaces_id:  # its rows are invisible since the UPDATE above
        storing.purge(batch.organization)
    storing.delete_in_chunks(StagedRow.objects.filter(batch=batch))  # read by nobody once accepted
    progress(3, 3, "")
    return written


def _refuse_if_imported(batch: ImportBatch) -> None:
    if (earlier := already_imported(batch.organization, batch.fingerprint)) is not None:
        raise InputError(
            _("This file was already imported on %(date)s; nothing was changed.")
            % {"date": timezone.localtime(earlier.accepted_at).date().isoformat()}
        )


def _sites(membership: Membership, batch: ImportBatch, activities: Activities) -> dict[str, int]:
    """The id of every site the rows name. Sites are created at the mapping step when the user confirms them
    (:func:`importing_sites.confirm`), never here, except by the first import of an organization without any
    site (nothing to match its names to; audited)."""
    names = activities.frame.get_column("site").cast(pl.String).unique().to_list()
    organization = batch.organization
    if not Site.objects.for_organization(organization).exists():
        Site.objects.bulk_create(
            [Site(organization=organization, name=n) for n in names], ignore_conflicts=True
        )
        audit(organization, membership.user, "inventory.site_create", ", ".join(sorted(names))[:500])
    found = dict(Site.objects.filter(organization=organization, name__in=names).values_list("name", "pk"))
    missing = sorted(set(names) - set(found))
    if missing:  # checked when the rows were validated; a site deleted since then
        raise InputError(reasons.localize_reason(importing_sites.UNKNOWN_SITE % {"site": missing[0]}))
    return found


def cancel(membership: Membership, batch: ImportBatch) -> None:
    require_role(membership, Role.EDITOR)
    _require_open(batch)
    batch.status = ImportStatus.CANCELLED
    batch.save(update_fields=["status"])
    uploads.drop(batch.pk)
    storing.delete_in_chunks(StagedRow.objects.filter(batch=batch))
    storing.purge(batch.organization)
