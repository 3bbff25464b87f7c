"""The CBAM area's services: an installation workbook in (upload → read in a job → stored whole or refused),
its goods calculated by the core, and the communication for EU importers made from the stored workbook.

Reading and checking run outside any transaction; an accepted workbook replaces its installation (matched by name
within the organization) and every good in one short transaction, so nothing is half stored. A workbook with any
bad row stores nothing and keeps every issue, in the core's English, translated when shown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from tanlu.carbon.cbam.calculate import DefaultComparison, ProcessResult, calculate, compare_with_defaults
from tanlu.carbon.cbam.communication import Communication, build_communication
from tanlu.carbon.cbam.model import InstallationData
from tanlu.carbon.cbam.reader import installation_from_tables
from tanlu.errors import InputError, RowIssue, RowsRejected, TanluError
from tanlu.tabular import read_workbook_sheets
from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.cbam.models import (
    Good,
    ImportStatus,
    Installation,
    InstallationImport,
    InstallationUpload,
    PartLink,
    carbon_price_fields,
)
from tanlu.web.products.models import Product

Progress = Callable[[int, int, str], None]
FIRST_YEAR = 2026  # mark-ups on default values start with the definitive period


def _quiet(done: int, total: int, message: str = "") -> None:
    return None


def upload(membership: Membership, *, filename: str, content: bytes) -> InstallationImport:
    """Store an uploaded workbook to be read by the job ``cbam.read``."""
    require_role(membership, Role.EDITOR)
    with transaction.atomic():
        batch = InstallationImport.objects.create(
            organization=membership.organization,
            filename=filename[:255],
            fingerprint=hashlib.sha256(content).hexdigest(),
            status=ImportStatus.READING,
            created_by=membership.user,
        )
        InstallationUpload.objects.create(batch=batch, content=content)
    return batch


def _content(batch: InstallationImport) -> bytes:
    """The uploaded workbook, from its own row (gone once the import was read)."""
    found = InstallationUpload.objects.filter(batch_id=batch.pk).values_list("content", flat=True).first()
    if found is None:
        raise InputError(_("This import has been read already."))
    return bytes(found)


def read_data(content: bytes, filename: str) -> InstallationData:
    """The checked installation data of a workbook; :class:`InputError` (or :class:`RowsRejected`) if bad."""
    tables = read_workbook_sheets(content, filename=filename, header_detection=False)
    return installation_from_tables({name.strip().lower(): t for name, t in tables.items()}, filename)


def markup_year(data: InstallationData, today: dt.date | None = None) -> int:
    """The reporting period's year when it is one of the definitive period, else this year (as the CLI)."""
    period = data.installation.reporting_period.strip()
    if period.isascii() and period.isdigit() and len(period) == 4 and int(period) >= FIRST_YEAR:
        return int(period)
    return max((today or dt.date.today()).year, FIRST_YEAR)


def _issue_dict(issue: RowIssue) -> dict[str, object]:
    return dataclasses.asdict(issue)


def stored_issues(batch: InstallationImport) -> list[RowIssue]:
    return [RowIssue(**entry) for entry in batch.issues]


def _good(
    organization: Organization, installation: Installation, position: int, result: ProcessResult
) -> Good:
    process = result.process
    comparison = compare_with_defaults(result, installation.country, installation.year)
    found = comparison if isinstance(comparison, DefaultComparison) else None
    return Good(
        organization=organization,
        installation=installation,
        position=position,
        process_id=process.process_id,
        process_name=process.name[:200],
        cn_code=process.cn_code,
        category=process.category,
        production_t=process.production_t,
        attributed_direct=result.attributed_direct,
        attributed_indirect=result.attributed_indirect,
        see_direct=result.see_direct,
        see_indirect=result.see_indirect,
        default_share=result.default_share,
        default_direct=found.value.direct if found else None,
        default_total=found.value.total if found else None,
        default_with_markup=found.default_with_markup if found else None,
        markup=found.markup if found else None,
        default_reference=found.value.reference[:300] if found else "",
    )


