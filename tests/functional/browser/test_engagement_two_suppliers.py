"""Issue 9's first check in a real browser: an OEM requests a footprint from two suppliers; one answers from its
calculated footprints (choose the product, preview, send), the other downloads the Excel template from the request
it received, fills its yellow cells by hand (after a first try with bad cells is refused naming the row) and
uploads it; the OEM rejects the first with a reason and accepts the second, which becomes a purchased item of its
product model; the supplier board shows both suppliers with their requests, decisions and findings.  Every person
in their own browser, in Chinese on a phone and in English on a desktop, without sideways scrolling.

Set TANLU_SCREENSHOTS=DIR to keep a screenshot of every step."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tanlu.exchange.template_layout import METHOD, PRODUCTS, QUALITY, SIGNATURE
from tanlu.web.accounts import services
from tanlu.web.accounts.models import Membership, Role, User

from ..engagement.helpers import calculated  # noqa: TID252 - the engagement tests' model builder
from ..engagement.test_template import columns  # noqa: TID252 - the template's header -> column
from .pages import NO_SIDEWAYS, OVERFLOWING, PASSWORD
from .test_engagement_journey import _sign_in

pytestmark = pytest.mark.django_db(transaction=True)
OEM = "华东汽车 East China Motors"
RESULTS = "苏州精工冲压件有限公司"  # answers from its calculated footprints
EXCEL = "宁波海天精密件有限公司 Ningbo Haitian Precision"  # answers in the customer's Excel template
#: what the supplier's engineer types into the yellow cells of the request's row, by sheet and column
TYPED: dict[str, dict[str, Any]] = {
    PRODUCTS: {
        "Your product name": "导向销组件 GP-77 Guide pin set",
        "Mass per declared unit (kg)": 0.21,
        "Reference period start": date(2025, 1, 1),
        "Reference period end": date(2025, 12, 31),
        "PCF excl. biogenic uptake (kg CO2e)": 0.38,
        "Fossil GHG emissions (kg CO2e)": 0.37,
        "Biogenic emissions (kg CO2e)": 0.01,
        "Packaging emissions (kg CO2e)": 0.02,
        "Country of production (ISO code)": "CN-ZJ",
    },
    QUALITY: {
        "Primary data share (%)": 55,
        "Technological DQR (1-3)": 1.4,
        "Geographical DQR (1-3)": 1.3,
        "Temporal DQR (1-3)": 1.2,
        "Exempted emissions (%)": 0.5,
        "What was exempted": "防尘套包装 boot packaging",
    },
    METHOD: {
        "GWP set": "AR6",
        "Standard": "ISO14067",
        "System boundary": "从摇篮到大门 cradle to gate",
        "Allocation": "按质量 by mass",
        "Emission factor sources": "ecoinvent 3.10; CLCD 0.8",
        "Verification": "none",
    },
    SIGNATURE: {
        "Prepared by (name)": "李娜 Li Na",
        "Position": "质量工程师 Quality engineer",
        "Email": "li.na@haitian.example",
        "Date": date(2026, 11, 20),
        "Signature": "李娜",
    },
}
#: a negative footprint, no declared unit, a formula in a text cell: refused, naming row 4 and each column
BAD = {
    "Declared unit": None,
    "PCF excl. biogenic uptake (kg CO2e)": -0.38,
    "Your product name": '=HYPERLINK("http://evil.example","x")',
}
REASON = "参考期为 2023 年，请提供 2025 年的数据。"
BAD_CELLS = {
    "E": ("Declared unit", "声明单位"),
    "J": ("PCF excl. biogenic uptake", "产品碳足迹"),
    "F": ("Your product name", "贵司产品名称"),
}


def _people(language: str) -> None:
    """The OEM (with its calculated model, which buys PIN-SET) and its two suppliers, one with a model."""
    oem_user = User.objects.create_user("oem", "oem@example.com", PASSWORD, language=language)
    oem = services.create_organization(oem_user, name=OEM, kind="oem")
    oem_membership = Membership.objects.get(user=oem_user, organization=oem)
    for username, name, code in (("results", RESULTS, "S-0042"), ("excel", EXCEL, "S-0107")):
        link = services.add_supplier(
            oem_membership, name=name, contact_email=f"sales@{username}.example", supplier_code=code
        )
        user = User.objects.create_user(username, f"{username}@example.com", PASSWORD, language=language)
        membership = Membership.objects.create(user=user, organization=link.supplier, role=Role.OWNER)
        if username == "results":
            calculated(membership)
    calculated(oem_membership)


@dataclass(frozen=True)
class Run:
    """One parametrization: the live server, the reader's language and width, where screenshots go."""

    url: str
    language: str
    suffix: str
    shots: Path | None

    @property
    def zh(self) -> bool:
        return self.language.startswith("zh")

    def says(self, page: Any, where: str, english: str, chinese: str) -> None:
        """The label is shown in the reader's language."""
        expected = chinese if self.zh else english
        assert expected in page.inner_text(where), (expected, page.inner_text(where)[:1500])

    def look(self, page: Any, name: str) -> None:
        if self.shots:
            page.screenshot(path=str(self.shots / f"two-suppliers-{name}-{self.suffix}.png"), full_page=True)
        assert page.evaluate(NO_SIDEWAYS), page.evaluate(OVERFLOWING)


