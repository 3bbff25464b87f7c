"""The engagement demo: 华东汽车集团 asks its three suppliers for footprints, and the requests are in every state.

- 苏州精工冲压件有限公司 (on Tanlu, with calculated footprints) answers two requests from its results: the brake
  caliper is rejected with a reason (its reference period is older than the rules allow), the machined housing is
  accepted and becomes a purchased item of the OEM's model;
- 宁波华塑汽车部件有限公司 answers with a PACT file that waits to be checked;
- 天津北方线束有限公司 has seen one request, not yet opened another and let a third pass its due date.

The OEM has also set each supplier targets and sent them the AIAG survey (:mod:`tanlu.web.engagement.demo_board`),
so its supplier board has something in every column. Runs through the same services as the pages; each part is
left alone when it exists, so a second run changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from tanlu.exchange import mapping
from tanlu.exchange.disclosure import Disclosure
from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.demo import DemoContext, step
from tanlu.web.engagement import answering, decisions, demo_board, services
from tanlu.web.engagement.models import AnswerSource, FootprintRequest
from tanlu.web.products import calculation
from tanlu.web.products.models import Result

OEM = "华东汽车集团"
PRECISION = "苏州精工冲压件有限公司"
HUASU = "宁波华塑汽车部件有限公司"
HARNESS = "天津北方线束有限公司"


def _member(context: DemoContext, organization: Organization) -> Membership:
    return Membership.objects.get(organization=organization, user=context.owners[0], role=Role.OWNER)


def _send(
    membership: Membership, supplier: Organization, part: str, supplier_part: str, name: str
) -> FootprintRequest:
    link = membership.organization.supplier_links.get(supplier=supplier)
    (request,) = services.send_requests(
        membership,
        link_ids=[link.pk],
        parts=[services.Part(part, supplier_part, name)],
        due_date=timezone.localdate() + timedelta(days=21),
        declared_unit="piece",
        standards=["ISO14067", "GHGP-Product"],
        max_age_months=24,
        min_primary_data_share=20.0,
        max_dqr=3.0,
        message="请按 ISO 14067 提供 2025 年度数据。Please follow ISO 14067 with 2025 data.",
    )
    return request


def _bumper() -> dict[str, object]:
    """The PACT v3 footprint 宁波华塑 uploads for its bumper cover (demonstration values)."""
    disclosure = Disclosure(
        company_name="Ningbo Huasu Auto Parts Co., Ltd.",
        company_ids=("urn:tanlu:demo:huasu",),
        product_ids=("urn:tanlu:product:HS-BMP-2201",),
        product_name="Front bumper cover, PP/EPDM-T20",
        declared_unit="piece",
        mass_kg=3.4,
        reference_period_start=datetime(2025, 1, 1, tzinfo=UTC),
        reference_period_end=datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC),
        pcf_excluding_uptake=11.2,
        fossil=11.2,
        gwp="AR6",
        standards=("ISO14067",),
        exempted_percent=1.2,
        primary_data_share=38.0,
        dqr={"technological": 1.8, "geographical": 1.5, "temporal": 1.4},
    )
    created = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
    return mapping.to_pact_v3(disclosure, pf_id="6c1f3f7e-2b5a-4f3e-9a51-7d0c4e2b1a90", created=created)


def _from_results(membership: Membership, request: FootprintRequest, product_id: str) -> bool:
    run = calculation.latest_run(membership.organization)
    result = Result.objects.filter(run=run, product_id=product_id).first() if run else None
    if result is None:
        return False
    document = answering.pact_from_result(membership.organization, request, result)
    answering.deliver(membership, request, document, source=AnswerSource.RESULTS, supplier_product=product_id)
    return True


@step("engagement")
def engagement_demo(context: DemoContext) -> str:
    names = {o.name: o for o in Organization.objects.filter(name__in=[OEM, PRECISION, HUASU, HARNESS])}
    if len(names) < 4 or not context.owners:
        return "skipped: no demo organizations or no owner"
    oem = _member(context, names[OEM])
    done = (
        []
        if FootprintRequest.objects.filter(organization=names[OEM]).exists()
        else [_requests(context, names)]
    )
    if targets := demo_board.set_targets(oem, names):
        done.append(f"{targets} supplier targets")
    if answered := demo_board.answer_survey(oem):
        done.append(f"AIAG survey: {answered} answers from the suppliers (2 waves)")
    return "; ".join(done) or "unchanged"


def _requests(context: DemoContext, names: dict[str, Organization]) -> str:
    """The OEM's requests in every state (see the module docstring); says how many and in which states."""
    oem = _member(context, names[OEM])
    precision = _member(context, names[PRECISION])
    caliper = _send(oem, names[PRECISION], "HD-BRK-0100", "CAL-100", "制动钳总成 Brake caliper assembly")
    housing = _send(oem, names[PRECISION], "HD-BRK-0110", "HSG-110", "制动钳壳体 Caliper housing")
    if _from_results(precision, caliper, "CAL-100"):
        decisions.decide(
            oem,
            caliper.answers.get(),
            accept=False,
            comment="参考期早于 24 个月，请提供 2025 年数据。The reference period is older than 24 months.",
        )
    if _from_results(precision, housing, "HSG-110"):
        decisions.decide(oem, housing.answers.get(), accept=True, comment="谢谢。Thank you.")
    bumper = _send(oem, names[HUASU], "HD-BMP-2201", "HS-BMP-2201", "前保险杠蒙皮 Front bumper cover")
    answering.deliver(
        _member(context, names[HUASU]),
        bumper,
        _bumper(),
        source=AnswerSource.PACT,
        filename="HS-BMP-2201.json",
    )
    harness = _member(context, names[HARNESS])
    seen = _send(oem, names[HARNESS], "HD-WH-3300", "", "发动机舱线束 Engine bay harness")
    services.mark_seen(harness, seen)
    _send(oem, names[HARNESS], "HD-WH-3320", "", "车门线束 Door harness")
    late = _send(oem, names[HARNESS], "HD-WH-3310", "", "仪表板线束 Dashboard harness")
    FootprintRequest.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=5))
    states = sorted(r.shown_status for r in FootprintRequest.objects.filter(organization=names[OEM]))
    return f"{len(states)} footprint requests ({', '.join(states)})"
