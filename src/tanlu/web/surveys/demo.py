"""Demo step: the AIAG Carbon Performance Survey, wave 2 (245 synthetic respondents reproducing the report's tables),
with a smaller synthetic wave 1 linked as its previous wave, and a summary and take-aways in the report's words.

Loaded into the demo association (``中国汽车供应链可持续发展联盟``). The respondents come with invitation attributes
(customer OEM, tier, region), so results can be filtered by them. Idempotent: a survey that exists is left alone.
"""

from __future__ import annotations

import secrets

from django.utils import timezone

from tanlu.survey.builtin import build_builtin_xlsx
from tanlu.survey.demo import demo_wave1_form, demo_wave1_responses, demo_wave2_responses
from tanlu.survey.responses import ResponseSet
from tanlu.survey.xlsform import write_xlsform
from tanlu.web.accounts.models import Organization, hash_token
from tanlu.web.demo import DemoContext, step
from tanlu.web.surveys.links import invitation_token
from tanlu.web.surveys.models import (
    Answer,
    Highlight,
    HighlightKind,
    InvitationStatus,
    ResponseStatus,
    Survey,
    SurveyInvitation,
    SurveyResponse,
    SurveyStatus,
)

ASSOCIATION = "中国汽车供应链可持续发展联盟"

#: the summary and take-aways, as the wave 2 report words them (its numbers reproduced by the demo data)
SUMMARY_KEYS = (
    "share:wave1:yes",
    "share:pcf_disclosure:yes",
    "share:supplier_target_binding:eliminate+important_factor",
    "share:product_pcf_disclosure:no",
    "share:main_difficulty:raw_data",
    "share:aiag_support:training",
    "share:aiag_support:methodology",
)
TAKEAWAYS = (
    (
        "目前很多企业包括主机厂还没有真正实施双碳的活动。需要全行业在主机厂的带动下，尽快行动起来。",
        (
            "Many companies, OEMs included, have not yet really started carbon peaking and neutrality work. The whole "
            "industry needs to act soon, led by the OEMs."
        ),
    ),
    (
        "现阶段很多企业需要碳相关的培训，和专业性的指导。同时，需要主机厂的引领和带动。",
        "Many companies need carbon training and expert guidance now, and OEMs to lead the way.",
    ),
)


def _store(organization: Organization, survey: Survey, responses: ResponseSet) -> None:
    """Invitations, submitted responses and answers in three bulk INSERTs; every personal link is a real one."""
    now = timezone.now()
    names = list(responses.answers)
    invitations = []
    for index, respondent in enumerate(responses.respondents):
        attributes = {name: values[index] for name, values in responses.attributes.items()}
        invitation = SurveyInvitation(
            organization=organization,
            survey=survey,
            email=f"{respondent}@demo.tanlu.invalid",
            company=f"{attributes.get('region', '')} supplier {respondent}",
            attributes=attributes,
            token_nonce=secrets.token_hex(32),
            status=InvitationStatus.COMPLETED,
            sent_at=now,
            opened_at=now,
        )
        invitation.token_hash = hash_token(invitation_token(invitation))
        invitations.append(invitation)
    invitations = SurveyInvitation.objects.bulk_create(invitations)
    created = SurveyResponse.objects.bulk_create(
        SurveyResponse(
            organization=organization,
            survey=survey,
            invitation=invitation,
            respondent=respondent,
            status=ResponseStatus.SUBMITTED,
            submitted_at=now,
        )
        for invitation, respondent in zip(invitations, responses.respondents, strict=True)
    )
    Answer.objects.bulk_create(
        (
            Answer(
                response=response,
                question=name,
                value=responses.answers[name][index] if responses.shown[name][index] else "",
                shown=responses.shown[name][index],
            )
            for index, response in enumerate(created)
            for name in names
        ),
        batch_size=5000,
    )


def _survey(organization: Organization, identifier: str, workbook: bytes, title: dict[str, str]) -> Survey:
    return Survey.objects.create(
        organization=organization,
        identifier=identifier,
        title_en=title.get("en", ""),
        title_zh=title.get("zh", ""),
        form_xlsx=workbook,
        status=SurveyStatus.CLOSED,
    )


@step("surveys")
def aiag_survey(context: DemoContext) -> str:
    del context
    organization = Organization.objects.filter(name=ASSOCIATION).first()
    if organization is None:
        return "skipped: no demo association"
    if Survey.objects.for_organization(organization).filter(identifier="aiag_wave2").exists():
        return "AIAG survey already loaded"
    wave1_responses = demo_wave1_responses()
    wave1 = _survey(
        organization, "aiag_wave1_demo", write_xlsform(demo_wave1_form()), demo_wave1_form().title
    )
    _store(organization, wave1, wave1_responses)
    wave2_responses = demo_wave2_responses()
    wave2 = _survey(organization, "aiag_wave2", build_builtin_xlsx(), wave2_responses.form.title)
    wave2.previous_wave = wave1
    wave2.save(update_fields=["previous_wave"])
    _store(organization, wave2, wave2_responses)

    from tanlu.web.surveys.highlight_services import candidates  # noqa: PLC0415 - needs the stored responses

    generated = {c.key: c.highlight for c in candidates(wave2)}
    position = 0
    for key in SUMMARY_KEYS:
        if key in generated:
            position += 1
            Highlight.objects.create(
                organization=organization,
                survey=wave2,
                kind=HighlightKind.SUMMARY,
                position=position,
                text_en=generated[key].en,
                text_zh=generated[key].zh,
                source=key,
            )
    for position, (zh, en) in enumerate(TAKEAWAYS, start=1):
        Highlight.objects.create(
            organization=organization,
            survey=wave2,
            kind=HighlightKind.TAKEAWAY,
            position=position,
            text_en=en,
            text_zh=zh,
        )
    count = Highlight.objects.filter(survey=wave2).count()
    return (
        f"AIAG carbon survey: {len(wave2_responses)} responses (wave 2), {len(wave1_responses)} (wave 1), "
        f"{count} highlights"
    )
