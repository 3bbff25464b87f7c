"""The checks a customer runs on every footprint a supplier sends, against the rules of its request.

Each check gives one :class:`Finding` with a reason, also when it passes, so the customer sees what was looked at::

    declared_unit      the footprint is declared in the unit requested
    mass               the product's mass per declared unit is given (0 only for energy, transport, services)
    reference_period   the reference period ended at most ``max_age_months`` before the check
    primary_data_share given, and at least the request's minimum
    dqr                the three data quality ratings given, none worse than the request's limit (1 best, 3 worst)
    exemptions         exempted emissions at most 3 % (PACT methodology, Catena-X rulebook)
    verification       verified (a problem only when the request requires it)
    gwp                characterized with the GWP set requested
    standards          follows one of the standards requested
    totals             fossil + itemized biogenic = the total; the total with uptake is not above the one without
    stages             packaging and outbound logistics are not more than the total
    product            one of the footprint's product ids names the requested part

A finding's ``reason`` is English, with its values in ``params``: an adapter can say the same in another language
from ``code``, ``severity`` and ``params``.  Nothing here knows Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote

from tanlu.exchange.disclosure import MASSLESS_UNITS
from tanlu.exchange.received import Received

#: exemptions above this share (percent) are not accepted (PACT methodology v3, Catena-X PCF rulebook)
EXEMPTION_LIMIT = 3.0
OK, WARNING, PROBLEM = "ok", "warning", "problem"
SEVERITIES = (OK, WARNING, PROBLEM)


@dataclass(frozen=True)
class Rules:
    """What the customer asked for in its request."""

    declared_unit: str  # a PACT declared unit ("piece", "kilogram", …)
    gwp: str = "AR6"
    standards: tuple[str, ...] = ()  # PACT names; the footprint has to follow one of them
    max_age_months: int = 36
    min_primary_data_share: float | None = None  # percent
    max_dqr: float | None = None  # the worst rating accepted (1 best, 3 worst)
    verification_required: bool = False
    #: the requested part's numbers (the supplier's, the customer's) as a product id may end with them
    product_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    reason: str
    params: dict[str, str] = field(default_factory=dict)


def _number(value: float) -> str:
    return f"{value:.6g}"


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def check_footprint(footprint: Received, rules: Rules, *, today: date) -> list[Finding]:
    """Every check of the module docstring, in that order."""
    return [
        _declared_unit(footprint, rules),
        _mass(footprint),
        _reference_period(footprint, rules, today),
        _primary_data_share(footprint, rules),
        _dqr(footprint, rules),
        _exemptions(footprint),
        _verification(footprint, rules),
        _gwp(footprint, rules),
        _standards(footprint, rules),
        _totals(footprint),
        _stages(footprint),
        _product(footprint, rules),
    ]


def worst(findings: Iterable[Finding]) -> str:
    """The most serious severity among ``findings`` (``ok`` for none)."""
    found = {f.severity for f in findings}
    return next((s for s in reversed(SEVERITIES) if s in found), OK)


def _declared_unit(fp: Received, rules: Rules) -> Finding:
    params = {"unit": fp.declared_unit, "requested": rules.declared_unit}
    if fp.declared_unit == rules.declared_unit:
        return Finding("declared_unit", OK, f"declared per {fp.declared_unit}, as requested", params)
    return Finding(
        "declared_unit",
        PROBLEM,
        f"declared per {fp.declared_unit}, but {rules.declared_unit} was requested",
        params,
    )


def _mass(fp: Received) -> Finding:
    mass = fp.mass_per_declared_unit
    if fp.declared_unit in MASSLESS_UNITS:
        return Finding(
            "mass", OK, f"no product mass needed per {fp.declared_unit}", {"unit": fp.declared_unit}
        )
    if mass is None or mass <= 0:
        return Finding("mass", PROBLEM, "the product's mass per declared unit is missing", {})
    return Finding("mass", OK, f"product mass {_number(mass)} kg per declared unit", {"mass": _number(mass)})


def _reference_period(fp: Received, rules: Rules, today: date) -> Finding:
    end = fp.reference_period_end.date()
    age = max(_months_between(end, today), 0)
    params = {
        "start": fp.reference_period_start.date().isoformat(),
        "end": end.isoformat(),
        "age": str(age),
        "limit": str(rules.max_age_months),
    }
    if age > rules.max_age_months:
        return Finding(
            "reference_period",
            PROBLEM,
            f"the reference period ended {age} months ago, more than the {rules.max_age_months} allowed",
            params,
        )
    return Finding("reference_period", OK, f"reference period {params['start']} to {params['end']}", params)


def _primary_data_share(fp: Received, rules: Rules) -> Finding:
    share, minimum = fp.primary_data_share, rules.min_primary_data_share
    params = {"minimum": _number(minimum) if minimum is not None else ""}
    if share is None:
        severity = PROBLEM if minimum is not None else WARNING
        return Finding("primary_data_share", severity, "the primary data share is missing", params)
    params["share"] = _number(share)
    if minimum is not None and share < minimum:
        return Finding(
            "primary_data_share",
            PROBLEM,
            f"primary data share {params['share']} % is below the {params['minimum']} % requested",
            params,
        )
    return Finding("primary_data_share", OK, f"primary data share {params['share']} %", params)


def _dqr(fp: Received, rules: Rules) -> Finding:
    limit = rules.max_dqr
    params = {"limit": _number(limit) if limit is not None else ""}
    if not fp.dqr:
        severity = PROBLEM if limit is not None else WARNING
        return Finding("dqr", severity, "the data quality ratings (DQR) are missing", params)
    params["ratings"] = " / ".join(_number(fp.dqr[a]) for a in ("technological", "geographical", "temporal"))
    worse = [aspect for aspect, rating in fp.dqr.items() if limit is not None and rating > limit]
    if worse:
        params["aspects"] = ", ".join(sorted(worse))
        return Finding(
            "dqr",
            PROBLEM,
            f"data quality {params['aspects']} worse than the {params['limit']} requested (1 best, 3 worst)",
            params,
        )
    return Finding("dqr", OK, f"data quality ratings {params['ratings']} (1 best, 3 worst)", params)


def _exemptions(fp: Received) -> Finding:
    params = {"share": _number(fp.exempted_percent), "limit": _number(EXEMPTION_LIMIT)}
    if fp.exempted_percent > EXEMPTION_LIMIT:
        return Finding(
            "exemptions", PROBLEM, f"exempted emissions {params['share']} % are more than 3 %", params
        )
    return Finding("exemptions", OK, f"exempted emissions {params['share']} %", params)


def _verification(fp: Received, rules: Rules) -> Finding:
    if fp.verification:
        return Finding("verification", OK, f"verified ({fp.verification})", {"level": fp.verification})
    if rules.verification_required:
        return Finding("verification", PROBLEM, "not verified, but verification was requested", {})
    return Finding("verification", WARNING, "not verified", {})


def _gwp(fp: Received, rules: Rules) -> Finding:
    params = {"gwp": ", ".join(fp.gwp), "requested": rules.gwp}
    if rules.gwp in fp.gwp:
        return Finding("gwp", OK, f"GWP set {rules.gwp}, as requested", params)
    return Finding("gwp", PROBLEM, f"GWP set {params['gwp']}, but {rules.gwp} was requested", params)


def _standards(fp: Received, rules: Rules) -> Finding:
    params = {"standards": ", ".join(fp.standards), "requested": ", ".join(rules.standards)}
    if not rules.standards or set(rules.standards) & set(fp.standards):
        return Finding("standards", OK, f"follows {params['standards']}", params)
    return Finding(
        "standards",
        PROBLEM,
        f"follows {params['standards']}, not one of {params['requested']} requested",
        params,
    )


def _tolerance(total: float) -> float:
    """Rounding a supplier's tools may apply: 0.1 % of the total, at least 1e-6."""
    return max(abs(total) * 1e-3, 1e-6)


