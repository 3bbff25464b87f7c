"""Share bars: one horizontal bar per survey option on a 0-100% track, its label wrapped above it."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
from matplotlib import pyplot as plt

from tanlu.charts.labels import wrap_label
from tanlu.charts.style import DPI, FONT_SIZE, LINE, MUTED, PALETTE, TEXT, TRACK, chart_style
from tanlu.charts.svg import figure_svg


def share_bars(
    labels: Sequence[str],
    percents: Sequence[float],
    *,
    note: str = "",
    title: str = "",
    width: float = 300.0,
    scale: float = 1.75,
    color: str = PALETTE[0],
    value_format: str = "{:.2f}%",
) -> str:
    """Horizontal bars of shares (0-100) with the option label above each bar and the share at its end.

    Each bar runs on a light track from 0 to 100%, so bars of different charts compare at a glance. ``note``
    is printed under the bars (for a multiple choice: say that shares add up to more than 100%). ``width`` is the
    drawing's width in points (labels wrap to it); it is displayed ``scale`` times as wide in CSS pixels.
    """
    if len(labels) != len(percents):
        raise ValueError("one percent per label")
    size = FONT_SIZE
    text_width = (width - 16) / size
    wrapped = [wrap_label(label, text_width) for label in labels]
    bar, gap, pad = 14.0, 12.0, 6.0
    rows = [len(lines) * size * LINE + 3 + bar for lines in wrapped]
    note_lines = wrap_label(note, text_width) if note else []
    height = pad + sum(rows) + gap * max(len(rows) - 1, 0) + pad + len(note_lines) * size * LINE
    track = width * 0.84  # room at the end of a full bar for its value label
    with chart_style():
        figure = plt.figure(figsize=(width / DPI, height / DPI))
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, width)
        axes.set_ylim(height, 0)
        axes.axis("off")
        y = pad
        for lines, value in zip(wrapped, percents, strict=True):
            for line in lines:
                axes.text(2, y, line, va="top", ha="left", color=TEXT, fontsize=size)
                y += size * LINE
            y += 3
            axes.add_patch(mpl.patches.Rectangle((2, y), track, bar, color=TRACK, linewidth=0))
            length = track * max(0.0, min(value, 100.0)) / 100
            axes.add_patch(mpl.patches.Rectangle((2, y), length, bar, color=color, linewidth=0))
            axes.text(
                length + 8,
                y + bar / 2,
                value_format.format(value),
                va="center",
                ha="left",
                color=TEXT,
                fontsize=size,
                fontweight="bold",
            )
            y += bar + gap
        y += pad - gap
        for line in note_lines:
            axes.text(2, y, line, va="top", ha="left", color=MUTED, fontsize=size * 0.92, fontstyle="italic")
            y += size * LINE
        return figure_svg(figure, title, width * scale)
