"""``tanlu survey``: questionnaires and responses of an organization's surveys, and their reports.

The commands work on the stored data of one organization: the only one in the database, or the one named by
``--organization`` (id or name). SURVEY is the survey's identifier, the XLSForm ``form_id``. Imports are all or
nothing; errors are printed as one message listing every bad row (row, column, value and reason).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from tanlu.cli.django_setup import setup
from tanlu.errors import InputError

__all__ = ["survey"]

survey = click.Group(
    "survey", help="Surveys: import questionnaires (XLSForm) and responses, export responses, print reports."
)

_ORGANIZATION = click.option(
    "--organization",
    default=None,
    metavar="ID-OR-NAME",
    help="The organization whose surveys to use (needed when the database has several).",
)


def _write(out: Path | None, data: bytes, what: str) -> None:
    if out is None:
        click.echo(data, nl=False)
        return
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    click.echo(f"wrote {out} ({what})", err=True)


@survey.command("import-form")
@click.argument("form_file", metavar="FORM", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_ORGANIZATION
def import_form(form_file: Path, organization: str | None) -> None:
    """Import the XLSForm FORM (.xlsx) as a survey, or as a new version of the survey with its form_id.

    Prints the survey's identifier (the form_id). A new version may not drop a question that has answers.
    """
    setup()
    from tanlu.web.surveys import importing  # noqa: PLC0415

    org = importing.find_organization(organization)
    result = importing.import_form(org, form_file.read_bytes(), filename=form_file.name)
    state = "created" if result.created else f"updated to version {result.version}"
    click.echo(f"survey {result.survey.identifier} {state} in {org.name}", err=True)
    click.echo(result.survey.identifier)


@survey.command("import-responses")
@click.argument("identifier", metavar="SURVEY")
@click.argument(
    "responses_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@_ORGANIZATION
def import_responses(identifier: str, responses_file: Path, organization: str | None) -> None:
    """Import the responses in FILE (.csv in UTF-8 or GBK, or .xlsx) into SURVEY, all or nothing.

    The header holds question names; a select_multiple answer is its choice names separated by spaces (or Kobo's
    0/1 columns question/choice). An optional "respondent" column gives respondent ids.
    """
    setup()
    from tanlu.web.surveys import importing  # noqa: PLC0415

    org = importing.find_organization(organization)
    target = importing.find_survey(org, identifier)
    result = importing.import_responses(target, responses_file.read_bytes(), filename=responses_file.name)
    encoding = f", {result.encoding}" if result.encoding else ""
    click.echo(
        f"imported {result.imported} responses into {target.identifier} ({responses_file.name}{encoding})"
    )


@survey.command("report")
@click.argument("identifier", metavar="SURVEY")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "html", "pdf", "xlsx"]),
    default="json",
    show_default=True,
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: standard output)."
)
@click.option(
    "--base",
    type=click.Choice(["shown", "answered", "respondents"]),
    default="shown",
    show_default=True,
    help="Base of the percentages: respondents shown the question, who answered it, or all respondents.",
)
@click.option(
    "--where",
    multiple=True,
    metavar="FIELD:VALUE",
    help="Keep respondents whose answer or attribute FIELD is VALUE (repeatable).",
)
@click.option(
    "--language",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the HTML, PDF and XLSX texts (the other language is shown alongside).",
)
@_ORGANIZATION
def report(
    *,
    identifier: str,
    output_format: str,
    out: Path | None,
    base: str,
    where: tuple[str, ...],
    language: str,
    organization: str | None,
) -> None:
    """Print the report of SURVEY: every question's counts and shares, free text, highlights, wave comparison."""
    setup()
    from django.template.loader import render_to_string  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    from tanlu.web.surveys import importing, reports  # noqa: PLC0415

    org = importing.find_organization(organization)
    target = importing.find_survey(org, identifier)
    computed = reports.compute(target, base=base, where=reports.parse_filters(where))
    if output_format in {"pdf", "xlsx"} and out is None:
        raise InputError(
            f"needed for a {output_format.upper()} report, which is not written to standard output",
            column="--out",
        )
    with translation.override("zh-hans" if language == "zh" else "en"):
        if output_format == "json":
            text = json.dumps(reports.report_json_data(computed), ensure_ascii=False, indent=2) + "\n"
            data = text.encode("utf-8")
        elif output_format == "html":
            html = render_to_string(
                "surveys/print/report.html", reports.report_context(computed, language, for_print=True)
            )
            data = html.encode("utf-8")
        elif output_format == "pdf":
            data = reports.report_pdf(computed, language)
        else:
            data = reports.report_xlsx(computed, language)
    _write(out, data, f"{computed.report.stats.respondents} respondents")


@survey.command("export-responses")
@click.argument("identifier", metavar="SURVEY")
@click.option(
    "--format", "output_format", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: standard output)."
)
@_ORGANIZATION
def export_responses(identifier: str, output_format: str, out: Path | None, organization: str | None) -> None:
    """Export the submitted responses of SURVEY, one row per respondent (select_multiple also as 0/1 columns)."""
    setup()
    from tanlu.web.surveys import exports, importing  # noqa: PLC0415

    org = importing.find_organization(organization)
    download = exports.responses_file(importing.find_survey(org, identifier), output_format)
    if output_format == "xlsx" and out is None:
        raise InputError("needed for an XLSX file, which is not written to standard output", column="--out")
    _write(out, download.data, download.filename)
