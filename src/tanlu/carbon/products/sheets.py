"""The sheets of a product model, their columns and the headers people write for them (English or Chinese).

Each sheet has required columns (the issue's) and optional ones; unknown columns are ignored. Headers are
compared without case, spaces, underscores or hyphens (:func:`tanlu.carbon.headers.map_headers`), so
``Product ID``, ``product_id`` and ``零件号`` all name ``product_id``. Sheet names (workbook tabs or CSV file
stems) have aliases too: ``产品``, ``物料清单``, ``外购件`` ….
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from tanlu.carbon.headers import HEADER_ALIASES

__all__ = [
    "ALLOCATION_METHODS",
    "COLUMN_ALIASES",
    "SHEETS",
    "SHEET_ALIASES",
    "SPECS",
    "STAGES",
    "STAGE_WORDS",
    "UNCERTAINTY_COLUMNS",
    "SheetSpec",
]

SHEETS = (
    "products",
    "inputs",
    "activities",
    "sites",
    "site_activities",
    "production",
    "purchased",
    "factors",
)
#: life-cycle stages of a product footprint, in report order
STAGES = ("materials", "purchased", "energy", "process", "transport", "packaging")
ALLOCATION_METHODS = ("mass", "units", "economic", "hours")
UNCERTAINTY_COLUMNS = ("uncertainty", "distribution", "gsd", "sd", "min", "max", "most_likely")
_DQR = ("dqr_technological", "dqr_geographical", "dqr_temporal")
_QUALITY = ("primary_data_share", *_DQR)


@dataclass(frozen=True)
class SheetSpec:
    """The required and optional columns of one sheet."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)


SPECS: Mapping[str, SheetSpec] = MappingProxyType(
    {
        "products": SheetSpec(
            ("product_id", "unit"), ("name", "name_en", "name_zh", "mass_kg", "price", "note")
        ),
        "inputs": SheetSpec(("product_id", "input_id", "quantity"), ("unit", "scrap", "yield", "note")),
        "activities": SheetSpec(
            ("product_id", "activity", "amount", "unit"),
            (
                "instrument",
                "stage",
                *_QUALITY,
                "distance_km",
                "mass_kg",
                "transport_mode",
                *UNCERTAINTY_COLUMNS,
                "exempt",
                "note",
            ),
        ),
        "sites": SheetSpec(
            ("site", "allocation"),
            ("justification", "name_en", "name_zh", "region", "period_start", "period_end", "note"),
        ),
        "site_activities": SheetSpec(
            ("site", "activity", "amount", "unit"),
            ("instrument", "stage", *_QUALITY, *UNCERTAINTY_COLUMNS, "exempt", "note"),
        ),
        "production": SheetSpec(("site", "product_id", "quantity"), ("hours", "note")),
        "purchased": SheetSpec(
            ("item_id", "name", "unit", "kgco2e_per_unit", "primary_data_share", "source"),
            (
                "name_en",
                "name_zh",
                "biogenic_kgco2e_per_unit",
                "supplier",
                "stage",
                "mass_kg",
                *_DQR,
                *UNCERTAINTY_COLUMNS,
                "exempt",
                "note",
            ),
        ),
    }
)
#: a multi-level BOM export (SAP CS12/CS11, Makersite): one row per component under its parent
BOM_SPEC = SheetSpec(("level", "input_id", "quantity"), ("unit", "scrap", "yield", "name", "note"))


def _shared(name: str) -> tuple[str, ...]:
    return HEADER_ALIASES[name]


