"""Declaring an installation from a site of the inventory: the installation itself, its production processes and
the precursors they consume, each change audited and followed by the goods calculated again by the core.

The checks of every field are the forms' (:mod:`tanlu.web.cbam.forms_declare`); what is stored here is what
they accepted. When the inventory or a declaration cannot be calculated (no calculation run of the year, a cycle
of own precursors) the change is kept and the reason returned, so the page says what to do next.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tanlu.carbon.cbam.calculate import calculate
from tanlu.carbon.cbam.model import CarbonPrice
from tanlu.errors import TanluError
from tanlu.web.accounts.models import Membership, Role
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.cbam import services
from tanlu.web.cbam.models import (
    DeclaredPrecursor,
    DeclaredProcess,
    Good,
    Installation,
    carbon_price_fields,
)
from tanlu.web.cbam.sources import installation_data


def recalculate(installation: Installation) -> str:
    """Store the goods of a declared installation as the core calculates them; the reason when it cannot."""
    try:
        results = calculate(installation_data(installation))
    except TanluError as error:
        Good.objects.filter(installation=installation).delete()
        return str(error)
    with transaction.atomic():
        Good.objects.filter(installation=installation).delete()
        Good.objects.bulk_create(
            [services._good(installation.organization, installation, n, r) for n, r in enumerate(results)]
        )
    return ""


def declare(
    membership: Membership,
    data: dict[str, Any],
    installation: Installation | None = None,
    price: CarbonPrice | None = None,
) -> Installation:
    """A new installation at an inventory site (or changes to one), its mark-up year that of its period, with the
    carbon price effectively paid in the country of origin (``None``: none is paid)."""
    require_role(membership, Role.EDITOR)
    year = int(data["inventory_year"])
    fields = {
        "name": data["name"][:200],
        "operator": data.get("operator", "")[:200],
        "unlocode": data["unlocode"],
        "latitude": data["latitude"],
        "longitude": data["longitude"],
        "categories": "; ".join(data["categories"])[:300],
        "reporting_period": str(year),
        "site": data["site"],
        "inventory_year": year,
        "year": max(year, services.FIRST_YEAR),
        **carbon_price_fields(price),
    }
    if installation is None:
        installation = Installation.objects.create(
            organization=membership.organization,
            workbook=b"",
            filename=f"{data['site'].name} {year}",
            fingerprint="",
            **fields,
        )
        action = "cbam.declared"
    else:
        for name, value in fields.items():
            setattr(installation, name, value)
        installation.filename = f"{data['site'].name} {year}"
        installation.save()
        action = "cbam.changed"
    audit(
        membership.organization,
        membership.user,
        action,
        f"{installation.name}: site {installation.filename}, {installation.unlocode}"
        + (
            f", carbon price {price.scheme} {price.amount_per_tco2e:g} {price.currency}/t CO2e"
            f" (net {price.effective_per_tco2e:g})"
            if price
            else ""
        ),
    )
    recalculate(installation)
    return installation


def add_process(membership: Membership, installation: Installation, data: dict[str, Any]) -> str:
    """Add a production process (or change the one of the same id); the reason if the goods cannot be made."""
    require_role(membership, Role.EDITOR)
    process, created = DeclaredProcess.objects.update_or_create(
        organization=installation.organization,
        installation=installation,
        process_id=data["process_id"],
        defaults={
            "name": data.get("name", "")[:200],
            "cn_code": data["cn_code"],
            "production_t": data["production_t"],
            "share": data.get("share"),
        },
    )
    audit(
        membership.organization,
        membership.user,
        "cbam.changed",
        f"{installation.name}: process {process.process_id} CN {process.cn_code} "
        f"{'added' if created else 'changed'}, {process.production_t:g} t",
    )
    return recalculate(installation)


def remove_process(membership: Membership, installation: Installation, process: DeclaredProcess) -> str:
    require_role(membership, Role.EDITOR)
    process.delete()
    audit(
        membership.organization,
        membership.user,
        "cbam.changed",
        f"{installation.name}: process {process.process_id} removed",
    )
    return recalculate(installation)


def add_precursor(membership: Membership, installation: Installation, data: dict[str, Any]) -> str:
    """Add a precursor to a process of the installation; the reason if the goods cannot be made."""
    require_role(membership, Role.EDITOR)
    item = DeclaredPrecursor.objects.create(
        organization=installation.organization,
        process=data["process"],
        cn_code=data["cn_code"],
        kind=data["kind"],
        quantity_t=data["quantity_t"],
        from_process=data.get("from_process"),
        supplier=data.get("supplier", "")[:200],
        country=data.get("country", ""),
        see_direct=data.get("see_direct"),
        see_indirect=data.get("see_indirect"),
    )
    audit(
        membership.organization,
        membership.user,
        "cbam.changed",
        f"{installation.name}: precursor CN {item.cn_code} ({item.kind}, {item.quantity_t:g} t) "
        f"for {item.process.process_id}",
    )
    return recalculate(installation)


def remove_precursor(membership: Membership, installation: Installation, item: DeclaredPrecursor) -> str:
    require_role(membership, Role.EDITOR)
    item.delete()
    audit(
        membership.organization,
        membership.user,
        "cbam.changed",
        f"{installation.name}: precursor CN {item.cn_code} of {item.process.process_id} removed",
    )
    return recalculate(installation)


def delete_installation(membership: Membership, installation: Installation) -> None:
    """Delete an installation with its goods, processes, precursors and part links (its inventory site and the
    product model's parts stay; its past imports keep their issues and lose only the link to it), audited."""
    require_role(membership, Role.EDITOR)
    summary = (
        f"{installation.name} ({installation.unlocode}): {installation.goods.count()} goods, "
        f"{installation.processes.count()} processes, {installation.part_links.count()} part links"
    )
    with transaction.atomic():
        installation.delete()
        audit(membership.organization, membership.user, "cbam.deleted", summary)
