"""Which footprints a ``ListFootprints`` call asks for: PACT v3 filter parameters and a v2 ``$filter`` subset.

v3 (``GET /3/footprints``): ``productId``, ``companyId``, ``geography``, ``classification``, ``status`` (each may be
repeated: OR within a criterion), ``validOn``, ``validAfter``, ``validBefore`` (date-times); AND across criteria.
Parameter names match case-insensitively (the specification's own example writes ``productid``).  A footprint
without a validity period is valid from its ``pcf.referencePeriodEnd`` for three years, as the specification and
the conformance tool read it.  Other parameters (``x-…`` extensions) are ignored.

v2 (``GET /2/footprints?$filter=…``, optional in v2): comparisons ``path op 'value'`` joined by ``and``, with ``op``
one of ``eq ne gt ge lt le`` and ``path`` a property or ``pcf/property`` (``created ge '2023-01-01T00:00:00Z'``),
and ``productIds/any(p:(p eq 'urn:…'))`` (also for ``companyIds``); anything else is :class:`NotImplementedFilter`.
Date-times compare as instants, other values as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tanlu.errors import InputError

Document = dict[str, Any]
Predicate = Callable[[Document], bool]

_LISTS = {"productid": "productIds", "companyid": "companyIds", "classification": "productClassifications"}
_TIMES = ("validon", "validafter", "validbefore")
_GEOGRAPHY = ("geographyCountry", "geographyRegionOrSubregion", "geographyCountrySubdivision")
VALIDITY_YEARS = 3


class BadFilter(InputError):
    """A filter parameter whose value is not what the specification allows (a date-time that is not one)."""


class NotImplementedFilter(InputError):
    """A v2 ``$filter`` expression outside the supported subset."""


def parse_time(text: str) -> datetime | None:
    """An RFC 3339 date-time (``Z`` or an offset; a date alone is midnight UTC); None when it is not one."""
    try:
        value = datetime.fromisoformat(text.strip().replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _years_later(value: datetime, years: int) -> datetime:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


def _pcf(document: Document) -> dict[str, Any]:
    found = document.get("pcf")
    return found if isinstance(found, dict) else {}


def validity(document: Document) -> tuple[datetime, datetime] | None:
    """The footprint's validity period, or its reference period end plus three years when it has none."""
    start = parse_time(str(document.get("validityPeriodStart") or ""))
    end = parse_time(str(document.get("validityPeriodEnd") or ""))
    if start is not None and end is not None:
        return start, end
    pcf = _pcf(document)
    reference_end = parse_time(str(pcf.get("referencePeriodEnd") or ""))
    if reference_end is None:
        return None
    return reference_end, _years_later(reference_end, VALIDITY_YEARS)


@dataclass(frozen=True)
class Criteria:
    """Parsed v3 filters; an empty criterion (no value given) matches everything."""

    values: dict[str, frozenset[str]] = field(default_factory=dict)
    times: dict[str, datetime] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.values and not self.times

    def matches(self, document: Document) -> bool:
        for name, wanted in self.values.items():
            if not _values_of(document, name) & wanted:
                return False
        if self.times:
            period = validity(document)
            if period is None:
                return False
            start, end = period
            on, after, before = (self.times.get(k) for k in _TIMES)
            if on is not None and not start <= on <= end:
                return False
            if after is not None and not start > after:
                return False
            if before is not None and not end < before:
                return False
        return True


def _values_of(document: Document, name: str) -> set[str]:
    if name in _LISTS:
        found = document.get(_LISTS[name])
        return {str(v) for v in found} if isinstance(found, list) else set()
    if name == "geography":
        pcf = _pcf(document)
        return {str(pcf[k]) for k in _GEOGRAPHY if pcf.get(k)}
    return {str(document.get("status", ""))}


def criteria(parameters: Iterable[tuple[str, str]]) -> Criteria:
    """The v3 criteria among the query ``parameters`` (name, value pairs, repeated names allowed)."""
    values: dict[str, set[str]] = {}
    times: dict[str, datetime] = {}
    for raw_name, value in parameters:
        name = raw_name.lower()
        if name in (*_LISTS, "geography", "status"):
            values.setdefault(name, set()).add(value)
        elif name in _TIMES:
            parsed = parse_time(value)
            if parsed is None:
                raise BadFilter(f"{raw_name} is not a date-time: {value!r}", column=raw_name, value=value)
            times[name] = parsed
    return Criteria({k: frozenset(v) for k, v in values.items()}, times)


# ------------------------------------------------------------------------------------------------ v2 $filter

_COMPARISON = re.compile(r"^\s*([A-Za-z]+(?:/[A-Za-z]+)?)\s+(eq|ne|gt|ge|lt|le)\s+'((?:[^']|'')*)'\s*$")
_ANY = re.compile(
    r"^\s*(productIds|companyIds)/any\(\s*(\w+)\s*:\s*\(?\s*\2\s+eq\s+'((?:[^']|'')*)'\s*\)?\s*\)\s*$"
)
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
}


def _lookup(document: Document, path: str) -> object:
    current: object = document
    for part in path.split("/"):
        current = current.get(part) if isinstance(current, dict) else None
    return current


def _comparison(path: str, operator: str, literal: str) -> Predicate:
    compare = _OPERATORS[operator]
    wanted_time = parse_time(literal) if len(literal) >= 10 and literal[4:5] == "-" else None

    def predicate(document: Document) -> bool:
        found = _lookup(document, path)
        if found is None or isinstance(found, (dict, list)):
            return False
        if wanted_time is not None:
            found_time = parse_time(str(found))
            return found_time is not None and compare(found_time, wanted_time)
        return compare(str(found), literal)

    return predicate


def _contains(key: str, value: str) -> Predicate:
    def predicate(document: Document) -> bool:
        found = document.get(key)
        return isinstance(found, list) and value in found

    return predicate


def odata_filter(text: str) -> Predicate:
    """The predicate of a v2 ``$filter`` expression (the subset described above)."""
    if len(text) > 2000:
        raise NotImplementedFilter("the $filter expression is too long", column="$filter")
    parts = re.split(r"\s+and\s+", text.strip())
    predicates: list[Predicate] = []
    for part in parts:
        if (match := _ANY.match(part)) is not None:
            key, value = match.group(1), match.group(3).replace("''", "'")
            predicates.append(_contains(key, value))
        elif (match := _COMPARISON.match(part)) is not None:
            predicates.append(_comparison(match.group(1), match.group(2), match.group(3).replace("''", "'")))
        else:
            raise NotImplementedFilter(
                f"this $filter is not supported: {part!r}", column="$filter", value=part
            )
    return lambda document: all(p(document) for p in predicates)