#: canonical column → accepted headers (the inventory's for the columns both share)
COLUMN_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "product_id": (
            "product",
            "part",
            "part number",
            "part no",
            "part_no",
            "material",
            "parent",
            "产品",
            "产品编号",
            "产品代码",
            "零件号",
            "零件编号",
            "物料号",
            "物料编码",
            "父项",
            "父件",
        ),
        "input_id": (
            "input",
            "component",
            "component number",
            "item",
            "子件",
            "子项",
            "组件",
            "子项物料",
            "投入物",
            "投入物料",
            "物料",
        ),
        "item_id": (
            "item",
            "item number",
            "purchased item",
            "外购件",
            "外购件编号",
            "采购件",
            "物料号",
            "物料编码",
        ),
        "name": ("name", "description", "名称", "产品名称", "物料描述", "描述"),
        "name_en": ("english name", "英文名称"),
        "name_zh": ("chinese name", "中文名称"),
        "unit": (*_shared("unit"), "declared unit", "声明单位", "基本单位"),
        "mass_kg": (
            "mass",
            "weight",
            "mass per unit",
            "质量",
            "重量",
            "单重",
            "单件重量",
            "质量kg",
            "重量kg",
        ),
        "price": ("price", "unit price", "价格", "单价"),
        "quantity": ("quantity", "qty", "amount", "数量", "用量", "单位用量", "产量"),
        "scrap": ("scrap", "scrap rate", "scrap share", "废品率", "损耗率", "报废率"),
        "yield": ("yield", "成品率", "收得率", "良率", "得率"),
        "activity": _shared("activity"),
        "amount": _shared("amount"),
        "instrument": _shared("instrument"),
        "note": _shared("note"),
        "source": (*_shared("source"), "data source"),
        "site": _shared("site"),
        "region": _shared("region"),
        "period_start": _shared("period_start"),
        "period_end": _shared("period_end"),
        "stage": ("stage", "life cycle stage", "阶段", "生命周期阶段"),
        "allocation": (
            "allocation",
            "allocation method",
            "allocation key",
            "分配方法",
            "分配方式",
            "分配依据",
        ),
        "justification": ("justification", "reason", "理由", "分配理由", "说明理由"),
        "hours": ("hours", "machine hours", "机时", "工时", "机器工时"),
        "kgco2e_per_unit": (
            "kgco2e",
            "footprint",
            "pcf",
            "kg co2e per unit",
            "碳足迹",
            "单位碳足迹",
            "产品碳足迹",
        ),
        "biogenic_kgco2e_per_unit": ("biogenic", "biogenic kgco2e", "生物源碳足迹", "生物源"),
        "primary_data_share": ("primary data share", "pds", "一手数据比例", "原始数据占比", "初级数据占比"),
        "supplier": ("supplier", "vendor", "供应商"),
        "dqr_technological": ("technological dqr", "tecr", "技术代表性"),
        "dqr_geographical": ("geographical dqr", "ger", "地理代表性"),
        "dqr_temporal": ("temporal dqr", "tir", "时间代表性"),
        "distance_km": ("distance", "distance km", "运输距离", "距离"),
        "transport_mode": ("mode", "transport mode", "运输方式"),
        "uncertainty": ("uncertainty", "不确定性"),
        "distribution": ("distribution", "分布", "分布类型"),
        "gsd": ("gsd", "geometric standard deviation", "几何标准差"),
        "sd": ("sd", "standard deviation", "标准差"),
        "min": ("min", "minimum", "最小值"),
        "max": ("max", "maximum", "最大值"),
        "most_likely": ("most likely", "mode value", "最可能值", "众数"),
        "exempt": ("exempt", "exempted", "exclusion", "豁免", "排除"),
        "level": ("level", "bom level", "explosion level", "层级", "级别", "阶层", "层次"),
    }
)

#: canonical sheet → accepted workbook tab names or CSV file stems
SHEET_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "products": ("products", "parts", "产品", "零件", "产品清单"),
        "inputs": ("inputs", "bom", "bill of materials", "物料清单", "投入", "投入物"),
        "activities": ("activities", "processes", "活动", "工艺活动", "单位活动"),
        "sites": ("sites", "plants", "站点", "工厂", "厂区"),
        "site_activities": ("site_activities", "site totals", "站点活动", "工厂活动", "厂区活动"),
        "production": ("production", "output", "产量", "生产"),
        "purchased": ("purchased", "purchased items", "外购件", "采购件", "外购物料"),
        "factors": ("factors", "emission factors", "因子", "排放因子"),
    }
)

#: what people write for a stage → the stage
STAGE_WORDS: Mapping[str, str] = MappingProxyType(
    {
        **{stage: stage for stage in STAGES},
        "material": "materials",
        "raw materials": "materials",
        "原材料": "materials",
        "材料": "materials",
        "purchased parts": "purchased",
        "外购件": "purchased",
        "外购零件": "purchased",
        "production energy": "energy",
        "能源": "energy",
        "生产能源": "energy",
        "工艺": "process",
        "过程": "process",
        "inbound transport": "transport",
        "运输": "transport",
        "进厂运输": "transport",
        "包装": "packaging",
    }
)
