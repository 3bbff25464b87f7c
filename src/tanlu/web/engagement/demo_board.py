"""The supplier board's demo data: the targets 华东汽车集团 set its three suppliers, and the AIAG survey they answered.

- 苏州精工 has a footprint-intensity target for its brake parts (HD-BRK-, −4.2 % a year for six years from the
  year of its accepted footprint) and a disclosure deadline for them ahead; 宁波华塑 a renewable electricity share
  (15 % in 2024 to 50 % in 2030, 22 % reported for 2025: on track); 天津北方线束 a disclosure deadline for its
  harnesses that has passed (missed).
- The OEM sent the AIAG carbon survey twice (wave 1, then wave 2 with wave 1 as its previous wave) through the same
  service as its survey pages; 苏州精工 and 宁波华塑 answered both waves, with answers that moved (more disclosure,
  an IT system), 天津北方线束 only wave 2.

Called by the engagement demo step; each part is left alone when it exists already.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tanlu.survey.responses import validate_response
from tanlu.web.accounts.models import Membership, Organization
from tanlu.web.engagement.models import Decision, FootprintAnswer, SupplierTarget, TargetKind
from tanlu.web.engagement.targets import reference_year
from tanlu.web.surveys import participants, versions
from tanlu.web.surveys.loading import load_form, save_answers
from tanlu.web.surveys.models import InvitationStatus, ResponseStatus, Survey, SurveyResponse, SurveyStatus

_FIRST = {
    "wave1": "no",
    "company_type": "supplier",
    "function": "operations",
    "pcf_disclosure": "no",
    "supplier_disclosure_requirement": "none",
    "supplier_data_handling": "unknown",
    "supplier_target_binding": "no_target",
    "product_pcf_disclosure": "no",
    "carbon_accounting_approach": "in_house",
    "it_system": "none",
    "measurement_scope": "scope1 scope2",
    "main_difficulty": "raw_data",
    "green_energy_relocation": "obstacles",
    "relocation_factors": "fiscal_policy",
    "aiag_support": "training methodology",
}
#: per supplier code: wave 1 answers (None: not answered), then what wave 2 answers differently
ANSWERS: dict[str, tuple[dict[str, str] | None, dict[str, str]]] = {
    "SUP-1001": (
        _FIRST,
        {
            "wave1": "yes",
            "pcf_disclosure": "yes",
            "pcf_disclosure_sample": "按 PACT 向主机厂提供产品碳足迹。Product footprints in PACT format to our customers.",
            "supplier_disclosure_requirement": "specific_products",
            "supplier_data_handling": "disclosure_only",
            "product_pcf_disclosure": "yes",
            "product_pcf_disclosure_channel": "客户门户 Customer portal",
            "it_system": "third_party",
            "measurement_scope": "scope1 scope2 product",
            "green_energy_relocation": "clear_plans",
        },
    ),
    "SUP-1002": (
        {**_FIRST, "function": "purchasing", "main_difficulty": "expertise"},
        {
            "wave1": "yes",
            "function": "purchasing",
            "supplier_target_binding": "minor_factor",
            "it_system": "internal",
            "main_difficulty": "expertise",
            "green_energy_relocation": "clear_plans",
            "aiag_support": "training audit",
        },
    ),
    "SUP-1003": (None, {"function": "sqe", "main_difficulty": "training", "aiag_support": "webinar"}),
}


WAVE1_TITLES = {"zh": "碳表现调查（第一轮）", "en": "Carbon Performance Survey (Wave 1)"}


def set_targets(membership: Membership, suppliers: dict[str, Organization]) -> int:
    """The OEM's targets for its three demo suppliers (by name); 0 when it has set targets already."""
    oem = membership.organization
    if SupplierTarget.objects.for_organization(oem).exists():
        return 0
    today = timezone.localdate()
    accepted = FootprintAnswer.objects.filter(
        organization=oem, decision=Decision.ACCEPTED, request__part_number__startswith="HD-BRK-"
    ).first()
    base_year = reference_year(accepted) if accepted else today.year - 1  # the chart starts at a footprint
    links = {link.supplier.name: link for link in oem.supplier_links.select_related("supplier")}
    targets = [
        (
            "苏州精工冲压件有限公司",
            {
                "kind": TargetKind.INTENSITY,
                "part_family": "HD-BRK-",
                "base_year": base_year,
                "target_year": base_year + 6,
                "annual_reduction_percent": 4.2,
                "note": "制动件碳足迹强度每年下降 4.2%。Brake parts: −4.2 % a year.",
            },
        ),
        (
            "苏州精工冲压件有限公司",
            {"kind": TargetKind.DISCLOSURE, "part_family": "HD-BRK-", "deadline": today + timedelta(days=60)},
        ),
        (
            "宁波华塑汽车部件有限公司",
            {
                "kind": TargetKind.RENEWABLE,
                "base_year": 2024,
                "target_year": 2030,
                "base_share": 15.0,
                "target_share": 50.0,
                "reported_share": 22.0,
                "reported_year": 2025,
            },
        ),
        (
            "天津北方线束有限公司",
            {"kind": TargetKind.DISCLOSURE, "part_family": "HD-WH-", "deadline": today - timedelta(days=3)},
        ),
    ]
    for name, fields in targets:
        link = links[name]
        SupplierTarget.objects.create(
            organization=oem,
            supplier=suppliers[name],
            relationship=link,
            created_by=membership.user,
            **fields,
        )
    return len(targets)


def answer_survey(membership: Membership) -> int:
    """The AIAG survey's two waves sent by the OEM and answered by its suppliers; 0 when wave 2 exists already."""
    oem = membership.organization
    if Survey.objects.for_organization(oem).filter(identifier="aiag_wave2").exists():
        return 0
    links = list(oem.supplier_links.select_related("supplier").filter(supplier_code__in=ANSWERS))
    first = versions.create_builtin_survey(membership, wave=1, titles=WAVE1_TITLES)
    second = versions.create_builtin_survey(membership, wave=2, previous_wave=first)
    answered = 0
    for wave, survey in ((0, first), (1, second)):
        participants.invite_suppliers(membership, survey, links, language="zh-hans")
        form = load_form(survey)
        for invitation in survey.invitations.all():
            link = next(link for link in links if link.contact_email == invitation.email)
            before, change = ANSWERS[link.supplier_code]
            if wave == 0 and before is None:
                continue
            raw = {**_FIRST, **change} if wave else before or {}
            checked = validate_response(form, raw, respondent=link.supplier_code)
            now = timezone.now() - timedelta(days=200 if wave == 0 else 20)
            response = SurveyResponse.objects.create(
                organization=oem,
                survey=survey,
                invitation=invitation,
                respondent=f"{survey.identifier}-{link.supplier_code}",
                status=ResponseStatus.SUBMITTED,
                language="zh-hans",
                submitted_at=now,
            )
            save_answers(response, checked.answers, checked.shown)
            invitation.status = InvitationStatus.COMPLETED
            invitation.sent_at = invitation.opened_at = now
            invitation.save(update_fields=["status", "sent_at", "opened_at"])
            answered += 1
        survey.status = SurveyStatus.CLOSED
        survey.closes_at = timezone.now() - timedelta(days=150 if wave == 0 else 5)
        survey.save(update_fields=["status", "closes_at", "updated_at"])
    return answered
