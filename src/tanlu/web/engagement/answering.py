"""A supplier answers a request: from its calculated footprints or with a PACT JSON file; every answer is checked.

Whichever way it comes, the answer is a PACT footprint, validated by the exchange core, read by
:mod:`tanlu.exchange.received` and checked against the request's rules by :mod:`tanlu.exchange.checks`.  Where the
supplier is on Tanlu, the answer is stored in the customer's organization at once: nothing travels.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.errors import FileFormatError, InputError
from tanlu.exchange import pact_io
from tanlu.exchange.checks import check_footprint, worst
from tanlu.exchange.received import received
from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.engagement import services
from tanlu.web.engagement.models import AnswerSource, FootprintAnswer, FootprintRequest, RequestStatus
from tanlu.web.products import core
from tanlu.web.products.models import Result

MAX_FILE_BYTES = 5 * 1024 * 1024
ANSWERABLE = (
    RequestStatus.SENT,
    RequestStatus.SEEN,
    RequestStatus.IN_PROGRESS,
    RequestStatus.REJECTED,
    RequestStatus.DELIVERED,
)


def _answerable(request: FootprintRequest) -> None:
    if request.status not in ANSWERABLE:
        raise InputError(_("This request was accepted; it takes no new answer."))


@transaction.atomic
def deliver(
    membership: Membership | None,
    request: FootprintRequest,
    document: dict[str, Any],
    *,
    source: str,
    filename: str = "",
    supplier_product: str = "",
) -> FootprintAnswer:
    """Check one PACT footprint and store it as the request's next answer version, in the customer's organization."""
    actor = services.supplier_membership(membership, request, Role.EDITOR)
    request = FootprintRequest.objects.select_for_update().get(pk=request.pk)
    _answerable(request)
    (imported,) = _one(document, filename)
    footprint = received(imported)
    findings = check_footprint(footprint, services.rules_of(request), today=timezone.localdate())
    latest = request.answers.aggregate(latest=Max("version"))["latest"] or 0
    answer = FootprintAnswer.objects.create(
        organization=request.organization,
        supplier=request.supplier,
        request=request,
        version=latest + 1,
        source=source,
        filename=filename[:255],
        supplier_product=supplier_product,
        document=imported.document,
        footprint_id=footprint.footprint_id,
        declared_unit=footprint.declared_unit,
        total=footprint.pcf_excluding_uptake,
        fossil=footprint.fossil,
        primary_data_share=footprint.primary_data_share,
        dqr=footprint.dqr,
        findings=[
            {"code": f.code, "severity": f.severity, "reason": f.reason, "params": f.params} for f in findings
        ],
        worst=worst(findings),
        sent_by=actor.user,
    )
    services.move(request, RequestStatus.DELIVERED, actor.user, f"v{answer.version}")
    services.notify(request.organization, request, "delivered")
    return answer


def _one(document: object, filename: str) -> list[pact_io.Imported]:
    imported = pact_io.import_documents(document, file=filename)
    if len(imported) != 1:
        raise InputError(
            _("The file holds %(count)s footprints; send one footprint per request.")
            % {"count": len(imported)},
            file=filename,
        )
    return imported


def parse_upload(filename: str, content: bytes) -> object:
    """The JSON of an uploaded file, or an error naming the file, line and column."""
    if len(content) > MAX_FILE_BYTES:
        raise FileFormatError(_("The file is larger than 5 MB."), file=filename)
    try:
        return json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileFormatError(_("The file is not UTF-8 text."), file=filename) from None
    except json.JSONDecodeError as error:
        raise FileFormatError(
            _("Not JSON: it stops at line %(line)s, column %(column)s.")
            % {"line": error.lineno, "column": error.colno},
            file=filename,
        ) from None


def answer_with_file(
    membership: Membership | None, request: FootprintRequest, filename: str, content: bytes
) -> FootprintAnswer:
    document = parse_upload(filename, content)
    if not isinstance(document, dict):
        (imported,) = _one(document, filename)
        document = imported.document
    return deliver(membership, request, document, source=AnswerSource.PACT, filename=filename)


def export_settings(organization: Organization, request: FootprintRequest, product_id: str) -> dict[str, str]:
    """Who declares the footprint, and the product's ids: the supplier's product and the customer's part number."""
    ids = [
        f"urn:tanlu:product:{quote(product_id, safe='')}",
        f"urn:tanlu:customer:{request.organization_id}:part:{quote(request.part_number, safe='')}",
    ]
    return {
        "company_name": organization.name_en or organization.name,
        "company_ids": f"urn:tanlu:organization:{organization.pk}",
        "product_ids": " ".join(ids),
    }


def pact_from_result(organization: Organization, request: FootprintRequest, result: Result) -> dict[str, Any]:
    """The PACT v3 footprint of ``result``'s product, calculated again from the stored model.

    The stored model must still be the one of the result's run: otherwise the footprint sent would not be the one
    previewed, and the supplier is asked to calculate again.
    """
    from tanlu.exchange.from_products import export_product  # noqa: PLC0415 - loads the product core

    run = result.run
    model = core.stored_model(organization)
    footprints = core.calculate(model, gwp=run.gwp)
    if footprints.model_fingerprint != run.model_fingerprint:
        raise InputError(_("The product model changed since this calculation; calculate again, then answer."))
    return export_product(
        model,
        footprints,
        result.product_id,
        export_settings(organization, request, result.product_id),
        spec="3.0",
    )


def answer_from_result(
    membership: Membership | None, request: FootprintRequest, result: Result
) -> FootprintAnswer:
    """Runs in the ``engagement.answer`` job: the product's footprint, as the supplier previewed it, delivered."""
    actor = services.supplier_membership(membership, request, Role.EDITOR)
    if result.organization_id != actor.organization_id:
        raise InputError(_("This footprint is not one of your organization's."))
    document = pact_from_result(actor.organization, request, result)
    return deliver(actor, request, document, source=AnswerSource.RESULTS, supplier_product=result.product_id)
