"""The built-in AIAG wave 2 form: its questions, its logic, and its committed XLSForm kept in step with the source."""

from __future__ import annotations

import pytest

from tanlu.errors import NotFound
from tanlu.survey.builtin import build_builtin_xlsx, builtin_form, builtin_source_sheets
from tanlu.survey.form import text_in
from tanlu.survey.responses import check_response
from tanlu.survey.xlsform import form_from_sheets, read_xlsform, write_xlsform

QUESTIONS = {
    "wave1": "select_one",
    "company_type": "select_one",
    "function": "select_multiple",
    "pcf_disclosure": "select_one",
    "pcf_disclosure_sample": "text",
    "supplier_disclosure_requirement": "select_multiple",
    "supplier_data_handling": "select_one",
    "supplier_target_binding": "select_one",
    "product_pcf_disclosure": "select_one",
    "product_pcf_disclosure_channel": "text",
    "carbon_accounting_approach": "select_multiple",
    "it_system": "select_one",
    "measurement_scope": "select_multiple",
    "main_difficulty": "select_multiple",
    "main_difficulty_other": "text",
    "green_energy_relocation": "select_multiple",
    "relocation_factors": "select_multiple",
    "aiag_support": "select_multiple",
}


def test_questions_and_types() -> None:
    form = builtin_form()
    assert {q.name: q.type for q in form.questions()} == QUESTIONS
    assert list(QUESTIONS) == [q.name for q in form.questions()]
    assert form.form_id == "aiag_wave2"
    assert form.languages == ("zh", "en")
    assert form.default_language == "zh"


def test_every_text_is_bilingual() -> None:
    form = builtin_form()
    for question in form.questions():
        assert set(question.label) == {"zh", "en"}, question.name
        for choice in form.choices_for(question):
            assert set(choice.label) == {"zh", "en"}, (question.name, choice.name)
    assert text_in(form.question("it_system").label, "en").startswith("Does your company have a dedicated IT")


def test_follow_ups_are_shown_only_after_the_answer_that_asks_for_them() -> None:
    form = builtin_form()
    assert form.question("pcf_disclosure_sample").relevant == "${pcf_disclosure} = 'yes'"
    response, _ = check_response(form, {"pcf_disclosure": "yes", "main_difficulty": "raw_data other"})
    assert response.shown["pcf_disclosure_sample"]
    assert response.shown["main_difficulty_other"]
    assert not response.shown["product_pcf_disclosure_channel"]
    response, _ = check_response(form, {"pcf_disclosure": "no", "product_pcf_disclosure": "yes"})
    assert not response.shown["pcf_disclosure_sample"]
    assert response.shown["product_pcf_disclosure_channel"]


def test_committed_xlsx_matches_its_csv_source() -> None:
    assert form_from_sheets(builtin_source_sheets()) == builtin_form()
    assert read_xlsform(build_builtin_xlsx(), filename="rebuilt.xlsx") == builtin_form()


def test_builtin_form_round_trips() -> None:
    form = builtin_form()
    assert read_xlsform(write_xlsform(form)) == form


def test_pages_are_the_groups() -> None:
    pages = builtin_form().pages()
    assert [page.name for page in pages] == [
        "respondent",
        "disclosure",
        "accounting",
        "green_energy",
        "support",
    ]
    assert [q.name for q in pages[0].questions] == ["wave1", "company_type", "function"]


def test_unknown_builtin_form() -> None:
    with pytest.raises(NotFound):
        builtin_form("nope")
