"""Calculation runs of every product's footprint: the stored model handed to the core in one call, the results
stored with the model's fingerprint and the factor-set version, and what moved since the run before.

A run with the same GWP set, factor-set version, model fingerprint and sample count already stored is returned as
it is: recalculating an unchanged model reproduces the stored results, which never change silently.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.accounts.services import require_role
from tanlu.web.products import core
from tanlu.web.products.models import CalculationRun, Result, ResultLine

logger = logging.getLogger("tanlu.products")
STAGES = ("materials", "purchased", "energy", "process", "transport", "packaging")
#: an exemption above this share (percent) is flagged (PACT methodology v3, Catena-X Rulebook)
EXEMPTION_LIMIT = 3.0


def jsonable(value: Any) -> Any:
    """The core's register (dataclasses, mappings, tuples) as JSON data, kept with the run."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def latest_run(organization: Organization) -> CalculationRun | None:
    return CalculationRun.objects.for_organization(organization).order_by("-created_at", "-id").first()


def calculate(
    membership: Membership, *, gwp: str = "AR6", samples: int = 0, seed: int = 0
) -> tuple[CalculationRun, bool]:
    """Calculate every product of the stored model; returns (run, created)."""
    require_role(membership, Role.EDITOR)
    organization = membership.organization
    gwp = gwp.upper()
    model = core.stored_model(organization)
    footprints = core.calculate(model, gwp=gwp, samples=samples, seed=seed)
    existing = CalculationRun.objects.filter(
        organization=organization,
        gwp=gwp,
        factor_set_version=footprints.factor_set_version,
        model_fingerprint=footprints.model_fingerprint,
        samples=samples,
    ).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        run = CalculationRun.objects.create(
            organization=organization,
            gwp=gwp,
            model_fingerprint=footprints.model_fingerprint,
            factor_set_version=footprints.factor_set_version,
            product_count=len(footprints.products),
            samples=samples,
            register=jsonable(footprints.register),
            created_by=membership.user,
        )
        store_results(run, footprints)
    logger.info(
        "products run %s: %s products, factor set %s, model %s",
        run.pk,
        run.product_count,
        run.factor_set_version,
        run.model_fingerprint[:16],
    )
    return run, True


def store_results(run: CalculationRun, footprints: Any) -> None:
    results = []
    for product_id, f in footprints.products.items():
        dqr = dict(f.dqr or {})
        low, high = f.uncertainty if f.uncertainty else (None, None)
        results.append(
            Result(
                organization_id=run.organization_id,
                run=run,
                product_id=product_id,
                name=f.name or "",
                name_zh=f.name_zh or "",
                unit=f.unit,
                mass_kg=f.mass_kg,
                total=f.total,
                fossil=f.fossil,
                biogenic=f.biogenic,
                primary_data_share=f.primary_data_share,
                dqr_technological=dqr.get("technological"),
                dqr_geographical=dqr.get("geographical"),
                dqr_temporal=dqr.get("temporal"),
                exempted_share=f.exempted_share,
                low=low,
                high=high,
            )
        )
    Result.objects.bulk_create(results, batch_size=2000)
    ids = dict(Result.objects.filter(run=run).values_list("product_id", "pk"))
    ResultLine.objects.bulk_create(
        (
            ResultLine(
                organization_id=run.organization_id,
                result_id=ids[product_id],
                dimension=dimension,
                key=str(key)[:60],
                kgco2e=value,
            )
            for product_id, f in footprints.products.items()
            for dimension, split in (("stage", f.by_stage), ("gas", f.by_gas))
            for key, value in split.items()
        ),
        batch_size=5000,
    )


def previous_run(run: CalculationRun) -> CalculationRun | None:
    return (
        CalculationRun.objects.filter(organization_id=run.organization_id, created_at__lte=run.created_at)
        .exclude(pk=run.pk)
        .filter(id__lt=run.pk)
        .order_by("-created_at", "-id")
        .first()
    )


def what_moved(
    run: CalculationRun, earlier: CalculationRun | None, *, threshold: float = 1e-9
) -> list[dict[str, Any]]:
    """Products whose footprint differs between ``earlier`` and ``run`` (new and removed ones too), largest first."""
    if earlier is None:
        return []
    before = dict(Result.objects.filter(run=earlier).values_list("product_id", "total"))
    after = dict(Result.objects.filter(run=run).values_list("product_id", "total"))
    moved = []
    for product_id in sorted(set(before) | set(after)):
        old, new = before.get(product_id), after.get(product_id)
        if old is not None and new is not None and abs(new - old) <= threshold * max(abs(old), 1.0):
            continue
        delta = (new or 0.0) - (old or 0.0)
        moved.append(
            {
                "product_id": product_id,
                "before": old,
                "after": new,
                "delta": delta,
                "percent": (delta / old * 100.0) if old else None,
            }
        )
    moved.sort(key=lambda m: -abs(m["delta"]))
    return moved


def lines(result: Result, dimension: str) -> dict[str, float]:
    return dict(result.lines.filter(dimension=dimension).values_list("key", "kgco2e"))
