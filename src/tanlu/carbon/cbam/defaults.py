"""The Commission's default values (Implementing Regulation (EU) 2025/2621) shipped in ``data/``, and mark-ups.

:func:`default_value` finds the value for a CN code and a country: the row of the longest CN code in the table that
the given code starts with (``73181590`` uses the row of ``731815``), for ``CN`` (China) or ``OTHER`` (Other
countries and territories). Only those two are shipped: any other country is refused rather than given a value
that is not its own. :func:`markup` is the mark-up of a year (10 % in 2026, 20 % in 2027, 30 % from 2028).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from tanlu.carbon.cbam.goods import normalise_cn
from tanlu.errors import InputError, NotFound

__all__ = [
    "DEFAULTS_FILE",
    "REGULATION",
    "SHIPPED_COUNTRIES",
    "DefaultValue",
    "default_value",
    "load_default_values",
    "markup",
    "shipped_country",
]

DEFAULTS_FILE = "default_values_2025_2621.csv"
REGULATION = "Commission Implementing Regulation (EU) 2025/2621"
SHIPPED_COUNTRIES = {"CN": "China", "OTHER": "Other countries and territories"}
_MARKUPS = {2026: 0.10, 2027: 0.20, 2028: 0.30}


@dataclass(frozen=True)
class DefaultValue:
    """One row of the shipped table (t CO2e per t of good)."""

    cn_code: str
    description: str
    country: str
    country_name: str
    direct: float
    indirect: float
    total: float
    published: dict[int, float]
    route: str
    link: str
    note: str
    row: int

    def with_markup(self, year: int) -> float:
        """The total with the mark-up of ``year``: the published column, else total × (1 + mark-up)."""
        rate = markup(year)
        column = min(year, max(_MARKUPS))
        return self.published.get(column, round(self.total * (1 + rate), 6))

    @property
    def reference(self) -> str:
        """How a result names this value: regulation, file row, CN code and country."""
        return f"{REGULATION}, {DEFAULTS_FILE} row {self.row} (CN {self.cn_code}, {self.country_name})"


def markup(year: int) -> float:
    """The mark-up on default values in ``year`` (0.10, 0.20, then 0.30); years before 2026 are refused."""
    if year < min(_MARKUPS):
        raise InputError(
            "default values with mark-ups apply from 2026 (the definitive period)",
            column="--year",
            value=str(year),
        )
    return _MARKUPS[min(year, max(_MARKUPS))]


def _number(text: str) -> float:
    return float(text) if text.strip() else 0.0


@functools.cache
def load_default_values() -> tuple[DefaultValue, ...]:
    """Every row of ``data/default_values_2025_2621.csv``."""
    text = resources.files("tanlu.carbon.cbam").joinpath("data", DEFAULTS_FILE).read_text(encoding="utf-8")
    values: list[DefaultValue] = []
    for number, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        published = {year: float(row[f"total_{year}"]) for year in _MARKUPS if row[f"total_{year}"].strip()}
        values.append(
            DefaultValue(
                cn_code=row["cn_code"],
                description=row["description"],
                country=row["country"],
                country_name=row["country_name"],
                direct=_number(row["direct_tco2e_per_t"]),
                indirect=_number(row["indirect_tco2e_per_t"]),
                total=_number(row["total_tco2e_per_t"]),
                published=published,
                route=row["route"],
                link=row["link"],
                note=row["note"],
                row=number,
            )
        )
    return tuple(values)


def shipped_country(country: str) -> str:
    """``CN``/``OTHER`` from what a user writes (``cn``, ``China``, ``other``); others are refused."""
    key = "".join(country.split()).upper()
    aliases = {
        "CN": "CN",
        "CHINA": "CN",
        "中国": "CN",
        "OTHER": "OTHER",
        "OTHERCOUNTRIESANDTERRITORIES": "OTHER",
    }
    if key not in aliases:
        raise NotFound(
            f"default values are shipped for China (CN) and Other countries and territories (OTHER) only, "
            f"not for {country!r}"
        )
    return aliases[key]


def default_value(cn_code: str, country: str) -> DefaultValue:
    """The default value for ``cn_code`` from ``country`` (``CN`` or ``OTHER``); :class:`NotFound` if not shipped."""
    code = normalise_cn(cn_code)
    wanted = shipped_country(country)
    rows = [row for row in load_default_values() if row.country == wanted and code.startswith(row.cn_code)]
    if not rows:
        raise NotFound(
            f"no default value of {REGULATION} is shipped for CN {code} ({SHIPPED_COUNTRIES[wanted]}); "
            "see tanlu/carbon/cbam/data/README.md for the codes left out"
        )
    return max(rows, key=lambda row: len(row.cn_code))
