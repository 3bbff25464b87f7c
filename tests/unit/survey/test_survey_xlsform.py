"""XLSForm import and export: ODK/Kobo forms import unchanged; every refusal names sheet, row and column."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from tanlu.errors import InputError
from tanlu.survey.form import Group
from tanlu.survey.xlsform import import_notes, language_code, read_xlsform, write_xlsform

SURVEY_HEADER = ["type", "name", "label::English (en)", "label::Chinese (zh)", "relevant", "required"]
CHOICES = [
    ["list_name", "name", "label::English (en)", "label::Chinese (zh)"],
    ["yes_no", "yes", "Yes", "是"],
    ["yes_no", "no", "No", "否"],
]
SETTINGS = [
    ["form_title", "form_id", "version", "default_language"],
    ["Supplier survey", "suppliers", "3", "English (en)"],
]


def workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def form_bytes(
    *rows: list[str], header: list[str] | None = None, choices: list[list[str]] | None = None
) -> bytes:
    return workbook(
        {"survey": [header or SURVEY_HEADER, *rows], "choices": choices or CHOICES, "settings": SETTINGS}
    )


def refusal(data: bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        read_xlsform(data, filename="form.xlsx")
    return caught.value


def test_bilingual_form_imports() -> None:
    form = read_xlsform(
        form_bytes(
            ["select_one yes_no", "disclose", "Do you disclose?", "是否披露？", "", "yes"],
            ["text", "sample", "Give a sample", "请举例", "${disclose} = 'yes'", ""],
            ["integer", "staff", "Staff", "员工人数", "", ""],
        ),
        filename="suppliers.xlsx",
    )
    assert form.form_id == "suppliers"
    assert form.title == {"en": "Supplier survey"}
    assert form.version == "3"
    assert form.default_language == "en"
    assert form.languages == ("en", "zh")
    disclose, sample, staff = form.questions()
    assert disclose.type == "select_one"
    assert disclose.choices == "yes_no"
    assert disclose.label == {"en": "Do you disclose?", "zh": "是否披露？"}
    assert disclose.always_required
    assert sample.relevant == "${disclose} = 'yes'"
    assert not sample.always_required
    assert staff.type == "integer"
    assert [c.name for c in form.choices_for(disclose)] == ["yes", "no"]
    assert form.choices_for(disclose)[0].label == {"en": "Yes", "zh": "是"}


def test_plain_label_is_the_default_language() -> None:
    data = workbook(
        {
            "survey": [["type", "name", "label", "hint"], ["text", "q1", "Question one", "A hint"]],
            "settings": [["form_id", "default_language"], ["f", "Chinese (zh)"]],
        }
    )
    form = read_xlsform(data)
    assert form.languages == ("zh",)
    assert form.questions()[0].label == {"zh": "Question one"}
    assert form.questions()[0].hint == {"zh": "A hint"}


def test_kobo_form_imports_unchanged() -> None:
    """A KoboToolbox export: metadata rows, $kuid, media and calculation columns, spaces in group types."""
    header = [
        "type",
        "name",
        "label::English (en)",
        "required",
        "calculation",
        "$kuid",
        "media::image",
        "appearance",
    ]
    data = workbook(
        {
            "survey": [
                header,
                ["start", "start", "", "", "", "a1", "", ""],
                ["end", "end", "", "", "", "a2", "", ""],
                ["begin group", "g1", "Company", "", "", "a3", "", "field-list"],
                ["select one yes_no", "ok", "OK?", "true", "", "a4", "logo.png", ""],
                ["end group", "", "", "", "", "a5", "", ""],
                ["deviceid", "deviceid", "", "", "", "a6", "", ""],
            ],
            "choices": [
                ["list_name", "name", "label::English (en)", "$kuid"],
                ["yes_no", "yes", "Yes", "b1"],
            ],
            "settings": [["form_title", "form_id", "style"], ["Kobo", "kobo_form", "pages"]],
        }
    )
    form = read_xlsform(data)
    assert [q.name for q in form.questions()] == ["ok"]
    (group,) = form.children
    assert isinstance(group, Group)
    assert group.appearance == "field-list"
    assert form.questions()[0].always_required


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("geopoint", "location"),
        ("image", "media"),
        ("barcode", "barcode"),
        ("select_one_external yes_no", "external"),
        ("time", "time"),
    ],
)
def test_types_tanlu_does_not_render_are_kept_not_asked(kind: str, reason: str) -> None:
    form = read_xlsform(form_bytes(["text", "a", "A", "甲", "", ""], [kind, "b", "B", "乙", "", ""]))
    assert [q.name for q in form.questions()] == ["a"]
    assert [(q.name, q.unsupported) for q in form.hidden_questions] == [("b", reason)]
    assert [(n.question, n.kind) for n in import_notes(form)] == [("b", reason)]
    assert read_xlsform(write_xlsform(form)) == form


def test_unknown_type_refused() -> None:
    error = refusal(form_bytes(["txet", "a", "A", "甲", "", ""]))
    assert (error.issue.sheet, error.issue.row, error.issue.column, error.issue.value) == (
        "survey",
        2,
        "type",
        "txet",
    )
    assert "unknown question type" in str(error)


def test_missing_choice_list_refused() -> None:
    error = refusal(form_bytes(["select_one colours", "a", "A", "甲", "", ""]))
    assert (error.issue.row, error.issue.column) == (2, "type")
    assert "'colours'" in str(error)


def test_select_without_list_name_refused() -> None:
    assert "needs one choice list" in str(refusal(form_bytes(["select_multiple", "a", "A", "甲", "", ""])))


def test_duplicate_question_names_refused() -> None:
    error = refusal(form_bytes(["text", "a", "A", "甲", "", ""], ["integer", "a", "B", "乙", "", ""]))
    assert (error.issue.sheet, error.issue.row, error.issue.column, error.issue.value) == (
        "survey",
        3,
        "name",
        "a",
    )
    assert "first on row 2" in str(error)


def test_duplicate_choice_names_are_kept_once() -> None:
    choices = [*CHOICES, ["yes_no", "yes", "Yes again", "是"]]
    form = read_xlsform(form_bytes(["select_one yes_no", "a", "A", "甲", "", ""], choices=choices))
    assert [(c.name, c.label["en"]) for c in form.choice_lists["yes_no"]] == [("yes", "Yes"), ("no", "No")]


def test_choice_name_with_space_becomes_underscores_and_a_missing_one_is_refused() -> None:
    choices = [*CHOICES, ["yes_no", "not sure", "Not sure", "不确定"]]
    form = read_xlsform(form_bytes(["select_one yes_no", "a", "A", "甲", "", ""], choices=choices))
    assert [c.name for c in form.choice_lists["yes_no"]] == ["yes", "no", "not_sure"]
    choices = [*CHOICES, ["yes_no", "", "Not sure", "不确定"]]
    error = refusal(form_bytes(["select_one yes_no", "a", "A", "甲", "", ""], choices=choices))
    assert (error.issue.sheet, error.issue.row, error.issue.column) == ("choices", 4, "name")


def test_invalid_name_and_missing_name_refused() -> None:
    assert refusal(form_bytes(["text", "1st", "A", "甲", "", ""])).issue.column == "name"
    assert "name is missing" in str(refusal(form_bytes(["text", "", "A", "甲", "", ""])))


def test_missing_label_shows_the_name_and_is_noted() -> None:
    form = read_xlsform(form_bytes(["text", "a", "", "", "", ""]))
    assert form.questions()[0].label == {"en": "a"}
    assert [(n.question, n.kind) for n in import_notes(form)] == [("a", "label")]


def test_sheet_names_in_any_case_and_missing_sheets() -> None:
    data = workbook({"Survey": [SURVEY_HEADER, ["text", "a", "A", "甲", "", ""]], "notes": [["x"]]})
    assert read_xlsform(data).questions()[0].name == "a"
    data = workbook({"answers": [["x"]], "notes": [["x"]]})
    assert "no 'survey' sheet (sheets found: 'answers', 'notes')" in str(refusal(data))
    data = workbook({"survey": [SURVEY_HEADER, ["select_one yes_no", "a", "A", "甲", "", ""]]})
    error = refusal(data)
    assert "'yes_no' is not on the choices sheet" in str(error)
    assert (error.issue.sheet, error.issue.row, error.issue.column) == ("survey", 2, "type")


def test_broken_expression_refused_with_place() -> None:
    error = refusal(form_bytes(["text", "a", "A", "甲", "", ""], ["text", "b", "B", "乙", "${a} = ", ""]))
    assert (error.issue.sheet, error.issue.row, error.issue.column, error.issue.value) == (
        "survey",
        3,
        "relevant",
        "${a} =",
    )
    assert "column 7" in str(error)


def test_reference_to_unknown_question_refused() -> None:
    error = refusal(form_bytes(["text", "a", "A", "甲", "${nothing} = 'x'", ""]))
    assert (error.issue.row, error.issue.column) == (2, "relevant")
    assert "unknown question ${nothing}" in str(error)


def test_constraint_and_required_expressions_checked() -> None:
    header = [*SURVEY_HEADER, "constraint"]
    error = refusal(form_bytes(["integer", "a", "A", "甲", "", "", ". >>= 1"], header=header))
    assert error.issue.column == "constraint"
    error = refusal(form_bytes(["integer", "a", "A", "甲", "", "${b} = 1", ""], header=header))
    assert error.issue.column == "required"


def test_circular_relevance_refused() -> None:
    error = refusal(
        form_bytes(
            ["text", "a", "A", "甲", "${c} = 'x'", ""],
            ["text", "b", "B", "乙", "${a} = 'x'", ""],
            ["text", "c", "C", "丙", "${b} = 'x'", ""],
        )
    )
    assert "circular logic: a -> c -> b -> a" in str(error)
    assert (error.issue.row, error.issue.column) == (2, "relevant")


def test_self_reference_in_relevant_is_circular_but_in_constraint_is_not() -> None:
    assert "circular" in str(refusal(form_bytes(["integer", "a", "A", "甲", "${a} > 1", ""])))
    header = [*SURVEY_HEADER, "constraint"]
    form = read_xlsform(form_bytes(["integer", "a", "A", "甲", "", "", "${a} > 1"], header=header))
    assert form.questions()[0].constraint == "${a} > 1"


def test_group_structure_errors() -> None:
    error = refusal(form_bytes(["begin_group", "g", "G", "组", "", ""], ["text", "a", "A", "甲", "", ""]))
    assert "never closed" in str(error)
    assert error.issue.row == 2
    error = refusal(form_bytes(["text", "a", "A", "甲", "", ""], ["end_group", "", "", "", "", ""]))
    assert "end_group without a begin_group" in str(error)


def test_bad_default_choice_refused() -> None:
    header = [*SURVEY_HEADER, "default"]
    error = refusal(form_bytes(["select_one yes_no", "a", "A", "甲", "", "", "maybe"], header=header))
    assert (error.issue.column, error.issue.value) == ("default", "maybe")


def test_pyxform_csv_layout() -> None:
    text = (
        "survey,type,name,label::English (en)\n"
        ",select_one yes_no,ok,OK?\n"
        ",text,why,Why?\n"
        "choices,list_name,name,label::English (en)\n"
        ",yes_no,yes,Yes\n"
        ",yes_no,no,No\n"
        "settings,form_id,form_title\n"
        ",csv_form,CSV form\n"
    )
    form = read_xlsform(text.encode(), filename="csv_form.csv")
    assert form.form_id == "csv_form"
    assert [q.name for q in form.questions()] == ["ok", "why"]
    assert form.title == {"en": "CSV form"}


def test_pyxform_markdown_layout() -> None:
    text = """
