"""The Excel PCF template of a request: downloaded by the customer or the supplier, uploaded back as an answer.

One workbook holds every open request of one customer to one supplier, the request it was downloaded from first.
The customer gets it pre-filled with the requested parts; the supplier also gets the rows of parts it has a
calculated footprint for filled from its results (the product chosen on the page for this request).  A filled
workbook is read by :mod:`tanlu.exchange.template_read` row by row, all or nothing; each answered row becomes a
PACT v3 footprint (:func:`tanlu.exchange.template_layout.disclosure_of`) and is delivered exactly as a PACT file
would be (:func:`tanlu.web.engagement.answering.deliver`), so the same checks run on it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tanlu.errors import InputError
from tanlu.exchange import mapping
from tanlu.exchange.template_layout import (
    PRODUCT_FIELDS,
    PRODUCTS,
    Asked,
    RequestedPart,
    Signature,
    TemplateFootprint,
    disclosure_of,
    footprint_of,
)
from tanlu.exchange.template_problems import CellProblem, TemplateRejected
from tanlu.exchange.template_read import read_template
from tanlu.exchange.template_xlsx import write_template
from tanlu.web.accounts.models import Membership, Role
from tanlu.web.engagement import answering, services
from tanlu.web.engagement.models import AnswerSource, FootprintAnswer, FootprintRequest
from tanlu.web.products import calculation, core
from tanlu.web.products.models import Result

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def requests_of(request: FootprintRequest) -> list[FootprintRequest]:
    """The request and every other open request of the same customer to the same supplier."""
    others = (
        FootprintRequest.objects.filter(
            organization=request.organization_id,
            supplier=request.supplier_id,
            status__in=answering.ANSWERABLE,
        )
        .exclude(pk=request.pk)
        .order_by("part_number", "pk")
    )
    return [request, *others]


def part_of(request: FootprintRequest) -> RequestedPart:
    return RequestedPart(
        str(request.pk),
        request.part_number,
        request.supplier_part_number,
        request.part_name,
        request.declared_unit,
    )


def asked_of(request: FootprintRequest) -> Asked:
    return Asked(
        customer=request.organization.name,
        supplier=request.supplier.name,
        due_date=request.due_date,
        gwp=request.gwp,
        standards=request.standard_list,
        max_age_months=request.max_age_months,
        min_primary_data_share=request.min_primary_data_share,
        max_dqr=request.max_dqr,
        verification_required=request.verification_required,
        message=request.message,
    )


def filename_of(request: FootprintRequest) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in request.part_number)[:40]
    return f"pcf-template-{request.pk}-{safe}.xlsx"


def customer_workbook(membership: Membership | None, request: FootprintRequest) -> bytes:
    """The template the customer sends: its requested parts, nothing filled."""
    services.customer_membership(membership, request, Role.VIEWER)
    requests = requests_of(request)
    return write_template([part_of(r) for r in requests], asked_of(request))


def supplier_workbook(
    membership: Membership | None, request: FootprintRequest, chosen: Result | None = None
) -> bytes:
    """The template with the rows filled from the supplier's latest calculation where a product fits the part."""
    actor = services.supplier_membership(membership, request, Role.VIEWER)
    organization = actor.organization
    requests = requests_of(request)
    filled: dict[str, TemplateFootprint] = {}
    run = calculation.latest_run(organization)
    if run is not None:
        from tanlu.exchange.from_products import disclosure_for  # noqa: PLC0415 - loads the product core

        model = core.stored_model(organization)
        footprints = core.calculate(model, gwp=run.gwp)
        if footprints.model_fingerprint != run.model_fingerprint:
            raise InputError(
                _("The product model changed since this calculation; calculate again, then download.")
            )
        for r in requests:
            wanted = [r.supplier_part_number, r.part_number]
            if chosen is not None and r.pk == request.pk and chosen.organization_id == organization.pk:
                wanted = [chosen.product_id]
            product = next((p for p in wanted if p and p in footprints.products), None)
            if product is not None:
                settings = answering.export_settings(organization, r, product)
                filled[str(r.pk)] = footprint_of(
                    part_of(r), disclosure_for(model, footprints, product, settings)
                )
    user = actor.user
    signature = Signature(
        company_name=organization.name,
        prepared_by=user.get_full_name() or "",
        email=user.email,
    )
    return write_template(
        [part_of(r) for r in requests], asked_of(request), filled=filled, signature=signature
    )


