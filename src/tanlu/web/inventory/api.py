"""The inventory part of the JSON API: stored results, one result with its totals, and all-or-nothing imports.

Every endpoint works in the credential's organization only; another organization's run answers 404 like a
missing one. Errors are ``{"detail": …, "errors": [{row, column, value, reason, …}]}``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from tanlu.errors import NotFound
from tanlu.web.accounts.api_auth import api_auth
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import scoped
from tanlu.web.inventory import calculation, importing
from tanlu.web.inventory.models import CalculationRun

router = Router(auth=api_auth, tags=["inventory"])


class RunOut(Schema):
    id: int
    year: int
    gwp: str
    scope1: float
    scope2_location: float
    scope2_market: float
    scope3: float
    total_market: float
    total_location: float
    factor_set_version: str
    inputs_fingerprint: str
    row_count: int
    created_at: str


class RunDetailOut(RunOut):
    by_category: dict[str, dict[str, float]]
    by_site: dict[str, dict[str, float]]
    by_month: dict[str, dict[str, float]]


class ImportOut(Schema):
    import_id: int
    rows: int
    already_imported: bool


class ErrorOut(Schema):
    type: str
    detail: str
    errors: list[dict[str, Any]] = []


def _run(run: CalculationRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "year": run.year,
        "gwp": run.gwp,
        "scope1": run.scope1,
        "scope2_location": run.scope2_location,
        "scope2_market": run.scope2_market,
        "scope3": run.scope3,
        "total_market": run.total_market,
        "total_location": run.total_location,
        "factor_set_version": run.factor_set_version,
        "inputs_fingerprint": run.inputs_fingerprint,
        "row_count": run.row_count,
        "created_at": run.created_at.isoformat(),
    }


@router.get("/runs", response=list[RunOut], summary="Stored inventory results, newest first")
def list_runs(request: HttpRequest) -> list[dict[str, Any]]:
    return [_run(r) for r in scoped(request, CalculationRun)]


@router.get("/runs/{run_id}", response={200: RunDetailOut, 404: ErrorOut}, summary="One result in t CO2e")
def get_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    run = scoped(request, CalculationRun).filter(pk=run_id).first()
    if run is None:
        raise NotFound("no such result")

    def lines(dimension: str) -> dict[str, dict[str, float]]:
        return {
            ln.key: {"location": ln.location_t, "market": ln.market_t}
            for ln in calculation.lines(run, dimension)
        }

    return {
        **_run(run),
        "by_category": lines("category"),
        "by_site": lines("site"),
        "by_month": lines("month"),
    }


@router.post(
    "/imports",
    response={201: ImportOut, 400: ErrorOut, 403: ErrorOut, 413: ErrorOut},
    summary="Import an activity file, all or nothing",
    description="Columns mapped by the source's saved mapping, else by the standard Chinese or English headers. "
    "A file with any bad row stores nothing and answers 400 listing every row, column, value and reason. "
    "The same file again changes nothing. Bodies over TANLU_MAX_UPLOAD_MB are refused with 413 before they "
    "are read. Needs the editor role.",
)
def upload_activities(request: HttpRequest, file: File[UploadedFile], source: Form[str] = "") -> Status:
    membership = require_role(getattr(request, "membership", None), Role.EDITOR)
    name = file.name or "activities.csv"
    batch, repeated = importing.import_file(membership, source=source, filename=name, content=file.read())
    return Status(201, {"import_id": batch.pk, "rows": batch.row_count, "already_imported": repeated})
