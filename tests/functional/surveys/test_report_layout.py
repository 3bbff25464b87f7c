"""Issue 13, items 7, 8 and 10: charts drawn for their box, the wave legend and change column, the small-base
warning, the question index and the PDF job's last step."""

from __future__ import annotations

import re

from django.utils import translation

from tanlu.survey.report import SMALL_BASE, is_small_base
from tanlu.web.surveys import charts, reports


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_a_chart_is_shown_at_the_width_it_is_drawn_for() -> None:
    for box in (charts.NARROW, charts.WIDE, charts.PRINT):
        svg = charts.share_bars(["Yes 有", "No 没有"], [62.5, 37.5], box)
        assert f'width="{box.width:.0f}"' in svg.split(">", 1)[0]
        assert f'font-size="{box.font_size:g}' in svg or f'font-size="{box.font_size}' in svg


def test_the_wave_legend_names_both_waves_and_the_change_has_its_own_column() -> None:
    names = ("碳表现调查（第一轮，模拟数据）", "碳表现调查（第二轮）")
    svg = charts.paired_share_bars(
        ["供应商"], [96.67], [97.96], charts.NARROW, series_names=names, change_suffix=" 个百分点"
    )
    joined = "".join(_texts(svg))
    assert names[0] in joined.replace("\n", ""), "the earlier wave is explained, not cut"
    assert "碳表现调查（第二轮）" in joined
    # the change is right-aligned at the box's edge; the longest share ends left of where it starts
    change = re.search(r'<g[^>]*>\s*<text[^>]*x="([\d.]+)"[^>]*text-anchor="end"[^>]*>\+1\.29 个百分点', svg)
    assert "+1.29 个百分点" in joined
    assert change is None or float(change.group(1)) <= charts.NARROW.width


def test_latin_apostrophes_are_narrow_in_charts_and_chinese_keeps_its_own() -> None:
    assert charts.latin_apostrophes("the Company’s suppliers") == "the Company\u02bcs suppliers"
    assert charts.latin_apostrophes("公司’s") == "公司’s"


def test_small_base_is_flagged_below_the_documented_n_in_both_languages() -> None:
    assert SMALL_BASE == 30
    assert is_small_base(5)
    assert is_small_base(29)
    assert not is_small_base(30)
    assert not is_small_base(0), "an empty base has no percentages to flag"
    with translation.override("en"):
        assert "Small base: only 5 respondents (fewer than 30)" in reports.small_base_warning(5)
