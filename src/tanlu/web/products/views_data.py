"""Pages for the product model: the list of products, imports (upload, every rejected row, fixing, accepting),
the model's tables and editing a product, a bill-of-materials line, a purchased footprint or a site's allocation.

Viewers read; editors import and edit. Every edit is checked by the core with the whole model before it is kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.errors import InputError, RowsRejected
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.inventory.views_data import can
from tanlu.web.jobs import services as jobs
from tanlu.web.params import int_list_param, optional_int_param
from tanlu.web.products import calculation, core, forms, importing, reasons
from tanlu.web.products.jobs import READ
from tanlu.web.products.models import (
    BomLine,
    ImportStatus,
    ModelImport,
    Product,
    ProductSite,
    PurchasedItem,
    Result,
    StagedRow,
)


def _issues(error: InputError) -> list[str]:
    issues = error.issues if isinstance(error, RowsRejected) else [error.issue]
    return [reasons.localize_issue(i) for i in issues]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    organization = request.organization  # type: ignore[attr-defined]
    run = calculation.latest_run(organization)
    results = {r.product_id: r for r in Result.objects.filter(run=run)} if run else {}
    products = [(p, results.get(p.product_id)) for p in scoped(request, Product)]
    return render(
        request,
        "products/home.html",
        {
            "products": products,
            "run": run,
            "imports": scoped(request, ModelImport).exclude(status=ImportStatus.CANCELLED)[:10],
            "can_edit": can(request, Role.EDITOR),
            "calculate_form": forms.CalculateForm(initial={"gwp": run.gwp if run else "AR6"}),
        },
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        batch, repeated = importing.upload(
            request.membership,  # type: ignore[attr-defined]
            filename=file.name,
            content=file.read(),
        )
        if repeated:
            messages.info(
                request,
                _("This file was already imported (%(file)s). Nothing was changed.")
                % {"file": batch.filename},
            )
            return redirect("products:import_detail", model_import_id=batch.pk)
        job = jobs.start(
            organization=batch.organization,
            user=request.user,  # type: ignore[arg-type]
            kind=READ,
            label=_("Reading %(file)s") % {"file": batch.filename},
            parameters={"import_id": batch.pk},
        )
        return redirect("jobs:detail", job_id=job.pk)
    return render(request, "products/upload.html", {"form": form})


def _sheets(batch: ModelImport) -> list[dict[str, Any]]:
    """The rejected rows by sheet, each with the sheet's headers for the fixing table."""
    sheets: dict[str, dict[str, Any]] = {}
    for staged in StagedRow.objects.filter(batch=batch).exclude(issues=[]).order_by("sheet", "row")[:500]:
        sheet = sheets.setdefault(staged.sheet, {"name": staged.sheet, "headers": [], "rows": []})
        for header in staged.cells:
            if header not in sheet["headers"]:
                sheet["headers"].append(header)
        sheet["rows"].append(staged)
    for sheet in sheets.values():
        for staged in sheet["rows"]:
            bad = {i["column"] for i in staged.issues}
            staged.fields = [
                {
                    "header": h,
                    "value": staged.cells.get(h, ""),
                    "bad": h in bad or core.canonical_column(h, core.canonical_sheet(staged.sheet)) in bad,
                }
                for h in sheet["headers"]
            ]
            canonical = core.canonical_sheet(staged.sheet)
            headers = {core.canonical_column(h, canonical): h for h in sheet["headers"]}
            staged.reasons = [
                {
                    **i,
                    "header": headers.get(i["column"], i["column"]),
                    "text": reasons.localize_reason(i["reason"]),
                }
                for i in staged.issues
            ]
            sheet.setdefault("reasons", []).extend((staged, r) for r in staged.reasons)
    return list(sheets.values())


@login_required
def import_detail(request: HttpRequest, model_import_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request, ModelImport, pk=model_import_id)
    context: dict[str, Any] = {"batch": batch, "can_edit": can(request, Role.EDITOR)}
    if batch.status in (ImportStatus.REJECTED, ImportStatus.VALID, ImportStatus.FAILED):
        staged = StagedRow.objects.filter(batch=batch)
        context.update(
            {
                "sheets": _sheets(batch),
                "rejected_count": staged.exclude(issues=[]).count(),
                "general": [reasons.localize_reason(line) for line in batch.error.splitlines() if line],
                "counts": list(staged.values_list("sheet").order_by("sheet").distinct()),
                "by_sheet": [
                    (s, staged.filter(sheet=s).count())
                    for s in staged.values_list("sheet", flat=True).order_by("sheet").distinct()
                ],
            }
        )
    return render(request, "products/import.html", context)


