"""The method register's texts in the reader's language.

The core (:mod:`tanlu.carbon.products.register`) writes the register in English and the run stores it so: the API
and the exports keep those texts and codes (``mass``, ``physical``, ``cradle-to-gate``). Pages and reports show
them through gettext here. Each message below is the core's text itself (a unit test keeps them equal), so a text
the core changes is shown in English until it is translated again, never wrongly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, gettext_noop

from tanlu.carbon.products import register
from tanlu.carbon.products.allocation import HIERARCHY

__all__ = ["TEXTS", "allocation_text", "exemption_text", "justification_text", "localize_text"]

#: the core's English text → the same text as a gettext message
TEXTS: Mapping[str, str] = {
    register.BOUNDARY: gettext_noop("cradle-to-gate"),
    register.ELECTRICITY: gettext_noop(
        "Market-based: contractual instruments (energy attribute certificates, supplier-specific factors, "
        "contracts, residual mix) where they exist, in the GHG Protocol Scope 2 hierarchy; the location-based "
        "grid factor otherwise."
    ),
    register.PRIMARY_DATA: gettext_noop(
        "Emission-weighted: the company's own activity data of Scope 1 and 2 activities counts 100% unless a "
        "row says otherwise, supplier footprints count by their own primary data share, secondary factors 0%."
    ),
    register.DATA_QUALITY: gettext_noop(
        "PACT v3 DQR (technological, geographical, temporal; 1 good … 3 poor), emission-weighted; a value not "
        "given is rated 3."
    ),
}

_METHODS = {
    "mass": gettext_noop("mass"),
    "units": gettext_noop("units"),
    "economic": gettext_noop("economic value"),
    "hours": gettext_noop("machine hours"),
}
_STEPS = {"physical": gettext_noop("physical relationship"), "economic": gettext_noop("economic value")}
_SHEETS = {
    "activities": gettext_noop("activities"),
    "site_activities": gettext_noop("site activities"),
    "purchased": gettext_noop("purchased items"),
}


def localize_text(text: str) -> str:
    """A register text in the reader's language (a text the core does not write, e.g. a standard, as it is)."""
    message = TEXTS.get(text)
    return gettext(message) if message else text


def allocation_text(method: str, step: str) -> str:
    """``mass (physical relationship)`` in the reader's language."""
    name = gettext(_METHODS[method]) if method in _METHODS else method
    kind = gettext(_STEPS[step]) if step in _STEPS else step
    return gettext("%(method)s (%(step)s)") % {"method": name, "step": kind} if kind else name


def justification_text(method: str, text: str, lang: str) -> str:
    """A site's justification: the default one of its method in the reader's language, a written one as it is."""
    if method in HIERARCHY and text == HIERARCHY[method][1]:
        return HIERARCHY[method][2] if lang == "zh" else text
    return text


def exemption_text(entry: Mapping[str, Any]) -> str:
    """One exemption as ``what (sheet, row n)``."""
    sheet = str(entry.get("sheet", ""))
    return gettext("%(what)s (%(sheet)s, row %(row)s)") % {
        "what": entry.get("what", ""),
        "sheet": gettext(_SHEETS[sheet]) if sheet in _SHEETS else sheet,
        "row": entry.get("row", ""),
    }
