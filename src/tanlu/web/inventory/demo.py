"""The inventory demo: 苏州精工冲压件有限公司 with two plants, its energy ledger (Excel, Chinese headers, a merged
title row), ERP purchases (GBK CSV) and freight for 2023 and 2024, its own supplier factor, a report boundary and
a target. Imported through the same services as the web pages; running it twice changes nothing."""

from __future__ import annotations

from pathlib import Path

from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.demo import DemoContext, step
from tanlu.web.inventory import calculation, factorsets, importing, importing_accept
from tanlu.web.inventory.models import (
    ImportStatus,
    ProductionMetric,
    ReportSettings,
    Site,
    Target,
)

DATA = Path(__file__).resolve().parent / "demo_data"
SUPPLIER = "苏州精工冲压件有限公司"
SITES = [
    ("一厂（苏州）", "华东电网", "江苏省苏州市吴中经济开发区"),
    ("二厂（昆山）", "华东电网", "江苏省昆山市开发区"),
]
ENERGY = {
    "columns": {
        "site": "厂区",
        "period_start": "开始日期",
        "period_end": "结束日期",
        "activity": "能源品种",
        "amount": "消耗量",
        "unit": "计量单位",
        "instrument": "凭证",
        "note": "数据来源",
    },
    "values": {
        "电力": "electricity_cn_east_2023",
        "天然气": "natural_gas",
        "柴油(叉车)": "diesel_road",
        "R410A冷媒": "refrigerant_r410a",
    },
}
PURCHASES = {
    "columns": {
        "site": "工厂",
        "period_start": "开始日期",
        "period_end": "结束日期",
        "activity": "物料",
        "amount": "数量",
        "unit": "单位",
        "note": "备注",
    },
    "values": {
        "钢卷": "steel_coil_baosteel",
        "原铝": "aluminium_primary",
        "PP粒子": "plastics_pp",
        "外协机加工": "spend_naics_332710",
    },
}
STEEL_FACTOR = {
    "activity": "steel_coil_baosteel",
    "name_en": "Cold-rolled steel coil, supplier EPD",
    "name_zh": "冷轧钢卷（供应商EPD）",
    "unit": "t",
    "gas": "CO2e",
    "value": "2050",
    "scope": "3",
    "category": "3.1",
    "method": "",
    "source": "宝钢冷轧钢卷供应商EPD（演示数值）",
    "year": "2023",
}


def _membership(organization: Organization, context: DemoContext) -> Membership:
    found = Membership.objects.filter(
        organization=organization, user__in=context.owners, role=Role.OWNER
    ).first()
    return found or Membership(organization=organization, role=Role.OWNER)


def _import(
    membership: Membership, path: Path, source: str, mapping: dict[str, dict[str, str]] | None
) -> int:
    batch, repeated = importing.upload(
        membership, source=source, filename=path.name, content=path.read_bytes()
    )
    if repeated:
        return 0
    if batch.status == ImportStatus.UPLOADED:
        columns = mapping["columns"] if mapping else importing.guess_columns(batch.headers)
        importing.save_mapping(membership, batch, columns, activity_values=(mapping or {}).get("values", {}))
        batch.refresh_from_db()
    return importing_accept.accept(membership, batch)


@step("inventory")
def inventory_demo(context: DemoContext) -> str:
    organization = Organization.objects.filter(name=SUPPLIER).first()
    if organization is None:
        return "skipped: no demo supplier"
    membership = _membership(organization, context)
    for name, region, address in SITES:
        Site.objects.update_or_create(
            organization=organization, name=name, defaults={"region": region, "address": address}
        )
    if factorsets.latest_version(organization) is None:
        factorsets.add_factor(membership, STEEL_FACTOR, note="宝钢冷轧钢卷EPD（演示）")
    rows = 0
    for year in (2023, 2024):
        rows += _import(membership, DATA / f"能源台账_{year}.xlsx", "能源台账 Energy ledger", ENERGY)
        rows += _import(membership, DATA / f"采购明细_{year}.csv", "ERP采购 Purchases", PURCHASES)
        rows += _import(membership, DATA / f"物流_{year}.csv", "物流 Freight", None)
    ReportSettings.objects.get_or_create(
        organization=organization,
        defaults={
            "consolidation": "operational",
            # the supplier's own words, in its language: a Chinese report never repeats them in English (#12)
            "organizational_boundary": "苏州精工冲压件有限公司的两个工厂（苏州一厂、昆山二厂），按运营控制权法合并。",
            "operational_boundary": "范围一、范围二（两种方法）、范围三类别1和类别4。",
            "base_year": 2023,
            "base_year_policy": "结构变化或方法变化导致基准年排放变化超过5%时重新计算。",
            "exclusions": "范围三类别2、3、5–15暂未核算（数据尚未收集）。",
            "gwp": "AR6",
        },
    )
    for year, value in ((2023, 4_350_000), (2024, 4_210_000)):
        ProductionMetric.objects.get_or_create(
            organization=organization, year=year, defaults={"value": value, "unit": "件"}
        )
    Target.objects.get_or_create(
        organization=organization,
        coverage="s12",
        base_year=2023,
        target_year=2030,
        defaults={
            "name": "范围一和二减排42%",
            "kind": "absolute",
            "basis": "market",
            "reduction_percent": 42.0,
        },
    )
    runs = 0
    for year in (2023, 2024):
        _run, created = calculation.calculate(membership, year, gwp="AR6")
        runs += int(created)
    return f"{rows} activity rows, {runs} calculations"
