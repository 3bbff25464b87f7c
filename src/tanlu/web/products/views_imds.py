"""The IMDS page of a product result: the Release 15 PCF fields of one production site, each ready to copy.

The values are :mod:`tanlu.exchange.imds`'s, over today's stored model with the run's GWP set (the same path the
PACT export takes); when the model changed since the run the page shows no values, since they would not be the
run's.  Each field says where it came from and whether public IMDS material confirms it as an IMDS field.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from tanlu.errors import InputError, NotFound
from tanlu.exchange import imds
from tanlu.web.accounts.tenancy import get_scoped_or_404
from tanlu.web.exchange.exporting import settings_for
from tanlu.web.products import explaining, reasons
from tanlu.web.products.models import CalculationRun, ProductSite, Result

LABELS = {
    "production_site": _("Production site"),
    "pcf_contact": _("PCF contact person"),
    "period_start": _("Time period: start"),
    "period_end": _("Time period: end"),
    "pcf_value": _("PCF value (biogenic emissions included)"),
    "primary_data_share": _("Primary data share (PDS)"),
    "dqr_technological": _("Data quality rating (DQR): technological"),
    "dqr_geographical": _("Data quality rating (DQR): geographical"),
    "dqr_temporal": _("Data quality rating (DQR): temporal"),
    "transport_footprint": _("Transport carbon footprint (TCF)"),
    "production_country": _("Country of production"),
    "declared_unit": _("Declared unit"),
    "mass": _("Product mass per declared unit"),
    "pcf_per_kg": _("PCF per kg of product"),
    "fossil_emissions": _("Fossil GHG emissions"),
    "biogenic_emissions": _("Biogenic emissions (other than CO2 uptake)"),
    "biogenic_carbon_content": _("Biogenic carbon content"),
    "land_use_change": _("Land use change emissions"),
    "packaging_emissions": _("Packaging emissions"),
    "exempted_share": _("Exempted emissions"),
    "boundary": _("System boundary"),
    "standards": _("Cross-sectoral standards"),
    "sector_rules": _("Product or sector rules"),
    "gwp": _("Characterization factors (GWP)"),
    "secondary_sources": _("Secondary emission factor sources"),
    "allocation": _("Allocation"),
    "verification": _("Verification"),
}
ORIGINS = {
    "result": _("From the calculated footprint of this run."),
    "method": _("From the method register of this run."),
    "site": _("From the site in the product model."),
    "settings": _("From the export settings."),
    "you": _("You, the signed-in user: choose the PCF contact set up in IMDS."),
    "not_computed": _("Tanlu does not compute this value."),
    "unset": _("Not given: set it in the export settings (or the site's region in the model)."),
}
#: fields whose text is long enough to need several lines
LONG = frozenset({"secondary_sources", "allocation", "standards", "sector_rules"})


def _result(request: HttpRequest, pcf_run_id: int, pcf_result_id: int) -> Result:
    run = get_scoped_or_404(request, CalculationRun, pk=pcf_run_id)
    return get_scoped_or_404(
        request, Result.objects.select_related("run", "organization"), pk=pcf_result_id, run=run
    )


@login_required
@require_GET
def imds_fields(
    request: HttpRequest, pcf_run_id: int, pcf_result_id: int, pcf_site_id: int | None = None
) -> HttpResponse:
    """One product at one production site (the first one that makes it when none is chosen)."""
    result = _result(request, pcf_run_id, pcf_result_id)
    chosen = get_scoped_or_404(request, ProductSite, pk=pcf_site_id) if pcf_site_id is not None else None
    context: dict[str, Any] = {"result": result, "run": result.run, "sources": imds.SOURCES}
    try:
        explained = explaining.explain(result.run)
        if explained.model_changed:
            context["stale"] = True
            return render(request, "products/imds.html", context)
        sheet = imds.imds_sheet(
            explained.model,
            explained.footprints,
            result.product_id,
            settings_for(result.organization),
            site=chosen.name if chosen else None,
            contact=_contact(request),
        )
    except NotFound:
        raise Http404 from None
    except InputError as error:
        context["error"] = reasons.localize_reason(error.issue.reason)
        return render(request, "products/imds.html", context)
    context.update(_sheet_context(request, sheet))
    return render(request, "products/imds.html", context)


def _contact(request: HttpRequest) -> str:
    """The signed-in user as a PCF contact: ``Name <email>``, or whichever of the two there is."""
    user = request.user
    name = user.get_full_name()  # type: ignore[union-attr]
    email = user.email  # type: ignore[union-attr]
    return f"{name} <{email}>" if name and email else name or email


def _sheet_context(request: HttpRequest, sheet: imds.ImdsSheet) -> dict[str, Any]:
    ids = dict(
        ProductSite.objects.for_organization(request.organization)  # type: ignore[attr-defined]
        .filter(name__in=[s.site for s in sheet.sites])
        .values_list("name", "pk")
    )
    zh = explaining.language(request.LANGUAGE_CODE) == "zh"
    sites = [
        {
            "name": s.site,
            "label": (s.name_zh or s.name_en if zh else s.name_en) or s.site,
            "pk": ids.get(s.site),
            "current": sheet.site is not None and s.site == sheet.site.site,
            "region": s.region,
        }
        for s in sheet.sites
    ]
    fields = [
        {
            "key": f.key,
            "label": LABELS.get(f.key, f.key),
            "value": f.value,
            "unit": f.unit,
            "origin": ORIGINS.get(f.origin, ""),
            "detail": f.detail,
            "sources": f.sources,
            "long": f.key in LONG or len(f.value) > 60,
        }
        for f in sheet.fields
    ]
    return {
        "sheet": sheet,
        "sites": sites,
        "confirmed": [f for f, raw in zip(fields, sheet.fields, strict=True) if raw.confirmed],
        "further": [f for f, raw in zip(fields, sheet.fields, strict=True) if not raw.confirmed],
    }
