"""Forms from other tools import unchanged: what KoboToolbox, ODK, pyxform and Google Sheets write.

The forms are in ``tests/fixtures/xlsform/forms.py`` (built as ``.xlsx`` at test time). Each test says what the
respondent then sees, and that the export of the imported form reads back to an equal form.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanlu.errors import InputError
from tanlu.survey.form import Form, Group
from tanlu.survey.responses import check_response
from tanlu.survey.xlsform import import_notes, read_xlsform, write_xlsform


def _fixtures() -> ModuleType:
    path = Path(__file__).parents[2] / "fixtures" / "xlsform" / "forms.py"
    spec = importlib.util.spec_from_file_location("tanlu_xlsform_fixture_forms", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURES = _fixtures()


def imported(sheets: dict[str, list[list[str]]]) -> Form:
    form = read_xlsform(FIXTURES.workbook(sheets), filename="form.xlsx")
    assert read_xlsform(write_xlsform(form)) == form
    return form


def issues(form: Form, raw: dict[str, str]) -> dict[str, str]:
    _, found = check_response(form, raw)
    return {str(issue.column): issue.reason for issue in found}


def test_kobo_legacy_layout_imports() -> None:
    form = imported(FIXTURES.KOBO_LEGACY)
    assert form.form_id == "it_check"
    assert form.languages == ("en", "zh")
    assert form.question("uses_it").label == {"en": "Do you use an IT system?", "zh": "是否使用IT系统？"}
    assert [c.label["zh"] for c in form.choice_lists["yn"]] == ["是", "否"]


def test_a_lone_sheet_with_another_name_is_the_survey() -> None:
    form = imported(FIXTURES.LONE_SHEET)
    assert [q.name for q in form.questions()] == ["staff", "generated_note_name_3"]
    assert form.question("staff").label == {"en": "How many staff?"}


def test_calculations_are_evaluated_for_skip_logic_and_constraints() -> None:
    form = imported(FIXTURES.CALCULATE)
    assert [q.name for q in form.calculations()] == ["energy", "size", "tag"]
    assert [(n.question, n.kind) for n in import_notes(form)] == [("price", "calculation")]
    assert [q.name for q in form.answer_questions()] == ["electricity", "gas", "why_large", "renewable"]
    small, _ = check_response(form, {"electricity": "40", "gas": "20"})
    assert small.shown["why_large"] is False
    large, _ = check_response(form, {"electricity": "90", "gas": "20", "why_large": "kilns"})
    assert large.shown["why_large"] is True
    assert large.answers == {
        "electricity": "90",
        "gas": "20",
        "why_large": "kilns",
    }  # calculations not stored
    assert issues(form, {"electricity": "40", "gas": "20", "renewable": "61"}) == {
        "renewable": "does not meet the constraint . <= ${energy}"
    }
    assert issues(form, {"electricity": "40", "gas": "20", "renewable": "60"}) == {}


@pytest.mark.parametrize(
    ("calculation", "answers", "expected"),
    [
        ("${a} * 2 + ${b}", {"a": "3", "b": "1"}, "7"),
        ("if(${a} > ${b}, 'a', 'b')", {"a": "3", "b": "1"}, "a"),
        ("concat(${a}, '/', ${b})", {"a": "3", "b": "1"}, "3/1"),
        ("coalesce(${a}, ${b})", {"b": "1"}, "1"),
        ("round(${a} div 3, 2)", {"a": "2"}, "0.67"),
    ],
)
def test_calculation_values(calculation: str, answers: dict[str, str], expected: str) -> None:
    form = imported(
        {
            "survey": [
                ["type", "name", "label", "calculation", "relevant"],
                ["integer", "a", "A", "", ""],
                ["integer", "b", "B", "", ""],
                ["calculate", "c", "", calculation, ""],
                ["text", "shown", "Shown?", "", f"${{c}} = '{expected}'"],
            ]
        }
    )
    response, _ = check_response(form, answers)
    assert response.shown["shown"] is True


def test_or_other_adds_an_other_choice_and_its_text() -> None:
    form = imported(FIXTURES.OR_OTHER)
    assert [q.name for q in form.questions()] == ["fuel", "fuel_other", "fuels", "fuels_other"]
    assert [c.name for c in form.choices_for(form.question("fuel"))] == ["gas", "oil", "other"]
    assert form.choices_for(form.question("fuels"))[-1].label == {"en": "Other"}
    response, found = check_response(form, {"fuel": "other", "fuel_other": "biomass", "fuels": "gas other"})
    assert found == []
    assert response.shown["fuel_other"]
    assert response.shown["fuels_other"]
    assert issues(form, {"fuel": "gas", "fuel_other": "biomass"}) == {
        "fuel_other": "answered, but the question is not shown for the earlier answers"
    }


def test_choice_names_repeating_under_a_choice_filter_import() -> None:
    form = imported(FIXTURES.CHOICE_FILTER)
    assert [c.name for c in form.choice_lists["city"]] == ["taizhou", "nanjing"]
    assert [(n.question, n.kind, n.text) for n in import_notes(form)] == [
        ("city", "choice_filter", "province=${province}")
    ]


def test_regex_constraint_is_evaluated() -> None:
    form = imported(FIXTURES.REGEX)
    assert issues(form, {"vat": "123456789"}) == {}
    assert issues(form, {"vat": "12345"}) == {"vat": "nine digits"}


def test_an_invalid_regex_pattern_is_refused_with_its_place() -> None:
    sheets = {"survey": [["type", "name", "label", "constraint"], ["text", "vat", "VAT", "regex(., '[0-9')"]]}
    with pytest.raises(InputError) as caught:
        read_xlsform(FIXTURES.workbook(sheets), filename="vat.xlsx")
    assert (caught.value.issue.sheet, caught.value.issue.row, caught.value.issue.column) == (
        "survey",
        2,
        "constraint",
    )
    assert "invalid regular expression '[0-9' in regex()" in str(caught.value)


def test_what_tanlu_does_not_render_is_kept_and_listed() -> None:
    form = imported(FIXTURES.NOT_RENDERED)
    assert [q.name for q in form.answer_questions()] == ["site_name", "comment"]
    [page, rest] = form.pages()
    assert [q.name for q in page.questions] == ["site_name"]
    assert isinstance(form.children[0], Group)
    assert form.children[0].appearance == "field-list"
    assert [(n.question, n.kind) for n in import_notes(form)] == [
        ("comment", "relevant"),
        ("where", "location"),
        ("photo", "media"),
        ("code", "barcode"),
        ("supplier", "external"),
        ("line", "repeat"),
        ("output", "repeat"),
    ]
    assert {q.name: q.repeat for q in form.hidden_questions if q.repeat} == {
        "line": "lines",
        "output": "lines",
    }
    assert [q.name for q in rest.questions] == ["comment"]


def test_a_syntax_error_is_still_refused() -> None:
    sheets = {
        "survey": [
            ["type", "name", "label", "relevant"],
            ["text", "a", "A", ""],
            ["text", "b", "B", "${a} ="],
        ]
    }
    with pytest.raises(InputError, match="invalid relevant"):
        read_xlsform(FIXTURES.workbook(sheets))


_LANGUAGES = {
    "en": ["English (en)", "english", "English", "en"],
    "zh": ["Chinese (zh)", "chinese", "中文", "zh"],
}


@given(
    base=st.sampled_from(["label", "Label", "LABEL", "caption"]),
    separator=st.sampled_from(["::", ":", " :: ", ": ", " : "]),
    english=st.sampled_from(_LANGUAGES["en"]),
    chinese=st.sampled_from(_LANGUAGES["zh"]),
)
def test_language_columns_are_read_in_every_spelling(
    base: str, separator: str, english: str, chinese: str
) -> None:
    sheets = {
        "survey": [
            ["type", "name", f"{base}{separator}{english}", f"{base}{separator}{chinese}"],
            ["select_one yn", "a", "Agree?", "同意吗？"],
        ],
        "choices": [
            ["list_name", "name", f"label{separator}{english}", f"label{separator}{chinese}"],
            ["yn", "y", "Yes", "是"],
        ],
    }
    form = read_xlsform(FIXTURES.workbook(sheets))
    assert form.question("a").label == {"en": "Agree?", "zh": "同意吗？"}
    assert form.choice_lists["yn"][0].label == {"en": "Yes", "zh": "是"}


@given(
    names=st.tuples(
        *(
            st.lists(st.booleans(), min_size=len(n), max_size=len(n))
            for n in ("survey", "choices", "settings")
        )
    )
)
def test_sheet_names_are_read_in_any_case(names: tuple[list[bool], ...]) -> None:
    def cased(word: str, upper: list[bool]) -> str:
        return "".join(c.upper() if u else c for c, u in zip(word, upper, strict=True))

    sheets = {
        cased(word, upper): rows
        for (word, rows), upper in zip(FIXTURES.KOBO_LEGACY.items(), names, strict=True)
    }
    form = read_xlsform(FIXTURES.workbook(sheets))
    assert form == read_xlsform(FIXTURES.workbook(FIXTURES.KOBO_LEGACY))


def test_a_name_repeated_in_another_group_is_known_by_its_group() -> None:
    form = imported(
        {
            "survey": [
                ["type", "name", "label"],
                ["text", "name", "Your name"],
                ["begin_group", "manager", "Manager"],
                ["text", "name", "Manager's name"],
                ["end_group", "", ""],
                ["begin_repeat", "staff", "Staff"],
                ["text", "name", "Name"],
                ["end_repeat", "", ""],
            ]
        }
    )
    assert [q.name for q in form.answer_questions()] == ["name", "manager.name"]
    assert [q.name for q in form.hidden_questions] == ["staff.name"]
    with pytest.raises(InputError, match="duplicate name"):
        read_xlsform(
            FIXTURES.workbook({"survey": [["type", "name", "label"], ["text", "a", "A"], ["text", "a", "B"]]})
        )


def test_an_expression_calling_a_device_function_is_kept_even_when_tanlu_cannot_parse_it() -> None:
    sheets = {
        "survey": [
            ["type", "name", "label", "required"],
            ["text", "a", "A", "pulldata('ids', 'id', 'key', ${a}',.)"],
        ]
    }
    form = imported(sheets)
    assert form.question("a").required == ""
    assert [(n.question, n.kind) for n in import_notes(form)] == [("a", "required")]


def test_a_plain_label_beside_translated_ones_keeps_its_language() -> None:
    sheets = {"survey": [["type", "name", "label", "label::French (fr)"], ["text", "a", "Name", "Nom"]]}
    form = imported(sheets)
    assert form.question("a").label == {"en": "Name", "fr": "Nom"}


def test_a_group_relevant_tanlu_cannot_evaluate_is_listed() -> None:
    sheets = {
        "survey": [
            ["type", "name", "label", "relevant"],
            ["text", "a", "A", ""],
            ["begin_group", "g", "G", "/data/a = 'x'"],
            ["text", "b", "B", ""],
            ["end_group", "", "", ""],
        ]
    }
    form = imported(sheets)
    assert [(n.question, n.kind, n.text) for n in import_notes(form)] == [("g", "relevant", "/data/a = 'x'")]


def test_an_expression_may_refer_to_a_metadata_row() -> None:
    sheets = {
        "survey": [
            ["type", "name", "label", "relevant"],
            ["start", "start", "", ""],
            ["today", "today", "", ""],
            ["text", "a", "A", "${today} != ''"],
        ]
    }
    form = imported(sheets)
    assert [q.name for q in form.answer_questions()] == ["a"]
    assert [(n.question, n.kind) for n in import_notes(form)] == [("a", "relevant")]  # the device's date


def test_a_regex_written_for_odk_with_java_classes_is_evaluated() -> None:
    sheets = {
        "survey": [["type", "name", "label", "constraint"], ["text", "who", "Name", "regex(., '^\\p{L}+$')"]]
    }
    form = imported(sheets)
    assert issues(form, {"who": "Zoë"}) == {}
    assert issues(form, {"who": "李娜"}) == {}
    assert "who" in issues(form, {"who": "R2D2"})


def test_a_damaged_xls_is_refused_with_a_message() -> None:
    with pytest.raises(InputError, match=r"cannot read the \.xls workbook"):
        read_xlsform(b"\xd0\xcf\x11\xe0" + b"\x00" * 600, filename="old.xls")
