"""``tanlu inventory``: a corporate GHG inventory from activity files, on the bundled factor library.

A thin adapter over :mod:`tanlu.carbon`: read the files, calculate, write JSON or XLSX. User errors are
raised as
:class:`~tanlu.errors.TanluError` subclasses; the root command prints them as one line and exits non-zero.
Nothing is written unless the whole calculation succeeded (the output file is written to a temporary name
and renamed).
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Literal

import click

from tanlu.carbon.activities_stream import read_activities_streaming
from tanlu.carbon.explain import explain_total
from tanlu.carbon.factor_file import read_factor_file
from tanlu.carbon.factors import CATEGORIES, FactorSet, load_bundled
from tanlu.carbon.gwp import CH4_RULES, GWP_SET_NAMES
from tanlu.carbon.inventory import calculate_inventory
from tanlu.carbon.report import inventory_to_dict, write_xlsx
from tanlu.cli.progress import progress_bar
from tanlu.errors import InputError

__all__ = ["inventory"]

inventory = click.Group(
    "inventory",
    help="Corporate GHG inventory: Scope 1, Scope 2 (location- and market-based) and Scope 3 from activity "
    "data.",
)


def _factor_set(factors_file: Path | None, ch4_rule: str = "by_category") -> FactorSet:
    bundled = load_bundled().with_ch4_rule(ch4_rule)
    if factors_file is None:
        return bundled
    return bundled.with_factors(read_factor_file(factors_file), label=factors_file.name)


def _method_options(command: click.decorators.FC) -> click.decorators.FC:
    """The method choices ``calc`` and ``explain`` share, so that an explanation retraces the same figure."""
    command = click.option(
        "--ch4-rule",
        type=click.Choice(CH4_RULES),
        default="by_category",
        show_default=True,
        help="How fossil methane (CH4_fossil) is weighted: by_category (fugitive and process methane take the "
        "fossil GWP, combustion the non-fossil one), or always fossil / non_fossil.",
    )(command)
    return click.option(
        "--radiative-forcing/--no-radiative-forcing",
        default=False,
        show_default=True,
        help="Put the radiative-forcing uplift of air freight into category 3.4 (by default it is reported "
        "apart).",
    )(command)


def _write_atomically(out: Path, data: bytes) -> None:
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@inventory.command("calc")
@click.argument(
    "activities_file", metavar="ACTIVITIES", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--factors",
    "factors_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own factor file (CSV/XLSX); adds to the bundled library and overrides the same activity and "
    "method.",
)
@click.option(
    "--gwp",
    type=click.Choice(GWP_SET_NAMES, case_sensitive=False),
    default="AR6",
    show_default=True,
    help="GWP-100 set used to weight CH4, N2O and F-gases.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["json", "xlsx"]), default="json", show_default=True
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: standard output)."
)
@click.option("--sheet", help="Sheet of an XLSX activity file (default: the first with data).")
@click.option(
    "--rows/--no-rows", default=True, show_default=True, help="Include every row and its explanation."
)
@_method_options
def calc(
    *,
    activities_file: Path,
    factors_file: Path | None,
    gwp: str,
    output_format: str,
    out: Path | None,
    sheet: str | None,
    rows: bool,
    ch4_rule: str,
    radiative_forcing: bool,
) -> None:
    """Calculate the inventory of ACTIVITIES (CSV or XLSX; columns site, period_start, period_end, activity,
    amount, unit, optional instrument and note). A file with any bad row is rejected as a whole, naming
    every bad row. Results are in t CO2e."""
    factor_set = _factor_set(factors_file, ch4_rule)
    activities = read_activities_streaming(activities_file, factor_set, sheet=sheet)
    result = calculate_inventory(activities, factor_set, gwp.upper(), radiative_forcing=radiative_forcing)
    if output_format == "xlsx":
        if out is None:
            raise InputError(
                "needed for an XLSX report, which is not written to standard output", column="--out"
            )
        buffer = io.BytesIO()
        write_xlsx(result, buffer)
        data = buffer.getvalue()
    else:
        text = json.dumps(inventory_to_dict(result, include_rows=rows), ensure_ascii=False, indent=2)
        data = (text + "\n").encode("utf-8")
    if out is None:
        click.echo(data, nl=False)
    else:
        _write_atomically(out, data)
        click.echo(
            f"wrote {out} ({result.rows.height} rows, factor set {result.factor_set_version})", err=True
        )


@inventory.command("explain")
@click.argument(
    "activities_file", metavar="ACTIVITIES", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--factors",
    "factors_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own factor file (CSV/XLSX).",
)
@click.option(
    "--gwp", type=click.Choice(GWP_SET_NAMES, case_sensitive=False), default="AR6", show_default=True
)
@click.option("--scope", type=click.IntRange(1, 3), help="Only this scope.")
@click.option("--category", type=click.Choice(CATEGORIES), help="Only this category.")
@click.option("--site", help="Only this site.")
@click.option("--basis", type=click.Choice(["location", "market"]), default="location", show_default=True)
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option(
    "--rows",
    "max_rows",
    type=click.IntRange(0, 10_000),
    default=20,
    show_default=True,
    help="How many of the largest rows to spell out.",
)
@click.option("--sheet", help="Sheet of an XLSX activity file (default: the first with data).")
@_method_options
def explain(
    *,
    activities_file: Path,
    factors_file: Path | None,
    gwp: str,
    scope: int | None,
    category: str | None,
    site: str | None,
    basis: Literal["location", "market"],
    lang: Literal["en", "zh"],
    max_rows: int,
    sheet: str | None,
    ch4_rule: str,
    radiative_forcing: bool,
) -> None:
    """Drill a total of ACTIVITIES down to its activities and largest rows, each as a sentence."""
    factor_set = _factor_set(factors_file, ch4_rule)
    result = calculate_inventory(
        read_activities_streaming(activities_file, factor_set, sheet=sheet),
        factor_set,
        gwp.upper(),
        radiative_forcing=radiative_forcing,
    )
    explanation = explain_total(
        result, scope=scope, category=category, site=site, basis=basis, lang=lang, max_rows=max_rows
    )
    click.echo(explanation.text())


@inventory.command("factors")
@click.option("--search", default="", help="Only activities whose key or name contains this text.")
@click.option(
    "--factors",
    "factors_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also list the activities of your factor file.",
)
def factors(*, search: str, factors_file: Path | None) -> None:
    """List the activity keys of the factor library with their unit, scope and category."""
    factor_set = _factor_set(factors_file)
    needle = search.casefold()
    click.echo(f"# factor set {factor_set.version}")
    for key, info in sorted(factor_set.activities().items()):
        if needle and needle not in f"{key} {info.name_en} {info.name_zh}".casefold():
            continue
        click.echo(f"{key}\t{info.unit}\tscope {info.scope}\t{info.category}\t{info.name_en}\t{info.name_zh}")


# ------------------------------------------------------------------------------------------------------------
# Commands on an organization's stored data (they load Django lazily, so the commands above stay database-free)


def _membership(organization: str) -> object:
    """The acting membership of ORG (id or exact name): its first owner, as the web pages would check roles."""
    from tanlu.cli.django_setup import setup  # noqa: PLC0415

    setup()
    from tanlu.errors import NotFound  # noqa: PLC0415
    from tanlu.web.accounts.models import Membership, Organization, Role  # noqa: PLC0415

    found = (
        Organization.objects.filter(pk=int(organization)).first()
        if organization.isdigit()
        else Organization.objects.filter(name=organization).first()
    )
    if found is None:
        raise NotFound(f"no organization {organization!r}")
    owner = Membership.objects.filter(organization=found, role=Role.OWNER).order_by("joined_at").first()
    return owner or Membership(organization=found, role=Role.OWNER)


@inventory.command("import")
@click.argument("organization", metavar="ORG")
@click.argument(
    "activities_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--source", default="", help="Source name; its saved column mapping is used (default: file name)."
)
def import_file(*, organization: str, activities_file: Path, source: str) -> None:
    """Import FILE into ORG's stored activity data: the source's saved mapping, else the standard headers.

    Every row is checked first; with any bad row nothing is stored and every problem is listed. Importing the
    same file again changes nothing."""
    membership = _membership(organization)
    from tanlu.errors import RowsRejected  # noqa: PLC0415
    from tanlu.web.inventory import importing_accept  # noqa: PLC0415

    try:
        with (
            progress_bar(f"Importing {activities_file.name}") as progress,
            activities_file.open("rb") as handle,
        ):
            batch, repeated = importing_accept.import_file(
                membership,  # type: ignore[arg-type]
                source=source,
                filename=activities_file.name,
                content=handle,  # copied to the import's file a piece at a time, never read whole
                progress=progress,
            )
    except RowsRejected as error:
        issues = [
            f"row {i.row}, {i.column or 'row'}: {i.reason}" + (f" (value {i.value!r})" if i.value else "")
            if i.row is not None
            else i.reason
            for i in error.issues
        ]
        lines = "\n  ".join(issues)
        raise InputError(
            f"{len(issues)} problems, nothing imported:\n  {lines}", file=activities_file.name
        ) from None
    if repeated:
        click.echo(f"{activities_file.name} was already imported: nothing changed", err=True)
        return
    click.echo(
        f"imported {batch.row_count} rows from {activities_file.name} into {batch.organization.name}",
        err=True,
    )


@inventory.command("report")
@click.argument("organization", metavar="ORG")
@click.option("--year", type=int, required=True, help="Reporting year.")
@click.option("--gwp", type=click.Choice(GWP_SET_NAMES, case_sensitive=False), default=None, help="GWP set.")
@click.option(
    "--format", "output_format", type=click.Choice(["json", "pdf", "xlsx"]), default="json", show_default=True
)
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (JSON: default stdout)."
)
@click.option(
    "--radiative-forcing/--no-radiative-forcing",
    default=None,
    help="Put the radiative-forcing uplift of air freight into category 3.4, or keep it apart (default: the "
    "organization's report settings).",
)
def report(
    *,
    organization: str,
    year: int,
    gwp: str | None,
    output_format: str,
    lang: Literal["en", "zh"],
    out: Path | None,
    radiative_forcing: bool | None,
) -> None:
    """Calculate ORG's inventory of --year from its stored data (or reuse the stored result when nothing
    changed) and write the report as JSON, PDF or XLSX. The CH4 rule is the factor-set version's (chosen on the
    emission factors page)."""
    membership = _membership(organization)
    from django.utils import translation  # noqa: PLC0415

    from tanlu.web.inventory import calculation, reports  # noqa: PLC0415

    run, created = calculation.calculate(  # type: ignore[arg-type]
        membership, year, gwp=gwp, radiative_forcing=radiative_forcing
    )
    with translation.override("zh-hans" if lang == "zh" else "en"):
        if output_format == "json":
            inventory_result = calculation.recompute(run).inventory
            data = inventory_to_dict(inventory_result, include_rows=True)
            data["run_id"] = run.pk
            payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        elif output_format == "pdf":
            payload = reports.pdf(run, lang)
        else:
            payload = reports.xlsx(run, lang)
    if out is None:
        if output_format != "json":
            raise InputError(
                f"needed for a {output_format.upper()} report, which is not written to standard output",
                column="--out",
            )
        click.echo(payload, nl=False)
    else:
        _write_atomically(out, payload)
    state = "calculated" if created else "stored result reused"
    click.echo(
        f"{year}: {state}, factor set {run.factor_set_version}, inputs {run.inputs_fingerprint[:12]}",
        err=True,
    )
