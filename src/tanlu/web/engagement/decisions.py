"""The customer accepts or rejects an answer; an accepted footprint becomes a purchased item of its product model.

Taking it over follows the product area's rule for every edit: the stored model must still validate in the core
(:func:`tanlu.web.products.core.stored_model`), or nothing is kept.  What changed is kept with the answer (the item's
footprint before and after, the products whose bill of materials uses it), and the products are calculated again as
a job, so the run page shows what moved.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tanlu.carbon.products.quantities import COUNT_UNITS
from tanlu.errors import InputError, UnitError
from tanlu.exchange.disclosure import declared_unit
from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.engagement import services
from tanlu.web.engagement.models import Decision, FootprintAnswer, RequestStatus
from tanlu.web.jobs import services as jobs
from tanlu.web.products import calculation, core
from tanlu.web.products.jobs import CALCULATE
from tanlu.web.products.models import BomLine, Product, PurchasedItem

#: the product model's spelling of a PACT declared unit, for a purchased item that is new
MODEL_UNITS = {
    "piece": "pc", "kilogram": "kg", "liter": "l", "cubic meter": "m3", "square meter": "m2",
    "kilowatt hour": "kWh", "megajoule": "MJ",
}  # fmt: skip


def _per_item_unit(unit: str, answer: FootprintAnswer) -> float:
    """How many of the answer's declared units one ``unit`` of the purchased item is (1 t = 1000 kg)."""
    if unit.strip().casefold() in COUNT_UNITS:
        pact, multiplier = "piece", 1.0
    else:
        try:
            pact, multiplier = declared_unit(unit)
        except (InputError, UnitError):
            pact, multiplier = "", 0.0
    if pact != answer.declared_unit:
        raise InputError(
            _(
                "The purchased item %(item)s is counted in %(unit)s; the footprint is declared per %(declared)s."
            )
            % {"item": answer.request.part_number, "unit": unit, "declared": answer.declared_unit},
            column="unit",
            value=unit,
        )
    return multiplier


def take_over(organization: Organization, answer: FootprintAnswer) -> dict[str, Any]:
    """Store the answer's footprint as the purchased item of the requested part; returns what changed."""
    request = answer.request
    item = PurchasedItem.objects.filter(organization=organization, item_id=request.part_number).first()
    before = item.kgco2e_per_unit if item else None
    if item is None:
        item = PurchasedItem(
            organization=organization,
            item_id=request.part_number,
            name=request.part_name,
            unit=MODEL_UNITS.get(answer.declared_unit, answer.declared_unit),
        )
    per_unit = _per_item_unit(item.unit, answer)
    item.kgco2e_per_unit = answer.total * per_unit
    item.primary_data_share = answer.primary_data_share
    item.source = f"{request.supplier.name} · PACT {answer.footprint_id} · v{answer.version}"[:300]
    item.extra = {
        **item.extra,
        "supplier": request.supplier.name,
        "biogenic_kgco2e_per_unit": (answer.total - answer.fossil) * per_unit,
        **{f"dqr_{aspect}": rating for aspect, rating in (answer.dqr or {}).items()},
    }
    item.save()
    if Product.objects.for_organization(organization).exists():
        core.stored_model(organization)  # raises, and the transaction keeps nothing, if the model breaks
    used_in = sorted(
        set(
            BomLine.objects.for_organization(organization)
            .filter(input_id=request.part_number)
            .values_list("product__product_id", flat=True)
        )
    )
    return {
        "item": item.item_id,
        "unit": item.unit,
        "before": before,
        "after": item.kgco2e_per_unit,
        "used_in": used_in,
    }


@transaction.atomic
def decide(
    membership: Membership | None, answer: FootprintAnswer, *, accept: bool, comment: str = ""
) -> None:
    """Accept (and take over) or reject with a reason; the supplier sees the decision and the comment."""
    request = answer.request
    actor = services.customer_membership(membership, request, Role.EDITOR)
    if answer.decision != Decision.PENDING or request.answers.filter(version__gt=answer.version).exists():
        raise InputError(_("This answer was decided already or a newer version arrived."))
    comment = comment.strip()
    if not accept and not comment:
        raise InputError(
            _("Say why the footprint is rejected: the supplier sees your reason."), column="comment"
        )
    answer.comment = comment
    answer.decided_by = actor.user
    answer.decided_at = timezone.now()
    if accept:
        answer.decision = Decision.ACCEPTED
        answer.take_over = take_over(actor.organization, answer)
        run = calculation.latest_run(actor.organization)
        if run is not None and answer.take_over["used_in"]:
            job = jobs.start(
                organization=actor.organization,
                user=actor.user,
                kind=CALCULATE,
                label=_("Calculate every product's footprint"),
                parameters={
                    "user_id": actor.user_id,
                    "gwp": run.gwp,
                    "language": get_language() or "zh-hans",
                },
            )
            answer.take_over["job_id"] = str(job.pk)
    else:
        answer.decision = Decision.REJECTED
    answer.save()
    status = RequestStatus.ACCEPTED if accept else RequestStatus.REJECTED
    services.move(request, status, actor.user, f"v{answer.version}{': ' + comment if comment else ''}")
    services.notify(request.supplier, request, status)
