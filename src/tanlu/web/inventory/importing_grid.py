"""Rows typed into the grid, handled like an uploaded file (a CSV of them is the content and its fingerprint),
and the rows of an accepted grid import as text, for editing them again."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator, Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.errors import InputError
from tanlu.web.accounts.models import Membership, Role
from tanlu.web.accounts.services import require_role
from tanlu.web.inventory import uploads
from tanlu.web.inventory.importing import FIELDS, already_imported, fingerprint, stage
from tanlu.web.inventory.models import ActivityRow, ImportBatch, ImportStatus


def grid_batch(
    membership: Membership,
    *,
    source: str,
    rows: Sequence[Mapping[str, str]],
    replaces: ImportBatch | None = None,
) -> tuple[ImportBatch, bool]:
    """Rows typed into the grid, handled like a file: a CSV of them is the content (and its fingerprint)."""
    require_role(membership, Role.EDITOR)
    kept = [r for r in rows if any(str(r.get(f, "")).strip() for f in FIELDS)]
    if not kept:
        raise InputError(_("Type at least one row."))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    for r in kept:
        writer.writerow([str(r.get(f, "")).strip() for f in FIELDS])
    content = buffer.getvalue().encode("utf-8")
    digest = fingerprint(content + source.encode("utf-8"))
    if (earlier := already_imported(membership.organization, digest)) is not None:
        return earlier, True
    stamp = timezone.localtime().strftime("%Y-%m-%d %H%M")
    received = uploads.receive(membership.organization.pk, content, limit=len(content))
    with _discarded_on_error(received), transaction.atomic():
        batch = ImportBatch.objects.create(
            organization=membership.organization,
            source=source.strip()[:120] or _("Typed rows"),
            filename=f"{source.strip()[:80] or 'grid'} {stamp}.csv",
            kind="grid",
            fingerprint=digest,
            status=ImportStatus.UPLOADED,
            headers=list(FIELDS),
            data_rows=len(kept),
            created_by=membership.user,
            replaces=replaces,
        )
        uploads.keep(batch, received)
    stage(batch, {f: f for f in FIELDS})
    return batch, False


@contextlib.contextmanager
def _discarded_on_error(received: uploads.Received) -> Iterator[None]:
    try:
        yield
    except BaseException:
        uploads.discard(received)
        raise


def grid_rows(batch: ImportBatch) -> list[dict[str, str]]:
    """The rows of an accepted grid import as text, for editing them again."""
    return [
        {
            "site": site,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "activity": activity,
            "amount": _amount_text(amount),
            "unit": unit,
            "instrument": instrument,
            "note": note,
        }
        for site, start, end, activity, amount, unit, instrument, note in ActivityRow.objects.filter(
            batch=batch
        )
        .order_by("row")
        .values_list(
            "site__name", "period_start", "period_end", "activity", "amount", "unit", "instrument", "note"
        )
    ]


def _amount_text(amount: float) -> str:
    text = repr(amount)
    return text[:-2] if text.endswith(".0") else text
