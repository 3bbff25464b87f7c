"""The shipped default values of Implementing Regulation (EU) 2025/2621 and the mark-ups."""

from __future__ import annotations

import pytest

from tanlu.carbon.cbam.defaults import default_value, load_default_values, markup
from tanlu.carbon.cbam.goods import aggregated_category, check_cbam_good, sector
from tanlu.errors import InputError, NotFound


def test_markups_by_year() -> None:
    assert [markup(year) for year in (2026, 2027, 2028, 2034)] == [0.10, 0.20, 0.30, 0.30]
    with pytest.raises(InputError, match="from 2026"):
        markup(2025)


def test_every_published_year_column_is_the_total_with_its_markup() -> None:
    """The Commission computes the columns from unrounded values: they agree with the rounded total to 0.01."""
    for value in load_default_values():
        assert check_cbam_good(value.cn_code) == value.cn_code
        assert value.total == pytest.approx(value.direct + value.indirect)
        assert value.link.startswith("https://")
        for year, published in value.published.items():
            assert published == pytest.approx(value.total * (1 + markup(year)), abs=0.011), (
                value.cn_code,
                year,
            )


def test_lookup_uses_the_longest_listed_code() -> None:
    bolts = default_value("7318 15 88", "cn")
    assert (bolts.cn_code, bolts.direct, bolts.with_markup(2026)) == ("731815", 6.38, 7.01)
    assert default_value("73181588", "OTHER").total == 4.80
    assert default_value("7207 11 16", "China").direct == 3.17


def test_a_value_without_published_year_columns_is_computed() -> None:
    frames = default_value("7610 90 90", "CN")
    assert frames.with_markup(2027) == pytest.approx(frames.total * 1.2)


def test_codes_and_countries_not_shipped_are_refused() -> None:
    with pytest.raises(NotFound, match="no default value"):
        default_value("7213 91 10", "CN")
    with pytest.raises(NotFound, match="China \\(CN\\) and Other countries and territories \\(OTHER\\) only"):
        default_value("7318 15", "IN")
    with pytest.raises(InputError, match="4, 6 or 8 digits"):
        default_value("731", "CN")


def test_annex_i_and_categories() -> None:
    assert sector("73181588") == "iron and steel"
    assert sector("76169910") == "aluminium"
    assert sector("72022100") is None  # ferro-silicon
    assert sector("87083010") is None
    assert aggregated_category("72071116") == "Crude steel"
    assert aggregated_category("73181588") == "Iron or steel products"
    assert aggregated_category("76011000") == "Unwrought aluminium"
    assert aggregated_category("76169910") == "Aluminium products"
