"""Why an installation workbook was refused, in the reader's language.

The core (:mod:`tanlu.carbon.cbam`) writes its reasons in English, as the CLI prints them, and the import keeps that
text. Each of the CBAM reader's reasons is matched here and becomes a gettext message with its values kept (sheet,
column and category names stay as the workbook spells them); numbers, units and headers go to the inventory's
patterns in :mod:`tanlu.web.inventory.reasons`, and an unknown reason is shown as it was written.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext, gettext_noop

from tanlu.web.inventory import reasons as inventory_reasons

_Q = r"'(?P<{name}>[^']*)'"


def _quoted(name: str) -> str:
    return _Q.format(name=name)


_NO_DEFAULT = (
    r"no default value of Commission Implementing Regulation \(EU\) 2025/2621 is shipped for CN (?P<code>\d+) "
    r"\((?P<country>[^)]*)\); see tanlu/carbon/cbam/data/README.md for the codes left out"
)
_NOT_SHIPPED = (
    r"default values are shipped for China \(CN\) and Other countries and territories \(OTHER\) only, "
    rf"not for {_quoted('country')}"
)

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), msgid)
    for pattern, msgid in (
        ("unknown field; see docs/cbam.md", gettext_noop("unknown field; see docs/cbam.md")),
        (rf"the field {_quoted('field')} is required", gettext_noop("the field '%(field)s' is required")),
        (
            "a UN/LOCODE is a country code and 3 letters, e.g. CN SHA",
            gettext_noop("a UN/LOCODE is a country code and 3 letters, e.g. CN SHA"),
        ),
        (
            r"(?P<key>latitude|longitude) lies between (?P<low>-\d+) and (?P<high>\d+)",
            gettext_noop("%(key)s lies between %(low)s and %(high)s"),
        ),
        (
            r"carbon_price_currency is required with a carbon price \(e.g. CNY, EUR\)",
            gettext_noop("carbon_price_currency is required with a carbon price (e.g. CNY, EUR)"),
        ),
        (
            "the rebate per t CO2e is larger than the carbon price it reduces",
            gettext_noop("the rebate per t CO2e is larger than the carbon price it reduces"),
        ),
        ("a process id is required", gettext_noop("a process id is required")),
        ("this process id is used twice", gettext_noop("this process id is used twice")),
        (
            "a process with no production: give its tonnes",
            gettext_noop("a process with no production: give its tonnes"),
        ),
        (
            rf"CN (?P<code>\d+) belongs to {_quoted('category')}",
            gettext_noop("CN %(code)s belongs to '%(category)s'"),
        ),
        (
            rf"{_quoted('category')} is not among the installation's categories",
            gettext_noop("'%(category)s' is not among the installation's categories"),
        ),
        (
            "electricity is energy: give it in MWh, kWh or GJ",
            gettext_noop("electricity is energy: give it in MWh, kWh or GJ"),
        ),
        (
            "no such process on the sheet 'processes'",
            gettext_noop("no such process on the sheet 'processes'"),
        ),
        (
            "an own precursor names the process that makes it",
            gettext_noop("an own precursor names the process that makes it"),
        ),
        (
            r"a purchased precursor needs the supplier's SEE \(or source 'default'\)",
            gettext_noop("a purchased precursor needs the supplier's SEE (or source 'default')"),
        ),
        (
            rf"the precursor's country of origin: {_NOT_SHIPPED}",
            gettext_noop(
                "the precursor's country of origin: default values are shipped for China (CN) and Other "
                "countries and territories (OTHER) only, not for '%(country)s'"
            ),
        ),
        (
            rf"a precursor without emissions or default value: {_NO_DEFAULT}",
            gettext_noop(
                "a precursor without emissions or default value: no default value of Commission "
                "Implementing Regulation (EU) 2025/2621 is shipped for CN %(code)s (%(country)s); see "
                "tanlu/carbon/cbam/data/README.md for the codes left out"
            ),
        ),
        ("expected own, purchased or default", gettext_noop("expected own, purchased or default")),
        (
            r"process (?P<process>\S+) makes CN (?P<code>\d+)",
            gettext_noop("process %(process)s makes CN %(code)s"),
        ),
        ("a process cannot be its own precursor", gettext_noop("a process cannot be its own precursor")),
        (
            r"other processes consume more of (?P<process>\S+) than it produces \((?P<tonnes>[^ ]+) t\)",
            gettext_noop("other processes consume more of %(process)s than it produces (%(tonnes)s t)"),
        ),
        ("a number is required", gettext_noop("a number is required")),
        ("must be greater than 0", gettext_noop("must be greater than 0")),
        ("must not be negative", gettext_noop("must not be negative")),
        (
            r"the workbook needs the sheets installation, processes, emissions, precursors; missing: (?P<missing>.+)",
            gettext_noop(
                "the workbook needs the sheets installation, processes, emissions, precursors; missing: "
                "%(missing)s"
            ),
        ),
        (
            (
                r"own precursors form a cycle between processes (?P<processes>.+); a process cannot consume its "
                r"own output through other processes"
            ),
            gettext_noop(
                "own precursors form a cycle between processes %(processes)s; a process cannot consume its "
                "own output through other processes"
            ),
        ),
        (
            r"a CN code has 4, 6 or 8 digits \(e.g. 7318 15 or 73181590\)",
            gettext_noop("a CN code has 4, 6 or 8 digits (e.g. 7318 15 or 73181590)"),
        ),
        (
            r"CN (?P<code>\d+) \((?P<what>[^)]*)\) is excluded from CBAM's annex I",
            gettext_noop("CN %(code)s (%(what)s) is excluded from CBAM's annex I"),
        ),
        (
            (
                r"CN (?P<code>\d+) is not in CBAM's annex I for iron and steel \(chapter 72, 7301-7311, 7318, 7326\) "
                r"or aluminium \(7601, 7603-7614, 7616\)"
            ),
            gettext_noop(
                "CN %(code)s is not in CBAM's annex I for iron and steel (chapter 72, 7301-7311, 7318, 7326) "
                "or aluminium (7601, 7603-7614, 7616)"
            ),
        ),
        (r"expected one of (?P<expected>.+)", gettext_noop("expected one of %(expected)s")),
    )
)


def is_known(text: str) -> bool:
    """Whether a reason has a message here or in the inventory's patterns (else it is shown untranslated)."""
    return (
        any(p.fullmatch(text) for p, _msgid in _PATTERNS) or inventory_reasons.match_reason(text) is not None
    )


def localize_reason(text: str) -> str:
    """A reason of the CBAM core (or the inventory's) in the active language; unknown text as it is."""
    for pattern, msgid in _PATTERNS:
        found = pattern.fullmatch(text)
        if found is not None:
            values = found.groupdict()
            return gettext(msgid) % values if values else gettext(msgid)
    return inventory_reasons.localize_reason(text)
