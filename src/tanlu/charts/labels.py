"""Label widths by estimate and line wrapping: matplotlib cannot measure Han here (it has no CJK font)."""

from __future__ import annotations

import re
import unicodedata


def text_width(text: str) -> float:
    """Estimated width of ``text`` in ems: wide (CJK) characters 1, others 0.56."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in {"W", "F"} else 0.56 for ch in text)


def wrap_label(text: str, width_em: float) -> list[str]:
    """Break ``text`` into lines of at most ``width_em`` ems, at spaces for Latin words, anywhere between Han."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        tokens = re.findall(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|\S+\s*|\s+", paragraph)
        line = ""
        for token in tokens:
            if line and text_width(line + token.rstrip()) > width_em:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
            while text_width(line) > width_em and len(line) > 1:  # one very long word
                cut = max(1, int(width_em / 0.56))
                lines.append(line[:cut])
                line = line[cut:]
        if line.strip() or not lines:
            lines.append(line.rstrip())
    return lines
