"""Activity data validation: every bad row named with its column, value and reason, before anything is used."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from tanlu.carbon.activities import read_activities, validate_activities
from tanlu.carbon.factors import FactorSet
from tanlu.errors import FileFormatError, InputError, RowsRejected

from .conftest import MakeActivities, activity_row, org_factors


def _issues(error: RowsRejected) -> dict[tuple[int | None, str | None], str]:
    return {(issue.row, issue.column): issue.reason for issue in error.issues}


def test_valid_rows_are_typed(make_activities: MakeActivities) -> None:
    activities = make_activities(
        [
            activity_row("natural_gas", "12000", "m³"),
            activity_row(
                "electricity_cn_east_2023",
                "1000",
                "MWh",
                "certificate",
                start="2023/1/1",
                end="2023年3月31日",
            ),
        ]
    )
    frame = activities.frame
    assert frame.get_column("amount").to_list() == [12000.0, 1000.0]
    assert frame.get_column("period_end").to_list() == [dt.date(2023, 1, 31), dt.date(2023, 3, 31)]
    assert sorted(activities.combos.get_column("instrument").to_list()) == ["", "certificate"]
    assert len(activities.fingerprint) == 64


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (activity_row("refrigerant_r410a", "2", "kWh"), "unit", "cannot convert 'kWh' to 'kg'"),
        (activity_row("electricity_uk_2025", "5", "kg"), "unit", "cannot convert 'kg' to 'kWh'"),
        (activity_row("natural_gas", "12000", "parsecs"), "unit", "cannot convert"),
        (activity_row("natural_gas", "12000", "widgets"), "unit", "unknown unit"),
        (activity_row("natural_gas", "-5", "m3"), "amount", "negative amount"),
        (activity_row("natural_gas", "abc", "m3"), "amount", "not a number"),
        (activity_row("natural_gas", "NaN", "m3"), "amount", "NaN and Infinity"),
        (activity_row("natural_gas", "1e400", "m3"), "amount", "out of range"),
        (activity_row("natural_gas", "1,200", "m3"), "amount", "thousands separators"),
        (activity_row("natural_gs", "1", "m3"), "activity", "did you mean 'natural_gas'"),
        (activity_row("", "1", "m3"), "activity", "an activity key is required"),
        (activity_row("natural_gas", "1", "m3", site=""), "site", "a site is required"),
        (activity_row("natural_gas", "1", "m3", start="2023-13-01"), "period_start", "there is no month 13"),
        (activity_row("natural_gas", "1", "m3", start="Jan 2023"), "period_start", "not a date"),
        # a date written in the expected form that does not exist says so (#12 item 11)
        (
            activity_row("natural_gas", "1", "m3", start="2023-02-01", end="2023-02-31"),
            "period_end",
            "there is no 31 February 2023",
        ),
        (
            activity_row("natural_gas", "1", "m3", start="2023/04/31"),
            "period_start",
            "there is no 31 April 2023",
        ),
        (
            activity_row("natural_gas", "1", "m3", start="2023-02-01", end="2023-01-31"),
            "period_end",
            "ends before",
        ),
        (activity_row("natural_gas", "1", "m3", start="1989-12-01"), "period_start", "out of range"),
        (activity_row("natural_gas", "1", "m3", "certificate"), "instrument", "Scope 2"),
        (activity_row("natural_gas", "1", "m3", "voucher"), "instrument", "unknown instrument"),
        (activity_row("plastics_pp", "1", "t", "supplier:acme_pp"), "instrument", "unknown supplier factor"),
        (
            activity_row("plastics_pp", "1", "t", "supplier:electricity_uk_2025"),
            "instrument",
            "is for Scope 2",
        ),
        (activity_row("plastics_pp", "1", "t", "supplier:freight_rail"), "instrument", "cannot convert"),
    ],
)
def test_bad_rows(make_activities: MakeActivities, row: list[str], column: str, reason: str) -> None:
    good = activity_row("natural_gas", "1", "m3", site="B")
    with pytest.raises(RowsRejected) as caught:
        make_activities([good, row])
    issues = _issues(caught.value)
    assert (3, column) in issues, issues
    assert reason in issues[(3, column)]
    assert all(row_number == 3 for row_number, _ in issues)
    assert caught.value.issues[0].file == "test.csv"


def test_every_bad_row_is_listed_and_duplicates_name_the_first(make_activities: MakeActivities) -> None:
    rows = [
        activity_row("natural_gas", "10", "m3"),
        activity_row("natural_gas", "10", "m3"),
        activity_row("foo", "-1", "kg"),
        activity_row("natural_gas", "10", "m3"),
    ]
    with pytest.raises(RowsRejected) as caught:
        make_activities(rows)
    assert [(i.row, i.column, i.reason) for i in caught.value.issues] == [
        (3, None, "duplicate of row 2"),
        (4, "activity", "unknown activity"),
        (4, "amount", "negative amount (record returns or corrections as a separate, documented adjustment)"),
        (5, None, "duplicate of row 2"),
    ]
    assert str(caught.value).startswith("3 rows rejected (4 problems)\n  test.csv, row 3: duplicate of row 2")


def test_reporting_period(make_activities: MakeActivities, bundled: FactorSet) -> None:
    frame = pl.DataFrame(
        {
            "site": ["A"],
            "period_start": [dt.date(2022, 12, 1)],
            "period_end": [dt.date(2022, 12, 31)],
            "activity": ["natural_gas"],
            "amount": [1.0],
            "unit": ["m3"],
        }
    )
    with pytest.raises(RowsRejected, match=r"period out of range \(2023-01-01 … 2023-12-31\)"):
        validate_activities(frame, bundled, reporting_period=(dt.date(2023, 1, 1), dt.date(2023, 12, 31)))
    assert len(validate_activities(frame, bundled)) == 1


def test_typed_frames_validate_too(bundled: FactorSet) -> None:
    frame = pl.DataFrame(
        {
            "site": ["A", "A"],
            "period_start": [dt.date(2023, 1, 1)] * 2,
            "period_end": [dt.date(2023, 1, 31)] * 2,
            "activity": ["natural_gas", "natural_gas"],
            "amount": [1.0, float("nan")],
            "unit": ["m3", "m3"],
        }
    )
    with pytest.raises(RowsRejected) as caught:
        validate_activities(frame, bundled)
    assert [(i.row, i.column) for i in caught.value.issues] == [(3, "amount")]


def test_missing_columns_are_named(tmp_path: Path, bundled: FactorSet) -> None:
    path = tmp_path / "a.csv"
    path.write_text("site,activity,amount\nA,natural_gas,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        read_activities(path, bundled)


CHINESE = "站点,开始日期,结束日期,活动,数量,单位,备注\n一厂,2023-01-01,2023-01-31,electricity_cn_east_2023,12000,千瓦时,一月电费\n"


def test_gbk_csv_with_chinese_headers(tmp_path: Path, bundled: FactorSet) -> None:
    path = tmp_path / "能源台账.csv"
    path.write_bytes(CHINESE.encode("gbk"))
    activities = read_activities(path, bundled)
    row = activities.frame.row(0, named=True)
    assert (row["site"], row["unit"], row["amount"], row["note"]) == ("一厂", "千瓦时", 12000.0, "一月电费")


def test_xlsx_with_title_row(tmp_path: Path, bundled: FactorSet) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["2023年能源消耗台账"])
    sheet.append(["场所", "开始日期", "结束日期", "活动", "数量", "单位", "instrument"])
    sheet.append(["一厂", dt.date(2023, 1, 1), dt.date(2023, 1, 31), "natural_gas", 12000, "m³", ""])
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    activities = read_activities(path, bundled)
    assert activities.frame.get_column("row").to_list() == [3]
    assert activities.frame.get_column("period_start").to_list() == [dt.date(2023, 1, 1)]


def test_formula_looking_text_is_plain_data(make_activities: MakeActivities) -> None:
    rows = [activity_row("natural_gas", "1", "m3", site='=HYPERLINK("http://x")')]
    activities = make_activities(rows)
    assert activities.frame.get_column("site").cast(pl.String).to_list() == ['=HYPERLINK("http://x")']
    with pytest.raises(RowsRejected, match="not a number"):
        make_activities([activity_row("natural_gas", "=1+2", "m3")])


def test_unreadable_files_are_file_format_errors(tmp_path: Path, bundled: FactorSet) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"<html><body>not a table</body></html>")
    with pytest.raises(FileFormatError):
        read_activities(path, bundled)


def test_empty_tables_are_refused(tmp_path: Path, bundled: FactorSet) -> None:
    path = tmp_path / "a.csv"
    path.write_text("site,period_start,period_end,activity,amount,unit\n", encoding="utf-8")
    with pytest.raises(InputError, match="no data rows"):
        read_activities(path, bundled)
    empty = pl.DataFrame(
        schema=dict.fromkeys(("site", "period_start", "period_end", "activity", "amount", "unit"), pl.String)
    )
    with pytest.raises(InputError, match="no data rows"):
        validate_activities(empty, bundled)


def test_scope2_activity_needs_a_location_factor(make_activities: MakeActivities, bundled: FactorSet) -> None:
    factors = bundled.with_factors(
        org_factors(
            [["ppa_2023", "kWh", "CO2", "0", "2", "purchased_electricity", "market", "PPA contract", ""]]
        ),
        label="ppa",
    )
    with pytest.raises(RowsRejected, match="has no location-based factor"):
        make_activities([activity_row("ppa_2023", "5", "kWh")], factors)
    assert len(
        make_activities([activity_row("electricity_cn_east_2023", "5", "kWh", "supplier:ppa_2023")], factors)
    )
