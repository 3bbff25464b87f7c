"""The organization's factor-set versions: bundled library + its own factors, each edit a new version."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tanlu.carbon.factor_file import (
    FACTOR_COLUMNS,
    OPTIONAL_FACTOR_COLUMNS,
    parse_factor_table,
    read_factor_file,
)
from tanlu.carbon.factors import Factor, FactorSet, Source, load_bundled
from tanlu.carbon.gwp import CH4_RULES
from tanlu.errors import InputError
from tanlu.web.accounts.models import Membership, Organization, Role
from tanlu.web.accounts.services import audit, require_role
from tanlu.web.inventory.models import CH4_RULE_CHOICES, CustomFactor, FactorSetVersion

ORIGIN = "organization"
#: the rule of the bundled library (no version of the organization's own)
DEFAULT_CH4_RULE = "by_category"
_FIELDS = (
    "activity",
    "unit",
    "gas",
    "value",
    "scope",
    "category",
    "method",
    "source",
    "name_en",
    "name_zh",
    "region",
    "year",
    "table",
    "link",
    "licence",
    "note",
    "gwp",
)


def latest_version(organization: Organization) -> FactorSetVersion | None:
    return FactorSetVersion.objects.for_organization(organization).order_by("-number").first()


def _factor(record: CustomFactor) -> Factor:
    return Factor(
        activity=record.activity,
        name_en=record.name_en or record.activity,
        name_zh=record.name_zh or record.name_en or record.activity,
        unit=record.unit,
        gas=record.gas,
        value=record.value,
        scope=record.scope,
        category=record.category,
        method=record.method,
        source=Source(record.source, record.table, record.link, record.licence),
        region=record.region,
        year=record.year,
        note=record.note,
        origin=ORIGIN,
        gwp=record.gwp,
    )


def _label(version: FactorSetVersion) -> str:
    return f"org{version.organization_id}-v{version.number}"


def _build(factors: Sequence[Factor], label: str, ch4_rule: str) -> FactorSet:
    """Bundled + ``factors`` (none: the bundled library), weighting fossil methane by ``ch4_rule``."""
    bundled = load_bundled()
    built = bundled.with_factors(factors, label=label) if factors else bundled
    return built.with_ch4_rule(ch4_rule)


@functools.lru_cache(maxsize=32)
def _cached(pk: int, version: str) -> FactorSet:
    record = FactorSetVersion.objects.get(pk=pk)
    factors = [_factor(f) for f in CustomFactor.objects.filter(factor_set=record)]
    built = _build(factors, _label(record), record.ch4_rule)
    if built.version != version:
        raise InputError(
            _("Factor set v%(number)s no longer matches the version it was saved as.")
            % {"number": record.number}
        )
    return built


def factor_set(version: FactorSetVersion | None) -> FactorSet:
    """The :class:`FactorSet` of a version with its CH4 rule (``None``: the bundled library alone, which
    weights fossil methane ``by_category``)."""
    if version is None:
        return load_bundled()
    return _cached(version.pk, version.version)


def _to_records(factors: Iterable[Factor]) -> list[dict[str, object]]:
    return [
        {
            "activity": f.activity,
            "unit": f.unit,
            "gas": f.gas,
            "value": f.value,
            "scope": f.scope,
            "category": f.category,
            "method": f.method,
            "source": f.source.publication,
            "name_en": f.name_en if f.name_en != f.activity else "",
            "name_zh": f.name_zh if f.name_zh not in (f.activity, f.name_en) else "",
            "region": f.region,
            "year": f.year,
            "table": f.source.table,
            "link": f.source.link,
            "licence": f.source.licence,
            "note": f.note,
            "gwp": f.gwp,
        }
        for f in factors
    ]


def current_ch4_rule(organization: Organization) -> str:
    """The CH4 rule of the latest version (the bundled library's ``by_category`` before the first)."""
    latest = latest_version(organization)
    return latest.ch4_rule if latest is not None else DEFAULT_CH4_RULE


@transaction.atomic
def _new_version(
    membership: Membership, factors: Sequence[Factor], note: str, ch4_rule: str | None = None
) -> FactorSetVersion:
    """A new version of ``factors``; its CH4 rule is ``ch4_rule`` or, not given, the latest version's."""
    organization = membership.organization
    FactorSetVersion.objects.select_for_update().filter(organization=organization).exists()
    number = (
        FactorSetVersion.objects.filter(organization=organization).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    rule = ch4_rule or current_ch4_rule(organization)
    if rule not in CH4_RULES:
        raise InputError(_("Choose how fossil methane is weighted."), value=rule)
    built = _build(
        [
            # the set rebuilt from the stored rows (gwp included) has the version saved here
            Factor(**{**{k: getattr(f, k) for k in f.__dataclass_fields__}, "origin": ORIGIN})
            for f in factors
        ],
        f"org{organization.pk}-v{number}",
        rule,
    )
    version = FactorSetVersion.objects.create(
        organization=organization,
        number=number,
        note=note[:300],
        ch4_rule=rule,
        version=built.version,
        created_by=membership.user,
    )
    CustomFactor.objects.bulk_create(
        CustomFactor(organization=organization, factor_set=version, **record)
        for record in _to_records(factors)
    )
    audit(organization, membership.user, "inventory.factor_set", f"v{number}: {note}")
    return version


def current_factors(organization: Organization) -> list[Factor]:
    latest = latest_version(organization)
    if latest is None:
        return []
    return [_factor(f) for f in CustomFactor.objects.filter(factor_set=latest)]


def _merge(old: Sequence[Factor], new: Sequence[Factor]) -> list[Factor]:
    replaced = {(f.activity, f.method) for f in new}
    return [f for f in old if (f.activity, f.method) not in replaced] + list(new)


def upload_factor_file(
    membership: Membership, *, content: bytes, filename: str, note: str = ""
) -> FactorSetVersion:
    """A new version: the current factors plus a factor file's (same activity and method: replaced)."""
    require_role(membership, Role.OWNER)
    factors = read_factor_file(content, filename=filename)
    merged = _merge(current_factors(membership.organization), factors)
    return _new_version(membership, merged, note or _("Uploaded %(file)s") % {"file": filename})


def add_factor(membership: Membership, cells: dict[str, str], note: str = "") -> FactorSetVersion:
    """A new version with one factor added (validated like a factor file's row)."""
    require_role(membership, Role.OWNER)
    headers = [*FACTOR_COLUMNS, *OPTIONAL_FACTOR_COLUMNS]
    factors = parse_factor_table(headers, [[str(cells.get(h, "") or "") for h in headers]], [1], file=None)
    current = current_factors(membership.organization)
    merged = [
        f
        for f in current
        if (f.activity, f.method, f.gas) != (factors[0].activity, factors[0].method, factors[0].gas)
    ]
    merged.append(factors[0])
    return _new_version(
        membership, merged, note or _("Added %(activity)s") % {"activity": factors[0].activity}
    )


def remove_factor(membership: Membership, factor_id: int) -> FactorSetVersion:
    """A new version without one factor of the current version."""
    require_role(membership, Role.OWNER)
    latest = latest_version(membership.organization)
    record = CustomFactor.objects.filter(factor_set=latest, pk=factor_id).first() if latest else None
    if record is None:
        raise InputError(_("That factor is not in the current version."))
    kept = [_factor(f) for f in CustomFactor.objects.filter(factor_set=latest).exclude(pk=factor_id)]
    return _new_version(
        membership,
        kept,
        _("Removed %(activity)s (%(gas)s)") % {"activity": record.activity, "gas": record.gas},
    )


def set_ch4_rule(membership: Membership, rule: str) -> FactorSetVersion:
    """A new version with the current factors and another CH4 rule: results of the earlier rule keep theirs."""
    require_role(membership, Role.OWNER)
    if rule not in CH4_RULES:
        raise InputError(_("Choose how fossil methane is weighted."), value=rule)
    if rule == current_ch4_rule(membership.organization):
        raise InputError(_("The current factor set already uses that rule."), value=rule)
    return _new_version(
        membership,
        current_factors(membership.organization),
        _("Fossil methane: %(rule)s") % {"rule": dict(CH4_RULE_CHOICES)[rule]},
        rule,
    )
