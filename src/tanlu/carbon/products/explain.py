"""Product footprints in words (English or Chinese), as the inventory's explanations read.

    CAL-100 Brake caliper assembly: 97.71 kg CO2e per piece (fossil 97.66, biogenic 0.0525); primary data
    33.3%; DQR technological 2.28, geographical 2.9, temporal 2.25.

and a contribution tree printed one line per node, indented by level, with share and data source.
"""

from __future__ import annotations

from tanlu.carbon.explain import format_number
from tanlu.carbon.products.contributions import Contribution
from tanlu.carbon.products.footprint import ProductFootprint
from tanlu.carbon.products.sheets import STAGES
from tanlu.carbon.units import display_unit

__all__ = ["STAGE_NAMES", "explain_footprint", "tree_lines"]

STAGE_NAMES = {
    "materials": ("materials", "原材料"),
    "purchased": ("purchased parts", "外购零部件"),
    "energy": ("production energy", "生产能源"),
    "process": ("process", "工艺过程"),
    "transport": ("inbound transport", "进厂运输"),
    "packaging": ("packaging", "包装"),
}
_KIND_ZH = {"product": "产品", "purchased": "外购件", "activity": "活动", "site": "工厂"}


def explain_footprint(footprint: ProductFootprint, *, lang: str = "en") -> str:
    """One paragraph: total, fossil and biogenic, stages, primary data share, DQR and exemptions."""
    unit = display_unit(footprint.unit)
    stages = [(stage, footprint.by_stage[stage]) for stage in STAGES if footprint.by_stage[stage]]
    dqr = footprint.dqr
    if lang == "zh":
        parts = "，".join(f"{STAGE_NAMES[s][1]} {format_number(v)}" for s, v in stages)
        text = (
            f"{footprint.product_id} {footprint.name_zh or footprint.name}：每{unit} {format_number(footprint.total)} kg CO2e"
            f"（化石 {format_number(footprint.fossil)}，生物源 {format_number(footprint.biogenic)}）；{parts}；"
            f"一手数据占比 {footprint.primary_data_share:.1f}%；数据质量评级 技术 {dqr['technological']:.2f}、"
            f"地理 {dqr['geographical']:.2f}、时间 {dqr['temporal']:.2f}。"
        )
        if footprint.exempted_share:
            flag = "，超过 3%" if footprint.exemptions_flagged else ""
            text += f"豁免排放占 {footprint.exempted_share:.1f}%{flag}。"
        return text
    parts = ", ".join(f"{STAGE_NAMES[s][0]} {format_number(v)}" for s, v in stages)
    text = (
        f"{footprint.product_id} {footprint.name}: {format_number(footprint.total)} kg CO2e per {unit} "
        f"(fossil {format_number(footprint.fossil)}, biogenic {format_number(footprint.biogenic)}); {parts}; "
        f"primary data {footprint.primary_data_share:.1f}%; DQR technological {dqr['technological']:.2f}, "
        f"geographical {dqr['geographical']:.2f}, temporal {dqr['temporal']:.2f}."
    )
    if footprint.exempted_share:
        flag = ", over 3%" if footprint.exemptions_flagged else ""
        text += f" Exempted: {footprint.exempted_share:.1f}%{flag}."
    return text


def tree_lines(tree: Contribution, footprint: ProductFootprint, *, lang: str = "en") -> list[str]:
    """The explanation paragraph and one indented line per node of ``tree``."""
    lines = [explain_footprint(footprint, lang=lang), ""]
    for depth, node in tree.walk():
        amount = f"{format_number(node.amount)} {node.unit}".strip() if node.unit else ""
        kind = _KIND_ZH[node.kind] if lang == "zh" else node.kind
        source = f" [{node.source}]" if node.source else ""
        head = f"{'  ' * depth}{node.label} ({kind}{', ' + amount if amount else ''})"
        lines.append(f"{head}: {format_number(node.kgco2e)} kg CO2e, {node.share * 100:.1f}%{source}")
    return lines
