"""The bilingual PCF template: written with every cell as text or number (never a formula), with dropdowns and
ranges; read back unchanged; every bad cell refused naming sheet, Excel row and column; a filled row becomes a
valid PACT v3 footprint the customer's checks read exactly as a PACT file."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanlu.errors import FileFormatError, RowsRejected
from tanlu.exchange import mapping, pact_io
from tanlu.exchange.checks import Rules, check_footprint
from tanlu.exchange.received import received
from tanlu.exchange.template_layout import (
    METHOD,
    PRODUCTS,
    QUALITY,
    SIGNATURE,
    Asked,
    RequestedPart,
    Signature,
    TemplateFootprint,
    column_letter,
    disclosure_of,
    footprint_of,
)
from tanlu.exchange.template_problems import TemplateRejected
from tanlu.exchange.template_read import read_template
from tanlu.exchange.template_xlsx import write_template

from .conftest import caliper

PARTS = [
    RequestedPart("12", "PIN-SET", "HSG-110", "Guide pin set", "piece"),
    RequestedPart("13", "BOLT-9", "", "=cmd|' /C calc'!A0", "kilogram"),
]
ASKED = Asked("Alpha Motors 阿尔法汽车", "苏州精工", date(2099, 1, 31), "AR6", ("ISO14067",), 24, 10.0, 3.0)
SIGNED = Signature("苏州精工 Precision Castings", "王工", "PCF engineer", "wang@example.cn", date(2026, 3, 2))


def footprint(**changes: Any) -> TemplateFootprint:
    values: dict[str, Any] = {
        "part": PARTS[0],
        "product_name": "Caliper housing",
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
        "total": 12.5,
        "fossil": 12.3,
        "gwp": "AR6",
        "standard": "ISO14067",
        "mass_kg": 2.9,
        "biogenic": 0.2,
        "primary_data_share": 40.0,
        "dqr": {"technological": 1.5, "geographical": 1.2, "temporal": 1.0},
        "factor_sources": "ecoinvent 3.10",
        "country": "CN-JS",
    }
    values.update(changes)
    return TemplateFootprint(**values)


def written(**filled: TemplateFootprint) -> bytes:
    return write_template(PARTS, ASKED, filled=filled, signature=SIGNED)


def edited(content: bytes, cells: dict[tuple[str, str], Any]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(content))
    for (sheet, coordinate), value in cells.items():
        book[sheet][coordinate] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(content: bytes) -> list[tuple[str, int | None, str, str]]:
    with pytest.raises(TemplateRejected) as caught:
        read_template(content, filename="filled.xlsx")
    return [(p.sheet, p.row, p.column, p.code) for p in caught.value.problems]


def test_a_filled_row_reads_back_as_written_and_an_empty_row_answers_nothing() -> None:
    wanted = footprint(boundary="-cradle to gate", comment="@note", packaging=0.4, biogenic_uptake=-0.3)
    result = read_template(written(**{"12": wanted}))
    assert result.footprints == [wanted]
    assert result.footprints[0].rows == {PRODUCTS: 4, QUALITY: 4, METHOD: 4}
    assert result.signature == SIGNED


def test_the_workbook_has_no_formula_cells_and_neutralizes_text() -> None:
    content = written(**{"12": footprint(product_name='=HYPERLINK("http://x")')})
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert [ws.title for ws in book] == ["Instructions 填写说明", PRODUCTS, QUALITY, METHOD, SIGNATURE]
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    products = book[PRODUCTS]
    assert products["F4"].value == '\'=HYPERLINK("http://x")'
    assert products["D5"].value == "'=cmd|' /C calc'!A0"
    assert read_template(content).footprints[0].product_name == '=HYPERLINK("http://x")'


def test_headers_are_bilingual_and_inputs_have_dropdowns_and_ranges() -> None:
    book = openpyxl.load_workbook(io.BytesIO(written()))
    products = book[PRODUCTS]
    assert products["E3"].value == "Declared unit *\n声明单位"
    assert products.freeze_panes == "C4"
    assert products.protection.sheet
    validations = {str(v.sqref): v for v in products.data_validations.dataValidation}
    assert validations["E4:E5"].type == "list"
    assert "kilogram" in validations["E4:E5"].formula1
    assert (validations["J4:J5"].type, validations["J4:J5"].operator) == ("decimal", "greaterThanOrEqual")
    dqr = {str(v.sqref): v for v in book[QUALITY].data_validations.dataValidation}["D4:D5"]
    assert (dqr.formula1, dqr.formula2) == ("1", "3")
    assert not products["F4"].protection.locked  # the supplier's cells are open, the request's locked
    assert products["A4"].protection.locked
    assert "AR6" in [c.value for c in book["Instructions 填写说明"]["C"]]


def test_bad_rows_are_refused_naming_sheet_row_and_column() -> None:
    content = edited(
        written(**{"12": footprint()}),
        {
            (PRODUCTS, "E4"): None,  # declared unit missing
            (PRODUCTS, "J4"): -2.5,  # negative footprint
            (PRODUCTS, "F4"): '=A1&"x"',  # a formula in a text cell
            (PRODUCTS, "G5"): "lots",  # not a number, on the second request's row
            (QUALITY, "D4"): 4,  # DQR out of range
            (METHOD, "D4"): "ISO 9001",  # not a standard of the list
            (SIGNATURE, "B5"): None,  # nobody prepared it
        },
    )
    assert sorted(refused(content)) == sorted(
        [
            (SIGNATURE, 5, "B", "required"),
            (PRODUCTS, 4, "E", "required"),
            (PRODUCTS, 4, "F", "formula"),
            (PRODUCTS, 4, "J", "negative"),
            (QUALITY, 4, "D", "above_maximum"),
            (METHOD, 4, "D", "not_a_choice"),
            (PRODUCTS, 5, "G", "not_a_number"),
            (PRODUCTS, 5, "F", "required"),
            (PRODUCTS, 5, "H", "required"),
            (PRODUCTS, 5, "I", "required"),
            (PRODUCTS, 5, "J", "required"),
            (PRODUCTS, 5, "K", "required"),
            (METHOD, 5, "C", "required"),
            (METHOD, 5, "D", "required"),
        ]
    )


def test_the_error_names_the_file_sheet_row_and_column_in_english() -> None:
    content = edited(written(**{"12": footprint()}), {(PRODUCTS, "J4"): -2.5})
    with pytest.raises(RowsRejected) as caught:
        read_template(content, filename="filled.xlsx")
    assert str(caught.value).splitlines()[1].strip() == (
        "filled.xlsx, sheet 'Products 产品', row 4, column 'J (PCF excl. biogenic uptake (kg CO2e))': "
        "must not be negative (value '-2.5')"
    )


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({(PRODUCTS, "I4"): date(2024, 12, 31)}, (PRODUCTS, 4, "I", "period_order")),
        ({(PRODUCTS, "H4"): "2025-02-31"}, (PRODUCTS, 4, "H", "not_a_date")),
        ({(PRODUCTS, "G4"): None}, (PRODUCTS, 4, "G", "mass_required")),
        ({(PRODUCTS, "P4"): "China"}, (PRODUCTS, 4, "P", "not_a_country")),
        ({(PRODUCTS, "K4"): "=J4*0.9"}, (PRODUCTS, 4, "K", "formula_without_value")),
        ({(QUALITY, "E4"): None}, (QUALITY, 4, "E", "dqr_incomplete")),
        ({(QUALITY, "C4"): 120}, (QUALITY, 4, "C", "above_maximum")),
        ({(PRODUCTS, "M4"): 0.5}, (PRODUCTS, 4, "M", "above_maximum")),
        ({(METHOD, "A6"): "99", (METHOD, "E6"): "x"}, (METHOD, 6, "A", "unknown_request")),
        ({(PRODUCTS, "F6"): "orphan"}, (PRODUCTS, 6, "A", "no_request")),
        ({(SIGNATURE, "B8"): "soon"}, (SIGNATURE, 8, "B", "not_a_date")),
    ],
)
def test_each_bad_cell_is_named(cells: dict[tuple[str, str], Any], problem: tuple[Any, ...]) -> None:
    assert problem in refused(edited(written(**{"12": footprint()}), cells))


def test_dates_typed_as_text_in_chinese_or_iso_form_are_read() -> None:
    content = edited(
        written(**{"12": footprint()}), {(PRODUCTS, "H4"): "2025年1月1日", (PRODUCTS, "I4"): "2025/12/31"}
    )
    (read,) = read_template(content).footprints
    assert (read.period_start, read.period_end) == (date(2025, 1, 1), date(2025, 12, 31))


def test_a_blank_template_or_another_file_is_refused() -> None:
    assert refused(written()) == [(PRODUCTS, None, "", "nothing_filled")]
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    assert (PRODUCTS, None, "", "missing_sheet") in refused(buffer.getvalue())
    with pytest.raises(FileFormatError):
        read_template(b'{"id": 1}', filename="x.json")


def test_a_filled_row_is_a_valid_pact_footprint_and_checked_like_one() -> None:
    (read,) = read_template(written(**{"12": footprint()})).footprints
    disclosure = disclosure_of(
        read, SIGNED, company_ids=("urn:tanlu:organization:7",), product_ids=("urn:tanlu:product:HSG-110",)
    )
    document = mapping.to_pact_v3(
        disclosure, pf_id="3893bb5d-da16-4dc1-9185-11d97476c254", created=datetime(2026, 3, 2, tzinfo=UTC)
    )
    (imported,) = pact_io.import_documents(document)
    footprint_received = received(imported)
    assert (footprint_received.pcf_excluding_uptake, footprint_received.mass_per_declared_unit) == (12.5, 2.9)
    assert footprint_received.company_name == SIGNED.company_name
    assert "王工" in document["comment"]
    findings = check_footprint(
        footprint_received,
        Rules("piece", product_ids=("HSG-110",), min_primary_data_share=10),
        today=date(2026, 3, 2),
    )
    assert {f.code: f.severity for f in findings}["product"] == "ok"
    assert {f.severity for f in findings} <= {"ok", "warning"}


def test_a_calculated_disclosure_fills_a_row_that_gives_it_back() -> None:
    disclosure = caliper()
    row = footprint_of(PARTS[0], disclosure)
    (read,) = read_template(written(**{"12": row})).footprints
    back = disclosure_of(read, SIGNED, company_ids=disclosure.company_ids, product_ids=disclosure.product_ids)
    for name in (
        "pcf_excluding_uptake",
        "fossil",
        "mass_kg",
        "primary_data_share",
        "dqr",
        "gwp",
        "exempted_percent",
    ):
        assert getattr(back, name) == getattr(disclosure, name), name
    assert back.secondary_sources == disclosure.secondary_sources
    assert back.country_subdivision == "CN-JS"
    assert back.verification is not None
    assert (back.verification.coverage, back.verification.provider_name) == ("product level", "TÜV Example")


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 15, 25, 26, 701, 702)] == ["A", "P", "Z", "AA", "ZZ", "AAA"]


_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp", "Zs")),
    min_size=1,
    max_size=30,
)
#: numbers as an engineer types them (Excel keeps 15 significant digits, no more)
_amount = st.floats(min_value=0, max_value=1e6).map(lambda x: round(x, 6))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=_text,
    boundary=_text,
    total=_amount,
    fossil=_amount,
    share=st.one_of(st.none(), st.floats(min_value=0, max_value=100).map(lambda x: round(x, 4))),
    rating=st.floats(min_value=1, max_value=3).map(lambda x: round(x, 4)),
)
def test_any_filled_row_reads_back_unchanged(
    *, name: str, boundary: str, total: float, fossil: float, share: float | None, rating: float
) -> None:
    wanted = footprint(
        product_name=name,
        boundary=boundary,
        total=total,
        fossil=fossil,
        primary_data_share=share,
        dqr={"technological": rating, "geographical": 3.0, "temporal": 1.0},
    )
    assert read_template(written(**{"12": wanted})).footprints == [wanted]
