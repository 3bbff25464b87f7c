"""The categories of a GHG inventory: Scope 1 and 2 categories by kind of source, the 15 Scope 3 categories of the
GHG Protocol (``3.1`` … ``3.15``), their English and Chinese names, and the scope each belongs to.

Every factor, activity row and result names one of these; :mod:`tanlu.carbon.factors` exports them too.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from tanlu.errors import InputError

__all__ = [
    "CATEGORIES",
    "CATEGORY_NAMES",
    "SCOPE1_CATEGORIES",
    "SCOPE2_CATEGORIES",
    "SCOPE3_CATEGORIES",
    "category_scope",
]

SCOPE1_CATEGORIES = ("stationary_combustion", "mobile_combustion", "process", "fugitive")
SCOPE2_CATEGORIES = ("purchased_electricity", "purchased_heat")
SCOPE3_CATEGORIES = tuple(f"3.{number}" for number in range(1, 16))
CATEGORIES = (*SCOPE1_CATEGORIES, *SCOPE2_CATEGORIES, *SCOPE3_CATEGORIES)

#: English and Chinese names of every category (GHG Protocol; the glossary's Chinese terms).
CATEGORY_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "stationary_combustion": ("Stationary combustion", "固定源燃烧"),
        "mobile_combustion": ("Mobile combustion", "移动源燃烧"),
        "process": ("Process emissions", "工艺过程排放"),
        "fugitive": ("Fugitive emissions", "逸散排放"),
        "purchased_electricity": ("Purchased electricity", "外购电力"),
        "purchased_heat": ("Purchased heat, steam and cooling", "外购热力、蒸汽和冷量"),
        "3.1": ("Purchased goods and services", "外购商品和服务"),
        "3.2": ("Capital goods", "资本货物"),
        "3.3": ("Fuel- and energy-related activities", "燃料和能源相关活动"),
        "3.4": ("Upstream transportation and distribution", "上游运输和配送"),
        "3.5": ("Waste generated in operations", "运营中产生的废弃物"),
        "3.6": ("Business travel", "商务差旅"),
        "3.7": ("Employee commuting", "员工通勤"),
        "3.8": ("Upstream leased assets", "上游租赁资产"),
        "3.9": ("Downstream transportation and distribution", "下游运输和配送"),
        "3.10": ("Processing of sold products", "售出产品的加工"),
        "3.11": ("Use of sold products", "售出产品的使用"),
        "3.12": ("End-of-life treatment of sold products", "售出产品的寿命终止处理"),
        "3.13": ("Downstream leased assets", "下游租赁资产"),
        "3.14": ("Franchises", "特许经营"),
        "3.15": ("Investments", "投资"),
    }
)


def category_scope(category: str) -> int:
    """The scope (1, 2 or 3) a category belongs to."""
    if category in SCOPE1_CATEGORIES:
        return 1
    if category in SCOPE2_CATEGORIES:
        return 2
    if category in SCOPE3_CATEGORIES:
        return 3
    raise InputError(
        f"unknown category (expected one of {', '.join(CATEGORIES)})", column="category", value=category
    )
