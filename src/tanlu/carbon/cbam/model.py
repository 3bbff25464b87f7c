"""The installation data a CBAM communication is computed from: plain frozen records, each knowing its origin.

Every record carries ``where`` (file, sheet, row) so that a result can name the rows it was made from.
Quantities are in the units the Regulation uses: goods and precursors in tonnes, emissions in t CO2e,
electricity in MWh and its emission factor in t CO2e/MWh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "CarbonPrice",
    "EmissionSource",
    "Installation",
    "InstallationData",
    "Origin",
    "Precursor",
    "PrecursorKind",
    "Process",
]


@dataclass(frozen=True)
class Origin:
    """Where a record was read: ``file``, ``sheet`` and 1-based ``row``."""

    file: str
    sheet: str
    row: int

    def __str__(self) -> str:
        return f"{self.file}, sheet {self.sheet!r}, row {self.row}"


@dataclass(frozen=True)
class CarbonPrice:
    """A carbon price effectively paid in the country of origin (Regulation (EU) 2023/956 Article 9).

    The fields are those a declarant reports of it (Implementing Regulation (EU) 2023/1773 Article 7(2)): the form
    of the price (``scheme``), the legal act that provides for it, the goods covered (``cn_codes``; empty: every
    good of the installation), the monetary amount per t CO2e and its currency, the emissions covered, and any
    rebate or other form of compensation (free allocation included) that reduces it: its form, its amount per
    t CO2e in the same currency and the emissions it covers. The price effectively paid is the amount less the
    rebate: what an importer may claim under Article 9 is net of any compensation.
    """

    scheme: str
    amount_per_tco2e: float
    currency: str
    covered_tco2e: float | None = None
    legal_act: str = ""
    cn_codes: tuple[str, ...] = ()
    rebate_form: str = ""
    rebate_per_tco2e: float = 0.0
    rebate_covered_tco2e: float | None = None

    @property
    def effective_per_tco2e(self) -> float:
        """The amount less the rebate per t CO2e (never below 0: a rebate cannot make a price negative)."""
        return max(self.amount_per_tco2e - self.rebate_per_tco2e, 0.0)

    def covers(self, cn_code: str) -> bool:
        """Whether the price applies to goods of ``cn_code`` (a listed code is a prefix: ``7318`` covers 8 digits)."""
        return not self.cn_codes or any(cn_code.startswith(code) for code in self.cn_codes)


@dataclass(frozen=True)
class Installation:
    """The installation: name, UN/LOCODE (``CN SHA``), coordinates and the aggregated goods categories it makes."""

    name: str
    unlocode: str
    latitude: float
    longitude: float
    categories: tuple[str, ...]
    reporting_period: str = ""
    operator: str = ""
    carbon_price: CarbonPrice | None = None

    @property
    def country(self) -> str:
        """ISO 3166 alpha-2 country code: the first two letters of the UN/LOCODE."""
        return self.unlocode[:2]


@dataclass(frozen=True)
class Process:
    """A production process: goods of one CN code and their production (activity level AL) in tonnes."""

    process_id: str
    name: str
    cn_code: str
    category: str
    production_t: float
    where: Origin


@dataclass(frozen=True)
class EmissionSource:
    """Emissions attributed to a process: direct t CO2e and electricity with the factor used (indirect)."""

    process_id: str
    source: str
    direct_tco2e: float
    electricity_mwh: float
    electricity_factor: float
    factor_source: str
    where: Origin

    @property
    def indirect_tco2e(self) -> float:
        """E_el × EF_el (t CO2e)."""
        return self.electricity_mwh * self.electricity_factor


class PrecursorKind(StrEnum):
    """Where a precursor's embedded emissions come from."""

    OWN = "own"
    PURCHASED = "purchased"
    DEFAULT = "default"


@dataclass(frozen=True)
class Precursor:
    """A precursor consumed by a process: mass ``quantity_t`` and its specific embedded emissions.

    * ``own``: made by ``from_process`` of this installation; its SEE is that process's result.
    * ``purchased``: the supplier's actual SEE (``see_direct``/``see_indirect``, t CO2e/t) from ``supplier``.
    * ``default``: the Commission's default value for ``cn_code`` and ``country`` (filled in by the reader from
      :mod:`.defaults`; ``default_reference`` names the row of the shipped table).
    """

    process_id: str
    cn_code: str
    kind: PrecursorKind
    quantity_t: float
    where: Origin
    from_process: str = ""
    supplier: str = ""
    country: str = ""
    see_direct: float = 0.0
    see_indirect: float = 0.0
    default_reference: str = ""


@dataclass(frozen=True)
class InstallationData:
    """Everything read from one input workbook."""

    installation: Installation
    processes: tuple[Process, ...]
    emissions: tuple[EmissionSource, ...]
    precursors: tuple[Precursor, ...]
    file: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
