"""A product footprint explained for a page: the contribution tree opened along a path, the hotspots, what-if.

The tree and the what-if come from the core over today's stored model (with the run's GWP set); nothing is
stored. When the model changed since the run, the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tanlu import charts
from tanlu.web.products import core
from tanlu.web.products.models import CalculationRun

Language = str


def language(code: str) -> Language:
    return "zh" if code.lower().startswith("zh") else "en"


@dataclass(frozen=True)
class Explained:
    model: Any
    footprints: Any
    model_changed: bool


def explain(run: CalculationRun) -> Explained:
    """Today's model and footprints with the run's GWP set, and whether the model moved since the run."""
    model = core.stored_model(run.organization)
    footprints = core.calculate(model, gwp=run.gwp)
    return Explained(model, footprints, footprints.model_fingerprint != run.model_fingerprint)


def parse_path(text: str) -> list[int]:
    """``"0.2.1"`` → ``[0, 2, 1]``: the child indices from the root to an opened node (at most 30 levels)."""
    parts = [p for p in text.split(".") if p][:30]
    return [int(p) for p in parts] if all(p.isascii() and p.isdigit() and len(p) < 6 for p in parts) else []


def _node(contribution: Any, path: str, opened: list[int] | None) -> dict[str, Any]:
    children = list(contribution.children or ())
    node = {
        "label": contribution.label,
        "kind": contribution.kind,
        "amount": contribution.amount,
        "unit": contribution.unit,
        "kgco2e": contribution.kgco2e,
        "share": contribution.share * 100.0,
        "source": contribution.source,
        "path": path,
        "expandable": bool(children) or contribution.expandable,
        "children": None,
    }
    if opened is not None:
        head, rest = (opened[0], opened[1:]) if opened else (None, None)
        node["children"] = [
            _node(child, f"{path}.{i}" if path else str(i), rest if i == head else None)
            for i, child in enumerate(children)
        ]
    return node


def tree(explained: Explained, product_id: str, path: list[int], lang: Language) -> dict[str, Any]:
    """The tree of ``product_id`` with the root's children shown and the nodes along ``path`` opened."""
    root = core.contribution_tree(
        explained.model, explained.footprints, product_id, depth=len(path) + 2, lang=lang
    )
    return _node(root, "", list(path))


def subtree(explained: Explained, product_id: str, path: list[int], lang: Language) -> dict[str, Any] | None:
    """The node at ``path`` with its children (what one click on "expand" adds to the page)."""
    root = core.contribution_tree(
        explained.model, explained.footprints, product_id, depth=len(path) + 1, lang=lang
    )
    node = root
    for index in path:
        children = list(node.children or ())
        if index >= len(children):
            return None
        node = children[index]
    return _node(node, ".".join(map(str, path)), [])


def hotspots(explained: Explained, product_id: str, limit: int = 8) -> str:
    """A bar chart of the parts and items whose own emissions weigh most in one unit of the product (SVG)."""
    found = core.hotspots(explained.footprints, product_id, top=limit)
    if not found:
        return ""
    return charts.bar_chart(
        [node for node, _kg in found],
        [kg for _node, kg in found],
        unit=_("kg CO2e per declared unit"),
        horizontal=True,
        width=400,
        display_width=400,
        font_size=14,
        value_format="{:,.3g}",
    )


def stage_names() -> dict[str, str]:
    return {
        "materials": _("Materials"),
        "purchased": _("Purchased parts"),
        "energy": _("Production energy"),
        "process": _("Process emissions"),
        "transport": _("Inbound transport"),
        "packaging": _("Packaging"),
    }


def kind_names() -> dict[str, str]:
    return {
        "product": _("made in-house"),
        "purchased": _("purchased"),
        "activity": _("activity"),
        "site": _("site share"),
    }
