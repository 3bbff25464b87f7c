"""Pages for getting data in: imports (upload, mapping, validation report, fixing, accepting), the grid for typed
rows, sites and the organization's factor sets.

Viewers read; editors import and edit; owners manage factor sets. Objects are reached through the tenancy helpers.
"""

from __future__ import annotations

import re
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanlu.errors import InputError, RowsRejected
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import can, require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.inventory import forms, importing, importing_sites, naming, reasons, views_mapping
from tanlu.web.inventory import jobs as batch_jobs
from tanlu.web.inventory.importing_accept import cancel as cancel_import
from tanlu.web.inventory.importing_grid import grid_batch, grid_rows
from tanlu.web.inventory.models import (
    ActivityRow,
    ColumnMapping,
    ImportBatch,
    ImportStatus,
    Site,
    StagedRow,
)
from tanlu.web.inventory.views_shared import activity_options
from tanlu.web.inventory.views_shared import issue_lines as _issues
from tanlu.web.inventory.views_shared import main_region as _main_region
from tanlu.web.jobs import services as jobs
from tanlu.web.params import int_list_param, optional_int_param


def _labels() -> dict[str, str]:
    return naming.field_labels()


def activity_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """Every activity of the organization's factor set (the typed-rows grid's list of keys)."""
    factors = importing.organization_factors(request.organization)  # type: ignore[attr-defined]
    zh = request.LANGUAGE_CODE.startswith("zh")
    return [
        (key, f"{info.name_zh if zh else info.name_en} ({key})")
        for key, info in sorted(factors.activities().items())
    ]


@login_required
@require_GET
def activity_search(request: HttpRequest) -> HttpResponse:
    """The options of an activity picker for what the user typed (the mapping and fix pages' search)."""
    if (response := _need_organization(request)) is not None:
        return response
    query = request.GET.get("q", "")[:100]
    options = activity_options(
        request, query, region=_main_region(request), selected=request.GET.get("selected", "")
    )
    return render(
        request,
        "inventory/_activity_options.html",
        {
            "options": options,
            "selected": request.GET.get("selected", ""),
            "blank": request.GET.get("blank", "")[:200],
            "keep": request.GET.get("keep", "")[:200],
        },
    )


