"""Writes the inventory demo's source files (run it from anywhere; the files are committed next to it).

A stamping supplier with two plants in Jiangsu (East China grid), 2023 and 2024:

* ``能源台账_<year>.xlsx``: the energy ledger as the EHS office keeps it in Excel: a merged title row, Chinese
  headers, energy names as written (电力, 天然气, 柴油(叉车)), units as written (万千瓦时, 立方米, 升, 公斤) and a
  green-certificate row;
* ``采购明细_<year>.csv`` (GBK): material purchases from the ERP in tonnes, and machining spend in 元;
* ``物流_<year>.csv`` (UTF-8): inbound freight in 吨公里.

Amounts are plausible for a 600-person stamping plant, not real data. Deterministic (no randomness).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
PLANTS = {"一厂（苏州）": 1.0, "二厂（昆山）": 0.62}
SEASON = [1.08, 0.86, 1.0, 0.98, 1.02, 1.06, 1.12, 1.1, 1.03, 1.0, 0.98, 1.04]  # Spring Festival in February
HEAT = [1.45, 1.3, 1.05, 0.8, 0.7, 0.65, 0.66, 0.66, 0.72, 0.85, 1.1, 1.4]


def _period(year: int, month: int) -> tuple[str, str]:
    last = calendar.monthrange(year, month)[1]
    return f"{year}-{month:02d}-01", f"{year}-{month:02d}-{last:02d}"


def energy_rows(year: int, scale: float) -> list[list[object]]:
    rows: list[list[object]] = []
    for plant, size in PLANTS.items():
        for month in range(1, 13):
            start, end = _period(year, month)
            season = SEASON[month - 1]
            covered = (
                10.0 if plant.startswith("二厂") else 0.0
            )  # the green-power share is listed on its own row
            rows.append(
                [
                    plant,
                    start,
                    end,
                    "电力",
                    round(48.6 * size * season * scale - covered, 2),
                    "万千瓦时",
                    "供电局电费单" + ("（不含绿电）" if covered else ""),
                ]
            )
            rows.append(
                [
                    plant,
                    start,
                    end,
                    "天然气",
                    round(26500 * size * HEAT[month - 1] * scale),
                    "立方米",
                    "燃气表",
                ]
            )
            rows.append(
                [plant, start, end, "柴油(叉车)", round(1150 * size * season * scale), "升", "加油卡"]
            )
    rows.append(
        [
            "二厂（昆山）",
            f"{year}-01-01",
            f"{year}-12-31",
            "电力",
            round(1200 * scale),
            "兆瓦时",
            "绿证 2024-GEC-0173",
            "绿证",
        ]
    )
    rows.append(["一厂（苏州）", f"{year}-07-01", f"{year}-07-31", "R410A冷媒", 6.5, "公斤", "冷水机组补充"])
    return rows


def write_energy(year: int, scale: float) -> None:
    path = HERE / f"能源台账_{year}.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet("能源台账")
    title = workbook.add_format({"bold": True, "font_size": 14, "align": "center"})
    head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    sheet.merge_range(0, 0, 0, 7, f"苏州精工冲压件有限公司 {year}年能源消耗台账", title)
    sheet.write_row(
        1, 0, ["厂区", "开始日期", "结束日期", "能源品种", "消耗量", "计量单位", "数据来源", "凭证"], head
    )
    date = workbook.add_format({"num_format": "yyyy/m/d"})
    for index, row in enumerate(energy_rows(year, scale), start=2):
        sheet.write_row(index, 0, row)
        for column in (1, 2):  # real Excel dates, as the ledger has them
            sheet.write_datetime(index, column, dt.datetime.fromisoformat(str(row[column])), date)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 2, 12)
    sheet.set_column(3, 7, 12)
    workbook.close()


def write_purchases(year: int, scale: float) -> None:
    rows = [["工厂", "开始日期", "结束日期", "物料", "数量", "单位", "备注"]]
    for quarter in range(4):
        start = f"{year}-{3 * quarter + 1:02d}-01"
        end_month = 3 * quarter + 3
        end = f"{year}-{end_month:02d}-{calendar.monthrange(year, end_month)[1]:02d}"
        rows.append(["一厂（苏州）", start, end, "钢卷", round(2150 * scale), "吨", "宝钢 DC04 冷轧卷"])
        rows.append(["二厂（昆山）", start, end, "钢卷", round(1320 * scale), "吨", "热镀锌卷"])
        rows.append(["二厂（昆山）", start, end, "原铝", round(42 * scale, 1), "吨", "铝板下料"])
        rows.append(["一厂（苏州）", start, end, "PP粒子", round(18 * scale, 1), "吨", "护板注塑"])
        rows.append(
            ["一厂（苏州）", start, end, "外协机加工", round(1_850_000 * scale), "元", "外协机加工费"]
        )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    (HERE / f"采购明细_{year}.csv").write_bytes(buffer.getvalue().encode("gbk"))


def write_freight(year: int, scale: float) -> None:
    rows = [["site", "period_start", "period_end", "activity", "amount", "unit", "note"]]
    for month in range(1, 13):
        start, end = _period(year, month)
        rows.append(
            [
                "一厂（苏州）",
                start,
                end,
                "freight_hgv_average",
                round(265_000 * SEASON[month - 1] * scale),
                "吨公里",
                "钢卷进厂运输",
            ]
        )
        rows.append(
            [
                "二厂（昆山）",
                start,
                end,
                "freight_hgv_average",
                round(158_000 * SEASON[month - 1] * scale),
                "吨公里",
                "钢卷进厂运输",
            ]
        )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (HERE / f"物流_{year}.csv").write_text(buffer.getvalue(), encoding="utf-8")


def main() -> None:
    for year, scale in ((2023, 1.06), (2024, 1.0)):
        write_energy(year, scale)
        write_purchases(year, scale)
        write_freight(year, scale)


if __name__ == "__main__":
    main()
