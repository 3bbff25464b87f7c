"""The method guide: one page per scope and category, in English and Chinese, with the organization's numbers.

The method texts are reference content kept here in both languages (like the core's category names), so a
reader gets them in their language whatever the state of the interface catalogue; the organization's own
figures, largest rows and factors are filled in by the view from the latest calculation.
"""

from __future__ import annotations

from dataclasses import dataclass

from tanlu.carbon.factors import CATEGORY_NAMES, SCOPE1_CATEGORIES, SCOPE2_CATEGORIES, SCOPE3_CATEGORIES


@dataclass(frozen=True)
class Topic:
    slug: str
    scope: int | None
    category: str | None
    title: tuple[str, str]
    method: tuple[tuple[str, str], ...]
    formula: tuple[str, str]
    collect: tuple[tuple[str, str], ...]


def _t(en: str, zh: str) -> tuple[str, str]:
    return (en, zh)


_COMMON_COLLECT = (
    _t(
        "Site, first and last day of the period, amount and unit on every row.",
        "每行写明厂区、期间起止日期、数量和单位。",
    ),
)
SCOPE_TOPICS = (
    Topic(
        "scope-1",
        1,
        None,
        _t("Scope 1: direct emissions", "范围一：直接排放"),
        (
            _t(
                "Scope 1 covers the greenhouse gases released from sources your organization owns or controls: fuel "
                "burnt in boilers, furnaces and generators, fuel in company vehicles and forklifts, process reactions, "
                "and leaks of refrigerants and other gases.",
                "范围一是企业拥有或控制的排放源直接排放的温室气体：锅炉、熔炉和发电机中燃烧的燃料，公司车辆和叉车的燃料，"
                "工艺过程中的化学反应，以及制冷剂等气体的逸散。",
            ),
            _t(
                "Each fuel row is multiplied by a factor per gas (CO2, CH4, N2O) and each gas is weighted with its global "
                "warming potential (GWP) to give CO2 equivalents.",
                "每一行燃料数据分别乘以各气体（CO2、CH4、N2O）的排放因子，再按全球变暖潜势（GWP）折算为二氧化碳当量。",
            ),
        ),
        _t(
            "emissions = amount × Σ (kg gas per unit × GWP of the gas)",
            "排放量 = 活动数据 × Σ（单位排放因子 × 该气体的GWP）",
        ),
        (
            _t(
                "Fuel invoices or meter readings (natural gas m³, diesel L, LPG kg).",
                "燃料发票或计量表读数（天然气立方米、柴油升、液化石油气千克）。",
            ),
            _t(
                "Refrigerant top-ups from maintenance records (kg per gas type).",
                "维修记录中的制冷剂补充量（按气体种类，千克）。",
            ),
            *_COMMON_COLLECT,
        ),
    ),
    Topic(
        "scope-2",
        2,
        None,
        _t("Scope 2: purchased electricity and heat", "范围二：外购电力和热力"),
        (
            _t(
                "Scope 2 covers the emissions of generating the electricity, steam, heat and cooling you buy. The GHG "
                "Protocol asks for two figures. Location-based uses the average factor of the grid where you consume "
                "(for China, the MEE regional grid factors). Market-based follows your contracts: green electricity "
                "certificates count as zero, a supplier-specific or contract factor comes next, then a residual mix.",
                "范围二是外购电力、蒸汽、热力和冷量在生产环节产生的排放。温室气体核算体系要求报告两个数值：基于位置法使用用电所在电网的"
                "平均排放因子（中国采用生态环境部公布的区域电网因子）；基于市场法依据合同工具：绿证覆盖的电量按零计算，其次采用供应商"
                "特定或合同排放因子，再次采用剩余组合排放因子。",
            ),
            _t(
                "Where no certificate, contract or residual mix exists, the market-based figure falls back to the "
                "location factor, and the report says so.",
                "若既无证书、合同，也无剩余组合因子，基于市场法以基于位置的因子替代，报告中会注明。",
            ),
        ),
        _t(
            "emissions = kWh × grid factor (location) · kWh × contractual factor (market)",
            "排放量 = 用电量 × 电网因子（基于位置法）；用电量 × 合同因子（基于市场法）",
        ),
        (
            _t(
                "Monthly electricity bills per site (kWh), with the grid region of each site.",
                "各厂区每月电费账单（千瓦时）以及所在电网区域。",
            ),
            _t(
                "Green electricity certificates (GEC) or green power trading contracts, with the MWh they cover.",
                "绿证或绿电交易合同及其覆盖的兆瓦时。",
            ),
            *_COMMON_COLLECT,
        ),
    ),
    Topic(
        "scope-3",
        3,
        None,
        _t("Scope 3: other indirect emissions", "范围三：其他间接排放"),
        (
            _t(
                "Scope 3 covers the emissions in your value chain, in 15 categories: what you buy (1), capital goods (2), "
                "upstream fuel and energy (3), transport you pay for (4, 9), waste (5), business travel (6), commuting (7), "
                "and the use and end of life of what you sell (11, 12). For an automotive supplier, purchased steel, "
                "aluminium and plastics are usually the largest part.",
                "范围三是价值链中的其他间接排放，分为15个类别：外购商品和服务（1）、资本货物（2）、燃料和能源相关活动（3）、"
                "运输（4、9）、废弃物（5）、商务差旅（6）、员工通勤（7）以及售出产品的使用和寿命终止处理（11、12）。"
                "对汽车零部件供应商而言，外购钢材、铝材和塑料通常占比最大。",
            ),
            _t(
                "Three methods, from most to least specific: supplier-specific (your supplier's own footprint), "
                "average-data (tonnes × an average factor), and spend-based (money spent × a factor per currency unit). "
                "Use the most specific one you can get; the report shows which method gave each figure.",
                "三种方法按具体程度排列：供应商特定法（供应商提供的碳足迹）、平均数据法（吨数 × 平均排放因子）、支出法"
                "（采购金额 × 单位金额排放因子）。尽量使用更具体的方法；报告会注明每个数值所用的方法。",
            ),
        ),
        _t("emissions = quantity (t, t·km or money) × factor", "排放量 = 数量（吨、吨公里或金额）× 排放因子"),
        (
            _t(
                "Purchases from the ERP: material, supplier, tonnes or spend.",
                "ERP中的采购记录：物料、供应商、吨数或金额。",
            ),
            _t("Freight: tonnes and kilometres per transport mode.", "运输：各运输方式的吨数和公里数。"),
            *_COMMON_COLLECT,
        ),
    ),
)