@login_required
@require_POST
def import_fix(request: HttpRequest, model_import_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request, ModelImport, pk=model_import_id)
    ids = int_list_param(request.POST.getlist("row"), name="row")
    edits: dict[int, dict[str, str]] = {}
    for pk in ids:
        count = optional_int_param(request.POST.get(f"r{pk}_n"), name=f"r{pk}_n") or 0
        edits[pk] = {
            request.POST.get(f"r{pk}_h{i}", ""): request.POST.get(f"r{pk}_v{i}", "")
            for i in range(min(count, 60))
        }
    drop = [pk for pk in ids if request.POST.get(f"r{pk}_drop") == "on"]
    try:
        issues = importing.fix_rows(request.membership, batch, edits, drop)  # type: ignore[attr-defined]
    except InputError as error:
        messages.error(request, reasons.localize_reason(error.issue.reason))
        return redirect("products:import_detail", model_import_id=batch.pk)
    if issues:
        messages.warning(request, _("%(n)s problems are left.") % {"n": len(issues)})
    else:
        messages.success(request, _("Every row is valid now. Accept the import to replace the stored model."))
    return redirect("products:import_detail", model_import_id=batch.pk)


@login_required
@require_POST
def import_accept(request: HttpRequest, model_import_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request, ModelImport, pk=model_import_id)
    try:
        count = importing.accept(request.membership, batch)  # type: ignore[attr-defined]
    except RowsRejected:
        messages.error(request, _("Some rows are not valid: nothing was imported. Fix them or cancel."))
    except InputError as error:
        messages.error(request, reasons.localize_reason(error.issue.reason))
    else:
        messages.success(
            request,
            _("%(n)s rows of the product model were stored. Calculate to see the footprints.") % {"n": count},
        )
        return redirect("products:home")
    return redirect("products:import_detail", model_import_id=batch.pk)


@login_required
@require_POST
def import_cancel(request: HttpRequest, model_import_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request, ModelImport, pk=model_import_id)
    try:
        importing.cancel(request.membership, batch)  # type: ignore[attr-defined]
    except InputError as error:
        messages.error(request, reasons.localize_reason(error.issue.reason))
        return redirect("products:import_detail", model_import_id=batch.pk)
    messages.info(request, _("The import was cancelled. Nothing was stored."))
    return redirect("products:home")


@login_required
def model_tables(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    return render(
        request,
        "products/model.html",
        {
            "products": scoped(request, Product),
            "lines": scoped(request, BomLine).select_related("product"),
            "purchased": scoped(request, PurchasedItem),
            "sites": scoped(request, ProductSite).select_related("inventory_site"),
            "can_edit": can(request, Role.EDITOR),
        },
    )


def _edit(request: HttpRequest, instance: Any, form: ModelForm, title: str, what: str) -> HttpResponse:
    """Save an edit only if the whole model still validates; otherwise show every issue and keep nothing."""
    errors: list[str] = []
    if request.method == "POST":
        require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
                    core.stored_model(request.organization)  # type: ignore[attr-defined]
            except InputError as error:
                errors = _issues(error)
            else:
                audit(request.organization, request.user, f"products.edit_{what}", str(instance))  # type: ignore[arg-type, attr-defined]
                messages.success(request, _("Saved. Calculate again to see the footprints move."))
                return redirect("products:model")
    return render(
        request,
        "products/edit.html",
        {"form": form, "title": title, "errors": errors, "can_edit": can(request, Role.EDITOR)},
        status=400 if errors else 200,
    )


@login_required
def edit_product(request: HttpRequest, part_id: int) -> HttpResponse:
    product = get_scoped_or_404(request, Product, pk=part_id)
    form = forms.ProductForm(request.POST or None, instance=product)
    return _edit(request, product, form, _("Product %(id)s") % {"id": product.product_id}, "product")


@login_required
def edit_line(request: HttpRequest, bom_line_id: int) -> HttpResponse:
    line = get_scoped_or_404(request, BomLine.objects.select_related("product"), pk=bom_line_id)
    form = forms.BomLineForm(request.POST or None, instance=line)
    return _edit(request, line, form, _("Input of %(id)s") % {"id": line.product.product_id}, "input")


@login_required
def edit_purchased(request: HttpRequest, purchased_id: int) -> HttpResponse:
    item = get_scoped_or_404(request, PurchasedItem, pk=purchased_id)
    form = forms.PurchasedForm(request.POST or None, instance=item)
    return _edit(request, item, form, _("Purchased item %(id)s") % {"id": item.item_id}, "purchased")


@login_required
def edit_site(request: HttpRequest, pcf_site_id: int) -> HttpResponse:
    site = get_scoped_or_404(request, ProductSite, pk=pcf_site_id)
    form = forms.SiteForm(request.POST or None, instance=site, organization=request.organization)  # type: ignore[attr-defined]
    return _edit(request, site, form, _("Site %(name)s") % {"name": site.name}, "site")
