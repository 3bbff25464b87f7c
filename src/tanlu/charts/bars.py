"""Bar charts of values by category, plain or stacked by series, vertical or (for long labels) horizontal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
from matplotlib import pyplot as plt

from tanlu.charts.axes import category_axes, figure_legend, legend, legend_rows
from tanlu.charts.labels import text_width, wrap_label
from tanlu.charts.style import DPI, FONT_SIZE, LINE, MUTED, PALETTE, TEXT, chart_style
from tanlu.charts.svg import figure_svg


def _horizontal_bars(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    colours: Sequence[str],
    *,
    unit: str,
    title: str,
    width: float,
    font_size: float,
    value_format: str,
    legend_too: bool,
    display_width: float | None,
) -> str:
    """One horizontal bar per category (stacked by series), its label above it and its total at its end.

    Labels are wrapped by estimate, as in :func:`~tanlu.charts.shares.share_bars`, so long Chinese names stay
    whole and legible.
    """
    size = font_size
    names = list(series)
    totals = [sum(max(0.0, values[i]) for values in series.values()) for i in range(len(categories))]
    peak = max(totals, default=0.0) or 1.0
    wrapped = [wrap_label(label, (width - 8) / size) for label in categories]
    bar, gap, pad = size * 1.1, size * 0.9, 6.0
    legend_lines = len(legend_rows(names, width, size)) if legend_too else 0
    head = pad + (legend_lines * size * LINE + 8 if legend_too else 0) + (size * LINE if unit else 0)
    rows = [len(lines) * size * LINE + 3 + bar for lines in wrapped]
    height = head + sum(rows) + gap * max(len(rows) - 1, 0) + pad
    longest = max((text_width(value_format.format(t)) for t in totals), default=3.0) * size + 10
    track = max(width - longest - 4, width * 0.5)
    with chart_style():
        figure = plt.figure(figsize=(width / DPI, height / DPI))
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, width)
        axes.set_ylim(height, 0)
        axes.axis("off")
        y = pad
        if legend_too:
            y += legend(axes, names, colours, width, size) - 4
        if unit:
            axes.text(2, y, unit, va="top", ha="left", color=MUTED, fontsize=size)
            y += size * LINE
        for index, lines in enumerate(wrapped):
            for line in lines:
                axes.text(2, y, line, va="top", ha="left", color=TEXT, fontsize=size)
                y += size * LINE
            y += 3
            x = 2.0
            for values, colour in zip(series.values(), colours, strict=False):
                length = track * max(0.0, values[index]) / peak
                if length > 0:
                    axes.add_patch(mpl.patches.Rectangle((x, y), length, bar, color=colour, linewidth=0))
                x += length
            axes.text(
                x + 6,
                y + bar / 2,
                value_format.format(totals[index]),
                va="center",
                ha="left",
                color=TEXT,
                fontsize=size,
                fontweight="bold",
            )
            y += bar + gap
        return figure_svg(figure, title, display_width)


def _wants_horizontal(categories: Sequence[str], width: float, size: float, horizontal: bool | None) -> bool:
    """``horizontal`` as given, or (``None``) when the category labels would not fit under vertical bars."""
    if horizontal is not None:
        return horizontal
    slot = width * 0.85 / max(len(categories), 1)
    return len(categories) <= 8 and any(text_width(c) * size > slot for c in categories)


def bar_chart(
    categories: Sequence[str],
    values: Sequence[float],
    *,
    unit: str = "",
    title: str = "",
    width: float = 640.0,
    height: float = 320.0,
    color: str = PALETTE[0],
    value_format: str = "{:,.1f}",
    font_size: float = FONT_SIZE,
    horizontal: bool | None = False,
    display_width: float | None = None,
) -> str:
    """Bars of ``values`` by category, each labelled with its value; ``unit`` titles the value axis.

    Sizes are in points, one CSS pixel each when the chart is shown ``width`` pixels wide: size a chart for the
    container it gets and text of ``font_size`` reads at that size. ``horizontal`` lays the bars across with
    the category label above each (``None``: when labels are too long to sit under vertical bars), and
    ``display_width`` fixes the shown width in CSS pixels (a page's ``max-width: 100%`` still shrinks it).
    """
    if _wants_horizontal(categories, width, font_size, horizontal):
        return _horizontal_bars(
            categories,
            {unit: values},
            (color,),
            unit=unit,
            title=title,
            width=width,
            font_size=font_size,
            value_format=value_format,
            legend_too=False,
            display_width=display_width,
        )
    with chart_style():
        figure, axes = category_axes(
            categories,
            unit,
            width,
            height,
            font_size=font_size,
            peak=max(values, default=0.0),
        )
        bars = axes.bar(range(len(categories)), values, color=color, width=0.6)  # type: ignore[attr-defined]
        axes.bar_label(
            bars,
            labels=[value_format.format(v) for v in values],
            padding=3,  # type: ignore[attr-defined]
            fontsize=font_size * 0.9,
            color=TEXT,
        )
        return figure_svg(figure, title, display_width)


def stacked_bar_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    unit: str = "",
    title: str = "",
    width: float = 640.0,
    height: float = 340.0,
    font_size: float = FONT_SIZE,
    horizontal: bool | None = False,
    display_width: float | None = None,
    value_format: str = "{:,.0f}",
) -> str:
    """Bars by category, stacked by series (e.g. Scope 1/2/3 per month), with a legend.

    ``font_size``, ``horizontal`` and ``display_width`` as for :func:`bar_chart`; horizontal bars print their
    total (``value_format``) at their end.
    """
    colours = (PALETTE * 4)[: len(series)]
    if _wants_horizontal(categories, width, font_size, horizontal):
        return _horizontal_bars(
            categories,
            series,
            colours,
            unit=unit,
            title=title,
            width=width,
            font_size=font_size,
            value_format=value_format,
            legend_too=True,
            display_width=display_width,
        )
    totals = [sum(v) for v in zip(*series.values(), strict=True)] if series else []
    with chart_style():
        legend_height = len(legend_rows(list(series), width, font_size)) * font_size * LINE + 6
        figure, axes = category_axes(
            categories,
            unit,
            width,
            height,
            font_size=font_size,
            top=legend_height,
            peak=max(totals, default=0.0),
        )
        bottom = [0.0] * len(categories)
        for (name, values), colour in zip(series.items(), colours, strict=False):
            axes.bar(range(len(categories)), values, bottom=bottom, label=name, color=colour, width=0.6)  # type: ignore[attr-defined]
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        figure_legend(figure, list(series), colours, width=width, height=height, size=font_size)
        return figure_svg(figure, title, display_width)
