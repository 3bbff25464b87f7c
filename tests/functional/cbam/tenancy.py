"""One object of every CBAM kind for the two-tenant test (tests/functional/test_tenancy.py)."""

from __future__ import annotations

from typing import Any

from tanlu.web.cbam import services
from tanlu.web.cbam.models import InstallationImport

from .files import good_workbook


def beta_cbam(membership: Any) -> dict[str, int]:
    batch = services.upload(
        membership,
        filename="beta-secret-installation.xlsx",
        content=good_workbook("Beta secret works 贝塔秘密工厂"),
    )
    services.read(batch)
    batch.refresh_from_db()
    assert batch.installation is not None
    refused = InstallationImport.objects.create(
        organization=membership.organization,
        filename="beta-refused.xlsx",
        fingerprint="c" * 64,
        status="rejected",
    )
    return {"cbam_import_id": refused.pk, "installation_id": batch.installation.pk}
