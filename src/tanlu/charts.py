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
* :func:`paired_share_bars` - two bars per option (wave 1 / wave 2) with the change in percentage points;
* :func:`bar_chart`, :func:`stacked_bar_chart`, :func:`line_chart` - generic charts of values by category
  (e.g. emissions by scope and month), with a unit on the value axis.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import matplotlib as mpl

mpl.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure

__all__ = [
    "PALETTE",
    "bar_chart",
    "line_chart",
    "share_bars",
    "stacked_bar_chart",
    "wrap_label",
]

#: brand green first, then colours distinguishable in print and by most colour-blind readers
PALETTE = ("#0b6e4f", "#0b57b5", "#d9a629", "#b42318", "#6e7781", "#7cc3a3", "#8dbbeb", "#424a53")
_TRACK = "#eef1f4"
_TEXT = "#1c2127"
_MUTED = "#57606a"
_FONT = ["Noto Sans SC", "DejaVu Sans", "sans-serif"]
_FONT_SIZE = 11.0
_LINE = 1.35  # line height in ems
_DPI = 72  # one SVG user unit per point


@contextmanager
def _style() -> Iterator[None]:
    settings = {
        "svg.fonttype": "none",
        "svg.hashsalt": "tanlu",  # stable ids, so the same data gives the same SVG
        "font.family": "sans-serif",
        "font.sans-serif": _FONT,
        "font.size": _FONT_SIZE,
        "axes.edgecolor": "#d0d7de",
        "axes.labelcolor": _MUTED,
        "xtick.color": _MUTED,
        "ytick.color": _MUTED,
        "figure.dpi": _DPI,
    }
    with mpl.rc_context(settings), warnings.catch_warnings():
        # Han glyphs are missing from matplotlib's own fonts: irrelevant, the text stays text
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph .* missing from")
        warnings.filterwarnings("ignore", message=r".*findfont")
        yield


def _text_width(text: str) -> float:
    """Estimated width of ``text`` in ems: wide (CJK) characters 1, others 0.56."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in {"W", "F"} else 0.56 for ch in text)


def wrap_label(text: str, width_em: float) -> list[str]:
    """Break ``text`` into lines of at most ``width_em`` ems, at spaces for Latin words, anywhere between Han."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        tokens = re.findall(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|\S+\s*|\s+", paragraph)
        line = ""
        for token in tokens:
            if line and _text_width(line + token.rstrip()) > width_em:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
            while _text_width(line) > width_em and len(line) > 1:  # one very long word
                cut = max(1, int(width_em / 0.56))
                lines.append(line[:cut])
                line = line[cut:]
        if line.strip() or not lines:
            lines.append(line.rstrip())
    return lines


_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_FONT_SHORTHAND = re.compile(
    r"^(?:(?P<style>italic|oblique|normal)\s+)?(?:(?P<weight>\d{3}|bold|normal)\s+)?"
    r"(?P<size>[\d.]+)px\s+(?P<family>.+)$"
)


def _presentation(match: re.Match[str]) -> str:
    attributes: list[str] = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip().replace('"', "'")
        if not name:
            continue
        if name == "font":
            parts = _FONT_SHORTHAND.match(value)
            if parts is None:
                continue
            if parts["weight"]:
                attributes.append(f'font-weight="{parts["weight"]}"')
            attributes.append(f'font-size="{parts["size"]}"')
            attributes.append(f'font-family="{parts["family"]}"')
        else:
            attributes.append(f'{name}="{value}"')
    return " " + " ".join(attributes) if attributes else ""