def _row(sheet: Any, part_number: str) -> int:
    """The row the customer pre-filled for ``part_number`` (its grey cells)."""
    header = columns(sheet)
    return next(
        r
        for r in range(4, sheet.max_row + 1)
        if sheet.cell(r, header["Customer part no."]).value == part_number
    )


def _type(cell: Any, value: Any) -> None:
    """Type into a cell as a person would: only the yellow, unlocked cells of the protected sheets take input."""
    assert not cell.protection.locked, cell.coordinate
    assert cell.fill.fgColor.rgb == "FFFFF8DC", (cell.coordinate, cell.fill.fgColor.rgb)
    cell.value = value


def _filled(content: bytes, part_number: str, company: str, **changes: Any) -> bytes:
    """The downloaded workbook with ``TYPED`` typed into the part's row and the signature, then ``changes``."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet_name in (PRODUCTS, QUALITY, METHOD):
        sheet = book[sheet_name]
        header, row = columns(sheet), _row(sheet, part_number)
        for name, value in (TYPED[sheet_name] | (changes if sheet_name == PRODUCTS else {})).items():
            _type(sheet.cell(row, header[name]), value)
    signature = book[SIGNATURE]
    lines = {str(c.value).split(" · ")[0].removesuffix(" *"): c.row for c in signature["A"] if c.value}
    assert signature.cell(lines["Company"], 2).value == company  # filled in by Tanlu
    for name, value in TYPED[SIGNATURE].items():
        _type(signature.cell(lines[name], 2), value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _request(run: Run, oem: Any) -> None:
    """The OEM asks both suppliers for the footprint of its guide pin set."""
    oem.goto(f"{run.url}/requests/")
    run.says(oem, "h1", "Footprint requests", "碳足迹请求")
    oem.click(".page-header__actions a[href='/requests/new/']")
    run.says(oem, "h1", "Request footprints", "请求碳足迹")
    for supplier in (RESULTS, EXCEL):
        oem.get_by_label(supplier, exact=False).check()
    oem.fill("#id_parts", "PIN-SET; HSG-110; 导向销组件 Guide pin set")
    oem.fill("#id_due_date", "2099-01-31")
    oem.fill("#id_min_primary_data_share", "10")
    run.look(oem, "oem-new")
    run.says(oem, "form.form button[type=submit]", "Send requests", "发送请求")
    oem.click("form.form button[type=submit]")
    oem.wait_for_selector("table [data-status=sent] >> nth=1")
    run.look(oem, "oem-sent")


def _answer_from_results(run: Run, page: Any) -> None:
    """The first supplier chooses its product, checks the preview and sends it."""
    page.goto(f"{run.url}/requests/received/")
    assert OEM in page.inner_text("table")
    run.says(page, "h1", "Footprint requests", "碳足迹请求")
    page.click("table a.mono")
    page.wait_for_selector("#result")
    run.says(page, "#answer", "From your calculated footprints", "用已计算的碳足迹答复")
    run.says(page, "#answer", "Download, filled from your results", "下载（按计算结果预填）")
    housing = page.locator("#result option", has_text=re.compile(r"^HSG-110 ")).get_attribute("value")
    page.select_option("#result", housing)
    page.click("#answer form[method=get] button[type=submit]")
    page.wait_for_selector("[data-preview='HSG-110']")
    run.says(page, "[data-preview]", "Send this footprint", "提交此碳足迹")
    run.look(page, "results-preview")
    page.click("form[action$='/answer/'] button")
    page.wait_for_selector("#job-progress a.btn--primary", timeout=60_000)
    page.click("#job-progress a.btn--primary")
    page.wait_for_selector("[data-answer='1'][data-decision=pending]")
    run.look(page, "results-sent")


def _upload(page: Any, workbook: Path) -> None:
    page.set_input_files("#id_template-file", str(workbook))
    page.click("[data-template-upload] button[type=submit]")


def _answer_in_excel(run: Run, page: Any, folder: Path) -> None:
    """The second supplier downloads the template, is refused a bad copy, then uploads the filled one."""
    page.goto(f"{run.url}/requests/received/")
    page.click("table a.mono")
    page.wait_for_selector("[data-template-upload]")
    run.says(page, "#answer", "Or fill in the Excel template", "或填写 Excel 模板")
    run.says(page, "[data-template-download]", "Download the Excel template", "下载 Excel 模板")
    run.says(page, "[data-template-upload]", "Upload the workbook and send", "上传工作簿并发送")
    run.look(page, "excel-request")
    with page.expect_download() as download:
        page.click("#answer [data-template-download]")
    assert download.value.suggested_filename.endswith("-PIN-SET.xlsx"), download.value.suggested_filename
    blank = Path(download.value.path()).read_bytes()

    bad = folder / "海天 PCF 模板（有误）.xlsx"
    bad.write_bytes(_filled(blank, "PIN-SET", EXCEL, **BAD))
    _upload(page, bad)
    page.wait_for_selector(".alert--error li")
    run.says(page, "h1", "File refused", "文件被拒绝")
    run.says(page, ".page-header", f"Nothing was sent: {bad.name}", f"未提交任何内容：{bad.name}")
    problems = page.locator(".alert--error li").all_inner_texts()
    for column, (english, chinese) in BAD_CELLS.items():
        named = f"第 4 行，{column} 列（{chinese}" if run.zh else f"row 4, column {column} ({english}"
        assert any(named in p for p in problems), (named, problems)
    assert any("HYPERLINK" in p for p in problems), problems
    run.look(page, "excel-refused")

    run.says(page, "a.btn[href$='#answer']", "Back to the request", "返回请求")
    page.click("a.btn[href$='#answer']")
    page.wait_for_selector("[data-template-upload]")
    run.says(page, "#answers-title", "Answers", "答复")
    assert page.locator("[data-answer]").count() == 0  # nothing of the refused file was sent
    good = folder / "海天 PCF 模板.xlsx"
    good.write_bytes(_filled(blank, "PIN-SET", EXCEL))
    _upload(page, good)
    page.wait_for_selector("[data-answer='1'][data-decision=pending]")
    assert good.name in page.inner_text("[data-answer='1']")
    run.look(page, "excel-sent")


def _open_request(run: Run, page: Any, supplier: str) -> int:
    """The OEM opens its request to ``supplier``; returns the problems the checks found in the answer."""
    page.goto(f"{run.url}/requests/")
    page.click(f"table tr:has-text('{supplier}') a.mono")
    page.wait_for_selector("[data-answer='1'] [data-finding]")
    run.says(page, "[data-answer='1']", "Checks", "检查")
    assert page.locator("[data-answer='1'] [data-finding]").count() >= 10
    return page.locator("[data-answer='1'] [data-severity=problem]").count()


def _decide(run: Run, oem: Any) -> tuple[int, int]:
    """The OEM rejects the first answer with a reason and accepts the second; the model is calculated again."""
    oem.goto(f"{run.url}/requests/")
    assert oem.locator("table [data-status=delivered]").count() == 2
    problems_of_results = _open_request(run, oem, RESULTS)
    run.look(oem, "oem-checks-results")
    run.says(oem, "[data-answer='1'] form", "Reject", "退回")
    oem.fill("#id_comment", REASON)
    oem.click("button[name=decision][value=reject]")
    oem.wait_for_selector("[data-answer='1'][data-decision=rejected]")
    run.says(oem, "[data-answer='1'] .alert", "Rejected", "已退回")

    problems_of_excel = _open_request(run, oem, EXCEL)
    assert "海天 PCF 模板.xlsx" in oem.inner_text("[data-answer='1']")
    assert problems_of_excel == 0, oem.inner_text("[data-findings]")
    run.look(oem, "oem-checks-excel")
    run.says(oem, "[data-answer='1'] form", "Accept", "接受")
    oem.click("button[name=decision][value=accept]")
    oem.wait_for_selector("[data-take-over]")
    take_over = oem.inner_text("[data-take-over]")
    assert all(text in take_over for text in ("PIN-SET", "0.420", "0.380", "CAL-100")), take_over
    assert ("每件" if run.zh else "kg CO2e per piece") in take_over, take_over
    run.look(oem, "oem-accepted")
    oem.click("[data-take-over] a[href^='/jobs/']")
    oem.wait_for_selector("#job-progress a.btn--primary", timeout=60_000)
    oem.click("#job-progress a.btn--primary")
    oem.wait_for_selector("[data-table=moved]")
    run.says(oem, "#moved-title", "What moved", "变化分析")
    assert "CAL-100" in oem.inner_text("[data-table=moved]")  # the caliper that uses PIN-SET
    run.look(oem, "oem-moved")
    return problems_of_results, problems_of_excel


def _board_says(run: Run, card: str, accepted: int, rejected: int, problems: int) -> None:
    assert ("1 个请求" if run.zh else "1 request") in card, card
    decided = (
        f"已接受 {accepted} 个，已退回 {rejected} 个，待检查 0 个"
        if run.zh
        else f"{accepted} accepted, {rejected} rejected, 0 to check"
    )
    assert decided in card, card
    if problems:
        found = f"发现 {problems} 个问题" if run.zh else f"{problems} problem{'s' * (problems > 1)} found"
    else:
        found = "未发现问题" if run.zh else "No problem found"
    assert found in card, card


def _model_and_board(run: Run, oem: Any, problems_of_results: int, problems_of_excel: int) -> None:
    """The purchased item in the OEM's model, and both suppliers on its board."""
    oem.goto(f"{run.url}/products/model/")
    run.says(oem, "#bought-title", "Purchased items", "外购件")
    item = oem.inner_text("section[aria-labelledby=bought-title] tr:has-text('PIN-SET')")
    assert all(text in item for text in ("0.38", "55", EXCEL)), item
    run.look(oem, "oem-model")

    oem.goto(f"{run.url}/requests/board/")
    run.says(oem, "h1", "Supplier board", "供应商看板")
    cards = oem.locator("[data-board] [data-supplier]")
    assert cards.count() == 2
    for name, code, accepted, rejected, problems in (
        (RESULTS, "S-0042", 0, 1, problems_of_results),
        (EXCEL, "S-0107", 1, 0, problems_of_excel),
    ):
        card = cards.filter(has_text=name).inner_text()
        assert code in card, card
        _board_says(run, card, accepted, rejected, problems)
    run.look(oem, "oem-board")
    oem.click(f"[data-board] a:has-text('{RESULTS}')")
    oem.wait_for_selector("[data-request] [data-comment]")
    assert REASON in oem.inner_text("[data-request] [data-comment]")
    findings = oem.locator("[data-request] .badge--danger, [data-request] .badge--warning")
    assert findings.count() >= problems_of_results
    run.look(oem, "oem-board-results")


