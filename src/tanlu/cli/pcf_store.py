"""``tanlu pcf import`` and ``tanlu pcf report``: a product model stored in an organization, and reports from its
stored calculation runs (the database-backed half of ``tanlu pcf``; ``calc`` and ``explain`` work on files alone).

The commands use the same services as the web pages: an import is all or nothing (every bad row is printed and
nothing is stored), importing the file of the last accepted import again changes nothing, and a calculation run
is stored with the model's fingerprint and the factor-set version.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from tanlu.cli.django_setup import setup
from tanlu.errors import NotFound

__all__ = ["COMMANDS"]

_ORGANIZATION = click.option(
    "--organization",
    default=None,
    metavar="ID-OR-NAME",
    help="The organization whose product model to use (needed when the database has several).",
)


def _owner(organization: str | None):  # type: ignore[no-untyped-def]
    """The organization's first owner, on whose behalf the command acts (it is run by an administrator)."""
    from tanlu.web.accounts.models import Membership, Role  # noqa: PLC0415
    from tanlu.web.surveys.importing import find_organization  # noqa: PLC0415

    org = find_organization(organization)
    membership = (
        Membership.objects.select_related("organization", "user")
        .filter(organization=org, role=Role.OWNER)
        .order_by("joined_at", "id")
        .first()
    )
    if membership is None:
        raise NotFound(f"the organization {org.name!r} has no owner")
    return membership


def _write(out: Path, data: bytes) -> None:
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@click.command("import")
@click.argument("model_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_ORGANIZATION
@click.option(
    "--calculate/--no-calculate",
    default=True,
    show_default=True,
    help="Calculate every product after the import.",
)
@click.option(
    "--gwp", type=click.Choice(["AR4", "AR5", "AR6"], case_sensitive=False), default="AR6", show_default=True
)
def import_model(model_file: Path, organization: str | None, calculate: bool, gwp: str) -> None:
    """Import the product model FILE (an .xlsx workbook or a .zip of <sheet>.csv files) into an organization.

    The stored model is replaced only when every row of every sheet is valid; otherwise each bad row is printed
    with its sheet, row, column, value and reason, nothing is stored and the exit status is 1.
    """
    setup()
    from tanlu.web.products import calculation, importing  # noqa: PLC0415
    from tanlu.web.products.models import ImportStatus, StagedRow  # noqa: PLC0415

    membership = _owner(organization)
    batch, repeated = importing.upload(membership, filename=model_file.name, content=model_file.read_bytes())
    if repeated:
        click.echo(
            f"{model_file.name} is the model already imported on {batch.accepted_at:%Y-%m-%d}; nothing changed",
            err=True,
        )
    else:
        importing.read(batch)
        batch.refresh_from_db()
        if batch.status != ImportStatus.VALID:
            for line in batch.error.splitlines():
                click.echo(f"{model_file.name}: {line}", err=True)
            for staged in StagedRow.objects.filter(batch=batch).exclude(issues=[]).order_by("sheet", "row"):
                for issue in staged.issues:
                    where = f"{model_file.name}: sheet {staged.sheet}, row {staged.row}"
                    column = f", {issue['column']}" if issue["column"] else ""
                    value = f" {issue['value']!r}" if issue["value"] else ""
                    click.echo(f"{where}{column}{value}: {issue['reason']}", err=True)
            importing.cancel(membership, batch)
            raise click.ClickException(
                f"{batch.issue_count or 1} problem(s) in {model_file.name}: nothing was imported"
            )
        count = importing.accept(membership, batch)
        click.echo(
            f"imported {count} rows of {model_file.name} into {membership.organization.name}", err=True
        )
    if calculate:
        run, created = calculation.calculate(membership, gwp=gwp)
        state = "calculated" if created else "unchanged since"
        click.echo(
            f"run {run.pk} {state} {run.created_at:%Y-%m-%d %H:%M}: {run.product_count} products ({run.gwp})",
            err=True,
        )
        click.echo(run.pk)


@click.command("report")
@_ORGANIZATION
@click.option("--run", "run_id", type=int, default=None, help="The run to report (default: the latest).")
@click.option(
    "--format", "output_format", type=click.Choice(["pdf", "xlsx", "html"]), default="pdf", show_default=True
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The report file to write."
)
def report(organization: str | None, run_id: int | None, output_format: str, lang: str, out: Path) -> None:
    """Write the product footprint report of a stored run, with its method register, as PDF, XLSX or HTML."""
    setup()
    from django.template.loader import render_to_string  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    from tanlu.web.products import reports  # noqa: PLC0415
    from tanlu.web.products.models import CalculationRun  # noqa: PLC0415

    membership = _owner(organization)
    runs = CalculationRun.objects.for_organization(membership.organization).select_related("organization")
    run = runs.filter(pk=run_id).first() if run_id else runs.order_by("-created_at", "-id").first()
    if run is None:
        raise NotFound("no such calculation run: import a model (tanlu pcf import) first")
    with translation.override("zh-hans" if lang == "zh" else "en"):
        if output_format == "pdf":
            data = reports.pdf(run, lang)
        elif output_format == "xlsx":
            data = reports.xlsx(run, lang)
        else:
            data = render_to_string("products/print/report.html", reports.report_context(run, lang)).encode()
    _write(out, data)
    click.echo(f"wrote {out} (run {run.pk}, {output_format})", err=True)


COMMANDS = [import_model, report]
