"""``tanlu catenax``: Catena-X PCF payloads (io.catenax.pcf 9.0.0, 10.0.0) on files alone, like ``tanlu pact``.

How an EDC connector serves the exported files is described in docs/exchange.md; the transport is not Tanlu's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from tanlu.cli.pact import export_options, run_export
from tanlu.exchange.catenax import VERSIONS, check_payload, payloads
from tanlu.exchange.pact_io import load_json

__all__ = ["catenax"]

catenax = click.Group(
    "catenax", help="Catena-X PCF payloads (io.catenax.pcf 9.0.0 and 10.0.0): export, validate."
)


@catenax.command("export")
@export_options
@click.option(
    "--model-version", type=click.Choice(VERSIONS), default="10.0.0", show_default=True,
    help="Catena-X PCF aspect model version.",
)  # fmt: skip
def export(model_version: str, **options: Any) -> None:
    """Export one product's footprint as a Catena-X PCF payload (JSON numbers).

    MODEL is a product model workbook or folder; company and method details come from its `settings` sheet and
    the options (docs/exchange.md).
    """
    run_export(f"catenax-{model_version}", options)


@catenax.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(file: Path) -> None:
    """Check FILE (one payload or a list): its model version and every violation by JSON path."""
    failed = False
    for at, payload in payloads(load_json(file)):
        version, violations = check_payload(payload, at=at)
        label = f"Catena-X PCF {version}" if version else "Catena-X PCF ?"
        if violations:
            failed = True
            count = len(violations)
            click.echo(f"{at}: {label}: {count} violation{'s' if count != 1 else ''}")
            for violation in violations:
                click.echo(f"  {violation}")
        else:
            click.echo(f"{at}: {label}: valid")
    if failed:
        raise click.exceptions.Exit(1)
