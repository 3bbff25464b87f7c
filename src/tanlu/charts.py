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
    "paired_share_bars",
    "share_bars",
    "stacked_bar_chart",
    "wrap_label",
]

#: brand green first, then colours distinguishable in print and by most colour-blind readers
PALETTE = ("#0b6e4f", "#0b57b5", "#d9a629", "#b42318", "#6e7781", "#7cc3a3", "#8dbbeb", "#424a53")
_TRACK = "#eef1f4"
_EARLIER = "#8c959f"
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


def paired_share_bars(
    labels: Sequence[str],
    earlier: Sequence[float | None],
    later: Sequence[float | None],
    *,
    series_names: tuple[str, str] = ("Earlier", "Later"),
    change_suffix: str = " pp",
    title: str = "",
    width: float = 300.0,
    scale: float = 1.75,
) -> str:
    """Two bars per option (earlier in grey, later in green), their shares, and the change in points.

    A share that is ``None`` (the option did not exist in that wave) draws no bar and prints "—".
    """
    size = _FONT_SIZE
    text_width = (width - 16) / size
    wrapped = [wrap_label(label, text_width) for label in labels]
    bar, inner, gap, pad = 11.0, 3.0, 14.0, 6.0
    legend = size * _LINE + 8
    rows = [len(lines) * size * _LINE + 3 + 2 * bar + inner for lines in wrapped]
    height = pad + legend + sum(rows) + gap * max(len(rows) - 1, 0) + pad
    track = width * 0.62
    with _style():
        figure = plt.figure(figsize=(width / _DPI, height / _DPI))
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, width)
        axes.set_ylim(height, 0)
        axes.axis("off")
        x = 2.0
        for name, colour in zip(series_names, (_EARLIER, PALETTE[0]), strict=True):
            axes.add_patch(mpl.patches.Rectangle((x, pad + 2), 12, 10, color=colour, linewidth=0))
            axes.text(x + 18, pad + 7, name, va="center", ha="left", color=_TEXT, fontsize=size)
            x += 18 + _text_width(name) * size + 24
        y = pad + legend
        for lines, before, after in zip(wrapped, earlier, later, strict=True):
            for line in lines:
                axes.text(2, y, line, va="top", ha="left", color=_TEXT, fontsize=size)
                y += size * _LINE
            y += 3
            top = y
            for value, colour in ((before, _EARLIER), (after, PALETTE[0])):
                length = track * max(0.0, min(value or 0.0, 100.0)) / 100
                if value is not None:
                    axes.add_patch(mpl.patches.Rectangle((2, y), length, bar, color=colour, linewidth=0))
                axes.text(
                    length + 6,
                    y + bar / 2,
                    "—" if value is None else _percent(value),
                    va="center",
                    ha="left",
                    color=_TEXT,
                    fontsize=size * 0.92,
                )
                y += bar + inner
            if before is not None and after is not None:
                change = round(after - before, 2)
                tone = PALETTE[0] if change > 0 else PALETTE[3] if change < 0 else _MUTED
                axes.text(
                    width - 4,
                    top + bar + inner / 2,
                    f"{change:+.2f}{change_suffix}",
                    va="center",
                    ha="right",
                    color=tone,
                    fontsize=size,
                    fontweight="bold",
                )
            y += gap - inner
        return _svg(figure, title, width * scale)


def _category_axes(
    categories: Sequence[str], unit: str, width: float, height: float
) -> tuple[Figure, object]:
    figure = plt.figure(figsize=(width / _DPI, height / _DPI))
    axes = figure.add_axes((0.1, 0.16, 0.86, 0.76))
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_ylabel(unit)
    axes.grid(axis="y", color="#e4e8ec", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.set_xticks(range(len(categories)), list(categories))
    return figure, axes


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
) -> str:
    """Vertical bars of ``values`` by category, each labelled with its value; ``unit`` titles the value axis."""
    with _style():
        figure, axes = _category_axes(categories, unit, width, height)
        bars = axes.bar(range(len(categories)), values, color=color, width=0.6)  # type: ignore[attr-defined]
        axes.bar_label(
            bars,
            labels=[value_format.format(v) for v in values],
            padding=3,  # type: ignore[attr-defined]
            fontsize=_FONT_SIZE * 0.9,
            color=_TEXT,
        )
        return _svg(figure, title)


def stacked_bar_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    unit: str = "",
    title: str = "",
    width: float = 640.0,
    height: float = 340.0,
) -> str:
    """Vertical bars by category, stacked by series (e.g. Scope 1/2/3 per month), with a legend."""
    with _style():
        figure, axes = _category_axes(categories, unit, width, height)
        bottom = [0.0] * len(categories)
        for (name, values), colour in zip(series.items(), PALETTE * 4, strict=False):
            axes.bar(range(len(categories)), values, bottom=bottom, label=name, color=colour, width=0.6)  # type: ignore[attr-defined]
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.legend(frameon=False, ncols=min(len(series), 4), loc="upper left", bbox_to_anchor=(0, 1.12))  # type: ignore[attr-defined]
        return _svg(figure, title)


def line_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    unit: str = "",
    title: str = "",
    width: float = 640.0,
    height: float = 320.0,
) -> str:
    """One line per series over the categories (e.g. months); ``None`` leaves a gap."""
    with _style():
        figure, axes = _category_axes(categories, unit, width, height)
        for (name, values), colour in zip(series.items(), PALETTE * 4, strict=False):
            points = [float("nan") if v is None else v for v in values]
            axes.plot(range(len(categories)), points, marker="o", label=name, color=colour, linewidth=2)  # type: ignore[attr-defined]
        if len(series) > 1:
            axes.legend(frameon=False, ncols=min(len(series), 4), loc="upper left", bbox_to_anchor=(0, 1.12))  # type: ignore[attr-defined]
        return _svg(figure, title)