@login_required
def data(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    batches = scoped(request, ImportBatch).exclude(status=ImportStatus.CANCELLED)
    summary = scoped(request, ActivityRow).aggregate(
        rows=Count("id"), first=Min("period_start"), last=Max("period_end")
    )
    page = Paginator(batches, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "inventory/data.html",
        {
            "page": page,
            "summary": summary,
            "can_edit": can(request, Role.EDITOR),
            "sources": scoped(request, ColumnMapping).order_by("source"),
        },
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    form = forms.UploadForm(
        request.POST or None, request.FILES or None, initial={"source": request.GET.get("source", "")}
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            batch, repeated = importing.upload(
                request.membership,
                source=form.cleaned_data["source"],  # type: ignore[attr-defined]
                filename=upload_file.name,
                content=upload_file,  # streamed to a file, never read whole
            )
        except InputError as error:
            errors = _issues(error)
        else:
            if repeated:
                messages.info(
                    request,
                    _("This file was already imported (%(file)s). Nothing was changed.")
                    % {"file": batch.filename},
                )
                return redirect("inventory:import_detail", import_id=batch.pk)
            if batch.status == ImportStatus.UPLOADED and not batch.headers:
                job = jobs.start(
                    organization=batch.organization,
                    user=request.user,
                    kind="inventory.prepare",
                    label=_("Reading %(file)s") % {"file": batch.filename},
                    parameters={"import_id": batch.pk},
                )
                return redirect("jobs:detail", job_id=job.pk)
            if batch.mapping_reused:
                messages.success(
                    request,
                    _("The saved column mapping of “%(source)s” was used.") % {"source": batch.source},
                )
            return redirect("inventory:import_detail", import_id=batch.pk)
    sources = scoped(request, ColumnMapping).order_by("source").values_list("source", flat=True)
    return render(request, "inventory/upload.html", {"form": form, "errors": errors, "sources": sources})


@login_required
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request, ImportBatch.objects.all(), pk=import_id)
    if (job := batch_jobs.active_job(batch)) is not None:  # a job works on it: its page shows the progress
        return redirect("jobs:detail", job_id=job.pk)
    context: dict[str, Any] = {"batch": batch, "can_edit": can(request, Role.EDITOR), "labels": _labels()}
    if batch.status == ImportStatus.UPLOADED:
        if not batch.headers:
            return render(request, "inventory/import_reading.html", context)
        context.update(views_mapping.mapping_context(request, batch))
        return render(request, "inventory/import_map.html", context)
    if batch.status in (ImportStatus.REJECTED, ImportStatus.VALID):
        rejected = StagedRow.objects.filter(batch=batch).exclude(issues=[]).order_by("row")
        general = [] if batch.status == ImportStatus.VALID else _general_issues(batch)
        preview = StagedRow.objects.filter(batch=batch, issues=[]).order_by("row")
        shown = list(rejected[:500])
        context.update(
            {
                "rejected": shown,
                "rejected_count": rejected.count(),
                "general": general,
                "preview": preview[:20],
                "valid_count": preview.count(),
                "unknown_names": _unknown_activity_names(request, batch, shown),
                "sites_without_region": importing_sites.rows_without_region(batch),
                "activity_names": _activity_names(request),
                "fields": importing.FIELDS,
            }
        )
        return render(request, "inventory/import_check.html", context)
    rows = ActivityRow.objects.filter(batch=batch).select_related("site").order_by("row")
    context.update(
        {
            "rows": Paginator(rows, 50).get_page(request.GET.get("page")),
            "sites": rows.values("site__name").annotate(n=Count("id")).order_by("site__name"),
        }
    )
    return render(request, "inventory/import_done.html", context)


def _activity_names(request: HttpRequest) -> dict[str, str]:
    """Activity key → its name in the reader's language (pages show names; codes stay in exports)."""
    factors = importing.organization_factors(request.organization)  # type: ignore[attr-defined]
    zh = request.LANGUAGE_CODE.startswith("zh")
    return {key: info.name_zh if zh else info.name_en for key, info in factors.activities().items()}


def _unknown_activity_names(
    request: HttpRequest, batch: ImportBatch, shown: list[StagedRow]
) -> list[dict[str, Any]]:
    """Each name in the rejected rows' activity cells that is no factor's key, with how many rows carry it and
    the picker's choices for it (the same search as mapping); each shown row with such a name gets the picker
    (``picker``) in place of a code to type, and a row whose activity is known gets it too, showing the
    activity's name (``keep_label``) rather than its key."""
    keys = importing.organization_factors(batch).activities()
    counts = (
        StagedRow.objects.filter(batch=batch)
        .exclude(issues=[])
        .values("activity")
        .annotate(n=Count("id"))
        .order_by("activity")
    )
    region = _main_region(request)
    names: list[dict[str, Any]] = []
    for entry in counts:
        if entry["activity"] in keys or len(names) >= 50:
            continue
        number = len(names)
        names.append(
            {
                "text": entry["activity"],
                "count": entry["n"],
                "index": number,
                "field": f"apply_key_{number}",
                "options": activity_options(request, entry["activity"], region=region),
            }
        )
    by_text = {name["text"]: name["options"] for name in names}
    zh = request.LANGUAGE_CODE.startswith("zh")
    known_options: list[tuple[str, str]] | None = None
    for row in shown:
        row.picker_id = f"r{row.row}_activity"  # type: ignore[attr-defined]
        if row.activity in keys:  # a known activity shows its name, and can be changed by the same search
            info = keys[row.activity]
            row.keep_label = info.name_zh if zh else info.name_en  # type: ignore[attr-defined]
            if known_options is None:
                known_options = activity_options(request, "", region=region)
            row.picker = [o for o in known_options if o[0] != row.activity]  # type: ignore[attr-defined]
        else:
            row.picker = by_text.get(row.activity)  # type: ignore[attr-defined]
    return names


def _general_issues(batch: ImportBatch) -> list[str]:
    """Problems not tied to a row (a missing column, an empty file)."""
    if StagedRow.objects.filter(batch=batch).exists():
        return []
    return [_("The file has no data rows under the mapped columns.")]


@login_required
@require_POST
def import_remap(request: HttpRequest, import_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request, ImportBatch.objects.all(), pk=import_id)
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    if batch.status in (ImportStatus.REJECTED, ImportStatus.VALID) and batch.kind == "file":
        StagedRow.objects.filter(batch=batch).delete()
        batch.status = ImportStatus.UPLOADED
        batch.save(update_fields=["status"])
    return redirect("inventory:import_detail", import_id=batch.pk)


@login_required
@require_POST
def import_fix(request: HttpRequest, import_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request, ImportBatch.objects.all(), pk=import_id)
    numbers = int_list_param(request.POST.getlist("row"), name="row")
    edits = {
        n: {f: request.POST[f"r{n}_{f}"] for f in importing.FIELDS if f"r{n}_{f}" in request.POST}
        for n in numbers
    }
    drop = [n for n in numbers if request.POST.get(f"r{n}_drop") == "on"]
    applied = optional_int_param(request.POST.get("apply"), name="apply")
    if applied is not None:  # "apply to all rows with this name"
        name = request.POST.get(f"apply_name_{applied}", "")
        key = request.POST.get(f"apply_key_{applied}", "")
        if name and key:
            same = StagedRow.objects.filter(batch=batch, activity=name).exclude(issues=[])
            for number in same.values_list("row", flat=True):
                edits.setdefault(number, {})["activity"] = key
    job = batch_jobs.fix_rows(request.membership, batch, edits, drop)  # type: ignore[attr-defined]
    if job is not None:
        return redirect("jobs:detail", job_id=job.pk)
    batch.refresh_from_db()
    if batch.issue_count:
        messages.warning(request, _("%(n)s problems are left.") % {"n": batch.issue_count})
    else:
        messages.success(request, _("Every row is valid now. Check the preview and accept the import."))
    return redirect("inventory:import_detail", import_id=batch.pk)


@login_required
@require_POST
def import_accept(request: HttpRequest, import_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request, ImportBatch.objects.all(), pk=import_id)
    try:
        count = batch_jobs.accept(request.membership, batch)  # type: ignore[attr-defined]
    except RowsRejected:
        messages.error(request, _("Some rows are not valid: nothing was imported. Fix them or cancel."))
    except InputError as error:
        messages.error(request, reasons.localize_reason(error.issue.reason))
    else:
        if not isinstance(count, int):
            return redirect("jobs:detail", job_id=count.pk)
        messages.success(
            request,
            _("%(n)s rows were imported. Calculate the inventory to see them in the results.") % {"n": count},
        )
    return redirect("inventory:import_detail", import_id=batch.pk)


@login_required
@require_POST
def import_cancel(request: HttpRequest, import_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request, ImportBatch.objects.all(), pk=import_id)
    try:
        cancel_import(request.membership, batch)  # type: ignore[attr-defined]
    except InputError as error:
        messages.error(request, reasons.localize_reason(error.issue.reason))
        return redirect("inventory:import_detail", import_id=batch.pk)
    messages.info(request, _("The import was cancelled. Nothing was stored."))
    return redirect("inventory:data")


GRID_ROWS = 5
GRID_KEY = re.compile(r"^g(\d{1,10})_site$")


def _grid_context(request: HttpRequest, rows: list[dict[str, str]], **extra: Any) -> dict[str, Any]:
    sites = scoped(request, Site).values_list("name", flat=True)
    return {
        "rows": list(enumerate(rows)),
        "fields": importing.FIELDS,
        "labels": _labels(),
        "sites": sites,
        "activity_choices": activity_choices(request),
        "next_index": len(rows),
        **extra,
    }


@login_required
def grid(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    replaces = None
    edit = optional_int_param(request.GET.get("edit") or request.POST.get("edit"), name="edit")
    if edit is not None:
        replaces = get_scoped_or_404(
            request, ImportBatch.objects.filter(kind="grid", status=ImportStatus.ACCEPTED), pk=edit
        )
    if request.method == "POST":
        indices = sorted({int(m[1]) for key in request.POST if (m := GRID_KEY.match(key))})[:500]
        rows = [{f: request.POST.get(f"g{i}_{f}", "") for f in importing.FIELDS} for i in indices]
        source = request.POST.get("source", "").strip() or _("Typed rows")
        try:
            batch, repeated = grid_batch(request.membership, source=source, rows=rows, replaces=replaces)  # type: ignore[attr-defined]
        except InputError as error:
            return render(
                request,
                "inventory/grid.html",
                _grid_context(request, rows, source=source, errors=_issues(error), replaces=replaces),
            )  # the rows as typed, with what is wrong: answered 200 like every form
        if repeated:
            messages.info(request, _("These rows were already imported. Nothing was changed."))
        return redirect("inventory:import_detail", import_id=batch.pk)
    rows = (
        grid_rows(replaces) if replaces else [dict.fromkeys(importing.FIELDS, "") for _i in range(GRID_ROWS)]
    )
    source = replaces.source if replaces else request.GET.get("source", "")
    return render(
        request, "inventory/grid.html", _grid_context(request, rows, source=source, replaces=replaces)
    )


@login_required
@require_GET
def grid_row(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inventory/_grid_row.html",
        {
            "index": 1000 + time.time_ns() // 1000 % 10**9,
            "row": dict.fromkeys(importing.FIELDS, ""),
            "fields": importing.FIELDS,
        },
    )