_CATEGORY_TEXT: dict[str, tuple[tuple[str, str], ...]] = {
    "stationary_combustion": (
        _t(
            "Fuel burnt in fixed equipment: boilers, heat-treatment furnaces, paint ovens, generators. Natural gas is "
            "usually read in m³ from the gas meter; the factor converts it with the fuel's net calorific value.",
            "固定设备中燃烧的燃料：锅炉、热处理炉、烘干炉、发电机。天然气一般按燃气表的立方米读数填报，排放因子会按低位发热量换算。",
        ),
        _t(
            "A kWh of fuel is on the net (lower) calorific basis unless it says otherwise; UK gas bills give gross "
            "kWh: write 'kWh (gross)' and it is converted with the fuel's gross/net ratio (natural gas 1.108, DESNZ "
            "2025). Fossil methane from combustion is weighted with the non-fossil GWP (AR6 27.0), because the CO2 "
            "factor already counts its carbon. A fuel factor valid for any use (DESNZ diesel) follows the row: "
            "write 'diesel_desnz_2025@stationary' for a generator.",
            "燃料的千瓦时默认按低位发热量计；英国燃气账单按高位发热量计，请填写“kWh (gross)”，系统按该燃料的高低位发热量比换算"
            "（天然气1.108，DESNZ 2025）。燃烧产生的化石甲烷采用非化石GWP（AR6为27.0），因为CO2因子已计入其碳。适用于任何用途的"
            "燃料因子（如DESNZ柴油）按行归类：发电机用柴油请填写“diesel_desnz_2025@固定源”。",
        ),
    ),
    "mobile_combustion": (
        _t(
            "Fuel used by vehicles you own or control: trucks, company cars, diesel forklifts. Fuel cards and invoices "
            "give litres.",
            "企业拥有或控制的移动设备消耗的燃料：货车、公务车、柴油叉车。燃油卡和发票提供升数。",
        ),
        _t(
            "A gas volume (Nm³, Sm³, 标方) cannot measure a liquid fuel: give diesel and petrol in litres, m³ or kg.",
            "气体体积（Nm³、Sm³、标方）不能计量液体燃料：柴油和汽油请按升、立方米或千克填报。",
        ),
    ),
    "process": (
        _t(
            "Gases released by chemical or physical processes rather than combustion, e.g. CO2 from carbonate "
            "decomposition or from shielding gas in welding.",
            "由化学或物理过程而非燃烧释放的气体，例如碳酸盐分解或焊接保护气中的CO2。",
        ),
        _t(
            "Fossil methane released by a process (coal-bed methane, venting) was never burnt, so it is weighted "
            "with the fossil GWP (AR6 29.8, AR5 30), which includes its later oxidation to CO2.",
            "工艺过程释放的化石甲烷（煤层气、放空）未经燃烧，因此采用化石GWP（AR6为29.8，AR5为30），其中包含其随后氧化成的CO2。",
        ),
    ),
    "fugitive": (
        _t(
            "Leaks of refrigerants from chillers and air conditioning and of SF6 from switchgear. The refrigerant "
            "added during maintenance is the amount that leaked; its GWP is high, so a few kilograms matter.",
            "冷水机组和空调中制冷剂的泄漏，以及开关柜中SF6的泄漏。维修时补充的制冷剂量即泄漏量；其GWP很高，几千克就有影响。",
        ),
        _t(
            "Leaked natural gas (CH4_fossil) takes the fossil GWP (AR6 29.8, AR5 30): unlike combustion methane, its "
            "carbon is in no CO2 factor. The factor set chooses the rule (by category, the default; or always "
            "fossil, or always non-fossil) and the explanation of each row says which value was used.",
            "泄漏的天然气（CH4_fossil）采用化石GWP（AR6为29.8，AR5为30）：与燃烧产生的甲烷不同，其碳未计入任何CO2因子。"
            "因子集可选择规则（默认按类别；或一律化石、一律非化石），每行的说明会注明所用的数值。",
        ),
        _t(
            "Owners choose the rule on the Emission factors page, under 'Fossil methane': it makes a new factor-set "
            "version with the same factors, and each result keeps the rule it was calculated with.",
            "所有者在“排放因子”页面的“化石甲烷”中选择规则：这会生成一个因子相同的新因子集版本，每个结果保留计算时所用的规则。",
        ),
    ),
    "purchased_electricity": (
        _t(
            "Electricity bought from the grid or a supplier. Give each site its grid region so the location-based "
            "figure uses the right regional factor; mark rows covered by certificates with instrument 'certificate'.",
            "从电网或售电公司购买的电力。为每个厂区设置所在电网区域，以便基于位置法使用正确的区域因子；绿证覆盖的电量在'凭证'列填写'证书'。",
        ),
    ),
    "purchased_heat": (
        _t(
            "Steam, hot water or cooling bought from a neighbouring plant or district network.",
            "从邻近工厂或区域管网购买的蒸汽、热水或冷量。",
        ),
    ),
    "3.1": (
        _t(
            "Cradle-to-gate emissions of the goods and services you buy: steel coil, aluminium ingots, plastic "
            "granulate, purchased parts, and services. Tonnes with an average factor are better than spend; a "
            "supplier's own product footprint is best.",
            "外购商品和服务从摇篮到大门的排放：钢卷、铝锭、塑料粒子、外购零件和服务。按吨数和平均因子计算优于按金额；供应商提供的产品碳足迹最佳。",
        ),
        _t(
            "Spend is converted at the exchange rate of the year it was spent and deflated to the price year of the "
            "factor (USEEIO: 2021 USD, with the US CPI-U); both steps are stated in each row's explanation. A factor "
            "per CNY applied to CNY needs no price year.",
            "支出按发生当年的汇率换算，并按美国CPI-U平减至排放因子的价格年份（USEEIO为2021年美元）；每行的说明会写明这两步。"
            "以人民币计的因子用于人民币金额时无需价格年份。",
        ),
    ),
    "3.3": (
        _t(
            "Extraction, production and transport of the fuels and electricity you use, and grid losses, not "
            "already in Scope 1 or 2.",
            "所用燃料和电力的开采、生产和运输排放，以及输配电损耗，且未计入范围一或范围二的部分。",
        ),
        _t(
            "Tanlu bundles category 3.3 factors only where a sourced one exists (UK, DESNZ 2025: T&D and "
            "well-to-tank). For Chinese and US grids no open source gives loss rates or upstream factors, so the "
            "category is reported incomplete for those sites until you add factors (grid factor × your utility's "
            "loss rate, as in the GHG Protocol's example 3.1) in a factor file.",
            "Tanlu仅在有可靠来源时内置类别3.3的因子（英国，DESNZ 2025：输配电损耗和上游排放）。中国和美国电网没有公开来源提供"
            "损耗率或上游因子，因此在您通过因子文件补充因子（电网因子 × 供电企业的损耗率，如温室气体核算体系示例3.1）之前，"
            "这些厂区的该类别报告为不完整。",
        ),
        _t(
            "The dashboard and the report name those sites beside the totals; owners add the factors on the "
            "Emission factors page.",
            "仪表盘和报告会在总量旁列出这些厂区；所有者可在“排放因子”页面添加因子。",
        ),
    ),
    "3.4": (
        _t(
            "Transport of purchased goods to you by carriers you pay, and transport you pay for between your own "
            "sites. Tonne-kilometres per mode (truck, rail, ship, air) times a factor per t·km.",
            "由企业付费的承运商将外购物料运至企业，以及企业付费的厂间运输。按运输方式（公路、铁路、海运、空运）的吨公里乘以单位吨公里排放因子。",
        ),
        _t(
            "Air freight counts the greenhouse gases only (DESNZ 'without RF'); the radiative-forcing uplift of "
            "aviation (DESNZ 'with RF' minus 'without RF') is reported apart and added only when you choose it.",
            "航空货运只计温室气体（DESNZ“不含辐射强迫”）；航空的辐射强迫增量（DESNZ“含辐射强迫”减“不含辐射强迫”）单独报告，"
            "仅在选择时计入。",
        ),
        _t(
            "Owners choose it in the report settings ('Boundary and exclusions'): 'include the radiative-forcing "
            "uplift of air freight'. Each result records whether the uplift was included, and the dashboard and the "
            "report show the uplift beside the totals either way.",
            "所有者在报告设置（“边界与排除项”）中勾选“计入航空货运的辐射强迫增量”。每个结果都记录是否计入该增量，"
            "无论是否计入，仪表盘和报告都会在总量旁显示该增量。",
        ),
    ),
    "3.5": (
        _t(
            "Treatment of waste from your operations by third parties: landfill, incineration, recycling.",
            "第三方对企业运营产生的废弃物的处理：填埋、焚烧、回收。",
        ),
    ),
    "3.6": (
        _t(
            "Flights, trains, hotels and taxis of employees travelling for work.",
            "员工出差的航班、火车、酒店和出租车。",
        ),
    ),
    "3.7": (_t("Employees' trips between home and work.", "员工上下班通勤。"),),
    "3.9": (_t("Transport of sold products that your customer pays for.", "由客户付费的售出产品运输。"),),
    "3.12": (
        _t(
            "Disposal and treatment of your sold products at the end of their life.",
            "售出产品寿命终止后的处置和处理。",
        ),
    ),
}


