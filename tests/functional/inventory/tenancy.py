"""One object of every inventory kind for the two-tenant test (tests/functional/test_tenancy.py)."""

from __future__ import annotations

from typing import Any

from tanlu.web.inventory import calculation, factorsets, importing, importing_accept
from tanlu.web.inventory.models import Site, Target

from .files import gbk_csv


def beta_inventory(membership: Any) -> dict[str, int]:
    batch, _repeated = importing.upload(
        membership, source="Beta secret ledger", filename="beta.csv", content=gbk_csv()
    )
    importing.save_mapping(membership, batch, importing.guess_columns(batch.headers))
    importing_accept.accept(membership, batch)
    version = factorsets.add_factor(
        membership,
        {
            "activity": "beta_secret",
            "unit": "t",
            "gas": "CO2e",
            "value": "1",
            "scope": "3",
            "category": "3.1",
            "source": "Beta EPD",
        },
    )
    run, _created = calculation.calculate(membership, 2024)
    target = Target.objects.create(
        organization=membership.organization,
        name="Beta secret target",
        base_year=2024,
        target_year=2030,
        reduction_percent=30,
    )
    return {
        "import_id": batch.pk,
        "site_id": Site.objects.filter(organization=membership.organization).first().pk,
        "factor_id": version.factors.first().pk,
        "factor_set_id": version.pk,
        "run_id": run.pk,
        "target_id": target.pk,
    }
