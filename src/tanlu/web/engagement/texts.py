"""The reader's language for what the core and the notices say in codes: check findings and in-app notices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from tanlu.web.engagement.models import DECLARED_UNITS, FootprintRequest, Notice

CHECK_NAMES = {
    "declared_unit": pgettext_lazy("check", "Declared unit"),
    "mass": pgettext_lazy("check", "Product mass"),
    "reference_period": pgettext_lazy("check", "Reference period"),
    "primary_data_share": pgettext_lazy("check", "Primary data share"),
    "dqr": pgettext_lazy("check", "Data quality (DQR)"),
    "exemptions": pgettext_lazy("check", "Exemptions"),
    "verification": pgettext_lazy("check", "Verification"),
    "gwp": pgettext_lazy("check", "GWP set"),
    "standards": pgettext_lazy("check", "Standards"),
    "totals": pgettext_lazy("check", "Totals add up"),
    "stages": pgettext_lazy("check", "Stages"),
    "product": pgettext_lazy("check", "Same product"),
}
SEVERITY_NAMES = {
    "ok": gettext_lazy("Passed"),
    "warning": gettext_lazy("Warning"),
    "problem": gettext_lazy("Problem"),
}


def unit_name(unit: str) -> str:
    return str(dict(DECLARED_UNITS).get(unit, unit))


def _aspects(text: str) -> str:
    names = {
        "technological": _("technological"),
        "geographical": _("geographical"),
        "temporal": _("temporal"),
    }
    return ", ".join(str(names.get(a.strip(), a.strip())) for a in text.split(","))


def finding_reason(finding: Mapping[str, Any]) -> str:  # noqa: PLR0911, PLR0912 - one branch per reason
    """A stored finding (``code``, ``severity``, ``params``) in the reader's language."""
    code, severity, p = finding["code"], finding["severity"], dict(finding.get("params") or {})
    ok = severity == "ok"
    if code == "declared_unit":
        units = {"unit": unit_name(p["unit"]), "requested": unit_name(p["requested"])}
        return (
            _("Declared per %(unit)s, as requested.")
            if ok
            else _("Declared per %(unit)s, but %(requested)s was requested.")
        ) % units
    if code == "mass":
        if "unit" in p:
            return _("No product mass needed per %(unit)s.") % {"unit": unit_name(p["unit"])}
        return (
            _("Product mass %(mass)s kg per declared unit.") % p
            if ok
            else _("The product's mass per declared unit is missing.")
        )
    if code == "reference_period":
        if ok:
            return _("Reference period %(start)s to %(end)s.") % p
        return _("The reference period ended %(age)s months ago, more than the %(limit)s allowed.") % p
    if code == "primary_data_share":
        if "share" not in p:
            return _("The primary data share is missing.")
        return (
            _("Primary data share %(share)s %%.") % p
            if ok
            else _("Primary data share %(share)s %% is below the %(minimum)s %% requested.") % p
        )
    if code == "dqr":
        if "ratings" not in p:
            return _("The data quality ratings (DQR) are missing.")
        if ok:
            return _("Data quality ratings %(ratings)s (1 best, 3 worst).") % p
        return _("Data quality (%(aspects)s) worse than the %(limit)s requested (1 best, 3 worst).") % {
            **p,
            "aspects": _aspects(p.get("aspects", "")),
        }
    if code == "exemptions":
        return (
            _("Exempted emissions %(share)s %%.") % p
            if ok
            else _("Exempted emissions %(share)s %% are more than 3 %%.") % p
        )
    if code == "verification":
        if ok:
            return _("Verified (%(level)s).") % p
        return (
            _("Not verified, but verification was requested.")
            if severity == "problem"
            else _("Not verified.")
        )
    if code == "gwp":
        return (
            _("GWP set %(requested)s, as requested.") % p
            if ok
            else _("GWP set %(gwp)s, but %(requested)s was requested.") % p
        )
    if code == "standards":
        return (
            _("Follows %(standards)s.") % p
            if ok
            else _("Follows %(standards)s, not one of %(requested)s requested.") % p
        )
    if code == "totals":
        if ok:
            return _("Total %(total)s, fossil %(fossil)s: they add up.") % p
        if "including" in p:
            return _("The total with biogenic uptake %(including)s is more than without %(total)s.") % p
        if "biogenic" in p:
            return _("Fossil %(fossil)s + biogenic %(biogenic)s is not the total %(total)s.") % p
        return _("Fossil %(fossil)s is more than the total %(total)s.") % p
    if code == "stages":
        if ok:
            return _("Packaging and outbound logistics %(stages)s, within the total.") % p
        return _("Packaging and outbound logistics %(stages)s are more than the total %(total)s.") % p
    if code == "product":
        if severity == "warning":
            return _("No part number to compare the product with.")
        return (
            _("Product %(ids)s is the part requested.") % p
            if ok
            else _("Product %(ids)s is not the part requested (%(requested)s).") % p
        )
    return str(finding.get("reason", code))


def findings_for_display(findings: list[Mapping[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "code": f["code"],
            "severity": f["severity"],
            "name": str(CHECK_NAMES.get(f["code"], f["code"])),
            "severity_name": str(SEVERITY_NAMES.get(f["severity"], f["severity"])),
            "reason": finding_reason(f),
        }
        for f in findings
    ]


def notice_text(notice: Notice) -> str:
    request: FootprintRequest = notice.request
    values = {
        "customer": request.organization.name,
        "supplier": request.supplier.name,
        "part": request.part_number,
        "due": date_format(request.due_date),
    }
    texts = {
        "requested": _("%(customer)s asks for the footprint of %(part)s, due %(due)s."),
        "reminder_before": _("Reminder: the footprint of %(part)s for %(customer)s is due on %(due)s."),
        "reminder_after": _("Overdue: the footprint of %(part)s for %(customer)s was due on %(due)s."),
        "overdue": _("%(supplier)s has not answered for %(part)s; it was due on %(due)s."),
        "delivered": _("%(supplier)s sent the footprint of %(part)s."),
        "accepted": _("%(customer)s accepted your footprint of %(part)s."),
        "rejected": _("%(customer)s rejected your footprint of %(part)s; see the reason."),
    }
    return texts.get(notice.kind, notice.kind) % values
