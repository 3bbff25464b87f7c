"""The bilingual (English/Chinese) PCF template a customer sends its suppliers: its sheets, columns and rows.

One workbook, written by :mod:`tanlu.exchange.template_xlsx` and read back by :mod:`tanlu.exchange.template_read`::

    Instructions 填写说明   how to fill it, what the customer asks (rules), every column explained
    Products 产品           one row per requested part: the request (grey) and the footprint (yellow)
    Data quality 数据质量    the same rows: primary data share, DQR, exemptions
    Method 方法             the same rows: GWP set, standard, boundary, allocation, sources, verification
    Signature 签署          who declares the footprints, for which company, when

The rows of the three row sheets belong together by their request number.  What a row says is a
:class:`TemplateFootprint`; :func:`disclosure_of` makes it the :class:`~tanlu.exchange.disclosure.Disclosure`
every exchange format is written from, so a filled template answers a request exactly as a PACT file does, and
:func:`footprint_of` fills a row from a calculated disclosure.  Nothing here knows Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from tanlu.carbon.gwp import GWP_SET_NAMES
from tanlu.exchange.disclosure import MASSLESS_UNITS, Disclosure, FactorSource, Verification

#: PACT's declared units a request can ask for (the dropdown of the declared unit column)
DECLARED_UNITS = (
    "piece", "kilogram", "liter", "cubic meter", "square meter", "kilowatt hour", "megajoule", "ton kilometer",
)  # fmt: skip
#: PACT v3 cross-sectoral standards (the dropdown of the standard column)
STANDARDS = ("ISO14067", "GHGP-Product", "PACT-3.0", "PACT-2.0", "ISO14040-44", "ISO14083", "PEF")
#: "not verified", then PACT v3's verification coverages
VERIFICATIONS = ("none", "PCF calculation model", "PCF program", "product level")

INSTRUCTIONS = "Instructions 填写说明"
PRODUCTS = "Products 产品"
QUALITY = "Data quality 数据质量"
METHOD = "Method 方法"
SIGNATURE = "Signature 签署"
ROW_SHEETS = (PRODUCTS, QUALITY, METHOD)
#: the header is this 0-based row of every row sheet; data rows follow it
HEADER_ROW = 2

TEXT, NUMBER, DATE, CHOICE = "text", "number", "date", "choice"


@dataclass(frozen=True)
class Field:
    """One column of a row sheet (or one line of the signature sheet), named in both languages."""

    key: str
    en: str
    zh: str
    kind: str = TEXT
    required: bool = False
    #: taken from the request (grey, locked), never typed by the supplier
    from_request: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    width: int = 16
    hint_en: str = ""
    hint_zh: str = ""

    @property
    def header(self) -> str:
        mark = " *" if self.required else ""
        return f"{self.en}{mark}\n{self.zh}"

    def label(self, language: str) -> str:
        """The column's name in ``language`` ("zh…" Chinese, else English)."""
        return self.zh if language.startswith("zh") else self.en