@pytest.mark.parametrize(("language", "lang", "width"), [("zh-hans", "zh-CN", 360), ("en", "en-GB", 1280)])
def test_two_suppliers_answer_one_is_rejected_one_flows_into_the_model_and_the_board_shows_both(  # noqa: PLR0917
    live_server: Any,
    chromium: Any,
    screenshot_dir: Path | None,
    tmp_path: Path,
    language: str,
    lang: str,
    width: int,
) -> None:
    _people(language)
    run = Run(live_server.url, language, f"{language[:2]}-{width}", screenshot_dir)
    oem, results, excel = (_sign_in(chromium, run.url, u, lang, width) for u in ("oem", "results", "excel"))
    _request(run, oem)
    _answer_from_results(run, results)
    _answer_in_excel(run, excel, tmp_path)
    assert EXCEL not in results.content()
    assert RESULTS not in excel.content()
    _model_and_board(run, oem, *_decide(run, oem))

    results.reload()
    results.wait_for_selector("[data-answer='1'][data-decision=rejected]")
    assert REASON in results.inner_text("[data-answer='1'] [data-comment]")
    run.look(results, "results-rejected")
    excel.goto(f"{run.url}/requests/received/")
    excel.wait_for_selector("table [data-status=accepted]")
    run.look(excel, "excel-accepted")
    for page in (oem, results, excel):
        assert not [e for e in page.errors if "Content Security Policy" in e], page.errors
        page.context.close()
