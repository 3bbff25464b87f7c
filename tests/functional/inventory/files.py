"""Activity files as EHS engineers send them, built here (not copied by hand): a GBK CSV with Chinese headers and
a messy Excel ledger with a merged title row, Excel dates, names instead of activity keys and six bad rows."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

GOOD_CSV_ROWS = [
    ("一厂", "2024-01-01", "2024-01-31", "natural_gas", "12000", "立方米", "", "锅炉房"),
    ("一厂", "2024-01-01", "2024-03-31", "electricity_cn_east_2023", "250", "兆瓦时", "", "一季度电费"),
    ("二厂", "2024-02-01", "2024-02-29", "electricity_cn_east_2023", "100", "MWh", "绿证", "GEC 2024-07"),
    ("二厂", "2024-02-01", "2024-02-29", "refrigerant_r410a", "2", "公斤", "", "冷机补充"),
    ("二厂", "2024-01-01", "2024-12-31", "spend_naics_336390", "645150", "元", "", "其他汽车零部件"),
    ("一厂", "2024-03-01", "2024-03-31", "freight_hgv_average", "48000", "吨公里", "", "钢材进厂"),
]


def gbk_csv(rows: list[tuple[str, ...]] | None = None) -> bytes:
    lines = ["站点,开始日期,结束日期,活动,数量,单位,凭证,备注"]
    lines += [",".join(row) for row in (rows or GOOD_CSV_ROWS)]
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


#: (row number in the sheet, column, the reason's words) of every bad row of :func:`messy_xlsx`
BAD_ROWS = {
    8: ("activity", "unknown activity"),
    9: ("unit", "cannot convert"),
    10: ("amount", "negative amount"),
    11: ("amount", ""),
    12: ("period_start", "period out of range"),
    13: ("", "duplicate of row 3"),
}
HEADERS = ["厂区名称", "起始日期", "截止日期", "能源品种", "消耗量", "计量单位", "备注"]


def messy_rows() -> list[list[object]]:
    d = dt.datetime
    return [
        ["一厂", d(2024, 1, 1), d(2024, 1, 31), "电力", 52.5, "万千瓦时", "电费单"],  # row 3
        ["一厂", d(2024, 1, 1), d(2024, 1, 31), "天然气", 38425, "立方米", "燃气表"],
        ["二厂", d(2024, 1, 1), d(2024, 1, 31), "电力", 30.1, "万千瓦时", "电费单"],
        ["二厂", d(2024, 2, 1), d(2024, 2, 29), "天然气", 21000, "立方米", "燃气表"],
        ["一厂", d(2024, 7, 1), d(2024, 7, 31), "R410A冷媒", 6.5, "公斤", "冷水机组"],
        ["一厂", d(2024, 2, 1), d(2024, 2, 29), "天然汽", 30000, "立方米", "typo"],  # row 8: unknown activity
        ["二厂", d(2024, 2, 1), d(2024, 2, 29), "电力", 300, "公斤", "wrong unit"],  # 9: incompatible unit
        ["一厂", d(2024, 3, 1), d(2024, 3, 31), "天然气", -500, "立方米", "correction"],  # 10: negative
        ["一厂", d(2024, 4, 1), d(2024, 4, 30), "电力", "一千", "万千瓦时", "text"],  # 11: not a number
        ["二厂", "2150-01-01", "2150-01-31", "电力", 12, "万千瓦时", "future"],  # 12: out of range
        ["一厂", d(2024, 1, 1), d(2024, 1, 31), "电力", 52.5, "万千瓦时", "电费单"],  # 13: duplicate of 3
    ]


def messy_xlsx(rows: list[list[object]] | None = None, title: str = "苏州精工 2024年能源消耗台账") -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("台账")
    date = workbook.add_format({"num_format": "yyyy/m/d"})
    sheet.merge_range(
        0, 0, 0, len(HEADERS) - 1, title, workbook.add_format({"bold": True, "align": "center"})
    )
    sheet.write_row(1, 0, HEADERS)
    for index, row in enumerate(rows or messy_rows(), start=2):
        for column, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(index, column, value, date)
            else:
                sheet.write(index, column, value)
    workbook.close()
    return buffer.getvalue()


MESSY_MAPPING = {
    "col_site": "厂区名称",
    "col_period_start": "起始日期",
    "col_period_end": "截止日期",
    "col_activity": "能源品种",
    "col_amount": "消耗量",
    "col_unit": "计量单位",
    "col_note": "备注",
    "col_instrument": "",
}
MESSY_VALUES = {"电力": "electricity_cn_east_2023", "天然气": "natural_gas", "R410A冷媒": "refrigerant_r410a"}