_KEYS = (
    Field("request", "Request no.", "请求编号", required=True, from_request=True, width=11),
    Field("part_number", "Customer part no.", "客户零件号", required=True, from_request=True, width=18),
)
PRODUCT_FIELDS = (
    *_KEYS,
    Field("supplier_part_number", "Supplier part no.", "供应商零件号", from_request=True, width=18),
    Field("part_name", "Part name", "零件名称", from_request=True, width=24),
    Field(
        "declared_unit", "Declared unit", "声明单位", CHOICE, required=True, choices=DECLARED_UNITS, width=14,
        hint_en="The unit the footprint is declared per, as requested.", hint_zh="碳足迹所对应的单位，与请求一致。",
    ),
    Field("product_name", "Your product name", "贵司产品名称", required=True, width=24),
    Field(
        "mass_kg", "Mass per declared unit (kg)", "每声明单位质量（千克）", NUMBER, minimum=0, width=16,
        hint_en="Product mass without packaging; 0 only for energy and services.",
        hint_zh="不含包装的产品质量；仅能源与服务可填0。",
    ),
    Field("period_start", "Reference period start", "参考期开始", DATE, required=True, width=14),
    Field("period_end", "Reference period end", "参考期结束", DATE, required=True, width=14),
    Field(
        "total", "PCF excl. biogenic uptake (kg CO2e)", "产品碳足迹，不含生物源吸收（kg CO2e）", NUMBER,
        required=True, minimum=0, width=20,
        hint_en="Fossil + biogenic emissions per declared unit, cradle to gate.",
        hint_zh="每声明单位的化石与生物源排放之和，从摇篮到大门。",
    ),
    Field(
        "fossil", "Fossil GHG emissions (kg CO2e)", "化石温室气体排放（kg CO2e）", NUMBER, required=True,
        minimum=0, width=18,
    ),
    Field(
        "biogenic", "Biogenic emissions (kg CO2e)", "生物源排放（kg CO2e）", NUMBER, minimum=0, width=16,
        hint_en="Biogenic non-CO2 emissions counted in the total; empty is 0.", hint_zh="计入总量的生物源非CO2排放；留空即为0。",
    ),
    Field(
        "biogenic_uptake", "Biogenic CO2 uptake (kg CO2e, ≤ 0)", "生物源CO2吸收（kg CO2e，≤ 0）", NUMBER,
        maximum=0, width=18, hint_en="A removal: 0 or negative; not in the total.", hint_zh="为移除量：0或负数；不计入总量。",
    ),
    Field("packaging", "Packaging emissions (kg CO2e)", "包装排放（kg CO2e）", NUMBER, minimum=0, width=16),
    Field(
        "distribution", "Outbound logistics (kg CO2e)", "出厂物流排放（kg CO2e）", NUMBER, minimum=0, width=16,
    ),
    Field(
        "country", "Country of production (ISO code)", "生产国家/地区（ISO代码）", width=16,
        hint_en="CN, or a province as CN-JS.", hint_zh="如CN，或省级代码CN-JS。",
    ),
)  # fmt: skip
QUALITY_FIELDS = (
    *_KEYS,
    Field(
        "primary_data_share", "Primary data share (%)", "一手数据占比（%）", NUMBER, minimum=0, maximum=100,
        width=16,
    ),
    Field(
        "dqr_technological", "Technological DQR (1-3)", "技术代表性DQR（1-3）", NUMBER, minimum=1, maximum=3,
        width=15, hint_en="1 best, 3 worst.", hint_zh="1最好，3最差。",
    ),
    Field(
        "dqr_geographical", "Geographical DQR (1-3)", "地理代表性DQR（1-3）", NUMBER, minimum=1, maximum=3,
        width=15, hint_en="1 best, 3 worst.", hint_zh="1最好，3最差。",
    ),
    Field(
        "dqr_temporal", "Temporal DQR (1-3)", "时间代表性DQR（1-3）", NUMBER, minimum=1, maximum=3, width=15,
        hint_en="1 best, 3 worst.", hint_zh="1最好，3最差。",
    ),
    Field(
        "exempted_percent", "Exempted emissions (%)", "排除的排放（%）", NUMBER, minimum=0, maximum=100,
        width=15, hint_en="At most 3 % is accepted.", hint_zh="最多可接受3%。",
    ),
    Field("exempted_description", "What was exempted", "排除内容说明", width=30),
)  # fmt: skip
METHOD_FIELDS = (
    *_KEYS,
    Field("gwp", "GWP set", "GWP值版本", CHOICE, required=True, choices=GWP_SET_NAMES, width=10),
    Field("standard", "Standard", "核算标准", CHOICE, required=True, choices=STANDARDS, width=16),
    Field("boundary", "System boundary", "系统边界", width=30),
    Field("allocation", "Allocation", "分配方法", width=30),
    Field(
        "factor_sources", "Emission factor sources", "排放因子来源", width=26,
        hint_en="Name and version, e.g. ecoinvent 3.10; several separated by ;",
        hint_zh="名称与版本，如 ecoinvent 3.10；多个用;分隔",
    ),
    Field("verification", "Verification", "核查", CHOICE, choices=VERIFICATIONS, width=20),
    Field("verifier", "Verified by", "核查机构", width=22),
    Field("comment", "Comment", "备注", width=30),
)  # fmt: skip
SIGNATURE_FIELDS = (
    Field("company_name", "Company", "公司名称", required=True, width=40),
    Field("prepared_by", "Prepared by (name)", "填报人姓名", required=True, width=40),
    Field("position", "Position", "职务", width=40),
    Field("email", "Email", "电子邮箱", width=40),
    Field("signed_on", "Date", "日期", DATE, required=True, width=40),
    Field("signature", "Signature", "签字", width=40),
)
SHEET_FIELDS = {PRODUCTS: PRODUCT_FIELDS, QUALITY: QUALITY_FIELDS, METHOD: METHOD_FIELDS}


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``26`` -> ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class RequestedPart:
    """A part the customer asks the footprint of, with its request's number and declared unit."""

    request: str
    part_number: str
    supplier_part_number: str = ""
    part_name: str = ""
    declared_unit: str = "piece"


@dataclass(frozen=True)
class Asked:
    """What the customer asks, shown on the instructions sheet (the checks are run on the answer)."""

    customer: str
    supplier: str
    due_date: date | None = None
    gwp: str = "AR6"
    standards: tuple[str, ...] = ()
    max_age_months: int | None = None
    min_primary_data_share: float | None = None
    max_dqr: float | None = None
    verification_required: bool = False
    message: str = ""


@dataclass(frozen=True)
class Signature:
    company_name: str = ""
    prepared_by: str = ""
    position: str = ""
    email: str = ""
    signed_on: date | None = None


