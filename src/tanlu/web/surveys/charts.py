"""The survey's share charts, drawn for the width they are shown at, written as SVG directly.

A chart that is drawn once and zoomed to its box reads at 19 px on a desktop and 10 px on a phone. These are drawn
in CSS pixels for a given box (one SVG unit per pixel, shown at exactly that width, ``max-width: 100%`` only for
a narrower phone), so text keeps ``font_size`` wherever the chart is shown. Pages draw each chart twice, for a
phone card and for a desktop card, and the stylesheet shows the one that fits (``survey-chart--narrow`` /
``--wide``); the PDF draws one for the A4 column.

The charts are rectangles and lines of text placed by arithmetic, so they are written as SVG text here rather than
through matplotlib: matplotlib drew the same elements at the same coordinates but cost 40 ms per chart (figure
and axes set-up, text layout with fonts that cannot measure Han anyway), which made the demo's results page take
1.3 s; written directly, a chart takes well under a millisecond, so every page draws its charts afresh from the
figures of the moment and nothing is kept between requests. Baselines follow matplotlib's (DejaVu Sans' ascent
and descent, as before), so the charts look as they did.

Labels are placed by estimated width (:func:`tanlu.charts.wrap_label`), as Han cannot be measured here.
The wave comparison keeps its own column for the change in points, so "+1.29 pp" never overlaps a share, and its
legend names both waves, one per line, wrapped rather than cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from tanlu.charts import PALETTE, wrap_label
from tanlu.charts import _text_width as text_width

__all__ = ["NARROW", "PRINT", "WIDE", "Box", "latin_apostrophes", "paired_share_bars", "share_bars"]

_TRACK = "#eef1f4"
_EARLIER = "#8c959f"
_TEXT = "#1c2127"
_MUTED = "#57606a"
_LINE = 1.35
_FONT = "'Noto Sans SC', 'DejaVu Sans', sans-serif"
#: from a ``va="top"`` / ``va="center"`` position to the baseline, in ems (DejaVu Sans' ascent 0.760, descent
#: 0.240: the offsets matplotlib used when it drew these charts)
_TOP_TO_BASELINE = 0.759766
_CENTRE_TO_BASELINE = 0.259766


@dataclass(frozen=True)
class Box:
    """Where a chart is shown: its width and text size in CSS pixels (points in the PDF)."""

    width: float
    font_size: float


#: a result card's body on a 360 px phone (360 - 2 x 16 page margin - 2 x 24 card padding)
NARROW = Box(280.0, 13.0)
#: a result card's body on a desktop (about 1100 px at 1280 px; wider bars read no better)
WIDE = Box(880.0, 14.0)
#: the A4 report's text column in the PDF (210 mm - 2 x 16 mm margins = 178 mm = 504 pt)
PRINT = Box(504.0, 9.0)

_HAN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def latin_apostrophes(text: str) -> str:
    """``company’s`` with the modifier-letter apostrophe (U+02BC) where the line has no Han.

    Noto Sans SC, the PDF's font, draws U+2019 full width, as Chinese sets it ("company’ s"); the page's CSS asks
    for its proportional form, which an SVG text in WeasyPrint does not honour. U+02BC looks the same, narrow.
    """
    return text if _HAN.search(text) else re.sub(r"(?<=\w)\u2019(?=\w)", "\u02bc", text)


@lru_cache(maxsize=8192)
def _wrapped(text: str, width_em: float) -> tuple[str, ...]:
    """:func:`wrap_label`, kept per text and width: it measures character by character (a third of a page's
    drawing time); what it returns depends on its two arguments only, so a kept result is never out of date."""
    return tuple(wrap_label(text, width_em))


def _number(value: float) -> str:
    """A coordinate as SVG writes it: at most six decimals, no trailing zeros."""
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


@dataclass
class _Drawing:
    """The elements of one chart, in drawing order (bars first, then text, as matplotlib stacked them)."""

    width: float
    height: float
    bars: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def bar(self, x: float, y: float, length: float, height: float, *, colour: str) -> None:
        self.bars.append(
            f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(max(length, 0.0))}"'
            f' height="{_number(height)}" fill="{colour}"/>'
        )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        va: str = "top",
        anchor: str = "start",
        colour: str = _TEXT,
        weight: str = "",
        style: str = "",
    ) -> None:
        """``text`` with its top (``va="top"``) or middle (``va="center"``) at ``y``."""
        offset = _TOP_TO_BASELINE if va == "top" else _CENTRE_TO_BASELINE
        font = (f' font-style="{style}"' if style else "") + (f' font-weight="{weight}"' if weight else "")
        self.texts.append(
            f'<g><text{font} font-size="{_number(size)}px" font-family="{_FONT}" text-anchor="{anchor}"'
            f' fill="{colour}" x="{_number(x)}" y="{_number(y + offset * size)}">'
            f"{escape(latin_apostrophes(text), quote=False)}</text></g>"
        )

    def svg(self, title: str) -> str:
        """Inline SVG: no prolog, no inline styles (the Content-Security-Policy allows none), an accessible title,
        ``width`` CSS pixels wide (the height follows the ``viewBox``)."""
        label = escape(title, quote=True)
        width, height = _number(self.width), _number(self.height)
        head = (
            f'<svg role="img" aria-label="{label}" class="chart" width="{width}"'
            f' viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" version="1.1">'
        )
        return "\n".join(
            [
                head + (f"<title>{label}</title>" if title else ""),
                f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
                *self.bars,
                *self.texts,
                "</svg>",
            ]
        )


def share_bars(
    labels: Sequence[str],
    percents: Sequence[float],
    box: Box,
    *,
    note: str = "",
    title: str = "",
    value_format: str = "{:.2f}%",
) -> str:
    """One bar per option on a 0-100% track, the option's label above it and its share at its end."""
    if len(labels) != len(percents):
        raise ValueError("one percent per label")
    size, width = box.font_size, box.width
    wrapped = [_wrapped(label, (width - 4) / size) for label in labels]
    note_lines = _wrapped(note, (width - 4) / size) if note else ()
    bar, gap, pad = size * 1.1, size * 0.9, 4.0
    value_room = text_width(value_format.format(100.0)) * size * 1.2 + size * 0.6  # bold digits are wider
    track = width - value_room - 2
    height = pad * 2 + sum(len(lines) * size * _LINE + 3 + bar + gap for lines in wrapped) - gap
    height += len(note_lines) * size * _LINE + (gap if note_lines else 0)
    drawing = _Drawing(width, height)
    y = pad
    for lines, value in zip(wrapped, percents, strict=True):
        for line in lines:
            drawing.text(2, y, line, size)
            y += size * _LINE
        y += 3
        drawing.bar(2, y, track, bar, colour=_TRACK)
        length = track * max(0.0, min(value, 100.0)) / 100
        drawing.bar(2, y, length, bar, colour=PALETTE[0])
        drawing.text(
            length + 2 + size * 0.4, y + bar / 2, value_format.format(value), size, va="center", weight="700"
        )
        y += bar + gap
    for line in note_lines:
        drawing.text(2, y, line, size * 0.92, colour=_MUTED, style="italic")
        y += size * _LINE
    return drawing.svg(title)


