"""The product-footprint part of the JSON API: import a model (read by a background job), its status and every
rejected row, accept or cancel, calculate (a job), the stored runs, one run's results and a contribution tree.

Every endpoint works in the credential's organization only (token or session, like ``/api/inventory``); another
organization's ids answer 404 like missing ones. Errors are ``{"detail": …, "errors": [{sheet, row, column,
value, reason}]}`` with the reasons in English, as the core writes them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from tanlu.errors import NotFound
from tanlu.web.accounts.api_auth import api_auth
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import scoped
from tanlu.web.jobs import services as jobs
from tanlu.web.products import calculation, explaining, importing
from tanlu.web.products.jobs import CALCULATE, READ
from tanlu.web.products.models import CalculationRun, ModelImport, Result, StagedRow

router = Router(auth=api_auth, tags=["products"])


class ErrorOut(Schema):
    type: str
    detail: str
    errors: list[dict[str, Any]] = []


class ImportOut(Schema):
    import_id: int
    status: str
    already_imported: bool = False
    job_id: str | None = None
    rows: int
    issue_count: int
    errors: list[dict[str, Any]] = []


class JobOut(Schema):
    job_id: str


class RunOut(Schema):
    id: int
    gwp: str
    model_fingerprint: str
    factor_set_version: str
    product_count: int
    created_at: str


class ResultOut(Schema):
    product_id: str
    name: str
    name_zh: str
    unit: str
    pcf_kgco2e_per_unit: float
    fossil_kgco2e_per_unit: float
    biogenic_kgco2e_per_unit: float
    primary_data_share: float
    dqr: dict[str, float | None]
    exempted_share: float
    uncertainty: list[float] | None
    by_stage: dict[str, float]
    by_gas: dict[str, float]


class RunDetailOut(RunOut):
    method_register: dict[str, Any]
    results: list[ResultOut]
    moved: list[dict[str, Any]]


def _import(batch: ModelImport, *, repeated: bool = False, job_id: str | None = None) -> dict[str, Any]:
    issues = [
        {"sheet": s.sheet, "row": s.row, **i}
        for s in StagedRow.objects.filter(batch=batch).exclude(issues=[]).order_by("sheet", "row")
        for i in s.issues
    ] + [
        {"sheet": None, "row": None, "column": "", "value": "", "reason": line}
        for line in batch.error.splitlines()
    ]
    return {
        "import_id": batch.pk,
        "status": batch.status,
        "already_imported": repeated,
        "job_id": job_id,
        "rows": batch.row_count,
        "issue_count": batch.issue_count,
        "errors": issues,
    }


def _batch(request: HttpRequest, import_id: int) -> ModelImport:
    batch = scoped(request, ModelImport).filter(pk=import_id).first()
    if batch is None:
        raise NotFound("no such import")
    return batch


@router.post(
    "/imports",
    response={202: ImportOut, 200: ImportOut, 403: ErrorOut},
    summary="Upload a product model (XLSX workbook or zip of CSV files); a job reads and checks it",
    description="Answers at once with the import's id and the job that reads it; GET /imports/{id} then shows the "
    "status and every rejected row. The file of the last accepted import again changes nothing. Editor role.",
)
def upload(request: HttpRequest, file: File[UploadedFile]) -> Status:
    membership = require_role(getattr(request, "membership", None), Role.EDITOR)
    name = file.name or "model.xlsx"
    batch, repeated = importing.upload(membership, filename=name, content=file.read())
    if repeated:
        return Status(200, _import(batch, repeated=True))
    job = jobs.start(
        organization=batch.organization,
        user=membership.user,
        kind=READ,
        label=f"Reading {name}",
        parameters={"import_id": batch.pk},
    )
    return Status(202, _import(batch, job_id=str(job.pk)))


@router.get(
    "/imports/{import_id}",
    response={200: ImportOut, 404: ErrorOut},
    summary="An import's status and rejected rows",
)
def import_status(request: HttpRequest, import_id: int) -> dict[str, Any]:
    return _import(_batch(request, import_id))


@router.post(
    "/imports/{import_id}/accept",
    response={200: ImportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Replace the stored model by the import's, all or nothing",
)
def accept(request: HttpRequest, import_id: int) -> dict[str, Any]:
    membership = require_role(getattr(request, "membership", None), Role.EDITOR)
    batch = _batch(request, import_id)
    importing.accept(membership, batch)
    return _import(batch)


@router.post(
    "/imports/{import_id}/cancel", response={200: ImportOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def cancel(request: HttpRequest, import_id: int) -> dict[str, Any]:
    membership = require_role(getattr(request, "membership", None), Role.EDITOR)
    batch = _batch(request, import_id)
    importing.cancel(membership, batch)
    return _import(batch)


@router.post("/calculate", response={202: JobOut, 403: ErrorOut}, summary="Calculate every product (a job)")
def calculate(request: HttpRequest, gwp: str = "AR6", samples: int = 0) -> Status:
    membership = require_role(getattr(request, "membership", None), Role.EDITOR)
    job = jobs.start(
        organization=membership.organization,
        user=membership.user,
        kind=CALCULATE,
        label=f"Product footprints ({gwp.upper()})",
        parameters={
            "user_id": membership.user.pk,
            "gwp": gwp.upper(),
            "samples": max(0, min(samples, 100_000)),
        },
    )
    return Status(202, {"job_id": str(job.pk)})


def _run(run: CalculationRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "gwp": run.gwp,
        "model_fingerprint": run.model_fingerprint,
        "factor_set_version": run.factor_set_version,
        "product_count": run.product_count,
        "created_at": run.created_at.isoformat(),
    }


def _result(result: Result) -> dict[str, Any]:
    return {
        "product_id": result.product_id,
        "name": result.name,
        "name_zh": result.name_zh,
        "unit": result.unit,
        "pcf_kgco2e_per_unit": result.total,
        "fossil_kgco2e_per_unit": result.fossil,
        "biogenic_kgco2e_per_unit": result.biogenic,
        "primary_data_share": result.primary_data_share,
        "dqr": {
            "technological": result.dqr_technological,
            "geographical": result.dqr_geographical,
            "temporal": result.dqr_temporal,
        },
        "exempted_share": result.exempted_share,
        "uncertainty": [result.low, result.high]
        if result.low is not None and result.high is not None
        else None,
        "by_stage": calculation.lines(result, "stage"),
        "by_gas": calculation.lines(result, "gas"),
    }


def _get_run(request: HttpRequest, run_id: int) -> CalculationRun:
    run = scoped(request, CalculationRun).filter(pk=run_id).first()
    if run is None:
        raise NotFound("no such run")
    return run


@router.get("/runs", response=list[RunOut], summary="Stored calculation runs, newest first")
def runs(request: HttpRequest) -> list[dict[str, Any]]:
    return [_run(r) for r in scoped(request, CalculationRun)]


@router.get(
    "/runs/{run_id}", response={200: RunDetailOut, 404: ErrorOut}, summary="A run's results and what moved"
)
def run_detail(request: HttpRequest, run_id: int) -> dict[str, Any]:
    run = _get_run(request, run_id)
    return {
        **_run(run),
        "method_register": run.register if isinstance(run.register, dict) else {},
        "results": [_result(r) for r in Result.objects.filter(run=run).prefetch_related("lines")],
        "moved": calculation.what_moved(run, calculation.previous_run(run)),
    }


@router.get(
    "/runs/{run_id}/products/{product_id}/tree",
    response={200: dict[str, Any], 400: ErrorOut, 404: ErrorOut},
    summary="A product's contribution tree (today's model, the run's GWP set)",
)
def tree(
    request: HttpRequest, run_id: int, product_id: str, depth: int = 2, lang: str = "en"
) -> dict[str, Any]:
    run = _get_run(request, run_id)
    if not Result.objects.filter(run=run, product_id=product_id).exists():
        raise NotFound("no such product in this run")
    explained = explaining.explain(run)
    from tanlu.web.products import core  # noqa: PLC0415

    root = core.contribution_tree(
        explained.model,
        explained.footprints,
        product_id,
        depth=max(1, min(depth, 20)),
        lang="zh" if lang == "zh" else "en",
    )

    def node(c: Any) -> dict[str, Any]:
        return {
            "label": c.label,
            "kind": c.kind,
            "amount": c.amount,
            "unit": c.unit,
            "kgco2e": c.kgco2e,
            "share": c.share,
            "source": c.source,
            "children": [node(child) for child in c.children or ()],
        }

    return {**node(root), "model_changed": explained.model_changed}