@dataclass(frozen=True)
class TemplateFootprint:
    """One filled row (with its data quality and method rows): kg CO2e per one declared unit."""

    part: RequestedPart
    product_name: str
    period_start: date
    period_end: date
    total: float
    fossil: float
    gwp: str
    standard: str
    mass_kg: float | None = None
    biogenic: float = 0.0
    biogenic_uptake: float = 0.0
    packaging: float | None = None
    distribution: float | None = None
    country: str = ""
    primary_data_share: float | None = None
    dqr: dict[str, float] | None = None
    exempted_percent: float = 0.0
    exempted_description: str = ""
    boundary: str = ""
    allocation: str = ""
    factor_sources: str = ""
    verification: str = ""
    verifier: str = ""
    comment: str = ""
    #: the row of each sheet it was read from (empty when written)
    rows: dict[str, int] = field(default_factory=dict, compare=False)


def _sources(text: str) -> tuple[FactorSource, ...]:
    sources = []
    for item in (part.strip() for part in text.replace("；", ";").split(";")):
        if item:
            name, _, version = item.rpartition(" ")
            sources.append(FactorSource(name, version) if name else FactorSource(item, "unknown"))
    return tuple(sources)


def _geography(code: str) -> dict[str, str | None]:
    code = code.strip().upper()
    if not code:
        return {}
    return {"country_subdivision": code} if "-" in code else {"country": code}


def disclosure_of(
    footprint: TemplateFootprint,
    signature: Signature,
    *,
    company_ids: tuple[str, ...],
    product_ids: tuple[str, ...],
) -> Disclosure:
    """The row as a disclosure (per one declared unit, the reference period in UTC days), ready for PACT."""
    fp = footprint
    verified = fp.verification not in ("", "none")
    signed = ", ".join(p for p in (signature.prepared_by, signature.position, signature.email) if p)
    on = f" on {signature.signed_on.isoformat()}" if signature.signed_on else ""
    comment = "; ".join(
        text
        for text in (fp.comment, f"Declared by {signed}{on} (Tanlu PCF template)" if signed else "")
        if text
    )
    mass = fp.mass_kg
    if fp.part.declared_unit in MASSLESS_UNITS:
        mass = 0.0
    return Disclosure(
        company_name=signature.company_name,
        company_ids=company_ids,
        product_ids=product_ids,
        product_name=fp.product_name,
        product_description=fp.part.part_name,
        declared_unit=fp.part.declared_unit,
        mass_kg=mass,
        reference_period_start=datetime.combine(fp.period_start, time(), UTC),
        reference_period_end=datetime.combine(fp.period_end, time(23, 59, 59), UTC),
        pcf_excluding_uptake=fp.total,
        fossil=fp.fossil,
        biogenic_emissions=fp.biogenic,
        biogenic_uptake=fp.biogenic_uptake,
        packaging=fp.packaging,
        distribution=fp.distribution,
        gwp=fp.gwp,
        standards=(fp.standard,),
        boundary_description=fp.boundary,
        allocation_description=fp.allocation,
        exempted_percent=fp.exempted_percent,
        exempted_description=fp.exempted_description,
        secondary_sources=_sources(fp.factor_sources),
        primary_data_share=fp.primary_data_share,
        dqr=fp.dqr,
        verification=Verification(coverage=fp.verification, provider_name=fp.verifier or None)
        if verified
        else None,
        comment=comment,
        **_geography(fp.country),  # type: ignore[arg-type]
    )


def footprint_of(part: RequestedPart, disclosure: Disclosure) -> TemplateFootprint:
    """A row filled from a calculated disclosure, per one declared unit as the template asks."""
    d = disclosure
    amount = d.declared_unit_amount or 1.0

    def per(value: float | None) -> float | None:
        return None if value is None else value / amount

    verification = d.verification
    return TemplateFootprint(
        part=part,
        product_name=d.product_name,
        period_start=d.reference_period_start.date(),
        period_end=d.reference_period_end.date(),
        total=d.pcf_excluding_uptake / amount,
        fossil=d.fossil / amount,
        gwp=d.gwp,
        standard=d.standards[0] if d.standards else "",
        mass_kg=per(d.mass_per_declared_unit)
        if d.mass_kg is not None or d.declared_unit == "kilogram"
        else None,
        biogenic=d.biogenic_emissions / amount,
        biogenic_uptake=d.biogenic_uptake / amount,
        packaging=per(d.packaging),
        distribution=per(d.distribution),
        country=d.country_subdivision or d.country or "",
        primary_data_share=d.primary_data_share,
        dqr=dict(d.dqr) if d.dqr else None,
        exempted_percent=d.exempted_percent,
        exempted_description=d.exempted_description,
        boundary=d.boundary_description,
        allocation=d.allocation_description,
        factor_sources="; ".join(f"{s.name} {s.version}" for s in d.secondary_sources),
        verification=(verification.coverage or "product level") if verification else "none",
        verifier=(verification.provider_name or "") if verification else "",
        comment=d.comment,
    )