def _svg(figure: Figure, title: str = "", display_width: float | None = None) -> str:
    """The figure as inline SVG: no prolog, no inline styles, an accessible title.

    Its width is ``display_width`` CSS pixels (the height follows the ``viewBox``), and a page's
    ``svg { max-width: 100% }`` shrinks it on narrow screens; without ``display_width`` it fills its container.
    """
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r"<style[^>]*>.*?</style>\s*", "", text, flags=re.S)
    text = _STYLE_ATTRIBUTE.sub(_presentation, text)
    size = f"{display_width:.0f}" if display_width else "100%"
    text = re.sub(r'<svg([^>]*?)\swidth="[^"]*"\sheight="[^"]*"', rf'<svg\1 width="{size}"', text, count=1)
    label = _escape(title)
    text = text.replace("<svg", f'<svg role="img" aria-label="{label}" class="chart"', 1)
    if title:
        text = re.sub(r"(<svg[^>]*>)", rf"\1<title>{label}</title>", text, count=1)
    return text.strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _percent(value: float) -> str:
    return f"{value:.2f}%"


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
    size = _FONT_SIZE
    text_width = (width - 16) / size
    wrapped = [wrap_label(label, text_width) for label in labels]
    bar, gap, pad = 14.0, 12.0, 6.0
    rows = [len(lines) * size * _LINE + 3 + bar for lines in wrapped]
    note_lines = wrap_label(note, text_width) if note else []
    height = pad + sum(rows) + gap * max(len(rows) - 1, 0) + pad + len(note_lines) * size * _LINE
    track = width * 0.84  # room at the end of a full bar for its value label
    with _style():
        figure = plt.figure(figsize=(width / _DPI, height / _DPI))
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, width)
        axes.set_ylim(height, 0)
        axes.axis("off")
        y = pad
        for lines, value in zip(wrapped, percents, strict=True):
            for line in lines:
                axes.text(2, y, line, va="top", ha="left", color=_TEXT, fontsize=size)
                y += size * _LINE
            y += 3
            axes.add_patch(mpl.patches.Rectangle((2, y), track, bar, color=_TRACK, linewidth=0))
            length = track * max(0.0, min(value, 100.0)) / 100
            axes.add_patch(mpl.patches.Rectangle((2, y), length, bar, color=color, linewidth=0))
            axes.text(
                length + 8,
                y + bar / 2,
                value_format.format(value),
                va="center",
                ha="left",
                color=_TEXT,
                fontsize=size,
                fontweight="bold",
            )
            y += bar + gap
        y += pad - gap
        for line in note_lines:
            axes.text(2, y, line, va="top", ha="left", color=_MUTED, fontsize=size * 0.92, fontstyle="italic")
            y += size * _LINE
        return _svg(figure, title, width * scale)


def _thousands(value: float, _position: object = None) -> str:
    """An axis tick with thousands separators and no needless decimals (``12,000``, ``2.5``)."""
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2g}" if abs(value) < 1 else f"{value:,.1f}"


def _tick_step(labels: Sequence[str], slot: float, size: float) -> int:
    """Label every n-th category so that labels of ``size`` points fit slots ``slot`` points wide."""
    widest = max((_text_width(label) for label in labels), default=0.0) * size + size * 0.6
    return max(1, -(-int(widest) // max(int(slot), 1)))


def _category_axes(
    categories: Sequence[str],
    unit: str,
    width: float,
    height: float,
    *,
    font_size: float = _FONT_SIZE,
    top: float = 0.0,
    peak: float = 0.0,
) -> tuple[Figure, object]:
    """Axes whose margins are set in points for ``font_size`` text: the unit above the value axis, ticks with
    thousands separators, at most five value ticks and only as many category labels as fit."""
    size = font_size
    figure = plt.figure(figsize=(width / _DPI, height / _DPI))
    tick_width = _text_width(_thousands(peak * 1.1)) * size if peak else 3 * size
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
        color=_MUTED,
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


def _legend_rows(names: Sequence[str], width: float, size: float) -> list[list[int]]:
    """Legend entries (indices) per row, wrapped by an estimate of their width."""
    rows: list[list[int]] = [[]]
    x = 0.0
    for index, name in enumerate(names):
        entry = size * 1.4 + _text_width(name) * size + size * 1.2
        if rows[-1] and x + entry > width:
            rows.append([])
            x = 0.0
        rows[-1].append(index)
        x += entry
    return rows


def _legend(axes: object, names: Sequence[str], colours: Sequence[str], width: float, size: float) -> float:
    """Draw a legend at the top of a figure in points (y down); returns its height."""
    y = 4.0
    for row in _legend_rows(names, width, size):
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
                color=_TEXT,
                fontsize=size,
            )
            x += size * 1.4 + _text_width(names[index]) * size + size * 1.2
        y += size * _LINE
    return y + 4.0


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
    legend: bool,
    display_width: float | None,
) -> str:
    """One horizontal bar per category (stacked by series), its label above it and its total at its end.

    Labels are wrapped by estimate, as in :func:`share_bars`, so long Chinese names stay whole and legible.
    """
    size = font_size
    names = list(series)
    totals = [sum(max(0.0, values[i]) for values in series.values()) for i in range(len(categories))]
    peak = max(totals, default=0.0) or 1.0
    wrapped = [wrap_label(label, (width - 8) / size) for label in categories]
    bar, gap, pad = size * 1.1, size * 0.9, 6.0
    legend_lines = len(_legend_rows(names, width, size)) if legend else 0
    head = pad + (legend_lines * size * _LINE + 8 if legend else 0) + (size * _LINE if unit else 0)
    rows = [len(lines) * size * _LINE + 3 + bar for lines in wrapped]
    height = head + sum(rows) + gap * max(len(rows) - 1, 0) + pad
    longest = max((_text_width(value_format.format(t)) for t in totals), default=3.0) * size + 10
    track = max(width - longest - 4, width * 0.5)
    with _style():
        figure = plt.figure(figsize=(width / _DPI, height / _DPI))
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, width)
        axes.set_ylim(height, 0)
        axes.axis("off")
        y = pad
        if legend:
            y += _legend(axes, names, colours, width, size) - 4
        if unit:
            axes.text(2, y, unit, va="top", ha="left", color=_MUTED, fontsize=size)
            y += size * _LINE
        for index, lines in enumerate(wrapped):
            for line in lines:
                axes.text(2, y, line, va="top", ha="left", color=_TEXT, fontsize=size)
                y += size * _LINE
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
                color=_TEXT,
                fontsize=size,
                fontweight="bold",
            )
            y += bar + gap
        return _svg(figure, title, display_width)


