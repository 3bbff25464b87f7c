"""The product model between the database and the core: stored rows → the sheets' tables (for
:func:`tanlu.carbon.products.model_from_tables`), and a validated :class:`ProductModel` → stored rows.

Site totals of a site linked to the inventory are that site's Scope 1 and 2 activity rows of its year, read from the
organization's inventory (:mod:`tanlu.web.products.inventory_totals`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction

from tanlu.web.accounts.models import Organization

# with_inventory_totals is re-exported: the import step calls it as tables.with_inventory_totals
from tanlu.web.products.inventory_totals import (
    Rows,
    as_cell,
    inventory_link,
    inventory_rows,
    with_inventory_totals,  # noqa: F401
)
from tanlu.web.products.models import (
    BomLine,
    ModelFactor,
    Product,
    ProductActivity,
    Production,
    ProductSite,
    PurchasedItem,
    SiteActivity,
)

#: the typed columns of each sheet's table (the rest of a row is kept in ``extra``)
TYPED = {
    "products": ("product_id", "name", "name_zh", "unit", "mass_kg", "price"),
    "inputs": ("product_id", "input_id", "quantity", "unit"),
    "activities": ("product_id", "activity", "amount", "unit"),
    "sites": ("site", "allocation", "justification"),
    "site_activities": ("site", "activity", "amount", "unit"),
    "production": ("site", "product_id", "quantity", "hours"),
    "purchased": ("item_id", "name", "unit", "kgco2e_per_unit", "primary_data_share", "source"),
}


def _clean(value: Any) -> Any:
    """A cell fit for a JSON column and a model field: NaN and None become None, dates text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _row(extra: Mapping[str, Any], **typed: Any) -> dict[str, Any]:
    row = {k: as_cell(v) for k, v in extra.items() if v not in (None, "")}
    row.update({k: as_cell(v) for k, v in typed.items()})
    return row


def stored_tables(organization: Organization) -> dict[str, Rows]:
    """Every sheet of the organization's stored model, as rows with canonical columns."""
    products = {p.pk: p for p in Product.objects.for_organization(organization)}
    sites = {s.pk: s for s in ProductSite.objects.for_organization(organization)}
    tables: dict[str, Rows] = {
        "products": [
            _row(
                p.extra,
                product_id=p.product_id,
                name=p.name,
                name_zh=p.name_zh,
                unit=p.unit,
                mass_kg=p.mass_kg,
                price=p.price,
            )
            for p in products.values()
        ],
        "inputs": [
            _row(
                b.extra,
                product_id=products[b.product_id].product_id,
                input_id=b.input_id,
                quantity=b.quantity,
                unit=b.unit,
            )
            for b in BomLine.objects.for_organization(organization).order_by("id")
        ],
        "activities": [
            _row(
                a.extra,
                product_id=products[a.product_id].product_id,
                activity=a.activity,
                amount=a.amount,
                unit=a.unit,
            )
            for a in ProductActivity.objects.for_organization(organization).order_by("id")
        ],
        "sites": [
            _row(s.extra, site=s.name, allocation=s.allocation, justification=s.justification)
            for s in sites.values()
        ],
        "site_activities": [
            _row(t.extra, site=sites[t.site_id].name, activity=t.activity, amount=t.amount, unit=t.unit)
            for t in SiteActivity.objects.for_organization(organization).order_by("id")
            if sites[t.site_id].inventory_site_id is None
        ],
        "production": [
            _row(
                p.extra,
                site=sites[p.site_id].name,
                product_id=products[p.product_id].product_id,
                quantity=p.quantity,
                hours=p.hours,
            )
            for p in Production.objects.for_organization(organization).order_by("id")
        ],
        "purchased": [
            _row(
                i.extra,
                item_id=i.item_id,
                name=i.name,
                unit=i.unit,
                kgco2e_per_unit=i.kgco2e_per_unit,
                primary_data_share=i.primary_data_share,
                source=i.source,
            )
            for i in PurchasedItem.objects.for_organization(organization)
        ],
        "factors": [
            {**f.cells, "row": f.row}
            for f in ModelFactor.objects.for_organization(organization).order_by("row", "id")
        ],
    }
    if not tables["factors"]:
        del tables["factors"]
    inventories: dict[int, Any] = {}
    for site in sites.values():
        if site.inventory_site_id is not None and site.inventory_year is not None:
            tables["site_activities"].extend(
                inventory_rows(
                    organization, site.name, site.inventory_site_id, site.inventory_year, inventories
                )
            )
    return tables


