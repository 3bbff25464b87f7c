"""Charts stay legible in the space they get: text at 11 px or more once shown in a narrow card, value axes with
thousands separators and few ticks, category labels thinned to what fits, long (Chinese) names on horizontal bars;
and the survey's share charts and the old call signatures keep working."""

from __future__ import annotations

import re

import pytest

from tanlu import charts

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SCOPES = {"Scope 1": [120.0] * 12, "Scope 2": [4300.0] * 12, "Scope 3": [15.5] * 12}
CARD = {"width": 320.0, "font_size": 13.0, "display_width": 480.0}


def _view_width(svg: str) -> float:
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert match, svg[:200]
    return float(match.group(1))


def _font_sizes(svg: str) -> list[float]:
    return [float(size) for size in re.findall(r'font-size="([\d.]+)(?:px)?"', svg)]


def _texts(svg: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    ]


def _smallest_shown(svg: str, shown_width: float) -> float:
    """The smallest text in CSS px when the chart is shown ``shown_width`` px wide."""
    return min(_font_sizes(svg)) * shown_width / _view_width(svg)


@pytest.mark.parametrize(
    "svg",
    [
        pytest.param(charts.stacked_bar_chart(MONTHS, SCOPES, unit="t CO2e", **CARD), id="stacked-months"),  # type: ignore[arg-type]
        pytest.param(
            charts.bar_chart(
                ["Scope 1", "Scope 2 (location)", "Scope 2 (market)", "Scope 3"],
                [200, 6119, 6119, 0],
                unit="t CO2e",
                horizontal=True,
                **CARD,
            ),  # type: ignore[arg-type]
            id="scopes-horizontal",
        ),
        pytest.param(
            charts.line_chart(
                ["2022", "2023", "2024"], {"a": [1.0, 2.0, 3.0], "b": [3.0, None, 1.0]}, unit="t", **CARD
            ),
            id="line",
        ),  # type: ignore[arg-type]
    ],
)
def test_card_charts_keep_text_at_11_px_in_a_290_px_card(svg: str) -> None:
    assert _font_sizes(svg), "text is kept as text"
    assert _smallest_shown(svg, 290) >= 11
    assert 'width="480"' in svg.split(">", 1)[0]  # never blown up beyond 1.5 × its drawn size


def test_the_old_default_sizes_would_be_too_small_in_a_card() -> None:
    """The check above can fail: the charts as the dashboard drew them before were 8-9 px on a phone."""
    old = charts.stacked_bar_chart(MONTHS, SCOPES, unit="t CO2e", width=440, height=300)
    assert _smallest_shown(old, 290) < 11


def test_value_axis_has_thousands_separators_and_few_ticks() -> None:
    svg = charts.stacked_bar_chart(MONTHS, SCOPES, unit="t CO2e", **CARD)  # type: ignore[arg-type]
    texts = _texts(svg)
    assert any(re.fullmatch(r"\d{1,3}(,\d{3})+", t) for t in texts), texts
    ticks = [t for t in texts if re.fullmatch(r"[\d,]+", t)]
    assert 3 <= len(ticks) <= 6, ticks


def test_category_labels_are_thinned_to_what_fits() -> None:
    narrow = _texts(charts.stacked_bar_chart(MONTHS, SCOPES, **CARD))  # type: ignore[arg-type]
    shown = [m for m in MONTHS if m in narrow]
    assert 2 <= len(shown) < 12
    assert shown[0] == "Jan"
    wide = _texts(charts.stacked_bar_chart(MONTHS, SCOPES, width=900, font_size=11))
    assert [m for m in MONTHS if m in wide] == MONTHS


def test_long_chinese_names_get_horizontal_bars_with_whole_labels() -> None:
    sites = ["苏州精工冲压件有限公司一厂", "苏州精工冲压件有限公司二厂（新区）"]
    series = {"范围一": [100.0, 50.0], "范围二": [5000.0, 300.0]}
    svg = charts.stacked_bar_chart(sites, series, unit="t CO2e", horizontal=None, **CARD)  # type: ignore[arg-type]
    assert "xtick" not in svg  # no category axis: labels sit above their bars
    assert "".join(_texts(svg)).count("苏州精工冲压件") == 2
    assert "5,100" in _texts(svg)  # each bar's total at its end
    assert _smallest_shown(svg, 290) >= 11
    short = charts.stacked_bar_chart(["2023", "2024"], series, horizontal=None, **CARD)  # type: ignore[arg-type]
    assert "xtick" in short  # short labels keep vertical bars


def test_existing_signatures_still_work() -> None:
    assert charts.bar_chart(["a", "b"], [1.0, 2.0], unit="t").startswith("<svg")
    assert 'width="100%"' in charts.bar_chart(["a", "b"], [1.0, 2.0])
    assert charts.stacked_bar_chart(["a"], {"x": [1.0]}, unit="t", title="T").startswith("<svg")
    assert charts.line_chart(["a", "b"], {"x": [1.0, None]}).startswith("<svg")


def test_share_bars_keep_their_size() -> None:
    """The dashboard's share bars keep their 11 pt text and 1.75 × display scale (the survey draws its own, for
    the box they are shown in: ``tanlu.web.surveys.charts``)."""
    svg = charts.share_bars(["很满意", "满意"], [60.0, 40.0], note="n = 10")
    assert 'width="525"' in svg
    assert min(_font_sizes(svg)) >= 10
