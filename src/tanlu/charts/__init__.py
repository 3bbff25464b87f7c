"""Charts as SVG text, drawn with matplotlib (Agg), for web pages and PDF reports alike. Framework-free.

Every function returns an ``<svg>`` string ready to be inlined in HTML (no XML declaration, no fixed size:
it scales to its container through its ``viewBox``). Text is kept as text (``svg.fonttype = "none"``), so
the page's font, or the PDF's Noto Sans SC, renders Chinese; matplotlib never needs a CJK font itself.
Inline ``style`` attributes are rewritten as SVG presentation attributes, so the charts display under a
Content-Security-Policy without ``'unsafe-inline'``.

Because matplotlib cannot measure Chinese text here (it has no CJK font), the share charts place their
labels themselves: each label is wrapped by an estimate of its width (a Han character is one em wide,
other characters about half) and written above its bar, never beside it.

Functions:

* :func:`share_bars` - horizontal bars of shares in percent (survey options), one row per option, with
  value labels and an optional note (e.g. "several answers possible: shares add up to more than 100%");
* :func:`bar_chart`, :func:`stacked_bar_chart`, :func:`line_chart` - generic charts of values by category
  (e.g. emissions by scope and month), with a unit on the value axis.

The modules, by concern: :mod:`~tanlu.charts.style` (palette, fonts, matplotlib settings),
:mod:`~tanlu.charts.labels` (text width estimates and wrapping), :mod:`~tanlu.charts.svg` (figure to
inline SVG), :mod:`~tanlu.charts.shares` (share bars), :mod:`~tanlu.charts.axes` (category axes and
legends), :mod:`~tanlu.charts.bars` (bar charts) and :mod:`~tanlu.charts.lines` (line charts).
Callers import from ``tanlu.charts`` itself.
"""

from __future__ import annotations

import matplotlib as mpl

mpl.use("Agg")  # before any submodule imports pyplot: no display on a server, the same backend everywhere

from tanlu.charts.bars import bar_chart, stacked_bar_chart
from tanlu.charts.labels import text_width as _text_width  # noqa: F401  # web/surveys/charts.py imports it by this name
from tanlu.charts.labels import wrap_label
from tanlu.charts.lines import line_chart
from tanlu.charts.shares import share_bars
from tanlu.charts.style import PALETTE

__all__ = [
    "PALETTE",
    "bar_chart",
    "line_chart",
    "share_bars",
    "stacked_bar_chart",
    "wrap_label",
]
