"""What the data pages and the mapping page share: an error's issues as lines in the reader's language, and the
activity picker's choices (the mapping and fix pages' search)."""

from __future__ import annotations

from django.http import HttpRequest

from tanlu.carbon import common_names
from tanlu.errors import InputError, RowsRejected
from tanlu.web.inventory import importing, naming, reasons


def issue_lines(error: InputError) -> list[str]:
    """Each issue of an error as a line in the reader's language (the core writes them in English)."""
    issues = error.issues if isinstance(error, RowsRejected) else [error.issue]
    labels = naming.field_labels()
    return [reasons.localize_issue(issue, labels) for issue in issues]


def activity_options(
    request: HttpRequest, query: str, *, region: str | None = None, selected: str = ""
) -> list[tuple[str, str]]:
    """The picker's choices for ``query``: matching activities best first (the site's region, then its
    country, then global factors), topped up with the region's and global ones; never every key."""
    factors = importing.organization_factors(request.organization)  # type: ignore[attr-defined]
    zh = request.LANGUAGE_CODE.startswith("zh")
    keys = common_names.search(factors, query, region=region)
    if len(keys) < 12:
        keys += [k for k in common_names.search(factors, "", region=region) if k not in keys][
            : 12 - len(keys)
        ]
    if selected and selected not in keys and selected in factors.activities():
        keys.insert(0, selected)
    return [(key, factors.activity(key).name_zh if zh else factors.activity(key).name_en) for key in keys]


def main_region(request: HttpRequest) -> str | None:
    """The grid region of the organization's sites (the first one Tanlu can read), to rank choices by."""
    regions = naming.site_regions(request.organization)  # type: ignore[attr-defined]
    return next((r for r in regions.values() if r), None)
