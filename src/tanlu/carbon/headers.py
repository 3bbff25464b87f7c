"""Column headers as people write them (English or Chinese) mapped to the canonical column names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from tanlu.errors import InputError

__all__ = ["HEADER_ALIASES", "map_headers"]

#: canonical column → accepted headers (compared without case, spaces, underscores or hyphens)
HEADER_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "site": ("site", "facility", "location", "plant", "站点", "场所", "厂区", "工厂", "设施"),
        "period_start": (
            "period_start",
            "start",
            "start date",
            "from",
            "开始日期",
            "起始日期",
            "开始时间",
            "期间开始",
        ),
        "period_end": ("period_end", "end", "end date", "to", "结束日期", "截止日期", "结束时间", "期间结束"),
        "activity": (
            "activity",
            "activity key",
            "energy type",
            "fuel type",
            "energy source",
            "活动",
            "活动类型",
            "排放源",
            "活动数据类型",
            "能源类型",
            "能源种类",
            "能源名称",
            "能源品种",
            "燃料类型",
            "燃料种类",
            "物料名称",
        ),
        "amount": ("amount", "quantity", "qty", "数量", "用量", "消耗量", "活动数据"),
        "unit": ("unit", "units", "单位", "计量单位"),
        "instrument": ("instrument", "contractual instrument", "合同工具", "凭证", "证书"),
        "note": ("note", "notes", "comment", "remark", "备注", "说明"),
        "gas": ("gas", "ghg", "气体", "温室气体"),
        "value": ("value", "factor", "emission factor", "因子", "排放因子", "因子值"),
        "scope": ("scope", "范围"),
        "category": ("category", "类别", "排放类别"),
        "method": ("method", "方法"),
        "source": ("source", "publication", "来源", "数据来源"),
        "name_en": ("name_en", "name", "english name", "英文名称"),
        "name_zh": ("name_zh", "chinese name", "中文名称", "名称"),
        "region": ("region", "地区", "区域"),
        "year": ("year", "price year", "年份", "价格年份"),
        "gwp": ("gwp", "gwp set", "全球变暖潜势"),
        "table": ("table", "表"),
        "link": ("link", "url", "链接"),
        "licence": ("licence", "license", "许可", "许可证"),
    }
)


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch not in " _-\u3000")


def map_headers(
    headers: Sequence[str],
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    file: str | None = None,
    aliases: Mapping[str, tuple[str, ...]] = HEADER_ALIASES,
) -> dict[str, int]:
    """Column index of every canonical column present; raises :class:`InputError` naming missing or repeated
    ones. ``aliases`` replaces the inventory's table for files with other columns (the product model's)."""
    wanted = [*required, *optional]
    lookup = {_key(alias): name for name in wanted for alias in (name, *aliases.get(name, ()))}
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = lookup.get(_key(header))
        if name is None:
            continue
        if name in mapping:
            raise InputError(f"two columns mean {name!r}", file=file, column=header)
        mapping[name] = index
    missing = [name for name in required if name not in mapping]
    if missing:
        expected = "; ".join(f"{name} ({'/'.join(aliases.get(name, ())[-2:])})" for name in missing)
        raise InputError(f"missing column(s): {expected}", file=file, column=missing[0])
    return mapping
