"""A matplotlib figure as inline SVG: no prolog, no inline styles (for a strict Content-Security-Policy), a title."""

from __future__ import annotations

import io
import re

from matplotlib import pyplot as plt
from matplotlib.figure import Figure

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


def figure_svg(figure: Figure, title: str = "", display_width: float | None = None) -> str:
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
