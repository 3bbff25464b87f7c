"""The product footprint report as a page, a PDF and an XLSX workbook: every product's footprint per declared unit
with its stages, primary data share, data quality and exemptions, and the method register (standards, GWP set,
declared unit, reference period, boundary, allocation per site with its justification, electricity approach,
factor sources and versions, exemptions, data quality). Workbook cells go through :class:`tanlu.tabular.SafeSheet`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.tabular import SafeSheet
from tanlu.web.pdf import render_pdf
from tanlu.web.products import calculation, explaining, register_text
from tanlu.web.products.models import CalculationRun, ProductSite, Result, ResultLine


def register_labels() -> dict[str, str]:
    """The method register's entries, in the reader's language (keys as the core names them)."""
    return {
        "standards": _("Standards followed"),
        "gwp": _("GWP set"),
        "declared_unit": _("Declared unit"),
        "declared_units": _("Declared units"),
        "reference_period": _("Reference period"),
        "boundary": _("System boundary"),
        "allocation": _("Allocation per site"),
        "electricity": _("Electricity approach"),
        "electricity_approach": _("Electricity approach"),
        "factor_sources": _("Factor sources"),
        "factor_set_version": _("Factor-set version"),
        "exemptions": _("Exemptions"),
        "exemption_flag_percent": _("Exemptions flagged above (%)"),
        "supplier_sources": _("Supplier footprints"),
        "primary_data": _("Primary data"),
        "data_quality": _("Data quality"),
        "primary_data_share": _("Primary data share"),
    }


def _text(value: Any) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(_text(v) for v in value)
    return "" if value is None else str(value)


def _localized(key: str, value: Any) -> str:
    """A register entry's text in the reader's language (the stored run keeps the core's English)."""
    if key == "exemptions" and isinstance(value, list | tuple):
        return "; ".join(register_text.exemption_text(v) for v in value if isinstance(v, Mapping))
    if isinstance(value, str):
        return register_text.localize_text(value)
    return _text(value)


def register_rows(run: CalculationRun) -> list[tuple[str, str]]:
    """The stored register as (label, text) rows; entries the core adds later are shown under their own key."""
    labels = register_labels()
    register = run.register if isinstance(run.register, Mapping) else {}
    rows = [
        (labels.get(key, key.replace("_", " ")), _localized(key, value))
        for key, value in register.items()
        if key != "allocation"  # a table of its own: see sites()
    ]
    if "factor_set_version" not in register:
        rows.append((_("Factor-set version"), run.factor_set_version))
    rows.append((_("Model fingerprint"), run.model_fingerprint))
    return rows


def sites(run: CalculationRun, lang: str = "en") -> list[dict[str, Any]]:
    """Allocation per site as the run used it (method, ISO 14044 hierarchy step, justification, period), and
    where the site's totals came from."""
    linked = {
        s.name: s
        for s in ProductSite.objects.filter(organization_id=run.organization_id).select_related(
            "inventory_site"
        )
    }
    register = run.register if isinstance(run.register, Mapping) else {}
    found = []
    for entry in register.get("allocation") or []:
        site = linked.get(str(entry.get("site")))
        found.append(
            {
                "name": entry.get("site"),
                "allocation": register_text.allocation_text(
                    str(entry.get("method", "")), str(entry.get("hierarchy_step", ""))
                ),
                "justification": register_text.justification_text(
                    str(entry.get("method", "")), str(entry.get("justification", "")), lang
                ),
                "period": " … ".join(p for p in (entry.get("period_start"), entry.get("period_end")) if p),
                "totals": _("Scope 1 and 2 rows of %(site)s in the inventory of %(year)s")
                % {"site": site.inventory_site.name, "year": site.inventory_year}
                if site and site.inventory_site_id and site.inventory_year
                else _("site_activities sheet"),
            }
        )
    return found


def report_context(run: CalculationRun, lang: str) -> dict[str, Any]:
    results = list(Result.objects.filter(run=run))
    names = explaining.stage_names()
    stages: dict[int, dict[str, float]] = {}
    for result_id, key, value in ResultLine.objects.filter(result__run=run, dimension="stage").values_list(
        "result_id", "key", "kgco2e"
    ):
        stages.setdefault(result_id, {})[key] = value
    keys = [k for k in calculation.STAGES if any(k in s for s in stages.values())]
    return {
        "organization": run.organization,
        "run": run,
        "lang": lang,
        "results": [
            {"result": r, "stages": [stages.get(r.pk, {}).get(k, 0.0) for k in keys]} for r in results
        ],
        "stage_keys": [names.get(k, k) for k in keys],
        "register": register_rows(run),
        "sites": sites(run, lang),
        "limit": calculation.EXEMPTION_LIMIT,
        "flagged": [r for r in results if r.exempted_share > calculation.EXEMPTION_LIMIT],
        "generated": timezone.localtime(),
    }


def pdf(run: CalculationRun, lang: str) -> bytes:
    return render_pdf("products/print/report.html", report_context(run, lang))


def xlsx(run: CalculationRun, lang: str) -> bytes:
    data = report_context(run, lang)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    )
    bold = workbook.add_format({"bold": True})
    products = SafeSheet(
        workbook,
        "Products",
        [
            "product_id",
            _("Name"),
            _("Declared unit"),
            _("kg CO2e per declared unit"),
            _("Fossil"),
            _("Biogenic"),
            _("Primary data share (%)"),
            _("DQR technological"),
            _("DQR geographical"),
            _("DQR temporal"),
            _("Exempted (%)"),
            # xgettext:no-python-format  # noqa: ERA001 (a marker for makemessages)
            _("95% range, low"),
            # xgettext:no-python-format  # noqa: ERA001 (a marker for makemessages)
            _("95% range, high"),
            *data["stage_keys"],
        ],
        bold,
    )
    for row in data["results"]:
        r = row["result"]
        products.write(
            [
                r.product_id,
                r.name_zh if lang == "zh" and r.name_zh else r.name,
                r.unit,
                r.total,
                r.fossil,
                r.biogenic,
                r.primary_data_share,
                r.dqr_technological,
                r.dqr_geographical,
                r.dqr_temporal,
                r.exempted_share,
                r.low,
                r.high,
                *row["stages"],
            ]
        )
    gases = SafeSheet(workbook, "Gases", ["product_id", _("Gas"), _("kg CO2e per declared unit")], bold)
    for product_id, gas, value in ResultLine.objects.filter(result__run=run, dimension="gas").values_list(
        "result__product_id", "key", "kgco2e"
    ):
        gases.write([product_id, gas, value])
    register = SafeSheet(workbook, "Method", [_("Item"), _("Value")], bold)
    register.write([_("Organization"), run.organization.name])
    register.write([_("Calculated"), timezone.localtime(run.created_at).isoformat(timespec="minutes")])
    for label, text in data["register"]:
        register.write([label, text])
    site_sheet = SafeSheet(
        workbook,
        "Sites",
        [_("Site"), _("Allocation"), _("Justification"), _("Reference period"), _("Site totals")],
        bold,
    )
    for site in data["sites"]:
        site_sheet.write(
            [site["name"], site["allocation"], site["justification"], site["period"], site["totals"]]
        )
    workbook.close()
    return buffer.getvalue()
