"""The dashboard's figures and SVG charts, from a run's stored result lines (no recalculation)."""

from __future__ import annotations

from typing import Any

from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from tanlu import charts
from tanlu.carbon.explain import format_number
from tanlu.errors import InputError
from tanlu.web.inventory import covered, wording
from tanlu.web.inventory.calculation import Gap, gaps, latest_runs_by_year, lines
from tanlu.web.inventory.explaining import Language, category_name
from tanlu.web.inventory.factorsets import factor_set
from tanlu.web.inventory.models import CalculationRun

UNIT = "t CO2e"
#: dashboard cards are about 300 CSS px wide on a phone and 360-400 px three to a row at 1280 px: charts are
#: drawn for a 320 px card, with text that stays at 11 px or more when shrunk to 290 px, and shown at most
#: 1.5 times as wide where a card is wider
CARD_WIDTH = 320.0
CARD_FONT = 13.0
CARD_DISPLAY = 480.0
#: share_bars draws 11 pt text: drawn this wide, it shows at 13 px in a 320 px card
SHARE_WIDTH = CARD_WIDTH * 11 / CARD_FONT
CARD: dict[str, Any] = {"width": CARD_WIDTH, "font_size": CARD_FONT, "display_width": CARD_DISPLAY}


def _scopes(lang: Language) -> dict[str, str]:
    return {"1": _("Scope 1"), "2": _("Scope 2"), "3": _("Scope 3")}


def _split(run: CalculationRun, dimension: str, basis: str) -> tuple[list[str], dict[str, list[float]]]:
    """Keys of a ``<x>_scope`` dimension and a series per scope (months: only those with data, so that a
    month without data is never drawn as a zero)."""
    data: dict[str, dict[str, float]] = {}
    for line in lines(run, dimension):
        key, scope = line.key.rsplit("|", 1)
        data.setdefault(key, {})[scope] = line.market_t if basis == "market" else line.location_t
    keys = sorted(data)
    series = {name: [data.get(k, {}).get(s, 0.0) for k in keys] for s, name in _scopes("en").items()}
    return keys, series


def category_shares(run: CalculationRun, lang: Language, basis: str = "market") -> list[dict[str, Any]]:
    values = [
        (line.key, line.market_t if basis == "market" else line.location_t) for line in lines(run, "category")
    ]
    total = sum(v for _k, v in values)
    return [
        {"key": k, "name": category_name(k, lang), "tonnes": v, "share": 100 * v / total if total else 0.0}
        for k, v in sorted(values, key=lambda kv: -kv[1])
        if abs(v) > 1e-12
    ]


def _percent(share: float) -> str:
    return "<0.1%" if 0 < share < 0.001 else f"{100 * share:.1f}%"


def _set_name(name: str, lang: Language) -> str:
    """A GWP set as the reader says it (``AR5`` in English, its report's Chinese name in Chinese)."""
    return name if lang == "en" else wording.gwp_name(name, lang)


def _other_gwp_notes(run: CalculationRun, basis: str, which: str, lang: Language) -> list[str]:
    """The share of a total from CO2e factors published with another GWP set, and from those that do not say
    which (e.g. the organization's own factors without a ``gwp``): the core's tonnes stored with the run, over
    the run's total (together they make the core's ``other_gwp_share``)."""
    total = run.total_market if basis == "market" else run.total_location
    tonnes = {
        line.key: line.market_t if basis == "market" else line.location_t for line in lines(run, "other_gwp")
    }
    if not total or not (run.other_gwp_share_market if basis == "market" else run.other_gwp_share):
        return []
    known = {name: value for name, value in sorted(tonnes.items()) if value > 0 and name != "unknown"}
    notes = []
    if known:  # the sets in the order the explanation names them
        values = {
            "share": _percent(sum(known.values()) / total),
            "sets": ("/" if lang == "en" else "、").join(_set_name(name, lang) for name in known),
            "gwp": _set_name(run.gwp, lang),
        }
        if which == "market":
            text = _(
                "%(share)s of the market-based total uses factors published with %(sets)s values, not %(gwp)s."
            )
        elif which == "location":
            text = _(
                "%(share)s of the location-based total uses factors published with %(sets)s values, not %(gwp)s."
            )
        else:
            text = _("%(share)s of this total uses factors published with %(sets)s values, not %(gwp)s.")
        notes.append(text % values)
    if tonnes.get("unknown", 0.0) > 0:
        values = {"share": _percent(tonnes["unknown"] / total)}
        if which == "market":
            text = _("%(share)s of the market-based total uses CO2e factors that do not state their GWP set.")
        elif which == "location":
            text = _(
                "%(share)s of the location-based total uses CO2e factors that do not state their GWP set."
            )
        else:
            text = _("%(share)s of this total uses CO2e factors that do not state their GWP set.")
        notes.append(text % values)
    return notes


def _radiative_forcing_note(run: CalculationRun) -> str:
    if run.radiative_forcing <= 0:
        return ""
    tonnes = {"tonnes": format_number(run.radiative_forcing)}
    if run.radiative_forcing_included:
        return (
            _(
                "This total includes %(tonnes)s t CO2e of radiative-forcing uplift of air freight (Scope 3 "
                "category 3.4), as the report settings choose."
            )
            % tonnes
        )
    return (
        _(
            "The radiative-forcing uplift of air freight, %(tonnes)s t CO2e, is reported apart and is not in this "
            "total (report settings)."
        )
        % tonnes
    )


