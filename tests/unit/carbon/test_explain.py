"""Explanations: every row reads as a sentence in English and Chinese; every total drills down to its rows."""

from __future__ import annotations

import pytest

from tanlu.carbon.explain import explain_row, explain_total, format_number
from tanlu.carbon.factors import FactorSet
from tanlu.carbon.inventory import calculate_inventory

from .conftest import MakeActivities, activity_row


@pytest.fixture
def inventory(make_activities: MakeActivities, bundled: FactorSet):  # type: ignore[no-untyped-def]
    rows = [
        activity_row("natural_gas", "12000", "m³"),
        activity_row("electricity_cn_national_2023", "1000", "MWh", "certificate"),
        activity_row("spend_naics_336390", "10", "万元", site="B"),
    ]
    return calculate_inventory(make_activities(rows), bundled, "AR6")


def test_row_sentence_in_english(inventory) -> None:  # type: ignore[no-untyped-def]
    text = explain_row(inventory, 2)
    assert text.startswith(
        "Row 2 (site A, 2023-01-01 – 2023-01-31): 12,000 m³ Natural gas (stationary combustion) × "
    )
    assert "kg CO2e/m³ [IPCC 2006 Guidelines" in text
    assert "Table 1.4" in text
    assert "GWP AR6" in text
    assert "net calorific value" in text
    tonnes = inventory.lines().get_column("location_kg")[0] / 1000
    assert f"= {format_number(tonnes)} t CO2e" in text
    assert text.endswith("(Scope 1, Stationary combustion, emission-factor)")


def test_row_sentence_in_chinese(inventory) -> None:  # type: ignore[no-untyped-def]
    text = explain_row(inventory, 3, lang="zh")
    assert text.startswith(
        "第3行（厂区A，2023-01-01至2023-01-31）：1,000 MWh 电力，全国电网平均 2023年 × 530.6 kg CO2e/MWh"
    )
    assert "基于市场法：能源属性证书覆盖该电量" in text
    assert "范围二，外购电力，基于位置法" in text


def test_spend_sentence_shows_the_exchange_rate(inventory) -> None:  # type: ignore[no-untyped-def]
    text = explain_row(inventory, 4)
    assert "10 万元 Other motor vehicle parts" in text
    # spend of 2023 (the fixture's period) against a factor per 2021 USD: the 2023 rate and the deflator
    assert "spend of 2023 converted at the 2023 rate 7.0467 CNY/USD" in text
    assert "deflated to 2021 USD with US CPI-U" in text
    assert "6.4515" not in text
    assert "spend-based" in text


def test_totals_drill_down(inventory) -> None:  # type: ignore[no-untyped-def]
    totals = inventory.totals()
    whole = explain_total(inventory)
    assert whole.tonnes == pytest.approx(totals.total_location)
    assert sum(c.tonnes for c in whole.contributions) == pytest.approx(whole.tonnes)
    assert sum(c.share for c in whole.contributions) == pytest.approx(1.0)
    assert whole.row_count == 3
    scope2 = explain_total(inventory, scope=2, basis="market", lang="zh")
    assert scope2.tonnes == pytest.approx(totals.scope2_market) == 0
    assert scope2.title == "范围二"
    site = explain_total(inventory, site="B", category="3.1")
    assert site.tonnes == pytest.approx(totals.scope3)
    assert site.rows[0].startswith("Row 4 (site B")
    assert "t CO2e" in site.text()


def test_unknown_row() -> None:
    assert format_number(12000) == "12,000"
    assert format_number(2.1634) == "2.163"
    assert format_number(0.000501) == "0.000501"