def _category_topic(category: str) -> Topic:
    scope = 1 if category in SCOPE1_CATEGORIES else 2 if category in SCOPE2_CATEGORIES else 3
    en, zh = CATEGORY_NAMES[category]
    if category.startswith("3."):
        number = category[2:]
        slug, title = f"category-{number}", (f"Category {number}: {en}", f"类别{number}：{zh}")
    else:
        slug, title = category.replace("_", "-"), (en, zh)
    text = _CATEGORY_TEXT.get(
        category,
        (
            _t(
                f"{en} (Scope 3 category {category[2:]}). Report it when it is relevant to your business, or state in "
                "the report's exclusions why it is left out.",
                f"{zh}（范围三类别{category[2:]}）。若与企业业务相关应予以报告；否则在报告的排除说明中写明原因。",
            ),
        ),
    )
    parent = SCOPE_TOPICS[scope - 1]
    return Topic(slug, scope, category, title, text, parent.formula, parent.collect)


TOPICS: tuple[Topic, ...] = (
    *SCOPE_TOPICS,
    *(_category_topic(c) for c in (*SCOPE1_CATEGORIES, *SCOPE2_CATEGORIES, *SCOPE3_CATEGORIES)),
)
BY_SLUG = {topic.slug: topic for topic in TOPICS}


def text(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]