def _split(sheet: str, record: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    typed = {k: _clean(record.get(k)) for k in TYPED[sheet]}
    extra = {
        k: _clean(v)
        for k, v in record.items()
        if k not in TYPED[sheet] and k != "row" and _clean(v) is not None
    }
    return typed, extra


def _records(tables: Mapping[str, Any], sheet: str) -> Iterable[dict[str, Any]]:
    frame = tables.get(sheet)
    if frame is None:
        return []
    return frame.to_dicts() if hasattr(frame, "to_dicts") else list(frame)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def replace_model(
    organization: Organization,
    tables: Mapping[str, Any],
    factor_rows: Sequence[Mapping[str, Any]] = (),
    own_totals: set[str] | None = None,
) -> int:
    """Store a validated model in place of the organization's (one transaction); returns the rows stored.

    ``factor_rows`` are the ``factors`` sheet's rows as text cells (the core keeps them in the model's factor
    set, not in its tables); ``own_totals`` names the sites whose totals the file gave (the others' come from the
    inventory and are not stored).

    Sites keep their link to the inventory; a new site is linked to the inventory site of the same name.
    """
    org = organization
    links = {
        s.name: (s.inventory_site_id, s.inventory_year) for s in ProductSite.objects.for_organization(org)
    }
    if own_totals is None:
        own_totals = {str(r.get("site")) for r in _records(tables, "site_activities")}
    for model in (
        Production,
        SiteActivity,
        ProductActivity,
        BomLine,
        Product,
        ProductSite,
        PurchasedItem,
        ModelFactor,
    ):
        model.objects.filter(organization=org).delete()
    products: list[Product] = []
    for record in _records(tables, "products"):
        typed, extra = _split("products", record)
        products.append(
            Product(
                organization=org,
                extra=extra,
                product_id=_text(typed["product_id"]),
                name=_text(typed["name"]),
                name_zh=_text(typed["name_zh"]),
                unit=_text(typed["unit"]),
                mass_kg=typed["mass_kg"],
                price=typed["price"],
            )
        )
    Product.objects.bulk_create(products, batch_size=2000)
    product_pk = dict(Product.objects.filter(organization=org).values_list("product_id", "pk"))
    sites: list[ProductSite] = []
    for record in _records(tables, "sites"):
        typed, extra = _split("sites", record)
        name = _text(typed["site"])
        linked, year = None, None
        if (
            name not in own_totals
        ):  # the site's totals come from the inventory: the earlier link, else by name
            kept = links.get(name)
            found = (
                kept if kept and kept[0] and kept[1] else inventory_link(org, name, extra.get("period_start"))
            )
            linked, year = found or (None, None)
        sites.append(
            ProductSite(
                organization=org,
                extra=extra,
                name=name,
                allocation=_text(typed["allocation"]),
                justification=_text(typed["justification"]),
                inventory_site_id=linked,
                inventory_year=year,
            )
        )
    ProductSite.objects.bulk_create(sites)
    site_pk = dict(ProductSite.objects.filter(organization=org).values_list("name", "pk"))

    def build(sheet: str, make: Any) -> list[Any]:
        own = sheet == "site_activities_own"
        sheet = "site_activities" if own else sheet
        built = []
        for record in _records(tables, sheet):
            if own and str(record.get("site")) not in own_totals:
                continue
            typed, extra = _split(sheet, record)
            built.append(make(typed, extra))
        return built

    rows: list[Any] = [
        *build(
            "inputs",
            lambda t, e: BomLine(
                organization=org,
                extra=e,
                product_id=product_pk[_text(t["product_id"])],
                input_id=_text(t["input_id"]),
                quantity=t["quantity"],
                unit=_text(t["unit"]),
            ),
        ),
        *build(
            "activities",
            lambda t, e: ProductActivity(
                organization=org,
                extra=e,
                product_id=product_pk[_text(t["product_id"])],
                activity=_text(t["activity"]),
                amount=t["amount"],
                unit=_text(t["unit"]),
            ),
        ),
        *build(
            "site_activities_own",
            lambda t, e: SiteActivity(
                organization=org,
                extra=e,
                site_id=site_pk[_text(t["site"])],
                activity=_text(t["activity"]),
                amount=t["amount"],
                unit=_text(t["unit"]),
            ),
        ),
        *build(
            "production",
            lambda t, e: Production(
                organization=org,
                extra=e,
                site_id=site_pk[_text(t["site"])],
                product_id=product_pk[_text(t["product_id"])],
                quantity=t["quantity"],
                hours=t["hours"],
            ),
        ),
        *build(
            "purchased",
            lambda t, e: PurchasedItem(
                organization=org,
                extra=e,
                item_id=_text(t["item_id"]),
                name=_text(t["name"]),
                unit=_text(t["unit"]),
                kgco2e_per_unit=t["kgco2e_per_unit"],
                primary_data_share=t["primary_data_share"],
                source=_text(t["source"]),
            ),
        ),
        *(
            ModelFactor(
                organization=org, row=r.get("row") or i + 2, cells={k: v for k, v in r.items() if k != "row"}
            )
            for i, r in enumerate(factor_rows)
        ),
    ]
    by_model: dict[type, list[Any]] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    for model, objects in by_model.items():
        model.objects.bulk_create(objects, batch_size=2000)
    return len(products) + len(sites) + len(rows)
