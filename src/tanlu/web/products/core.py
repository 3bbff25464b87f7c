"""The one place the web app calls the framework-free product-footprint core (:mod:`tanlu.carbon.products`).

The organization's factors are the inventory's (the bundled library plus its latest factor-set version), so a
product footprint and the inventory use the same factors, versions and GWP sets. The core is imported when first
used: Django starts without loading scipy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tanlu.carbon.factors import FactorSet
from tanlu.web.accounts.models import Organization
from tanlu.web.inventory.factorsets import factor_set, latest_version
from tanlu.web.products import tables

SHEETS = (
    "products",
    "inputs",
    "activities",
    "sites",
    "site_activities",
    "production",
    "purchased",
    "factors",
)


def _products() -> Any:
    from tanlu.carbon import products  # noqa: PLC0415 - scipy loads only when a model is used

    return products


def organization_factors(organization: Organization) -> FactorSet:
    return factor_set(latest_version(organization))


def canonical_sheet(name: str) -> str:
    """A sheet's canonical name (``产品`` → ``products``) as the core reads it; unknown names stay as they are."""
    from tanlu.carbon.products.reader import sheet_for  # noqa: PLC0415

    return sheet_for(name) or name


def model_from_rows(
    organization: Organization, rows: Mapping[str, Sequence[Mapping[str, Any]]], *, source: str
) -> Any:
    """A validated :class:`ProductModel` of ``rows`` (a sheet's rows may carry their file ``row``); raises
    :class:`~tanlu.errors.RowsRejected` naming every bad row."""
    core = _products()
    return core.model_from_tables(rows, factors=organization_factors(organization), source=source)


def stored_model(organization: Organization) -> Any:
    """The organization's stored model (with the inventory's site totals), validated by the core."""
    factors = organization_factors(organization)
    core = _products()
    return core.model_from_tables(
        tables.stored_tables(organization, factors), factors=factors, source=organization.name
    )


def calculate(model: Any, *, gwp: str, samples: int = 0, seed: int = 0) -> Any:
    return _products().calculate_footprints(model, gwp=gwp, samples=samples, seed=seed)


def contribution_tree(model: Any, footprints: Any, product_id: str, *, depth: int, lang: str) -> Any:
    return _products().contribution_tree(model, footprints, product_id, depth=depth, lang=lang)


def what_if(
    model: Any,
    footprints: Any,
    *,
    purchased: Mapping[str, float],
    allocation: Mapping[str, str],
    electricity: Mapping[str, str],
) -> Any:
    return _products().what_if(
        model, footprints, purchased=purchased, allocation=allocation, electricity=electricity
    )


def canonical_column(header: str) -> str:
    """A column's canonical name (``零件号`` → ``product_id``), to mark the rejected cell under its header."""
    from tanlu.carbon.products.sheets import COLUMN_ALIASES  # noqa: PLC0415

    wanted = _key(header)
    for name, aliases in COLUMN_ALIASES.items():
        if wanted in {_key(a) for a in (name, *aliases)}:
            return name
    return header


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch not in " _-\u3000")


def what_if_rows(result: Any) -> list[dict[str, Any]]:
    """The core's what-if answer as rows ``product_id, before, after, delta, percent``, largest change first."""
    rows = []
    for change in getattr(result, "changes", None) or getattr(result, "products", ()):
        item = change if isinstance(change, Mapping) else dataclasses_dict(change)
        before, after = float(item["before"]), float(item["after"])
        rows.append(
            {
                "product_id": str(item["product_id"]),
                "before": before,
                "after": after,
                "delta": after - before,
                "percent": (after - before) / before * 100.0 if before else None,
            }
        )
    rows.sort(key=lambda r: -abs(r["delta"]))
    return rows


def dataclasses_dict(value: Any) -> dict[str, Any]:
    return {name: getattr(value, name) for name in ("product_id", "before", "after")}
