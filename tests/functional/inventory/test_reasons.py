"""Rejection reasons in the reader's language: every reason the core writes maps to a gettext message with its
values kept, and a Chinese page shows Chinese reasons once the catalogue has them."""

from __future__ import annotations

import re
from typing import Any

import polars as pl
import pytest
from django.utils import translation
from django.utils.translation import trans_real

from tanlu.carbon.activities import ACTIVITY_COLUMNS, validate_activities
from tanlu.carbon.factors import load_bundled
from tanlu.carbon.units import parse_unit
from tanlu.errors import InputError, RowIssue, RowsRejected, TanluError
from tanlu.tabular import decimal_from_text, read_table
from tanlu.web.inventory import reasons
from tanlu.web.inventory.models import StagedRow

from .conftest import guessed, map_batch, upload
from .files import gbk_csv, messy_rows, messy_xlsx

GOOD = ("A", "2023-01-01", "2023-01-31", "natural_gas", "100", "m3", "", "")
#: rows that break every check of :func:`validate_activities`, one problem (or two) each
BAD = [
    GOOD,
    GOOD,  # duplicate of row 2
    ("", "2023-01-01", "2023-01-31", "natural_gas", "1", "m3", "", ""),
    ("A", "Jan 2023", "2023/01/31", "natural_gas", "2", "m3", "", ""),
    ("A", "2023-01-01", "someday", "natural_gas", "3", "m3", "", ""),
    ("A", "2023-02-01", "2023-01-01", "natural_gas", "4", "m3", "", ""),
    ("A", "1980-01-01", "1980-01-31", "natural_gas", "5", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "-5", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "1,234.5", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "abc", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "NaN", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "yes", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "1e400", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "1e-400", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gaz", "6", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "zzzz_qqqq", "7", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "", "8", "m3", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "9", "", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "10", "kg CO2 per wobble", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "11", "km", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "12", "degC", "", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "13", "m3", "voucher", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "14", "m3", "certificate", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "15", "m3", "supplier:nothing_like_it", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "16", "m3", "supplier:electricity_cn_east_2023", ""),
    (
        "A",
        "2023-01-01",
        "2023-01-31",
        "electricity_cn_east_2023",
        "17",
        "kWh",
        "supplier:electricity_cn_east_2023",
        "",
    ),
    ("A", "2023-01-01", "2023-01-31", "diesel", "18", "t", "supplier:natural_gas", ""),
    ("A", "2023-01-01", "2023-01-31", "natural_gas", "19", "m3", "supplier:refrigerant_r410a", ""),
]


def _core_reasons() -> list[str]:
    """Every reason the core writes for the rows of :data:`BAD`, plus the unit and number grammar's own."""
    frame = pl.DataFrame(
        [list(r) for r in BAD], schema=[*ACTIVITY_COLUMNS, "instrument", "note"], orient="row"
    )
    with pytest.raises(RowsRejected) as rejected:
        validate_activities(frame, load_bundled(), file="bad.csv")
    found = {issue.reason for issue in rejected.value.issues}
    numeric = pl.DataFrame({**{c: ["x"] for c in ACTIVITY_COLUMNS}, "amount": [float("nan")]})
    with pytest.raises(RowsRejected) as not_a_number:
        validate_activities(numeric, load_bundled())
    found |= {issue.reason for issue in not_a_number.value.issues}
    for call in (
        lambda: validate_activities(frame.drop("unit"), load_bundled()),
        lambda: validate_activities(frame.clear(), load_bundled()),
        lambda: decimal_from_text(1.5),  # type: ignore[arg-type]
        lambda: parse_unit("m**1.5"),
        lambda: parse_unit(""),
        lambda: parse_unit("wobble"),
        lambda: decimal_from_text("1" * 40),
        lambda: read_table(b"site,site\nA,B\n", filename="two.csv"),
        lambda: read_table(b"A,2023-01-01,5\nB,2023-02-01,6\n", filename="rows.csv"),
        lambda: read_table(b"site,amount\nA,1,5\n", filename="wide.csv"),
        lambda: read_table(b"site,amount\n", filename="header.csv"),
    ):
        with pytest.raises(TanluError) as error:
            call()
        found.add(error.value.issue.reason if isinstance(error.value, InputError) else str(error.value))
    return sorted(found)


CORE_REASONS = _core_reasons()


def test_the_bad_rows_reach_every_check_of_the_core() -> None:
    words = [
        "duplicate of row",
        "a site is required",
        "not a date",
        "ends before it starts",
        "period out of range",
        "negative amount",
        "thousands separators",
        "not a number: expected",
        "NaN and Infinity",
        "yes/no",
        "cell is empty",
        "number out of range",
        "too close to zero",
        "did you mean",
        "an activity key is required",
        "a unit is required",
        "cannot convert",
        "unknown unit",
        "offset",
        "unknown instrument",
        "a certificate applies",
        "unknown supplier factor",
        "is for Scope",
        "(supplier factor)",
        "missing column",
        "no data rows",
        "given as text",
        "small integer powers",
        "empty unit",
        "too many digits",
        "twice",
        "no header row",
        "cells but the header",
    ]
    missing = [w for w in words if not any(w in reason for reason in CORE_REASONS)]
    assert not missing, CORE_REASONS
    assert "unknown activity" in CORE_REASONS
    assert "not a number" in CORE_REASONS


@pytest.mark.parametrize("text", CORE_REASONS)
def test_every_core_reason_maps_to_a_message_that_reads_back_in_english(text: str) -> None:
    reason = reasons.match_reason(text)
    assert reason is not None, f"no message for {text!r}"
    assert reason.english() == text
    with translation.override("en"):
        assert reasons.localize_reason(text) == text
    assert "%(" in reason.msgid or not reason.values  # values are placeholders, not baked into the message


def test_values_are_kept_in_their_placeholders() -> None:
    reason = reasons.match_reason("unknown activity; did you mean 'natural_gas'?")
    assert reason is not None
    assert reason.msgid == "unknown activity; did you mean '%(suggestion)s'?"
    assert reason.values == {"suggestion": "natural_gas"}
    nested = reasons.match_reason("unknown unit 'wobble' (supplier factor)")
    assert nested is not None
    assert nested.msgid == "%(problem)s (supplier factor)"
    assert nested.inner is not None
    assert nested.inner.values == {"unit": "wobble"}
    assert reasons.match_reason("number out of range (too close to zero)").msgid.endswith(
        "(too close to zero)"
    )  # type: ignore[union-attr]


def test_an_unknown_reason_is_shown_as_written() -> None:
    assert reasons.match_reason("the moon is in the wrong phase") is None
    with translation.override("zh-hans"):
        assert reasons.localize_reason("the moon is in the wrong phase") == "the moon is in the wrong phase"


@pytest.fixture
def chinese_catalogue(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Translations of a few reasons put into the Chinese catalogue for the test (the lead edits the .po)."""
    entries = {
        "unknown activity; did you mean '%(suggestion)s'?": "未知的活动；您是否指“%(suggestion)s”？",
        "negative amount (record returns or corrections as a separate, documented adjustment)": "数量为负数",
        "cannot convert '%(source)s' to '%(target)s' (activity %(activity)s is measured in %(unit)s)": (
            "无法将“%(source)s”换算为“%(target)s”（活动 %(activity)s 的计量单位为 %(unit)s）"
        ),
        "duplicate of row %(row)s": "与第 %(row)s 行重复",
        "period out of range (%(first)s … %(last)s)": "期间超出范围（%(first)s 至 %(last)s）",
    }
    catalogue = trans_real.translation("zh-hans")._catalog._catalogs[0]  # type: ignore[attr-defined]
    for msgid, msgstr in entries.items():
        monkeypatch.setitem(catalogue, msgid, msgstr)
    return entries


def test_localized_reason_uses_the_catalogue(chinese_catalogue: dict[str, str]) -> None:
    with translation.override("zh-hans"):
        assert reasons.localize_reason("unknown activity; did you mean 'natural_gas'?") == (
            "未知的活动；您是否指“natural_gas”？"
        )
        assert reasons.localize_reason("duplicate of row 7") == "与第 7 行重复"
        issue = RowIssue(row=9, column="amount", value="-5", reason="duplicate of row 2")
        line = reasons.localize_issue(issue, {"amount": "数量"})
        assert "数量" in line
        assert "与第 2 行重复" in line
        assert "row 9" not in line


def test_a_chinese_check_page_shows_chinese_reasons(tenant: Any, chinese_catalogue: dict[str, str]) -> None:
    client = tenant.client
    rows = messy_rows()
    rows[5][3] = "natural_gaz"  # row 8: a typo close to a key
    batch = upload(client, messy_xlsx(rows), "台账.xlsx", source="能源台账")
    from .files import MESSY_MAPPING, MESSY_VALUES  # noqa: PLC0415

    map_batch(client, batch, dict(MESSY_MAPPING), dict(MESSY_VALUES))
    stored = {s.row: s.issues for s in StagedRow.objects.filter(batch=batch).exclude(issues=[])}
    assert "did you mean 'natural_gas'" in stored[8][0]["reason"]  # stored in English, whatever the language
    chinese = client.get(f"/inventory/imports/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "未知的活动；您是否指“natural_gas”？" in chinese
    assert "数量为负数" in chinese
    assert "与第 3 行重复" in chinese
    assert "期间超出范围（1990-01-01 至" in chinese
    assert "无法将“公斤”换算为" in chinese
    assert "negative amount" not in chinese
    english = client.get(f"/inventory/imports/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "unknown activity; did you mean &#x27;natural_gas&#x27;?" in english
    assert "negative amount (record returns" in english


def test_the_apps_own_reasons_are_stored_in_english_and_translated_when_shown(tenant: Any) -> None:
    client = tenant.client
    crossing = [("一厂", "2023-12-01", "2024-01-31", "natural_gas", "10", "立方米", "", "")]
    batch = upload(client, gbk_csv(crossing), "跨年.csv", source="台账")
    if batch.status == "uploaded":
        map_batch(client, batch, guessed(batch))
    stored = StagedRow.objects.get(batch=batch, row=2).issues
    assert stored[0]["reason"] == reasons.CROSSES_YEAR_END
    chinese = client.get(f"/inventory/imports/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "期间跨年，请按年份拆分为多行" in chinese  # the catalogue already has this one
    english = client.get(f"/inventory/imports/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "crosses the end of a year" in english


def test_dashboard_units_and_charts_fit_a_card(tenant: Any) -> None:
    """Stat units are set as CO<sub>2</sub>e (Noto Sans SC has no ₂) and the charts come at card size."""
    from .conftest import import_csv  # noqa: PLC0415

    import_csv(tenant.client, gbk_csv())
    assert tenant.client.post("/inventory/calculate/", {"year": 2024, "gwp": "AR6"}).status_code == 302
    page = tenant.client.get("/inventory/?year=2024", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert page.count('<span class="stat__unit">t CO<sub>2</sub>e</span>') == 5
    assert "₂" not in page
    svgs = [svg for svg in page.split("<svg")[1:] if 'class="chart"' in svg.split(">", 1)[0]]
    assert len(svgs) >= 4
    for svg in svgs:
        assert 'width="480"' in svg.split(">", 1)[0]
        view = float(svg.split('viewBox="0 0 ', 1)[1].split(" ", 1)[0])
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)(?:px)?"', svg.split("</svg>", 1)[0])]
        assert min(sizes) * 290 / view >= 11, (view, min(sizes))


def test_a_date_that_does_not_exist_is_named_in_the_readers_language() -> None:
    issue = RowIssue(row=3, column="period_end", value="2023-02-31", reason="there is no 31 February 2023")
    with translation.override("en"):
        assert "there is no 31 February 2023" in reasons.localize_issue(issue)
    with translation.override("zh-hans"):
        text = reasons.localize_issue(issue, {"period_end": "结束日期"})
    assert "2023年二月没有31日" in text, text
    assert "February" not in text