def _wants_horizontal(categories: Sequence[str], width: float, size: float, horizontal: bool | None) -> bool:
    """``horizontal`` as given, or (``None``) when the category labels would not fit under vertical bars."""
    if horizontal is not None:
        return horizontal
    slot = width * 0.85 / max(len(categories), 1)
    return len(categories) <= 8 and any(_text_width(c) * size > slot for c in categories)


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
    font_size: float = _FONT_SIZE,
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
            legend=False,
            display_width=display_width,
        )
    with _style():
        figure, axes = _category_axes(
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
            color=_TEXT,
        )
        return _svg(figure, title, display_width)


def stacked_bar_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    unit: str = "",
    title: str = "",
    width: float = 640.0,
    height: float = 340.0,
    font_size: float = _FONT_SIZE,
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
            legend=True,
            display_width=display_width,
        )
    totals = [sum(v) for v in zip(*series.values(), strict=True)] if series else []
    with _style():
        legend_height = len(_legend_rows(list(series), width, font_size)) * font_size * _LINE + 6
        figure, axes = _category_axes(
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
        _figure_legend(figure, list(series), colours, width=width, height=height, size=font_size)
        return _svg(figure, title, display_width)


def _figure_legend(
    figure: Figure, names: Sequence[str], colours: Sequence[str], *, width: float, height: float, size: float
) -> None:
    """A legend across the top of a figure, wrapped by estimated text width (matplotlib cannot measure Han)."""
    overlay = figure.add_axes((0, 0, 1, 1), zorder=-1)
    overlay.set_xlim(0, width)
    overlay.set_ylim(height, 0)
    overlay.axis("off")
    _legend(overlay, names, colours, width, size)


def line_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    unit: str = "",
    title: str = "",
    width: float = 640.0,
    height: float = 320.0,
    font_size: float = _FONT_SIZE,
    display_width: float | None = None,
) -> str:
    """One line per series over the categories (e.g. months); ``None`` leaves a gap."""
    colours = (PALETTE * 4)[: len(series)]
    peak = max((v for values in series.values() for v in values if v is not None), default=0.0)
    with _style():
        top = (
            len(_legend_rows(list(series), width, font_size)) * font_size * _LINE + 6
            if len(series) > 1
            else 0
        )
        figure, axes = _category_axes(
            categories, unit, width, height, font_size=font_size, top=top, peak=peak
        )
        for (name, values), colour in zip(series.items(), colours, strict=False):
            points = [float("nan") if v is None else v for v in values]
            axes.plot(range(len(categories)), points, marker="o", label=name, color=colour, linewidth=2)  # type: ignore[attr-defined]
        if len(series) > 1:
            _figure_legend(figure, list(series), colours, width=width, height=height, size=font_size)
        return _svg(figure, title, display_width)
