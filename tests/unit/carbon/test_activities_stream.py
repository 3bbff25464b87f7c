"""Reading an activity file in batches (:func:`read_activities_streaming`, what ``tanlu inventory calc`` does)
gives what reading it whole (:func:`read_activities`) gives: the same activities and fingerprint, or the same
rejected rows (row number, column, value, reason) in the same order, or the same file error, whatever the batch."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tanlu.carbon.activities import read_activities
from tanlu.carbon.activities_stream import read_activities_streaming
from tanlu.carbon.factors import FactorSet, load_bundled
from tanlu.errors import InputError, RowsRejected

HEADER = "站点,开始日期,结束日期,活动,数量,单位,凭证,备注"
SITES = ("一厂", " 二厂", "", '"Plant, 3"')
DATES = ("2023-01-01", "2023/1/31", "2023-02-31", "2023年3月31日", "")
ACTIVITIES = ("natural_gas", "electricity_cn_east_2023", "natural_gs", "")
AMOUNTS = ("1", "12000", "1.5", " 2 ", "-5", "abc", '"1,200"', "")
UNITS = ("m3", "kWh", "MWh", "widgets", "")

lines = st.lists(
    st.one_of(
        st.tuples(
            *(st.sampled_from(p) for p in (SITES, DATES, DATES, ACTIVITIES, AMOUNTS, UNITS)),
            st.just(""),
            st.just(""),
        ).map(",".join),
        st.just(""),
        st.just(",,,"),
    ),
    min_size=0,
    max_size=40,
)


@pytest.fixture(scope="module")
def factors() -> FactorSet:
    return load_bundled()


def outcome(read: object) -> object:
    assert callable(read)
    try:
        activities = read()
    except RowsRejected as error:
        return [(i.row, i.column, i.value, i.reason, i.file) for i in error.issues]
    except InputError as error:
        return ("error", error.issue.reason, error.issue.row)
    return ("ok", activities.fingerprint, activities.frame.get_column("row").to_list())


@settings(
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)
@given(lines, st.sampled_from(["\n", "\r\n"]), st.integers(1, 400), st.integers(1, 9), st.booleans())
def test_batches_give_the_rows_and_issues_of_the_whole_file(  # noqa: PLR0917 (hypothesis draws)
    factors: FactorSet, body: list[str], end: str, chunk_bytes: int, batch_rows: int, title: bool
) -> None:
    text = end.join([*(["2023年能源台账"] if title else []), HEADER, *body]) + end
    data = text.encode("utf-8")
    expected = outcome(lambda: read_activities(data, factors, filename="a.csv"))
    got = outcome(
        lambda: read_activities_streaming(
            data, factors, filename="a.csv", chunk_bytes=chunk_bytes, batch_rows=batch_rows
        )
    )
    assert got == expected


def test_a_bad_row_deep_in_a_file_keeps_its_line(factors: FactorSet) -> None:
    good = "一厂,2023-01-01,2023-01-31,natural_gas,{},m3,,\n"
    rows = "".join(good.format(n) for n in range(1, 3000))
    data = (
        HEADER
        + "\n"
        + rows
        + "一厂,2023-01-01,2023-01-31,natural_gas,abc,m3,,\n"
        + rows.replace(",m3", ",kWh", 1)
    ).encode()
    with pytest.raises(RowsRejected) as caught:
        read_activities_streaming(data, factors, filename="big.csv", chunk_bytes=1000)
    cited = [(i.row, i.column, i.value) for i in caught.value.issues]
    assert (3001, "amount", "abc") in cited
    assert [i.row for i in caught.value.issues] == sorted(i.row for i in caught.value.issues)
    assert all(i.file == "big.csv" for i in caught.value.issues)


def test_xlsx_below_a1_cites_sheet_rows(factors: FactorSet) -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(3, 0, HEADER.split(","))
    sheet.write_row(4, 0, ["一厂", "2023-01-01", "2023-01-31", "natural_gas", 5, "m3"])
    sheet.write_row(5, 0, ["一厂", "2023-01-01", "2023-01-31", "natural_gas", "abc", "m3"])
    book.close()
    with pytest.raises(RowsRejected) as caught:
        read_activities_streaming(buffer.getvalue(), factors, filename="b.xlsx", batch_rows=1)
    assert [(i.row, i.column) for i in caught.value.issues] == [(6, "amount")]
