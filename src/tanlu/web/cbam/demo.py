"""The CBAM demo: the demo supplier 苏州精工冲压件有限公司 declares one installation from its inventory site
一厂（苏州） for 2024, through the same services as the pages: a bolt process (CN 7318 15 88) taking a quarter of
the site's fuels and electricity, with purchased wire rod on the supplier's actual data and steel wire on the
Commission's default value.

The product model of the demo (a brake caliper, :mod:`tanlu.web.products.demo`) makes its bolts (BLT-M10) in this
plant, and the bolt process is linked to that part, so the caliper's bill of materials leads to the CBAM goods.
Running it twice changes nothing: the installation, its process, precursors and link are found and kept.
"""

from __future__ import annotations

from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.cbam import declare, services
from tanlu.web.cbam.models import DeclaredPrecursor, DeclaredProcess, Installation, PartLink
from tanlu.web.demo import DemoContext, step
from tanlu.web.inventory.calculation import latest_run
from tanlu.web.inventory.models import Site
from tanlu.web.products.models import Product

SUPPLIER = "苏州精工冲压件有限公司"
SITE = "一厂（苏州）"
YEAR = 2024
NAME = "苏州精工一厂 Suzhou plant 1 (fasteners)"
#: the product model's bolt, made by the process BOLT
PART = "BLT-M10"
#: the upload-based example an earlier demo stored; the supplier has one installation, the declared one
OLD_EXAMPLE = "CBAM 螺栓 bolts installation.xlsx"
INSTALLATION = {
    "inventory_year": YEAR,
    "name": NAME,
    "operator": SUPPLIER,
    "unlocode": "CN SZV",
    "latitude": 31.26,
    "longitude": 120.63,
    "categories": ["Iron or steel products"],
}
BOLT = {
    "process_id": "BOLT",
    "name": "Bolt cold heading, thread rolling and heat treatment 螺栓冷镦、搓丝及热处理",
    "cn_code": "73181588",
    "production_t": 1200.0,
    "share": 25.0,
}
PRECURSORS = [
    {"cn_code": "72139110", "kind": "purchased", "quantity_t": 900.0, "supplier": "江苏示范特钢有限公司",
     "see_direct": 2.05, "see_indirect": 0.18},
    {"cn_code": "72171010", "kind": "default", "quantity_t": 360.0, "supplier": "外购钢丝 purchased wire",
     "country": "CN"},
]  # fmt: skip


@step("cbam")
def cbam_demo(context: DemoContext) -> str:
    organization = Organization.objects.filter(name=SUPPLIER).first()
    if organization is None:
        return "skipped: no demo supplier"
    site = Site.objects.for_organization(organization).filter(name=SITE).first()
    if site is None or latest_run(organization, YEAR) is None:
        return "skipped: no calculated inventory of the demo site"
    Installation.objects.for_organization(organization).filter(filename=OLD_EXAMPLE, site=None).delete()
    membership = Membership.objects.filter(
        organization=organization, user__in=context.owners, role=Role.OWNER
    ).first() or Membership(organization=organization, role=Role.OWNER)
    existing = Installation.objects.for_organization(organization).filter(name=NAME).first()
    unchanged = existing is not None and existing.processes.filter(process_id=BOLT["process_id"]).exists()
    installation = existing or declare.declare(membership, {**INSTALLATION, "site": site})
    if not unchanged:
        declare.add_process(membership, installation, BOLT)
        bolt = DeclaredProcess.objects.get(installation=installation, process_id=BOLT["process_id"])
        if not DeclaredPrecursor.objects.filter(process=bolt).exists():
            for item in PRECURSORS:
                declare.add_precursor(membership, installation, {**item, "process": bolt})
    part = Product.objects.for_organization(organization).filter(product_id=PART).first()
    linked = ""
    if part is not None:
        links = PartLink.objects.filter(installation=installation, process_id=BOLT["process_id"], part=part)
        unchanged = unchanged and links.exists()
        services.link_part(membership, installation, BOLT["process_id"], part)
        linked = f", {BOLT['process_id']} makes {PART}"
    return f"{installation.name}: {installation.goods.count()} goods{linked}{' (unchanged)' if unchanged else ''}"
