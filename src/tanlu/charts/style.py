"""The look every chart shares: palette, text colours, fonts and the matplotlib settings they are drawn under."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib as mpl

#: brand green first, then colours distinguishable in print and by most colour-blind readers
PALETTE = ("#0b6e4f", "#0b57b5", "#d9a629", "#b42318", "#6e7781", "#7cc3a3", "#8dbbeb", "#424a53")
TRACK = "#eef1f4"
TEXT = "#1c2127"
MUTED = "#57606a"
FONT = ["Noto Sans SC", "DejaVu Sans", "sans-serif"]
FONT_SIZE = 11.0
LINE = 1.35  # line height in ems
DPI = 72  # one SVG user unit per point


@contextmanager
def chart_style() -> Iterator[None]:
    """Draw under the house settings, with text kept as text and stable ids (the same data, the same SVG)."""
    settings = {
        "svg.fonttype": "none",
        "svg.hashsalt": "tanlu",  # stable ids, so the same data gives the same SVG
        "font.family": "sans-serif",
        "font.sans-serif": FONT,
        "font.size": FONT_SIZE,
        "axes.edgecolor": "#d0d7de",
        "axes.labelcolor": MUTED,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "figure.dpi": DPI,
    }
    with mpl.rc_context(settings), warnings.catch_warnings():
        # Han glyphs are missing from matplotlib's own fonts: irrelevant, the text stays text
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph .* missing from")
        warnings.filterwarnings("ignore", message=r".*findfont")
        yield