def answer_with_template(
    membership: Membership | None, request: FootprintRequest, filename: str, content: bytes
) -> list[FootprintAnswer]:
    """Every answered row of the uploaded workbook delivered to its request, or none when any row is bad."""
    actor = services.supplier_membership(membership, request, Role.EDITOR)
    if len(content) > answering.MAX_FILE_BYTES:
        raise InputError(_("The file is larger than 5 MB."), file=filename)
    filled = read_template(content, filename=filename)
    open_requests = {str(r.pk): r for r in requests_of(request)}
    refused = [
        CellProblem(
            PRODUCTS, fp.rows.get(PRODUCTS), "A", PRODUCT_FIELDS[0], "not_requested", {"request": key}
        )
        for fp in filled.footprints
        if (key := fp.part.request) not in open_requests
    ]
    if refused:
        raise TemplateRejected(refused, file=filename)
    created = datetime.now(UTC).replace(microsecond=0)
    answers = []
    with transaction.atomic():
        for fp in filled.footprints:
            answered = open_requests[fp.part.request]
            product = answered.supplier_part_number or answered.part_number
            settings = answering.export_settings(actor.organization, answered, product)
            disclosure = disclosure_of(
                fp,
                filled.signature,
                company_ids=(settings["company_ids"],),
                product_ids=tuple(settings["product_ids"].split()),
            )
            document = mapping.to_pact_v3(disclosure, pf_id=str(uuid.uuid4()), created=created)
            answers.append(
                answering.deliver(
                    actor,
                    answered,
                    document,
                    source=AnswerSource.TEMPLATE,
                    filename=filename,
                    supplier_product=fp.product_name[:120],
                )
            )
    return answers


def _reason(problem: CellProblem, name: str) -> str:
    """What a problem code of :mod:`tanlu.exchange.template_read` says, in the reader's language."""
    p = {**problem.params, "name": name}
    reasons = {
        "missing_sheet": lambda: _("the workbook has no sheet %(sheet)s; use the template as downloaded") % p,
        "missing_column": lambda: _("the column %(name)s is missing; use the template as downloaded") % p,
        "required": lambda: _("required, but empty"),
        "formula": lambda: _("a formula; type the value itself"),
        "formula_without_value": lambda: _("a formula without a computed value; type the number"),
        "not_a_number": lambda: _("not a number"),
        "negative": lambda: _("must not be negative"),
        "below_minimum": lambda: _("must be at least %(minimum)s") % p,
        "above_maximum": lambda: _("must be at most %(maximum)s") % p,
        "not_a_date": lambda: _("not a date (YYYY-MM-DD)"),
        "not_a_choice": lambda: _("not one of %(choices)s") % p,
        "period_order": lambda: _("the reference period ends before it starts"),
        "dqr_incomplete": lambda: _("give all three data quality ratings, or none"),
        "mass_required": lambda: _("required for a footprint per %(unit)s") % p,
        "not_a_country": lambda: _("not an ISO country code (CN) or province code (CN-JS)"),
        "no_request": lambda: _("a filled row without a request number"),
        "unknown_request": lambda: _("request %(request)s is not on the Products sheet") % p,
        "missing_row": lambda: _("no row for request %(request)s on this sheet") % p,
        "nothing_filled": lambda: _("no row is filled in"),
        "not_requested": lambda: _("request %(request)s is not an open request of this customer to you") % p,
    }
    translate = reasons.get(problem.code)
    return translate() if translate else problem.reason


def problem_text(problem: CellProblem) -> str:
    """Where (sheet, row, column with its name in the reader's language) and what, as a line for the page."""
    language = get_language() or "en"
    name = problem.field.label(language) if problem.field else ""
    values = {
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "name": name,
        "value": problem.value,
        "reason": _reason(problem, name),
    }
    if problem.row is not None and problem.column:
        text = _("Sheet %(sheet)s, row %(row)s, column %(column)s (%(name)s): %(reason)s") % values
    elif problem.row is not None:
        text = _("Sheet %(sheet)s, row %(row)s: %(reason)s") % values
    else:
        text = _("Sheet %(sheet)s: %(reason)s") % values
    if problem.value:
        text += " " + _("(value “%(value)s”)") % values
    return text
