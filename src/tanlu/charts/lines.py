"""Line charts of values by category (e.g. a target's path and the actual emissions by year)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tanlu.charts.axes import category_axes, figure_legend, legend_rows
from tanlu.charts.style import FONT_SIZE, LINE, PALETTE, chart_style
from tanlu.charts.svg import figure_svg


def line_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    unit: str = "",
    title: str = "",
    width: float = 640.0,
    height: float = 320.0,
    font_size: float = FONT_SIZE,
    display_width: float | None = None,
) -> str:
    """One line per series over the categories (e.g. months); ``None`` leaves a gap."""
    colours = (PALETTE * 4)[: len(series)]
    peak = max((v for values in series.values() for v in values if v is not None), default=0.0)
    with chart_style():
        top = (
            len(legend_rows(list(series), width, font_size)) * font_size * LINE + 6 if len(series) > 1 else 0
        )
        figure, axes = category_axes(categories, unit, width, height, font_size=font_size, top=top, peak=peak)
        for (name, values), colour in zip(series.items(), colours, strict=False):
            points = [float("nan") if v is None else v for v in values]
            axes.plot(range(len(categories)), points, marker="o", label=name, color=colour, linewidth=2)  # type: ignore[attr-defined]
        if len(series) > 1:
            figure_legend(figure, list(series), colours, width=width, height=height, size=font_size)
        return figure_svg(figure, title, display_width)