def read(batch: InstallationImport, progress: Progress = _quiet) -> None:
    """The job's work: check the workbook, calculate every good, and store the installation or every issue."""
    progress(0, 3, _("Reading the file"))
    if batch.status != ImportStatus.READING:
        return
    content = _content(batch)
    try:
        data = read_data(content, batch.filename)
        progress(1, 3, _("Calculating the specific embedded emissions"))
        results = calculate(data)
    except RowsRejected as error:
        issues = list(error.issues)
    except InputError as error:
        issues = [dataclasses.replace(error.issue, file=error.issue.file or batch.filename)]
    except TanluError as error:  # a unit or a lookup the reader did not place on a row
        issues = [RowIssue(row=None, column=None, value=None, reason=str(error), file=batch.filename)]
    else:
        issues = []
    if issues:
        batch.status = ImportStatus.REJECTED
        batch.issues = [_issue_dict(issue) for issue in issues]
        with transaction.atomic():
            batch.save(update_fields=["status", "issues"])
            InstallationUpload.objects.filter(batch_id=batch.pk).delete()
        progress(3, 3, "")
        return
    progress(2, 3, _("Storing the installation and its goods"))
    inst = data.installation
    with transaction.atomic():
        installation, _created = Installation.objects.update_or_create(
            organization=batch.organization,
            name=inst.name[:200],
            defaults={
                "operator": inst.operator[:200],
                "unlocode": inst.unlocode,
                "latitude": inst.latitude,
                "longitude": inst.longitude,
                "categories": "; ".join(inst.categories)[:300],
                "reporting_period": inst.reporting_period[:40],
                **carbon_price_fields(inst.carbon_price),
                "year": markup_year(data),
                "workbook": content,
                "filename": batch.filename,
                "fingerprint": batch.fingerprint,
            },
        )
        Good.objects.filter(installation=installation).delete()
        Good.objects.bulk_create(
            [_good(batch.organization, installation, n, result) for n, result in enumerate(results)]
        )
        batch.status = ImportStatus.ACCEPTED
        batch.issues = []
        batch.installation = installation
        batch.save(update_fields=["status", "issues", "installation"])
        InstallationUpload.objects.filter(batch_id=batch.pk).delete()
        audit(
            batch.organization,
            batch.created_by,
            "cbam.import",
            f"{batch.filename}: {installation.name}, {len(results)} goods",
        )
    progress(3, 3, "")


def data_of(installation: Installation) -> InstallationData:
    """The core's records of an installation: its site's inventory and declarations, or its stored workbook."""
    if installation.site_id is not None:
        from tanlu.web.cbam.sources import installation_data  # noqa: PLC0415 (sources reads the inventory)

        return installation_data(installation)
    return read_data(bytes(installation.workbook), installation.filename)


def explained(installation: Installation) -> dict[str, ProcessResult]:
    """Every process's result with the rows it is made from (sources, precursors), read again from the stored
    workbook or the inventory; empty when they no longer read (the stored figures are still shown)."""
    try:
        data = data_of(installation)
        return {result.process.process_id: result for result in calculate(data)}
    except TanluError:
        return {}


def communication(installation: Installation) -> Communication:
    """The communication for EU importers, made by the core from the stored workbook (as ``tanlu cbam calc``) or
    from the declared installation's records."""
    data = data_of(installation)
    return build_communication(data, calculate(data), installation.year)


def link_part(
    membership: Membership,
    installation: Installation,
    process_id: str,
    part: Product,
    *,
    unlink: bool = False,
) -> None:
    """Say that ``process_id`` makes ``part`` of the product model (or no longer); both of one organization."""
    require_role(membership, Role.EDITOR)
    if part.organization_id != installation.organization_id:
        raise InputError(_("The part belongs to another organization."))
    links = PartLink.objects.filter(installation=installation, process_id=process_id, part=part)
    if unlink:
        if links.delete()[0]:
            audit(
                installation.organization,
                membership.user,
                "cbam.part_unlinked",
                f"{installation.name}: {process_id} - {part.product_id}",
            )
        return
    _link, created = PartLink.objects.get_or_create(
        organization=installation.organization,
        installation=installation,
        process_id=process_id,
        part=part,
    )
    if created:
        audit(
            installation.organization,
            membership.user,
            "cbam.part_linked",
            f"{installation.name}: {process_id} → {part.product_id}",
        )
