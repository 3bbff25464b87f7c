"""Category axes and legends sized in points, for text matplotlib cannot measure (Han): ticks, units, legends."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from tanlu.charts.labels import text_width
from tanlu.charts.style import DPI, FONT_SIZE, LINE, MUTED, TEXT


def _thousands(value: float, _position: object = None) -> str:
    """An axis tick with thousands separators and no needless decimals (``12,000``, ``2.5``)."""
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2g}" if abs(value) < 1 else f"{value:,.1f}"


def _tick_step(labels: Sequence[str], slot: float, size: float) -> int:
    """Label every n-th category so that labels of ``size`` points fit slots ``slot`` points wide."""
    widest = max((text_width(label) for label in labels), default=0.0) * size + size * 0.6
    return max(1, -(-int(widest) // max(int(slot), 1)))


def category_axes(
    categories: Sequence[str],
    unit: str,
    width: float,
    height: float,
    *,
    font_size: float = FONT_SIZE,
    top: float = 0.0,
    peak: float = 0.0,
) -> tuple[Figure, object]:
    """Axes whose margins are set in points for ``font_size`` text: the unit above the value axis, ticks with
    thousands separators, at most five value ticks and only as many category labels as fit."""
    size = font_size
    figure = plt.figure(figsize=(width / DPI, height / DPI))
    tick_width = text_width(_thousands(peak * 1.1)) * size if peak else 3 * size
    left = tick_width + size * 0.9
    bottom = size * 2.0
    top_margin = top + size * 1.8
    axes = figure.add_axes(
        (
            left / width,
            bottom / height,
            (width - left - size * 0.6) / width,
            (height - bottom - top_margin) / height,
        )
    )
    axes.spines[["top", "right"]].set_visible(False)
    axes.text(  # the unit above the value axis, read horizontally
        -left / (width - left),
        1.0,
        unit,
        transform=axes.transAxes,
        ha="left",
        va="bottom",
        fontsize=size,
        color=MUTED,
    )
    axes.grid(axis="y", color="#e4e8ec", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.tick_params(labelsize=size, length=3)
    axes.yaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=4, min_n_ticks=3))
    axes.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(_thousands))
    step = _tick_step(categories, (width - left) / max(len(categories), 1), size)
    axes.set_xticks(range(len(categories)), [c if i % step == 0 else "" for i, c in enumerate(categories)])
    axes.set_xlim(-0.6, len(categories) - 0.4)
    return figure, axes


def legend_rows(names: Sequence[str], width: float, size: float) -> list[list[int]]:
    """Legend entries (indices) per row, wrapped by an estimate of their width."""
    rows: list[list[int]] = [[]]
    x = 0.0
    for index, name in enumerate(names):
        entry = size * 1.4 + text_width(name) * size + size * 1.2
        if rows[-1] and x + entry > width:
            rows.append([])
            x = 0.0
        rows[-1].append(index)
        x += entry
    return rows


def legend(axes: object, names: Sequence[str], colours: Sequence[str], width: float, size: float) -> float:
    """Draw a legend at the top of a figure in points (y down); returns its height."""
    y = 4.0
    for row in legend_rows(names, width, size):
        x = 2.0
        for index in row:
            axes.add_patch(  # type: ignore[attr-defined]
                mpl.patches.Rectangle(
                    (x, y + size * 0.15), size * 0.9, size * 0.9, color=colours[index], linewidth=0
                )
            )
            axes.text(  # type: ignore[attr-defined]
                x + size * 1.3,
                y + size * 0.6,
                names[index],
                va="center",
                ha="left",
                color=TEXT,
                fontsize=size,
            )
            x += size * 1.4 + text_width(names[index]) * size + size * 1.2
        y += size * LINE
    return y + 4.0


def figure_legend(
    figure: Figure, names: Sequence[str], colours: Sequence[str], *, width: float, height: float, size: float
) -> None:
    """A legend across the top of a figure, wrapped by estimated text width (matplotlib cannot measure Han)."""
    overlay = figure.add_axes((0, 0, 1, 1), zorder=-1)
    overlay.set_xlim(0, width)
    overlay.set_ylim(height, 0)
    overlay.axis("off")
    legend(overlay, names, colours, width, size)