def paired_share_bars(
    labels: Sequence[str],
    earlier: Sequence[float | None],
    later: Sequence[float | None],
    box: Box,
    *,
    series_names: tuple[str, str],
    change_suffix: str = " pp",
    title: str = "",
) -> str:
    """Two bars per option (earlier wave grey, this wave green), each share at its bar's end, and the change in
    points in a column of its own on the right; the legend names both waves, each on its own (wrapped) line.

    A share that is ``None`` (the option did not exist in that wave) draws no bar and prints "—".
    """
    size, width = box.font_size, box.width
    changes = [
        None if before is None or after is None else round(after - before, 2)
        for before, after in zip(earlier, later, strict=True)
    ]
    change_texts = ["" if c is None else f"{c:+.2f}{change_suffix}" for c in changes]
    change_room = max((text_width(t) for t in change_texts), default=0.0) * size + size
    value_room = text_width("100.00%") * size * 0.92 * 1.1 + size * 0.8
    track = max(width - change_room - value_room - 2, width * 0.3)
    key = size * 0.9
    legend = [_wrapped(name, (width - key - size) / size) for name in series_names]
    wrapped = [_wrapped(label, (width - 4) / size) for label in labels]
    bar, inner, gap, pad = size * 0.9, 3.0, size * 1.1, 4.0
    height = pad + sum(len(lines) * size * _LINE for lines in legend) + size * 0.6
    height += sum(len(lines) * size * _LINE + 3 + 2 * bar + inner + gap for lines in wrapped) - gap + pad
    drawing = _Drawing(width, height)
    y = pad
    for lines, colour in zip(legend, (_EARLIER, PALETTE[0]), strict=True):
        drawing.bar(2, y + size * 0.2, key, key, colour=colour)
        for line in lines:
            drawing.text(2 + key + size * 0.5, y, line, size)
            y += size * _LINE
    y += size * 0.6
    for lines, before, after, change, text in zip(
        wrapped, earlier, later, changes, change_texts, strict=True
    ):
        for line in lines:
            drawing.text(2, y, line, size)
            y += size * _LINE
        y += 3
        top = y
        for value, colour in ((before, _EARLIER), (after, PALETTE[0])):
            length = track * max(0.0, min(value or 0.0, 100.0)) / 100
            if value is not None:
                drawing.bar(2, y, length, bar, colour=colour)
            shown = "—" if value is None else f"{value:.2f}%"
            drawing.text(length + 2 + size * 0.4, y + bar / 2, shown, size * 0.92, va="center")
            y += bar + inner
        if change is not None:
            tone = PALETTE[0] if change > 0 else PALETTE[3] if change < 0 else _MUTED
            drawing.text(
                width - 2,
                top + bar + inner / 2,
                text,
                size,
                va="center",
                anchor="end",
                colour=tone,
                weight="700",
            )
        y += gap - inner
    return drawing.svg(title)
