"""The survey's share charts, now written as SVG directly, put every bar and text where matplotlib drew them.

The expected coordinates are those of the matplotlib drawing (commit d95a5ce) of the same charts; on the demo's
results and report pages all 74 charts matched it to 0.02 px when the SVG writer replaced it.
"""

from __future__ import annotations

import re

from tanlu.web.surveys import charts


def _rects(svg: str) -> list[tuple[float, float, float, float, str]]:
    found = re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)" fill="([^"]+)"', svg)
    return [(float(x), float(y), float(w), float(h), fill) for x, y, w, h, fill in found][1:]  # no background


def _texts(svg: str) -> list[tuple[float, float, str]]:
    found = re.findall(r'<text[^>]* x="([^"]+)" y="([^"]+)"[^>]*>([^<]*)</text>', svg)
    return [(float(x), float(y), text) for x, y, text in found]


def _close(found: list[tuple[object, ...]], expected: list[tuple[object, ...]]) -> bool:
    return len(found) == len(expected) and all(
        all(abs(a - b) < 0.01 if isinstance(a, float) else a == b for a, b in zip(f, e, strict=True))  # type: ignore[operator]
        for f, e in zip(found, expected, strict=True)
    )


def test_share_bars_match_the_matplotlib_drawing() -> None:
    svg = charts.share_bars(
        ["Yes 有", "No 没有"], [62.5, 37.5], charts.WIDE, note="Several answers", title="T"
    )
    assert svg.startswith('<svg role="img" aria-label="T" class="chart" width="880" viewBox="0 0 880 126.7"')
    assert "<title>T</title>" in svg
    assert ' style="' not in svg, "no inline style: the Content-Security-Policy allows none"
    assert _close(
        _rects(svg),
        [
            (2.0, 25.9, 803.744, 15.4, "#eef1f4"),
            (2.0, 25.9, 502.34, 15.4, "#0b6e4f"),
            (2.0, 75.8, 803.744, 15.4, "#eef1f4"),
            (2.0, 75.8, 301.404, 15.4, "#0b6e4f"),
        ],
    )
    assert _close(
        _texts(svg),
        [
            (2.0, 14.636719, "Yes 有"),
            (509.94, 37.236719, "62.50%"),
            (2.0, 64.536719, "No 没有"),
            (309.004, 87.136719, "37.50%"),
            (2.0, 113.586788, "Several answers"),
        ],
    )
    assert 'font-weight="700" font-size="14px"' in svg
    assert 'font-style="italic" font-size="12.88px"' in svg


def test_paired_share_bars_match_the_matplotlib_drawing() -> None:
    svg = charts.paired_share_bars(
        ["供应商"], [96.67], [97.96], charts.NARROW, series_names=("A", "B"), change_suffix=" pp", title="P"
    )
    assert 'width="280" viewBox="0 0 280 97.85"' in svg
    assert _close(
        _rects(svg),
        [
            (2.0, 6.6, 11.7, 11.7, "#8c959f"),
            (2.0, 24.15, 11.7, 11.7, "#0b6e4f"),
            (2.0, 67.45, 139.967024, 11.7, "#8c959f"),
            (2.0, 82.15, 141.834795, 11.7, "#0b6e4f"),
        ],
    )
    assert _close(
        _texts(svg),
        [
            (20.2, 13.876953, "A"),
            (20.2, 31.426953, "B"),
            (2.0, 56.776953, "供应商"),
            (147.167024, 76.406797, "96.67%"),
            (149.034795, 91.106797, "97.96%"),
            (278.0, 84.026953, "+1.29 pp"),
        ],
    )
    assert 'text-anchor="end" fill="#0b6e4f" x="278"' in svg


def test_text_is_escaped_and_kept_as_written() -> None:
    svg = charts.share_bars(['A <b> & "c"', "$x$ the Company’s"], [10.0, 20.0], charts.NARROW, title='a "q"')
    assert 'A &lt;b&gt; &amp; "c"' in svg
    assert "$x$ the Company\u02bcs" in svg, "no mathtext, and the narrow apostrophe as before"
    assert 'aria-label="a &quot;q&quot;"' in svg
