"""Fixtures shared by the survey tests: the owner's membership, the built-in survey open for answers, and the
AIAG two-wave survey with its responses that the results and report pages show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tanlu.web.accounts.models import Membership
from tanlu.web.surveys import importing, lifecycle, versions
from tanlu.web.surveys.models import Survey

FIXTURES = Path(__file__).parents[2] / "fixtures" / "surveys"


@pytest.fixture
def owner_membership(tenant: Any) -> Membership:
    """The tenant owner's membership, which survey owners act with."""
    return Membership.objects.get(user=tenant.owner, organization=tenant.organization)


@pytest.fixture
def open_builtin_survey(owner_membership: Membership) -> Survey:
    """The built-in AIAG survey, open for answers (what the respondent tests answer)."""
    survey = versions.create_builtin_survey(owner_membership)
    lifecycle.open_survey(owner_membership, survey)
    return survey


@pytest.fixture
def survey(tenant: Any) -> Survey:
    """The AIAG Carbon Performance Survey wave 2 (report of 30 March 2023) with its 245 responses, and the
    synthetic wave 1 as its previous wave. A test module that needs another survey defines its own ``survey``
    fixture, which overrides this one."""
    org = tenant.organization
    wave2 = importing.import_form(org, (FIXTURES / "aiag_wave2.xlsx").read_bytes()).survey
    importing.import_responses(wave2, (FIXTURES / "aiag_wave2_responses.csv").read_bytes())
    wave1 = importing.import_form(org, (FIXTURES / "aiag_wave1.xlsx").read_bytes()).survey
    importing.import_responses(wave1, (FIXTURES / "aiag_wave1_responses.csv").read_bytes())
    wave2.previous_wave = wave1
    wave2.save()
    return wave2
