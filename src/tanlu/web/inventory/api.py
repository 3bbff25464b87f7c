"""The inventory part of the JSON API: stored results, one result with its totals, and all-or-nothing imports.

Every endpoint works in the credential's organization only; another organization's run answers 404 like a
missing one. Errors are ``{"detail": …, "errors": [{row, column, value, reason, …}]}``.

A small file is imported within the request (201), as the pages do; a large one (over the upload size or the row
count the pages hand to background jobs) is queued as a job and answered with 202 and the URL to poll
(``GET /api/inventory/imports/{id}``), which reports the job's progress and, at the end, the rows or every issue.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from tanlu.errors import NotFound, RowIssue, RowsRejected
from tanlu.web.accounts.api_auth import api_auth
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import scoped
from tanlu.web.inventory import calculation, importing, importing_accept, reasons
from tanlu.web.inventory import jobs as batch_jobs
from tanlu.web.inventory.factorsets import DEFAULT_CH4_RULE
from tanlu.web.inventory.models import CalculationRun, ImportBatch, ImportStatus, StagedRow
from tanlu.web.jobs.models import Job

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
    #: how fossil methane was weighted (by_category, non_fossil, fossil), as in ``tanlu inventory calc``'s JSON
    ch4_rule: str = "by_category"
    #: t CO2e of the air-freight radiative-forcing uplift, and whether it is inside the totals
    radiative_forcing: float = 0.0
    radiative_forcing_included: bool = False
    #: the share of each total from CO2e factors published with another GWP set than ``gwp``
    other_gwp_share: float = 0.0
    other_gwp_share_market: float = 0.0


class RunDetailOut(RunOut):
    by_category: dict[str, dict[str, float]]
    by_site: dict[str, dict[str, float]]
    by_month: dict[str, dict[str, float]]
    #: t CO2e from factors published with another GWP set, by that set
    other_gwp: dict[str, dict[str, float]] = {}
    #: the sites whose Scope 3 category 3.3 is incomplete (no sourced factor for their grid)
    incomplete: list[dict[str, str]] = []


class JobOut(Schema):
    id: str
    status: str
    done: int
    total: int
    message: str
    error: str


class ImportOut(Schema):
    import_id: int
    rows: int
    already_imported: bool
    #: the batch's status: uploaded, rejected, valid, accepted or cancelled
    status: str = "accepted"
    #: where to poll the import's progress and outcome
    url: str = ""
    job: JobOut | None = None
    #: every issue of a rejected background import
    errors: list[dict[str, Any]] = []


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
        "ch4_rule": run.factor_set.ch4_rule if run.factor_set else DEFAULT_CH4_RULE,
        "radiative_forcing": run.radiative_forcing,
        "radiative_forcing_included": run.radiative_forcing_included,
        "other_gwp_share": run.other_gwp_share,
        "other_gwp_share_market": run.other_gwp_share_market,
    }


@router.get("/runs", response=list[RunOut], summary="Stored inventory results, newest first")
def list_runs(request: HttpRequest) -> list[dict[str, Any]]:
    return [_run(r) for r in scoped(request, CalculationRun).select_related("factor_set")]


@router.get("/runs/{run_id}", response={200: RunDetailOut, 404: ErrorOut}, summary="One result in t CO2e")
def get_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    run = scoped(request, CalculationRun).select_related("factor_set").filter(pk=run_id).first()
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
        "other_gwp": lines("other_gwp"),
        "incomplete": [
            {"category": g.category, "site": g.site, "region": g.region, "activity": g.activity}
            for g in calculation.gaps(run)
        ],
    }


@router.post(
    "/imports",
    response={201: ImportOut, 202: ImportOut, 400: ErrorOut, 403: ErrorOut, 413: ErrorOut},
    summary="Import an activity file, all or nothing",
    description="Columns mapped by the source's saved mapping, else by the standard Chinese or English headers. "
    "A small file is imported in the request: 201, or 400 listing every row, column, value and reason of a file "
    "with any bad row (nothing is stored). A large file (over TANLU_INVENTORY_INLINE_BYTES, or more rows than "
    "the pages check in a request) is queued: 202 with the job and the url to poll; a background import with bad "
    "rows ends `rejected`, its issues listed by that url, nothing imported (fix it on its page or send a "
    "corrected file). The same file again changes nothing. Bodies over TANLU_MAX_UPLOAD_MB are refused with "
    "413 before they are read. Needs the editor role.",
)
def upload_activities(request: HttpRequest, file: File[UploadedFile], source: Form[str] = "") -> Status:
    membership = require_role(getattr(request, "membership", None), Role.EDITOR)
    name = file.name or "activities.csv"
    batch, repeated = importing.upload(membership, source=source or name, filename=name, content=file)
    if repeated:
        return Status(201, _import(batch, already_imported=True))
    if (file.size or 0) > importing.INLINE_LIMIT or importing.is_large(batch):
        job = batch_jobs.complete(membership, batch)
        return Status(202, _import(batch, job=job))
    importing_accept.complete(membership, batch)
    return Status(201, _import(batch))


@router.get(
    "/imports/{import_id}",
    response={200: ImportOut, 404: ErrorOut},
    summary="An import's progress and outcome",
    description="While its job runs, `job` gives the progress; at the end `status` is `accepted` with the rows "
    "imported, or `rejected` with every issue in `errors`, or `cancelled` with the job's error.",
)
def get_import(request: HttpRequest, import_id: int) -> dict[str, Any]:
    batch = scoped(request, ImportBatch).filter(pk=import_id).first()
    if batch is None:
        raise NotFound("no such import")
    job = (
        scoped(request, Job)
        .filter(kind__in=batch_jobs.BATCH_JOBS, parameters__import_id=batch.pk)
        .order_by("-created_at")
        .first()
    )
    return _import(batch, job=job, errors=_issues(batch) if batch.status == ImportStatus.REJECTED else [])


def _import(
    batch: ImportBatch,
    *,
    already_imported: bool = False,
    job: Job | None = None,
    errors: list[RowIssue] | None = None,
) -> dict[str, Any]:
    return {
        "import_id": batch.pk,
        "rows": batch.row_count if batch.status == ImportStatus.ACCEPTED else 0,
        "already_imported": already_imported,
        "status": batch.status,
        "url": f"/api/inventory/imports/{batch.pk}",
        "job": None
        if job is None
        else {
            "id": str(job.pk),
            "status": job.status,
            "done": job.done,
            "total": job.total,
            "message": job.message,
            "error": job.error,
        },
        "errors": RowsRejected(errors, file=batch.filename).to_dict()["errors"] if errors else [],
    }


def _issues(batch: ImportBatch) -> list[RowIssue]:
    """The issues the check recorded on the staged rows (a file without data rows has one for the file)."""
    issues = [
        RowIssue(row=row, file=batch.filename, **issue)
        for row, recorded in StagedRow.objects.filter(batch=batch)
        .exclude(issues=[])
        .order_by("row")
        .values_list("row", "issues")
        for issue in recorded
    ]
    return issues or [RowIssue(row=None, column=None, value="", reason=reasons.NO_DATA_ROWS)]
