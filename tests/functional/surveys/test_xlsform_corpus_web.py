"""Every form of a public XLSForm corpus imports through the web page and can be opened by a respondent.

Like ``tests/unit/survey/test_xlsform_corpus.py``: set ``TANLU_XLSFORM_CORPUS`` to a folder of forms pyxform
accepts; unset (as in CI), the test is skipped. A form must import (a redirect to its survey, never a 500), its
questionnaire tab must list what is not supported here, and its first page must render for a respondent.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tanlu.web.accounts.models import Membership
from tanlu.web.surveys import lifecycle, links
from tanlu.web.surveys.models import Survey

pytestmark = pytest.mark.django_db

CORPUS = os.environ.get("TANLU_XLSFORM_CORPUS", "")


@pytest.mark.skipif(not CORPUS, reason="TANLU_XLSFORM_CORPUS is not set: no public XLSForm corpus to import")
def test_every_corpus_form_imports_through_the_web_and_opens(tenant: Any) -> None:
    owner = Membership.objects.get(user=tenant.owner, organization=tenant.organization)
    forms = sorted(p for p in Path(CORPUS).rglob("*") if p.suffix.lower() in {".xls", ".xlsx", ".md"})
    failed: list[str] = []
    for path in forms:
        Survey.objects.all().delete()
        upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/octet-stream")
        response = tenant.client.post("/surveys/new/", {"file": upload})
        if response.status_code != 302:
            failed.append(f"{path.name}: import answered {response.status_code}")
            continue
        survey = Survey.objects.get()
        if tenant.client.get(f"/surveys/{survey.pk}/questionnaire/").status_code != 200:
            failed.append(f"{path.name}: the questionnaire tab failed")
        lifecycle.open_survey(owner, survey)
        lifecycle.update_settings(owner, survey, closes_at=None, public_link_enabled=True)
        survey.refresh_from_db()
        page = Client().get(f"/p/{links.public_token(survey)}/?page=0")
        if page.status_code != 200:
            failed.append(f"{path.name}: the respondent page answered {page.status_code}")
    assert not failed, "\n".join(failed)
