"""Writing the bilingual PCF template (:mod:`tanlu.exchange.template_layout`) as an XLSX workbook.

Grey cells come from the request and are locked; yellow cells are the supplier's, each with a data validation
(a dropdown, a number range, a date) and a bilingual input message.  The sheets are protected without a
password, only so that a grey cell is not overwritten by accident.  Every text goes through
:func:`tanlu.tabular.neutralize_cell` and is written with ``write_string``: the workbook holds no formula.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import xlsxwriter

from tanlu.exchange.template_layout import (
    CHOICE,
    DATE,
    HEADER_ROW,
    INSTRUCTIONS,
    NUMBER,
    SHEET_FIELDS,
    SIGNATURE,
    SIGNATURE_FIELDS,
    Asked,
    Field,
    RequestedPart,
    Signature,
    TemplateFootprint,
)
from tanlu.tabular import neutralize_cell

_TEAL, _GREY, _YELLOW, _LINE = "#1F4E5A", "#EDEFF1", "#FFF8DC", "#B7C3C8"
_CREATED = datetime(2026, 1, 1)  # a fixed creation time: the same request gives the same bytes
_STEPS = (
    (("Fill in one row per part on the sheets Products, Data quality and Method; the rows belong together by "
     "their request number."), "在“产品”“数据质量”“方法”三个工作表中，每个零件填写一行；各表的行按请求编号对应。"),
    (("Grey cells come from the request and cannot be changed; yellow cells are yours. * marks a required "
     "column."), "灰色单元格来自客户请求，不可修改；黄色单元格由贵司填写。*表示必填列。"),
    ("Amounts are kg CO2e per ONE declared unit, cradle to gate, without the biogenic CO2 uptake in the total.",
     "排放量均为每一个声明单位的kg CO2e，从摇篮到大门，总量不含生物源CO2吸收。"),
    ("Type values, not formulas: a formula in a text cell is refused, and a number cell must show its value.",
     "请直接填写数值，不要使用公式：文本单元格中的公式将被拒绝，数值单元格必须显示计算结果。"),
    ("Fill in and sign the Signature sheet, save as .xlsx and upload the file on the request's page in Tanlu.",
     "填写并签署“签署”工作表，保存为.xlsx文件，在碳路（Tanlu）的请求页面上传。"),
    (("A row that cannot be read is refused with its sheet, row and column; nothing is sent until every row "
     "is right. What arrives is then checked against the rules below."),
     "无法读取的行会被拒绝，并指出工作表、行和列；全部正确后才会发送。收到后将按以下规则检查。"),
)  # fmt: skip


class _Styles:
    def __init__(self, workbook: Any) -> None:
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        box = {**base, "border": 1, "border_color": _LINE}
        self.title = workbook.add_format({**base, "bold": True, "font_size": 14, "font_color": _TEAL})
        self.note = workbook.add_format({**base, "italic": True, "font_color": "#5B6770", "text_wrap": True})
        self.header = workbook.add_format(
            {**box, "bold": True, "font_color": "#FFFFFF", "bg_color": _TEAL, "text_wrap": True}
        )
        self.text = workbook.add_format({**base, "text_wrap": True})
        self.bold = workbook.add_format({**base, "bold": True, "text_wrap": True})
        self.given = workbook.add_format({**box, "bg_color": _GREY, "text_wrap": True})
        self.given_date = workbook.add_format(
            {**box, "bg_color": _GREY, "num_format": "yyyy-mm-dd", "align": "left"}
        )
        self.input = workbook.add_format({**box, "bg_color": _YELLOW, "locked": False, "text_wrap": True})
        self.number = workbook.add_format(
            {**box, "bg_color": _YELLOW, "locked": False, "num_format": "0.000###"}
        )
        self.date = workbook.add_format(
            {**box, "bg_color": _YELLOW, "locked": False, "num_format": "yyyy-mm-dd"}
        )

    def cell(self, f: Field) -> Any:
        if f.from_request:
            return self.given
        return {NUMBER: self.number, DATE: self.date}.get(f.kind, self.input)


def write_template(
    parts: Sequence[RequestedPart],
    asked: Asked,
    *,
    filled: Mapping[str, TemplateFootprint] | None = None,
    signature: Signature | None = None,
) -> bytes:
    """The template for ``parts``, with the rows of ``filled`` (by request number) and a signature filled in."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties(
        {"title": "PCF template 产品碳足迹模板", "author": "Tanlu 碳路", "created": _CREATED}
    )
    styles = _Styles(workbook)
    _instructions(workbook.add_worksheet(INSTRUCTIONS), styles, asked)
    for sheet_name, fields in SHEET_FIELDS.items():
        rows = [_values(part, (filled or {}).get(part.request)) for part in parts]
        _row_sheet(workbook.add_worksheet(sheet_name), styles, fields, rows, asked)
    _signature(workbook.add_worksheet(SIGNATURE), styles, signature or Signature())
    workbook.close()
    return buffer.getvalue()


