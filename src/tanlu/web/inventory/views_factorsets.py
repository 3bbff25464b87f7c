"""The organization's own emission factors: the factor-set versions, a factor file or one factor added (each
makes a new version; a version is never edited in place), a factor removed, and the method choice of a set, how
its fossil methane is weighted (#12 item 10).

Choosing another rule makes a new factor-set version with the same factors, so results calculated with the
earlier rule keep their version (the rule is in the version's content hash) and recalculating gives a new run.
Owners manage factors (the services in :mod:`.factorsets` check the role again); everyone reads them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.errors import InputError
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.inventory import factorsets, forms, importing, reasons
from tanlu.web.inventory.models import CustomFactor, FactorSetVersion
from tanlu.web.inventory.views_data import can
from tanlu.web.inventory.views_shared import issue_lines as _issues


@login_required
@require_POST
def ch4_rule(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    form = forms.Ch4RuleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how fossil methane is weighted."))
        return redirect("inventory:factors")
    try:
        version = factorsets.set_ch4_rule(request.membership, form.cleaned_data["ch4_rule"])  # type: ignore[attr-defined]
    except InputError as error:
        messages.error(request, reasons.localize_reason(error.issue.reason))
    else:
        messages.success(
            request,
            _(
                "Factor set v%(n)s was created with the new methane rule. Earlier results keep the version "
                "they were calculated with; calculate again to use it."
            )
            % {"n": version.number},
        )
    return redirect("inventory:factors")


def _factors_page(request: HttpRequest, factor_form: forms.FactorForm) -> HttpResponse:
    """The organization's factor-set versions, the latest one's own factors and the forms to change them."""
    versions = scoped(request, FactorSetVersion).annotate(
        count=Count("factors"), runs_count=Count("runs", distinct=True)
    )
    latest = versions.first()
    organization = request.organization  # type: ignore[attr-defined]
    return render(
        request,
        "inventory/factors.html",
        {
            "versions": versions,
            "latest": latest,
            "current": CustomFactor.objects.filter(organization=organization, factor_set=latest)
            if latest
            else [],
            "can_manage": can(request, Role.OWNER),
            "factor_form": factor_form,
            "file_form": forms.FactorFileForm(),
            "bundled": importing.organization_factors(organization).version if latest is None else None,
        },
    )


def _created(request: HttpRequest, version: FactorSetVersion) -> None:
    messages.success(
        request,
        _("Factor set v%(n)s was created. Earlier results keep the version they were calculated with.")
        % {"n": version.number},
    )


@login_required
def factors(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    return _factors_page(request, forms.FactorForm())


@login_required
@require_POST
def factor_upload(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    form = forms.FactorFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = factorsets.upload_factor_file(
                request.membership,
                content=form.cleaned_data["file"].read(),  # type: ignore[attr-defined]
                filename=form.cleaned_data["file"].name,
                note=form.cleaned_data["note"],
            )
        except InputError as error:
            for line in _issues(error)[:50]:
                messages.error(request, line)
        else:
            _created(request, version)
    else:
        messages.error(request, _("Choose a factor file."))
    return redirect("inventory:factors")


@login_required
@require_POST
def factor_add(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    form = forms.FactorForm(request.POST)
    if form.is_valid():
        data_ = form.cleaned_data
        scope = "3" if data_["category"].startswith("3.") else ""
        try:
            version = factorsets.add_factor(request.membership, {**data_, "scope": scope})  # type: ignore[attr-defined]
        except InputError as error:
            for line in _issues(error):
                messages.error(request, line)
        else:
            _created(request, version)
            return redirect("inventory:factors")
    return _factors_page(request, form)  # the form with its errors, answered 200


@login_required
@require_POST
def factor_remove(request: HttpRequest, factor_id: int) -> HttpResponse:
    factor = get_scoped_or_404(request, CustomFactor, pk=factor_id)
    try:
        version = factorsets.remove_factor(request.membership, factor.pk)  # type: ignore[attr-defined]
    except InputError as error:
        messages.error(request, reasons.localize_reason(error.issue.reason))
    else:
        messages.success(
            request, _("Factor set v%(n)s was created without that factor.") % {"n": version.number}
        )
    return redirect("inventory:factors")


@login_required
def factor_set_detail(request: HttpRequest, factor_set_id: int) -> HttpResponse:
    version = get_scoped_or_404(request, FactorSetVersion, pk=factor_set_id)
    return render(
        request,
        "inventory/factor_set.html",
        {
            "version": version,
            "factors": version.factors.all(),
            "runs": version.runs.all()[:50],
        },
    )
