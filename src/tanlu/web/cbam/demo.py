"""The CBAM demo: the demo supplier 苏州精工冲压件有限公司 has one installation, the core's example (wire rod and,
from it, bolts of CN 7318 15), uploaded and read through the same services as the pages; running it twice changes
nothing (the same workbook replaces the installation with itself)."""

from __future__ import annotations

from tanlu.carbon.cbam.example import input_workbook_bytes
from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.cbam import services
from tanlu.web.cbam.models import Good, ImportStatus, Installation
from tanlu.web.demo import DemoContext, step

SUPPLIER = "苏州精工冲压件有限公司"
FILENAME = "CBAM 螺栓 bolts installation.xlsx"


@step("cbam")
def cbam_demo(context: DemoContext) -> str:
    organization = Organization.objects.filter(name=SUPPLIER).first()
    if organization is None:
        return "skipped: no demo supplier"
    content = input_workbook_bytes()
    existing = Installation.objects.for_organization(organization).filter(filename=FILENAME).first()
    # the workbook's bytes carry the time it was written, so what it holds is compared
    if existing is not None and services.read_data(bytes(existing.workbook), FILENAME) == services.read_data(
        content, FILENAME
    ):
        return f"{existing.name}: {existing.goods.count()} goods (unchanged)"
    membership = Membership.objects.filter(
        organization=organization, user__in=context.owners, role=Role.OWNER
    ).first() or Membership(organization=organization, role=Role.OWNER)
    batch = services.upload(membership, filename=FILENAME, content=content)
    services.read(batch)
    if batch.status != ImportStatus.ACCEPTED:
        return f"installation refused: {len(batch.issues)} problems"
    count = Good.objects.filter(installation=batch.installation).count()
    return f"{batch.installation}: {count} goods"
