"""``tanlu cbam``: EU CBAM specific embedded emissions and the communication for EU importers, from a workbook.

A thin adapter over :mod:`tanlu.carbon.cbam`: read and check the installation workbook (sheets installation,
processes, emissions, precursors; ``docs/cbam.md``), solve every process in dependency order, print one line per
good and write the communication as XLSX and/or JSON. A workbook with any bad row is refused as a whole, naming
every bad row, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tanlu.carbon.cbam.calculate import calculate
from tanlu.carbon.cbam.communication import build_communication, communication_json, workbook_bytes
from tanlu.carbon.cbam.defaults import REGULATION, default_value, markup
from tanlu.carbon.cbam.reader import read_installation
from tanlu.cli.inventory import _write_atomically

__all__ = ["cbam"]

cbam = click.Group(
    "cbam",
    help="EU CBAM (Regulation (EU) 2023/956): specific embedded emissions per CN code with precursors, the "
    "communication for EU importers, and the Commission's default values.",
)
_OUT = click.Path(dir_okay=False, path_type=Path)


@cbam.command("calc")
@click.argument(
    "installation_path",
    metavar="INSTALLATION.xlsx",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option("--out", type=_OUT, help="Communication workbook (.xlsx) to write.")
@click.option("--json", "json_path", type=_OUT, help="The same communication as JSON.")
@click.option(
    "--year",
    type=click.IntRange(2026, 2100),
    default=dt.date.today().year,
    show_default="this year",
    help="Year of import for the default-value comparison (mark-up 10% 2026, 20% 2027, 30% from 2028).",
)
def calc(*, installation_path: Path, out: Path | None, json_path: Path | None, year: int) -> None:
    """Specific direct and indirect embedded emissions (t CO2e/t) of every production process in INSTALLATION.xlsx,
    beside what the importer would declare on default values."""
    data = read_installation(installation_path)
    results = calculate(data)
    communication = build_communication(data, results, year)
    summary = next(sheet for sheet in communication.sheets if sheet.name == "Summary_Products")
    for row in summary.rows:
        default = row["default_with_markup"]
        versus = f"default {year} {default:.3f}" if default != "" else "no shipped default"
        click.echo(
            f"{row['process_id']}\tCN {row['cn_code']}\tdirect {row['see_direct']:.4f}\tindirect "
            f"{row['see_indirect']:.4f}\tt CO2e/t\tfrom defaults {row['default_share']:.1%}\t{versus}"
        )
    if out is not None:
        _write_atomically(out, workbook_bytes(communication))
        click.echo(f"wrote {out}", err=True)
    if json_path is not None:
        _write_atomically(json_path, communication_json(communication).encode("utf-8"))
        click.echo(f"wrote {json_path}", err=True)


@cbam.command("defaults")
@click.argument("cn_code", metavar="CN_CODE")
@click.option(
    "--country",
    default="CN",
    show_default=True,
    help="CN (China) or OTHER (Other countries and territories): the two shipped.",
)
def defaults(*, cn_code: str, country: str) -> None:
    """The Commission's default value for CN_CODE (Implementing Regulation (EU) 2025/2621), with its mark-ups."""
    value = default_value(cn_code, country)
    click.echo(f"CN {value.cn_code} {value.description}")
    click.echo(f"country: {value.country_name} ({value.country})")
    click.echo(f"direct: {value.direct:g} t CO2e/t")
    click.echo(f"indirect: {value.indirect:g} t CO2e/t" if value.indirect else "indirect: not given")
    click.echo(f"total: {value.total:g} t CO2e/t")
    for year in (2026, 2027, 2028):
        click.echo(f"{year} (mark-up {markup(year):.0%}): {value.with_markup(year):g} t CO2e/t")
    click.echo(f"source: {REGULATION}; {value.link}")
