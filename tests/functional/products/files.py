"""Product models as a supplier sends them, built here from the core's example brake caliper
(``src/tanlu/carbon/products/data/example``): a workbook with Chinese sheet names and headers, with five bad rows
that the import must name, and a zip of the CSV files."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import xlsxwriter

import tanlu.carbon.products

EXAMPLE = Path(tanlu.carbon.products.__file__).parent / "data" / "example"
SHEETS_ZH = {
    "products": "产品",
    "inputs": "物料清单",
    "activities": "活动",
    "sites": "工厂",
    "site_activities": "厂区活动",
    "production": "产量",
    "purchased": "外购件",
}
HEADERS_ZH = {
    "products": {
        "product_id": "零件号",
        "name": "名称",
        "name_zh": "中文名称",
        "unit": "声明单位",
        "mass_kg": "单重",
        "price": "单价",
    },
    "inputs": {
        "product_id": "父项",
        "input_id": "子件",
        "quantity": "用量",
        "unit": "单位",
        "scrap": "废品率",
        "yield": "成品率",
    },
    "activities": {
        "product_id": "零件号",
        "activity": "活动",
        "amount": "数量",
        "unit": "单位",
        "stage": "阶段",
        "distance_km": "运输距离",
        "mass_kg": "质量",
        "transport_mode": "运输方式",
        "uncertainty": "不确定性",
        "note": "备注",
    },
    "sites": {
        "site": "工厂",
        "allocation": "分配方法",
        "name_zh": "中文名称",
        "period_start": "开始日期",
        "period_end": "结束日期",
        "justification": "分配理由",
    },
    "site_activities": {
        "site": "工厂",
        "activity": "活动",
        "amount": "数量",
        "unit": "单位",
        "instrument": "凭证",
    },
    "production": {"site": "工厂", "product_id": "零件号", "quantity": "产量", "hours": "机时"},
    "purchased": {
        "item_id": "外购件编号",
        "name": "名称",
        "name_zh": "中文名称",
        "unit": "单位",
        "kgco2e_per_unit": "单位碳足迹",
        "biogenic_kgco2e_per_unit": "生物源碳足迹",
        "primary_data_share": "一手数据比例",
        "source": "数据来源",
        "supplier": "供应商",
        "stage": "阶段",
        "dqr_technological": "技术代表性",
        "dqr_geographical": "地理代表性",
        "dqr_temporal": "时间代表性",
    },
}
#: (canonical sheet, row in the sheet, column, words of the reason) of every bad row of ``bad_workbook``
BAD = [
    ("inputs", 15, "input_id", "unknown"),
    ("inputs", 13, "quantity", "negative"),
    ("inputs", 14, "unit", "convert"),
    ("products", 8, "unit", "required"),
    ("activities", 2, "activity", "unknown"),
]


def example_rows(sheet: str) -> list[dict[str, str]]:
    with (EXAMPLE / f"{sheet}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def good_tables() -> dict[str, list[dict[str, str]]]:
    return {sheet: example_rows(sheet) for sheet in SHEETS_ZH}


def bad_tables() -> dict[str, list[dict[str, str]]]:
    """The example with five bad rows; rows count from 2 under the header line, as in the file."""
    tables = good_tables()
    inputs = tables["inputs"]
    brk = next(i for i, r in enumerate(inputs) if r["product_id"] == "BRK-120")
    inputs[brk] = {**inputs[brk], "quantity": "-1.45"}  # row 13
    pst = next(i for i, r in enumerate(inputs) if r["product_id"] == "PST-130")
    inputs[pst] = {**inputs[pst], "unit": "kWh"}  # row 14
    inputs.append(
        {"product_id": "CAL-100", "input_id": "BLT-M12", "quantity": "2", "unit": "piece"}
    )  # row 15
    tables["products"].append(
        {"product_id": "CLIP-9", "name": "Spring clip", "name_zh": "弹簧卡子", "unit": ""}
    )
    tables["activities"][0] = {**tables["activities"][0], "activity": "electricity_cn_eastt"}
    return tables


def workbook(tables: dict[str, list[dict[str, str]]], *, chinese: bool = True) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    for sheet, rows in tables.items():
        names = HEADERS_ZH[sheet] if chinese else {}
        columns = list(dict.fromkeys(c for r in rows for c in r if not chinese or c in names))
        tab = book.add_worksheet(SHEETS_ZH[sheet] if chinese else sheet)
        tab.write_row(0, 0, [names.get(c, c) for c in columns])
        for index, row in enumerate(rows, start=1):
            tab.write_row(index, 0, [row.get(c, "") for c in columns])
    book.close()
    return buffer.getvalue()


def zipped_csvs(tables: dict[str, list[dict[str, str]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for sheet, rows in tables.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=list(dict.fromkeys(c for r in rows for c in r)))
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(f"model/{sheet}.csv", text.getvalue())
    return buffer.getvalue()
