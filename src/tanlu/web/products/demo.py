"""The product demo: the demo supplier 苏州精工冲压件有限公司 makes a brake caliper assembly (the core's example
model, ``tanlu/carbon/products/data/example``) in its two plants. The plants' energy is not typed again: the model
names the inventory's sites and gives no ``site_activities``, so their Scope 1 and 2 totals come from the demo
inventory. Imported through the same services as the pages, then calculated; running it twice changes nothing.

Unlike the core's example, where the caliper's bolts (BLT-M10) are bought, the demo supplier makes them in its
Suzhou plant from purchased wire rod: they are the goods of the demo's CBAM installation (:mod:`tanlu.web.cbam.demo`
links its bolt process to this part), the wire rod's footprint being that supplier's actual SEE there."""

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
BOLT = "BLT-M10"
#: the bolt as a part made in Suzhou: cold headed from wire rod (0.038 kg for a 0.035 kg bolt), 2,000 machine hours
MADE_BOLT = {
    "products": [
        {"product_id": BOLT, "name": "Hex bolt M10x1.25, zinc flake", "name_zh": "六角螺栓 M10×1.25（锌片涂层）",
         "unit": "piece", "mass_kg": "0.035", "price": "0.6"},
    ],
    "production": [{"site": "P1-SUZHOU", "product_id": BOLT, "quantity": "240000", "hours": "2000"}],
    "inputs": [{"product_id": BOLT, "input_id": "STL-WIRE", "quantity": "0.038", "unit": "kg", "scrap": "",
                "yield": ""}],
    "purchased": [
        {"item_id": "STL-WIRE", "name": "Steel wire rod for cold heading", "name_zh": "冷镦钢盘条",
         "unit": "kg", "kgco2e_per_unit": "2.23", "biogenic_kgco2e_per_unit": "0", "primary_data_share": "100",
         "source": "Supplier's actual CBAM SEE, 2.05 direct + 0.18 indirect t CO2e/t (demonstration value)",
         "supplier": "江苏示范特钢有限公司", "stage": "materials", "dqr_technological": "1.5",
         "dqr_geographical": "1.2", "dqr_temporal": "1.2", "uncertainty": "1.1"},
    ],
}  # fmt: skip


def _with_made_bolt(stem: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The example's rows of one sheet, the bolt moved from the purchased items to the parts made in Suzhou."""
    if stem == "purchased":
        rows = [row for row in rows if row["item_id"] != BOLT]
    return rows + [{**dict.fromkeys(rows[0], ""), **row} for row in MADE_BOLT.get(stem, [])]


def demo_model() -> bytes:
    """The example as a zip of CSV files, its plants renamed to the inventory's, without site totals, the bolt
    made in Suzhou."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(EXAMPLE.glob("*.csv")):
            if path.stem == "site_activities":
                continue
            with path.open(encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            rows = _with_made_bolt(path.stem, rows)
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