def _put(sheet: Any, row: int, column: int, value: object, style: Any) -> None:
    """One cell: a number as a number, a date as a date, any text neutralized and as text, never a formula."""
    if value is None or value == "":
        sheet.write_blank(row, column, None, style)
    elif isinstance(value, bool):
        sheet.write_string(row, column, "TRUE" if value else "FALSE", style)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, style)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, datetime.combine(value, datetime.min.time()), style)
    else:
        text = str(value)
        # a leading ' is doubled so that reading strips exactly the one neutralize_cell adds
        sheet.write_string(row, column, "'" + text if text.startswith("'") else neutralize_cell(text), style)


def _values(part: RequestedPart, fp: TemplateFootprint | None) -> dict[str, object]:
    values: dict[str, object] = {
        "request": part.request,
        "part_number": part.part_number,
        "supplier_part_number": part.supplier_part_number,
        "part_name": part.part_name,
        "declared_unit": part.declared_unit,
    }
    if fp is None:
        return values
    dqr = fp.dqr or {}
    values.update(
        {
            name: getattr(fp, name)
            for name in ("product_name", "period_start", "period_end", "total", "fossil")
        },
        mass_kg=fp.mass_kg,
        biogenic=fp.biogenic or None,
        biogenic_uptake=fp.biogenic_uptake or None,
        packaging=fp.packaging,
        distribution=fp.distribution,
        country=fp.country,
        primary_data_share=fp.primary_data_share,
        dqr_technological=dqr.get("technological"),
        dqr_geographical=dqr.get("geographical"),
        dqr_temporal=dqr.get("temporal"),
        exempted_percent=fp.exempted_percent,
        exempted_description=fp.exempted_description,
        gwp=fp.gwp,
        standard=fp.standard,
        boundary=fp.boundary,
        allocation=fp.allocation,
        factor_sources=fp.factor_sources,
        verification=fp.verification,
        verifier=fp.verifier,
        comment=fp.comment,
    )
    return values


def _validation(f: Field) -> dict[str, Any] | None:
    message = {
        "input_title": f.zh[:32],
        "input_message": "\n".join(t for t in (f.hint_en, f.hint_zh) if t)[:255] or f"{f.en} · {f.zh}"[:255],
        "error_title": "Not accepted 不接受",
    }
    if f.kind == CHOICE:
        return {
            **message,
            "validate": "list",
            "source": list(f.choices),
            "error_message": "Choose from the list. 请从列表中选择。",
        }
    if f.kind == DATE:
        return {
            **message, "validate": "date", "criteria": ">=", "value": datetime(2000, 1, 1),
            "error_message": "A date, YYYY-MM-DD. 请填写日期（年-月-日）。",
        }  # fmt: skip
    if f.kind == NUMBER:
        if f.minimum is not None and f.maximum is not None:
            bounds = {"criteria": "between", "minimum": f.minimum, "maximum": f.maximum}
            text = f"A number from {f.minimum:g} to {f.maximum:g}. 请填写{f.minimum:g}至{f.maximum:g}之间的数值。"
        elif f.minimum is not None:
            bounds = {"criteria": ">=", "value": f.minimum}
            text = f"A number, at least {f.minimum:g}. 请填写不小于{f.minimum:g}的数值。"
        else:
            bounds = {"criteria": "<=", "value": f.maximum}
            text = f"A number, at most {f.maximum:g}. 请填写不大于{f.maximum:g}的数值。"
        return {**message, "validate": "decimal", **bounds, "error_message": text}
    if f.hint_en:
        return {**message, "validate": "any"}
    return None


def _row_sheet(
    sheet: Any, styles: _Styles, fields: Sequence[Field], rows: list[dict[str, object]], asked: Asked
) -> None:
    sheet.write_string(
        0, 0, neutralize_cell(f"{sheet.name} · {asked.customer} → {asked.supplier}"), styles.title
    )
    sheet.write_string(
        1,
        0,
        "Grey: from the request · yellow: to fill in · * required   灰色：来自请求 · 黄色：请填写 · *必填",
        styles.note,
    )
    sheet.set_row(HEADER_ROW, 42)
    for column, f in enumerate(fields):
        sheet.set_column(column, column, f.width)
        sheet.write_string(HEADER_ROW, column, f.header, styles.header)
        for number, values in enumerate(rows, start=HEADER_ROW + 1):
            _put(sheet, number, column, values.get(f.key), styles.cell(f))
        validation = _validation(f)
        if validation and rows and not f.from_request:
            sheet.data_validation(HEADER_ROW + 1, column, HEADER_ROW + len(rows), column, validation)
    sheet.freeze_panes(HEADER_ROW + 1, 2)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + max(len(rows), 1), len(fields) - 1)
    sheet.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_footer("&L&A&R&P / &N")