| survey   |                   |      |                       |
|          | type              | name | label::English (en)   |
|          | select_one yes_no | ok   | OK?                   |
| choices  |                   |      |                       |
|          | list_name         | name | label::English (en)   |
|          | yes_no            | yes  | Yes                   |
"""
    form = read_xlsform(text.strip().encode(), filename="md_form.md")
    assert form.form_id == "md_form"
    assert form.questions()[0].choices == "yes_no"


def test_export_then_import_gives_the_same_form() -> None:
    original = read_xlsform(
        form_bytes(
            ["begin_group", "g", "Group", "组", "", ""],
            ["select_one yes_no", "disclose", "Do you disclose?", "是否披露？", "", "yes"],
            ["end_group", "g", "", "", "", ""],
            ["text", "sample", "=cmd|' /C calc'!A0", "-1+1", "${disclose} = 'yes'", ""],
        )
    )
    again = read_xlsform(write_xlsform(original))
    assert again == original
    assert again.questions()[1].label["en"] == "=cmd|' /C calc'!A0"


def test_language_codes() -> None:
    assert language_code("English (en)") == "en"
    assert language_code("Chinese (zh)") == "zh"
    assert language_code("中文") == "zh"
    assert language_code("French") == "fr"
    assert language_code("Klingon") == "klingon"
