"""The Excel PCF template through HTTP: the OEM downloads it pre-filled with its requested parts, the supplier
fills it by hand (openpyxl here, as Excel would) or downloads it filled from its results, uploads it, and each
filled row arrives as an answer checked like a PACT file; a bad row is refused naming sheet, row and column."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tanlu.exchange.template_layout import METHOD, PRODUCTS, QUALITY, SIGNATURE
from tanlu.web.engagement.models import FootprintAnswer, FootprintRequest
from tanlu.web.products.models import Result

from .helpers import Pair, calculated, request_form

pytestmark = pytest.mark.django_db
TWO_PARTS = 'PIN-SET; HSG-110; Guide pin set\nBOLT-9;;=HYPERLINK("http://x")'


def send(pair: Pair, capture: Any, parts: str = TWO_PARTS) -> list[FootprintRequest]:
    with capture(execute=True):
        response = pair.oem.client.post("/requests/new/", request_form(pair, parts=parts))
    assert response.status_code == 302, response.content.decode()[:2000]
    return list(FootprintRequest.objects.filter(organization=pair.oem.organization).order_by("pk"))


def columns(sheet: Any) -> dict[str, int]:
    """Header (its English line, without the required mark) -> 1-based column."""
    return {str(cell.value).split("\n")[0].removesuffix(" *"): cell.column for cell in sheet[3] if cell.value}


def row_of(sheet: Any, request: FootprintRequest) -> int:
    return next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value == str(request.pk))


def fill(content: bytes, request: FootprintRequest, **changes: dict[str, Any]) -> bytes:
    """The workbook with the request's rows filled as a supplier engineer would, then ``changes`` per sheet."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    values = {
        PRODUCTS: {
            "Your product name": "Caliper housing HSG-110",
            "Mass per declared unit (kg)": 2.9,
            "Reference period start": date(2025, 1, 1),
            "Reference period end": date(2025, 12, 31),
            "PCF excl. biogenic uptake (kg CO2e)": 12.5,
            "Fossil GHG emissions (kg CO2e)": 12.5,
            "Country of production (ISO code)": "CN-JS",
        },
        QUALITY: {
            "Primary data share (%)": 40,
            "Technological DQR (1-3)": 1.5,
            "Geographical DQR (1-3)": 1.2,
            "Temporal DQR (1-3)": 1,
        },
        METHOD: {"GWP set": "AR6", "Standard": "ISO14067", "Emission factor sources": "ecoinvent 3.10"},
    }
    for sheet_name, given in values.items():
        given.update(changes.get(sheet_name, {}))
        sheet = book[sheet_name]
        header, row = columns(sheet), row_of(sheet, request)
        for name, value in given.items():
            sheet.cell(row, header[name]).value = value
    sign(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sign(book: Any) -> None:
    book[SIGNATURE]["B5"] = "王工 Wang Gong"  # prepared by
    book[SIGNATURE]["B8"] = date(2026, 3, 2)


def upload(pair: Pair, request: FootprintRequest, content: bytes, name: str = "filled.xlsx") -> Any:
    return pair.supplier.client.post(
        f"/requests/received/{request.pk}/template/",
        {"template-file": SimpleUploadedFile(name, content)},
    )


def no_formulas(content: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert not [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_the_oem_downloads_its_requested_parts_as_a_workbook_without_formulas(
    pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    pin, bolt = send(pair, django_capture_on_commit_callbacks)
    page = pair.oem.client.get(f"/requests/{pin.pk}/").content.decode()
    assert f'href="/requests/{pin.pk}/template.xlsx"' in page
    response = pair.oem.client.get(f"/requests/{pin.pk}/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"pcf-template-{pin.pk}-PIN-SET.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[1:] == [PRODUCTS, QUALITY, METHOD, SIGNATURE]
    products = book[PRODUCTS]
    header = columns(products)
    rows = [[products.cell(r, c).value for c in range(1, 6)] for r in (4, 5)]
    assert rows == [
        [str(pin.pk), "PIN-SET", "HSG-110", "Guide pin set", "piece"],  # the request it came from first
        [str(bolt.pk), "BOLT-9", None, '\'=HYPERLINK("http://x")', "piece"],  # text, neutralized
    ]
    assert products.cell(4, header["PCF excl. biogenic uptake (kg CO2e)"]).value is None
    assert products.protection.sheet
    assert {v.type for v in products.data_validations.dataValidation} >= {"list", "decimal", "date"}
    no_formulas(response.content)
    assert pair.supplier.client.get(f"/requests/{pin.pk}/template.xlsx").status_code == 404


def test_a_supplier_fills_the_template_by_hand_and_the_row_is_delivered_and_checked(
    pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    pin, bolt = send(pair, django_capture_on_commit_callbacks)
    page = pair.supplier.client.get(f"/requests/received/{pin.pk}/").content.decode()
    assert "data-template-upload" in page
    blank = pair.supplier.client.get(f"/requests/received/{pin.pk}/template.xlsx")
    assert blank.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(blank.content))
    assert book[SIGNATURE]["B4"].value == pair.supplier.organization.name
    response = upload(pair, pin, fill(blank.content, pin))
    assert response.status_code == 302, response.content.decode()[-3000:]
    (answer,) = FootprintAnswer.objects.filter(request=pin)
    assert (answer.source, answer.version, answer.total, answer.primary_data_share) == (
        "template",
        1,
        12.5,
        40.0,
    )
    assert answer.dqr == {"technological": 1.5, "geographical": 1.2, "temporal": 1.0}
    assert answer.document["pcf"]["geographyCountrySubdivision"] == "CN-JS"
    codes = {f["code"]: f["severity"] for f in answer.findings}
    assert codes["declared_unit"] == codes["product"] == codes["gwp"] == codes["totals"] == "ok"
    pin.refresh_from_db()
    bolt.refresh_from_db()
    assert (pin.status, bolt.status) == ("delivered", "sent")  # the empty row answers nothing
    oem_page = pair.oem.client.get(f"/requests/{pin.pk}/").content.decode()
    assert 'data-answer="1"' in oem_page
    assert "filled.xlsx" in oem_page


def test_the_supplier_downloads_it_filled_from_its_results_and_sends_it_back(
    pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    calculated(pair.supplier_membership)
    pin, _bolt = send(pair, django_capture_on_commit_callbacks)
    result = Result.objects.get(organization=pair.supplier.organization, product_id="HSG-110")
    response = pair.supplier.client.get(f"/requests/received/{pin.pk}/template.xlsx?result={result.pk}")
    assert response.status_code == 200
    no_formulas(response.content)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    products = book[PRODUCTS]
    header = columns(products)
    assert products.cell(4, header["PCF excl. biogenic uptake (kg CO2e)"]).value == pytest.approx(
        result.total
    )
    assert products.cell(5, header["Your product name"]).value is None  # BOLT-9: no product of that number
    sign(book)
    buffer = io.BytesIO()
    book.save(buffer)
    sent = upload(pair, pin, buffer.getvalue())
    assert sent.status_code == 302, sent.content.decode()[-3000:]
    answer = FootprintAnswer.objects.get(request=pin)
    assert answer.total == pytest.approx(result.total)
    assert answer.primary_data_share == pytest.approx(result.primary_data_share)
    assert {f["code"]: f["severity"] for f in answer.findings}["product"] == "ok"


def test_a_bad_row_is_refused_naming_sheet_row_and_column_and_nothing_is_stored(
    pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    pin, _bolt = send(pair, django_capture_on_commit_callbacks)
    blank = pair.supplier.client.get(f"/requests/received/{pin.pk}/template.xlsx").content
    bad = fill(
        blank,
        pin,
        **{
            PRODUCTS: {
                "Declared unit": None,
                "PCF excl. biogenic uptake (kg CO2e)": -3,
                "Your product name": '=HYPERLINK("http://evil.example","x")',
            }
        },
    )
    response = upload(pair, pin, bad, name="bad.xlsx")
    assert response.status_code == 400
    text = response.content.decode()
    assert "bad.xlsx" in text
    for column, name in (("E", "声明单位"), ("J", "产品碳足迹"), ("F", "贵司产品名称")):
        # the column named in the supplier's language; the sentence English until the catalogue has it
        where = (f"row 4, column {column} ({name}", f"第 4 行，{column} 列（{name}")  # TRANSLATION-CHECK
        assert any(w in text for w in where), text[-3000:]
    assert "HYPERLINK" in text  # the formula refused is shown
    assert not FootprintAnswer.objects.filter(request=pin).exists()
    pin.refresh_from_db()
    assert pin.status != "delivered"


def test_the_problems_speak_the_readers_language(pair: Pair, django_capture_on_commit_callbacks: Any) -> None:
    pair.supplier.owner.language = "en"
    pair.supplier.owner.save()
    pin, _bolt = send(pair, django_capture_on_commit_callbacks)
    blank = pair.supplier.client.get(f"/requests/received/{pin.pk}/template.xlsx").content
    bad = fill(blank, pin, **{PRODUCTS: {"PCF excl. biogenic uptake (kg CO2e)": -3}})
    text = upload(pair, pin, bad).content.decode()
    assert (
        "Sheet Products 产品, row 4, column J (PCF excl. biogenic uptake (kg CO2e)): must not be negative"
        in text
    )


def test_a_workbook_of_another_customer_answers_nothing(
    pair: Pair, tenant_factory: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The shared supplier uploads, on one customer's request, the workbook of another customer's request."""
    from tanlu.web.accounts.models import SupplierRelationship  # noqa: PLC0415

    gamma = tenant_factory("Gamma Trucks")
    link = SupplierRelationship.objects.create(
        organization=gamma.organization, supplier=pair.supplier.organization
    )
    gamma_pair = Pair(oem=gamma, supplier=pair.supplier, link=link)
    (gamma_request,) = send(gamma_pair, django_capture_on_commit_callbacks, parts="G-1")
    pin, *_ = send(pair, django_capture_on_commit_callbacks)
    gamma_book = pair.supplier.client.get(f"/requests/received/{gamma_request.pk}/template.xlsx").content
    assert b"PIN-SET" not in gamma_book  # only gamma's parts
    response = upload(pair, pin, fill(gamma_book, gamma_request))
    assert response.status_code == 400
    assert not FootprintAnswer.objects.exists()