def _rules(asked: Asked) -> list[tuple[str, str, object]]:
    rules: list[tuple[str, str, object]] = [
        ("Customer", "客户", asked.customer),
        ("Supplier", "供应商", asked.supplier),
        ("Due date", "截止日期", asked.due_date),
        ("GWP set", "GWP值版本", asked.gwp),
        ("Standards (one of them)", "核算标准（其一即可）", ", ".join(asked.standards) or "any 不限"),
    ]
    if asked.max_age_months is not None:
        rules.append(
            (
                "Reference period ended at most (months ago)",
                "参考期结束距今不超过（月）",
                asked.max_age_months,
            )
        )
    if asked.min_primary_data_share is not None:
        rules.append(
            ("Minimum primary data share (%)", "一手数据占比下限（%）", asked.min_primary_data_share)
        )
    if asked.max_dqr is not None:
        rules.append(
            ("Worst DQR accepted (1 best, 3 worst)", "可接受的最差DQR（1最好，3最差）", asked.max_dqr)
        )
    rules.append(
        ("Verification required", "是否要求核查", "yes 是" if asked.verification_required else "no 否")
    )
    rules.append(("Exempted emissions at most (%)", "排除的排放不超过（%）", 3))
    if asked.message:
        rules.append(("Message", "留言", asked.message))
    return rules


def _instructions(sheet: Any, styles: _Styles, asked: Asked) -> None:
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 2, 58)
    sheet.set_column(3, 4, 16)
    sheet.write_string(0, 1, "Product carbon footprint (PCF) template", styles.title)
    sheet.write_string(0, 2, "产品碳足迹（PCF）填报模板", styles.title)
    row = 2
    for number, (en, zh) in enumerate(_STEPS, start=1):
        sheet.write_number(row, 0, number, styles.bold)
        sheet.write_string(row, 1, en, styles.text)
        sheet.write_string(row, 2, zh, styles.text)
        row += 1
    row += 1
    sheet.write_string(row, 1, "What the customer asks", styles.header)
    sheet.write_string(row, 2, "客户要求", styles.header)
    for en, zh, value in _rules(asked):
        row += 1
        sheet.write_string(row, 1, f"{en} · {zh}", styles.bold)
        _put(sheet, row, 2, value, styles.given_date if isinstance(value, date) else styles.given)
    row += 2
    for column, heading in enumerate(("Sheet 工作表", "Column 列", "中文", "Required 必填", "Values 取值")):
        sheet.write_string(row, column, heading, styles.header)
    for sheet_name, fields in (*SHEET_FIELDS.items(), (SIGNATURE, SIGNATURE_FIELDS)):
        for f in fields:
            row += 1
            sheet.write_string(row, 0, sheet_name, styles.text)
            sheet.write_string(row, 1, f"{f.en}. {f.hint_en}" if f.hint_en else f.en, styles.text)
            sheet.write_string(row, 2, f"{f.zh}。{f.hint_zh}" if f.hint_zh else f.zh, styles.text)
            sheet.write_string(row, 3, "yes 是" if f.required else "", styles.text)
            sheet.write_string(row, 4, neutralize_cell(_allowed(f)), styles.text)
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.activate()


def _allowed(f: Field) -> str:
    if f.from_request:
        return "from the request 来自请求"
    if f.kind == CHOICE:
        return " | ".join(f.choices)
    if f.kind == DATE:
        return "YYYY-MM-DD"
    if f.kind == NUMBER:
        low = "" if f.minimum is None else f"{f.minimum:g}"
        high = "" if f.maximum is None else f"{f.maximum:g}"
        return f"number 数值 {low}…{high}"
    return "text 文本"


def _signature(sheet: Any, styles: _Styles, signature: Signature) -> None:
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 48)
    sheet.write_string(0, 0, "Declaration 声明", styles.title)
    sheet.merge_range(
        1, 0, 1, 1,
        "We declare that the footprints in this workbook were calculated as described on the Method sheet and "
        "are correct to the best of our knowledge.\n我司声明，本文件中的碳足迹按“方法”工作表所述方法核算，"
        "据我司所知真实准确。",
        styles.text,
    )  # fmt: skip
    sheet.set_row(1, 48)
    values = {
        "company_name": signature.company_name,
        "prepared_by": signature.prepared_by,
        "position": signature.position,
        "email": signature.email,
        "signed_on": signature.signed_on,
    }
    for offset, f in enumerate(SIGNATURE_FIELDS):
        row = HEADER_ROW + 1 + offset
        sheet.write_string(row, 0, f.header.replace("\n", " · "), styles.bold)
        _put(sheet, row, 1, values.get(f.key), styles.date if f.kind == DATE else styles.input)
        if f.kind == DATE:
            sheet.data_validation(row, 1, row, 1, _validation(f))
    sheet.set_row(HEADER_ROW + len(SIGNATURE_FIELDS), 60)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    sheet.set_paper(9)