def _grid_name(run: CalculationRun, gap: Gap, lang: Language) -> str:
    """The electricity the gap is about by its factor's name (a region code is no word for a reader)."""
    try:
        info = factor_set(run.factor_set).activity(gap.activity)
    except InputError:
        return gap.region
    return info.name_zh if lang == "zh" else info.name_en


def _gap_notes(run: CalculationRun, lang: Language) -> list[str]:
    by_category: dict[str, list[Gap]] = {}
    for gap in gaps(run):
        by_category.setdefault(gap.category, []).append(gap)
    notes = []
    separator = "、" if lang == "zh" else ", "
    for category, found in by_category.items():
        values = {
            "category": category,
            "sites": separator.join(gap.site for gap in found),
            "grids": ("；" if lang == "zh" else "; ").join(
                sorted({_grid_name(run, gap, lang) for gap in found})
            ),
        }
        if len(found) == 1:
            text = _(
                "Category %(category)s is incomplete for site %(sites)s: no sourced factor for its grid "
                "(%(grids)s). Add category %(category)s factors in a factor file."
            )
        else:
            text = _(
                "Category %(category)s is incomplete for sites %(sites)s: no sourced factor for their grid "
                "(%(grids)s). Add category %(category)s factors in a factor file."
            )
        notes.append(text % values)
    return notes


def method_notes(run: CalculationRun, lang: Language, basis: str | None = None) -> list[str]:
    """What a reader must know beside the totals: the share from another GWP set (of the total shown on
    ``basis``, or of both totals named when ``basis`` is None), the RF uplift of air freight, and the sites
    whose category 3.3 is incomplete; all computed by the core at calculation time and read from the run."""
    shares = [(basis, "this")] if basis else [("market", "market"), ("location", "location")]
    notes = [note for on, which in shares for note in _other_gwp_notes(run, on, which, lang)]
    notes.append(_radiative_forcing_note(run))
    notes.extend(_gap_notes(run, lang))
    return [note for note in notes if note]


def context(run: CalculationRun, lang: Language, basis: str = "market") -> dict[str, Any]:
    scope2 = run.scope2_market if basis == "market" else run.scope2_location
    total = run.scope1 + scope2 + run.scope3
    coverage = covered.summary(run, lang)
    reported = coverage["scopes"]
    bars = [
        (label, value)
        for label, value, scope in (
            (_("Scope 1"), run.scope1, "1"),
            (_("Scope 2 (location)"), run.scope2_location, "2"),
            (_("Scope 2 (market)"), run.scope2_market, "2"),
            (_("Scope 3"), run.scope3, "3"),
        )
        if reported[scope]
    ]
    by_scope = charts.bar_chart(
        [label for label, _value in bars],
        [value for _label, value in bars],
        unit=UNIT,
        title=_("Emissions by scope"),
        height=260,
        value_format="{:,.0f}",
        horizontal=True,
        **CARD,
    )
    shares = category_shares(run, lang, basis)
    by_category = (
        charts.share_bars(
            [f"{c['name']} · {format_number(c['tonnes'])} {UNIT}" for c in shares],
            [c["share"] for c in shares],
            title=_("Emissions by category"),
            width=SHARE_WIDTH,
            scale=CARD_DISPLAY / SHARE_WIDTH,
            value_format="{:.1f}%",
        )
        if shares
        else ""
    )
    sites, site_series = _split(run, "site_scope", basis)
    by_site = (
        charts.stacked_bar_chart(
            sites,
            site_series,
            unit=UNIT,
            title=_("Emissions by site"),
            height=260,
            horizontal=None,
            **CARD,
        )
        if sites
        else ""
    )
    months, month_series = _split(run, "month_scope", basis)
    labels = [str(MONTHS_3[int(m[5:7])]).capitalize() for m in months]
    by_month = (
        charts.stacked_bar_chart(
            labels,
            month_series,
            unit=UNIT,
            title=_("Emissions by month"),
            height=260,
            **CARD,
        )
        if months
        else ""
    )
    runs = latest_runs_by_year(run.organization)
    years = [covered.short_year_label(y, covered.coverage(r)) for y, r in runs.items()]
    yoy = (
        charts.stacked_bar_chart(
            years,
            {
                _("Scope 1"): [r.scope1 for r in runs.values()],
                _("Scope 2"): [
                    r.scope2_market if basis == "market" else r.scope2_location for r in runs.values()
                ],
                _("Scope 3"): [r.scope3 for r in runs.values()],
            },
            unit=UNIT,
            title=_("Year over year"),
            height=260,
            **CARD,
        )
        if len(runs) > 1
        else ""
    )
    previous = runs.get(run.year - 1)
    comparison = covered.compare(run, previous, basis) if previous is not None else None
    return {
        "method_notes": method_notes(run, lang, basis),
        "coverage": coverage,
        "comparison": comparison,
        "change": comparison.change_percent if comparison is not None else None,
        "change_text": (
            covered.comparison_text(comparison, previous.year, lang) if previous is not None else ""
        ),
        "previous_label": (
            covered.year_label(previous.year, covered.coverage(previous), lang) if previous else ""
        ),
        "total": total,
        "scope2": scope2,
        "basis": basis,
        "previous": previous,
        "by_scope": by_scope,
        "by_category": by_category,
        "by_site": by_site,
        "by_month": by_month,
        "yoy": yoy,
        "categories": shares,
        "site_rows": [
            {
                "site": s,
                "s1": site_series[_("Scope 1")][i],
                "s2": site_series[_("Scope 2")][i],
                "s3": site_series[_("Scope 3")][i],
            }
            for i, s in enumerate(sites)
        ],
    }
