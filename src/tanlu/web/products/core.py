"""The one place the web app calls the framework-free product-footprint core (:mod:`tanlu.carbon.products`).

The organization's factors are the inventory's (the bundled library plus its latest factor-set version), so a
product footprint and the inventory use the same factors, versions and GWP sets. The core's modules are imported
when first used: Django starts without loading scipy.
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
    from tanlu.carbon.products.reader import model_from_tables  # noqa: PLC0415

    return model_from_tables(rows, factors=organization_factors(organization), source=source)


def stored_model(organization: Organization) -> Any:
    """The organization's stored model (with the inventory's site totals), validated by the core."""
    return model_from_rows(organization, tables.stored_tables(organization), source=organization.name)


def calculate(model: Any, *, gwp: str, samples: int = 0, seed: int = 0) -> Any:
    from tanlu.carbon.products.footprint import calculate_footprints  # noqa: PLC0415

    return calculate_footprints(model, gwp=gwp, samples=samples, seed=seed)


def contribution_tree(model: Any, footprints: Any, product_id: str, *, depth: int, lang: str) -> Any:
    from tanlu.carbon.products.contributions import contribution_tree as tree  # noqa: PLC0415

    return tree(model, footprints, product_id, depth=depth, lang=lang)


def hotspots(footprints: Any, product_id: str, *, top: int) -> list[tuple[str, float]]:
    from tanlu.carbon.products.contributions import hotspots as found  # noqa: PLC0415

    return list(found(footprints, product_id, top=top))


def what_if(
    model: Any,
    footprints: Any,
    *,
    purchased: Mapping[str, float],
    allocation: Mapping[str, str],
    electricity: Mapping[str, str],
) -> Any:
    from tanlu.carbon.products.whatif import what_if as answer  # noqa: PLC0415

    return answer(model, footprints, purchased=purchased, allocation=allocation, electricity=electricity)


def canonical_column(header: str, sheet: str = "") -> str:
    """A column's canonical name in ``sheet`` (``零件号`` → ``product_id``), to mark the rejected cell under its
    header; the sheet decides between names two columns share (``数量`` is ``amount`` in an activity sheet)."""
    from tanlu.carbon.products.sheets import BOM_SPEC, COLUMN_ALIASES, SPECS  # noqa: PLC0415

    spec = SPECS.get(sheet)
    allowed = set(spec.columns) | (set(BOM_SPEC.columns) if sheet == "inputs" else set()) if spec else None
    wanted = _key(header)
    for name, aliases in COLUMN_ALIASES.items():
        if (allowed is None or name in allowed) and wanted in {_key(a) for a in (name, *aliases)}:
            return name
    return header


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch not in " _-\u3000")


def what_if_rows(result: Any) -> list[dict[str, Any]]:
    """The core's what-if answer as rows ``product_id, name, before, after, delta, percent``, largest first."""
    rows = [
        {
            "product_id": change.product_id,
            "name": change.name,
            "before": change.before,
            "after": change.after,
            "delta": change.after - change.before,
            "percent": (change.after - change.before) / change.before * 100.0 if change.before else None,
        }
        for change in result.changes
    ]
    rows.sort(key=lambda r: -abs(r["delta"]))
    return rows
