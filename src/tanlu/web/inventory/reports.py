"""The inventory report in GHG Protocol structure, as a page, a PDF and an XLSX workbook.

Sections: organizational and operational boundary, reporting period and base year, Scope 1 by category and gas,
Scope 2 location- and market-based, Scope 3 by category with its methods, exclusions, biogenic CO2, factor
sources and versions, and targets. Every string written to the workbook goes through
:func:`tanlu.tabular.neutralize_cell` and is never a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import polars as pl
import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanlu.carbon.coverage import Cell
from tanlu.carbon.factors import SCOPE1_CATEGORIES, SCOPE2_CATEGORIES, SCOPE3_CATEGORIES
from tanlu.carbon.report import row_records
from tanlu.tabular import SafeSheet
from tanlu.web.inventory import covered, dashboard, targets, wording
from tanlu.web.inventory.calculation import lines, recompute
from tanlu.web.inventory.explaining import Language, category_name, factor_rows
from tanlu.web.inventory.factorsets import DEFAULT_CH4_RULE
from tanlu.web.inventory.models import CH4_RULE_LABELS, CalculationRun, ReportSettings, Site, Target
from tanlu.web.pdf import render_pdf

METHOD_NAMES = {
    "emission-factor": (gettext_lazy("emission factor × activity data"), "排放因子法"),
    "location-based": (gettext_lazy("location-based"), "基于位置法"),
    "supplier-specific": (gettext_lazy("supplier-specific"), "供应商特定法"),
    "average-data": (gettext_lazy("average-data"), "平均数据法"),
    "spend-based": (gettext_lazy("spend-based"), "支出法"),
}


def report_settings(organization: Any) -> ReportSettings:
    found = ReportSettings.objects.for_organization(organization).first()
    return found or ReportSettings(organization=organization)


def _methods(cube: pl.DataFrame) -> dict[str, list[str]]:
    methods: dict[str, list[str]] = {}
    for category, method in cube.select("category", "method").unique().sort("category", "method").iter_rows():
        methods.setdefault(category, []).append(method)
    return methods


def report_context(run: CalculationRun, lang: Language) -> dict[str, Any]:
    organization = run.organization
    recomputed = recompute(run)
    inventory = recomputed.inventory
    methods = _methods(inventory.cube)
    by_category = {line.key: line for line in lines(run, "category")}

    def section(keys: tuple[str, ...]) -> list[dict[str, Any]]:
        return [
            {
                "key": k,
                "name": category_name(k, lang),
                "location": by_category[k].location_t if k in by_category else 0.0,
                "market": by_category[k].market_t if k in by_category else 0.0,
                "methods": ", ".join(
                    str(METHOD_NAMES.get(m, (m, m))[0 if lang == "en" else 1]) for m in methods.get(k, [])
                ),
            }
            for k in keys
        ]

    gases = [line for line in lines(run, "gas") if abs(line.location_t) > 0 or abs(line.market_t) > 0]
    settings = report_settings(organization)
    goals = [targets.progress(t) for t in Target.objects.filter(organization=organization)]
    return {
        "coverage": covered.summary(run, lang),
        "organization": organization,
        "run": run,
        "settings": settings,
        "lang": lang,
        "sites": list(Site.objects.filter(organization=organization)),
        "scope1": section(SCOPE1_CATEGORIES),
        "scope2": section(SCOPE2_CATEGORIES),
        "scope3": section(SCOPE3_CATEGORIES),
        "gases": gases,
        "gas_mass": [
            {"key": g.key, "name": wording.gas_name(g.key, lang), "location_t": g.location_t}
            for g in lines(run, "gas_mass")
        ],
        "scope3_methods": lines(run, "scope3_method"),
        "scope2_methods": [
            {"key": m.key, "name": wording.method_name(m.key, lang), "market_t": m.market_t}
            for m in lines(run, "scope2_market_method")
        ],
        "gwp_name": wording.gwp_name(run.gwp, lang),
        **wording.factor_set_name(run.factor_set_version, lang),
        "factors": factor_rows(inventory, lang),
        "inputs_changed": recomputed.inputs_changed,
        "dashboard": dashboard.context(run, lang),
        "method_notes": dashboard.method_notes(run, lang),
        "ch4_rule_label": CH4_RULE_LABELS[run.factor_set.ch4_rule if run.factor_set else DEFAULT_CH4_RULE],
        "targets": goals,
        "generated": timezone.localtime(),
        "custom_factor_set": run.factor_set,
    }


def pdf(run: CalculationRun, lang: Language) -> bytes:
    return render_pdf("inventory/print/report.html", report_context(run, lang))


def xlsx(run: CalculationRun, lang: Language) -> bytes:
    data = report_context(run, lang)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    )
    bold = workbook.add_format({"bold": True})
    settings = data["settings"]
    report = SafeSheet(workbook, "Report", [_("Section"), _("Item"), _("Value")], bold)
    report.write([_("Organization"), _("Name"), run.organization.name])
    report.write([_("Boundary"), _("Consolidation approach"), settings.get_consolidation_display()])
    report.write([_("Boundary"), _("Organizational boundary"), settings.organizational_boundary])
    report.write([_("Boundary"), _("Operational boundary"), settings.operational_boundary])
    coverage = data["coverage"]
    report.write([_("Period"), _("Reporting year"), coverage["label"]])
    report.write([_("Period"), _("Reporting period"), coverage["period"]])
    if not coverage["full"]:
        report.write([_("Period"), _("Months without data"), coverage["missing"]])
    report.write([_("Period"), _("Base year"), settings.base_year])
    report.write([_("Period"), _("Base-year recalculation policy"), settings.base_year_policy])
    reported = coverage["scopes"]
    for scope, label, value in (
        ("1", _("Scope 1"), run.scope1),
        ("2", _("Scope 2 (location-based)"), run.scope2_location),
        ("2", _("Scope 2 (market-based)"), run.scope2_market),
        ("3", _("Scope 3"), run.scope3),
    ):
        report.write([_("Totals"), label, value if reported[scope] else _("not reported")])
    report.write([_("Totals"), _("Total (market-based Scope 2)"), run.total_market])
    report.write([_("Totals"), _("Total (location-based Scope 2)"), run.total_location])
    report.write([_("Totals"), _("Biogenic CO2 (outside the scopes)"), run.biogenic_co2])
    report.write(
        [
            _("Totals"),
            _("Radiative-forcing uplift of air freight, included in Scope 3")
            if run.radiative_forcing_included
            else _("Radiative-forcing uplift of air freight, reported apart"),
            run.radiative_forcing,
        ]
    )
    for note in data["method_notes"]:
        report.write([_("Totals"), _("Note"), note])
    report.write([_("Exclusions"), "", settings.exclusions])
    report.write([_("Provenance"), _("GWP set"), run.gwp])
    report.write([_("Provenance"), _("Factor-set version"), run.factor_set_version])
    report.write([_("Provenance"), _("Fossil methane (CH4)"), str(data["ch4_rule_label"])])
    report.write([_("Provenance"), _("Inputs' fingerprint"), run.inputs_fingerprint])
    categories = SafeSheet(
        workbook,
        "Categories",
        [
            _("Scope"),
            _("Category"),
            _("Name"),
            _("Location-based t CO2e"),
            _("Market-based t CO2e"),
            _("Methods"),
        ],
        bold,
    )
    for scope, key in ((1, "scope1"), (2, "scope2"), (3, "scope3")):
        for c in data[key]:
            categories.write([scope, c["key"], c["name"], c["location"], c["market"], c["methods"]])
    for title, dimension in (("Sites", "site"), ("Months", "month"), ("Gases", "gas")):
        sheet = SafeSheet(
            workbook, title, [dimension, _("Location-based t CO2e"), _("Market-based t CO2e")], bold
        )
        for line in lines(run, dimension):
            sheet.write([line.key, line.location_t, line.market_t])
    sheet = SafeSheet(
        workbook, "Coverage", [_("Site"), _("Month"), _("Scope 1"), _("Scope 2"), _("Scope 3")], bold
    )
    cells = coverage["coverage"].cells
    for site in coverage["coverage"].sites:
        for month in range(1, 13):
            first = dt.date(run.year, month, 1)
            sheet.write(
                [
                    site,
                    first.isoformat()[:7],
                    *(
                        _("data") if Cell(site, first, scope) in cells else _("no data")
                        for scope in covered.SCOPES
                    ),
                ]
            )
    inventory = recompute(run).inventory
    records = row_records(inventory)
    rows = SafeSheet(workbook, "Rows", list(records[0]) if records else ["row"], bold)
    for record in records:
        rows.write(list(record.values()))
    factors = SafeSheet(
        workbook,
        "Factors",
        [
            "activity",
            "name",
            "unit",
            "gas",
            "value",
            "method",
            "category",
            "source",
            "licence",
            "year",
            "origin",
        ],
        bold,
    )
    for f in data["factors"]:
        factors.write(
            [
                f["activity"],
                f["name"],
                f["unit"],
                f["gas"],
                f["value"],
                f["method"],
                f["category"],
                f["source"],
                f["licence"],
                f["year"],
                f["origin"],
            ]
        )
    workbook.close()
    return buffer.getvalue()
