"""The product demo: the demo supplier 苏州精工冲压件有限公司 makes a brake caliper assembly (the core's example
model, ``tanlu/carbon/products/data/example``) in its two plants. The plants' energy is not typed again: the model
names the inventory's sites and gives no ``site_activities``, so their Scope 1 and 2 totals come from the demo
inventory. Imported through the same services as the pages, then calculated; running it twice changes nothing."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.demo import DemoContext, step
from tanlu.web.products import calculation, importing
from tanlu.web.products.models import ImportStatus

EXAMPLE = Path(__file__).resolve().parents[2] / "carbon" / "products" / "data" / "example"
SUPPLIER = "苏州精工冲压件有限公司"
#: the example's plants → the demo inventory's sites
PLANTS = {"P1-SUZHOU": "一厂（苏州）", "P2-KUNSHAN": "二厂（昆山）"}


def demo_model() -> bytes:
    """The example as a zip of CSV files, its plants renamed to the inventory's and without site totals."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(EXAMPLE.glob("*.csv")):
            if path.stem == "site_activities":
                continue
            with path.open(encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            for row in rows:
                if "site" in row:
                    row["site"] = PLANTS.get(row["site"], row["site"])
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(path.name, text.getvalue())
    return buffer.getvalue()


@step("products")
def products_demo(context: DemoContext) -> str:
    organization = Organization.objects.filter(name=SUPPLIER).first()
    if organization is None:
        return "skipped: no demo supplier"
    membership = Membership.objects.filter(
        organization=organization, user__in=context.owners, role=Role.OWNER
    ).first() or Membership(organization=organization, role=Role.OWNER)
    batch, repeated = importing.upload(
        membership, filename="制动钳总成 brake caliper.zip", content=demo_model()
    )
    if not repeated:
        importing.read(batch)
        batch.refresh_from_db()
        if batch.status != ImportStatus.VALID:
            return f"product model refused: {batch.issue_count} problems"
        importing.accept(membership, batch)
    run, created = calculation.calculate(membership, gwp="AR6")
    return f"{run.product_count} product footprints{'' if created else ' (unchanged)'}"
