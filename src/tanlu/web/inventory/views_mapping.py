"""The mapping step of an import: which column holds what, what the activity names mean, and which of the
organization's sites each site name of the file is (close matches first; a new site only when the user
confirms it here, :mod:`tanlu.web.inventory.importing_sites`).

Moved out of :mod:`tanlu.web.inventory.views_data` so that neither grows past a sitting's read.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.carbon.activities import ACTIVITY_COLUMNS
from tanlu.errors import InputError
from tanlu.web.accounts.models import Role
from tanlu.web.accounts.services import require_role
from tanlu.web.accounts.tenancy import get_scoped_or_404
from tanlu.web.inventory import importing, importing_sites, naming
from tanlu.web.inventory import jobs as batch_jobs
from tanlu.web.inventory.models import ImportBatch
from tanlu.web.inventory.views_shared import activity_options, issue_lines, main_region
from tanlu.web.params import optional_int_param

#: site names of a file asked about on the page (more are matched by name, or rejected with the closest site)
SITE_NAMES = importing.DISTINCT_MAX


def mapping_context(
    request: HttpRequest, batch: ImportBatch, posted: dict[str, Any] | None = None
) -> dict[str, Any]:
    saved = importing.mapping_for(batch)
    columns = (
        posted.get("columns")
        if posted
        else (saved.columns if saved else importing.guess_columns(batch.headers))
    )
    fixed_unit = posted.get("fixed_unit", "") if posted else (saved.fixed_unit if saved else "")
    importing.distinct_columns(batch, [columns.get("activity", ""), columns.get("site", "")])  # one reading
    labels = naming.field_labels()
    fields = [
        {
            "name": name,
            "label": labels[name],
            "required": name in ACTIVITY_COLUMNS,
            "selected": columns.get(name, ""),
        }
        for name in importing.FIELDS
    ]
    return {
        "fields": fields,
        "fixed_unit": fixed_unit,
        "activity_values": _activity_values(request, batch, columns.get("activity", ""), posted, saved),
        "site_values": _site_values(batch, columns.get("site", ""), posted, saved),
        "saved": saved,
    }


def _activity_values(
    request: HttpRequest, batch: ImportBatch, header: str, posted: dict[str, Any] | None, saved: Any
) -> list[dict[str, Any]]:
    if not header:
        return []
    values: list[dict[str, Any]] = []
    region = main_region(request)
    chosen = (posted or {}).get("activity_values") or (saved.activity_values if saved else {})
    names = naming.ActivityNames(importing.organization_factors(batch), batch.organization)
    for number, value in enumerate(importing.distinct_values(batch, header)):
        automatic = names.describe(value)
        known = "" if automatic else names.key(value)
        selected = chosen.get(value) or (known if known != value else "")
        values.append(
            {
                "text": value,
                "field": f"value_key_{number}",
                "selected": selected,
                "automatic": automatic,
                "blank": _("— recognised automatically —") if automatic else "",
                "options": activity_options(request, value, region=region, selected=selected),
            }
        )
    return values


def _site_proposals(
    batch: ImportBatch, header: str, posted: dict[str, Any] | None, saved: Any
) -> list[importing_sites.SiteProposal]:
    """The file's site names with what each means: the posted choice, else the source's saved one, else the
    site equal to it."""
    chosen = {**(saved.site_values if saved else {}), **((posted or {}).get("site_values") or {})}
    texts = importing.distinct_values(batch, header, limit=SITE_NAMES)
    proposals = importing_sites.propose(batch.organization, texts, chosen)
    for proposal in proposals:
        proposal.region = ((posted or {}).get("site_regions") or {}).get(proposal.text, "")
    return proposals


def _site_values(
    batch: ImportBatch, header: str, posted: dict[str, Any] | None, saved: Any
) -> list[dict[str, Any]]:
    if not header:
        return []
    return [
        {
            "proposal": proposal,
            "text": proposal.text,
            "index": number,
            "new": importing_sites.NEW,
            "waiting": not proposal.selected,
        }
        for number, proposal in enumerate(_site_proposals(batch, header, posted, saved))
    ]


def _posted_sites(request: HttpRequest) -> tuple[int, dict[str, str], dict[str, str]]:
    count = optional_int_param(request.POST.get("site_count"), name="site_count") or 0
    choices: dict[str, str] = {}
    regions: dict[str, str] = {}
    for i in range(min(count, SITE_NAMES)):
        text = request.POST.get(f"site_text_{i}", "")
        if text:
            choices[text] = request.POST.get(f"site_choice_{i}", "")
            regions[text] = request.POST.get(f"site_region_{i}", "").strip()
    return count, choices, regions


@login_required
@require_POST
def import_map(request: HttpRequest, import_id: int) -> HttpResponse:
    batch = get_scoped_or_404(request, ImportBatch.objects.all(), pk=import_id)
    columns = {name: request.POST.get(f"col_{name}", "") for name in importing.FIELDS}
    fixed_unit = request.POST.get("fixed_unit", "").strip()
    count = optional_int_param(request.POST.get("value_count"), name="value_count") or 0
    activity_values = {
        request.POST.get(f"value_text_{i}", ""): request.POST.get(f"value_key_{i}", "")
        for i in range(min(count, 200))
    }
    site_count, site_choices, site_regions = _posted_sites(request)
    posted = {
        "columns": columns,
        "fixed_unit": fixed_unit,
        "activity_values": activity_values,
        "site_values": site_choices,
        "site_regions": site_regions,
    }
    saved = importing.mapping_for(batch)
    importing.distinct_columns(batch, [columns.get("activity", ""), columns.get("site", "")])  # one reading
    ask_values = bool(columns.get("activity")) and not count and _unknown_names(batch, columns["activity"])
    proposals = _site_proposals(batch, columns["site"], posted, saved) if columns.get("site") else []
    ask_sites = bool(proposals) and not site_count and bool(importing_sites.undecided(proposals))
    if ask_values or ask_sites:
        # a column was just chosen: ask what its names mean before checking the rows
        context = {
            "batch": batch,
            "can_edit": True,
            "labels": naming.field_labels(),
            "ask_values": ask_values,
            "ask_sites": ask_sites,
        }
        context.update(mapping_context(request, batch, posted))
        return render(request, "inventory/import_map.html", context)
    try:
        membership = require_role(request.membership, Role.EDITOR)  # type: ignore[attr-defined]
        importing.check_mapping(batch, columns, fixed_unit=fixed_unit)
        site_values = _confirm_sites(membership, proposals, site_regions) if proposals else None
        job = batch_jobs.map_columns(
            membership,
            batch,
            columns,
            fixed_unit=fixed_unit,
            activity_values=activity_values,
            site_values=site_values,
            remember=request.POST.get("remember") == "on",
        )
    except InputError as error:
        context = {
            "batch": batch,
            "can_edit": True,
            "errors": issue_lines(error),
            "labels": naming.field_labels(),
        }
        context.update(mapping_context(request, batch, posted))
        return render(request, "inventory/import_map.html", context)
    if job is not None:
        return redirect("jobs:detail", job_id=job.pk)
    return redirect("inventory:import_detail", import_id=batch.pk)


def _confirm_sites(
    membership: Any, proposals: list[importing_sites.SiteProposal], regions: dict[str, str]
) -> dict[str, str]:
    """Every site name of the file must have its site chosen (or be confirmed as a new one) before a row is
    checked; then the confirmed new sites are created."""
    waiting = importing_sites.undecided(proposals)
    if waiting:
        raise InputError(
            _("Choose the site of: %(names)s")
            % {"names": "、".join(waiting) if _zh() else ", ".join(waiting)},
            column="site",
        )
    return importing_sites.confirm(membership, {p.text: p.selected for p in proposals}, regions)


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


def _unknown_names(batch: ImportBatch, header: str) -> bool:
    names = naming.ActivityNames(importing.organization_factors(batch), batch.organization)
    return not all(names.known(v) for v in importing.distinct_values(batch, header))