def _totals(fp: Received) -> Finding:
    total, fossil = fp.pcf_excluding_uptake, fp.fossil
    tolerance = _tolerance(total)
    params = {"total": _number(total), "fossil": _number(fossil)}
    if fossil > total + tolerance:
        return Finding(
            "totals", PROBLEM, f"fossil {params['fossil']} is more than the total {params['total']}", params
        )
    if fp.biogenic_itemized is not None:
        params["biogenic"] = _number(fp.biogenic_itemized)
        if abs(fossil + fp.biogenic_itemized - total) > tolerance:
            return Finding(
                "totals",
                PROBLEM,
                f"fossil {params['fossil']} + biogenic {params['biogenic']} is not the total {params['total']}",
                params,
            )
    if fp.pcf_including_uptake is not None and fp.pcf_including_uptake > total + tolerance:
        params["including"] = _number(fp.pcf_including_uptake)
        return Finding(
            "totals",
            PROBLEM,
            f"the total with biogenic uptake {params['including']} is more than without {params['total']}",
            params,
        )
    return Finding("totals", OK, f"total {params['total']}, fossil {params['fossil']}: they add up", params)


def _stages(fp: Received) -> Finding:
    stages = (fp.packaging or 0.0) + (fp.distribution or 0.0)
    params = {"stages": _number(stages), "total": _number(fp.pcf_excluding_uptake)}
    if stages > fp.pcf_excluding_uptake + _tolerance(fp.pcf_excluding_uptake):
        return Finding(
            "stages",
            PROBLEM,
            f"packaging and outbound logistics {params['stages']} are more than the total {params['total']}",
            params,
        )
    return Finding(
        "stages", OK, f"packaging and outbound logistics {params['stages']} within the total", params
    )


def _identifier(urn: str) -> str:
    return unquote(urn.rsplit(":", 1)[-1]).casefold()


def _product(fp: Received, rules: Rules) -> Finding:
    wanted = {p.strip().casefold() for p in rules.product_ids if p.strip()}
    params = {"ids": ", ".join(fp.product_ids), "requested": ", ".join(rules.product_ids)}
    if not wanted:
        return Finding("product", WARNING, "no part number to compare the product with", params)
    if any(_identifier(urn) in wanted or urn.casefold() in wanted for urn in fp.product_ids):
        return Finding("product", OK, f"product {params['ids']} is the part requested", params)
    return Finding(
        "product",
        PROBLEM,
        f"product {params['ids']} is not the part requested ({params['requested']})",
        params,
    )
