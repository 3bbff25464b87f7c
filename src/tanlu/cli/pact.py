"""``tanlu pact``: PACT ProductFootprints on files alone — export a product of a model, validate a JSON file.

A thin adapter over :mod:`tanlu.exchange`: read the model, calculate every product's footprint with the product
core, take company and method details from the model's ``settings`` sheet and the options, write PACT v3.0 or v2.3
JSON.  ``validate`` prints which version each footprint follows and every violation with its JSON path, and exits
with status 1 when there is any.  ``tanlu catenax`` (:mod:`tanlu.cli.catenax`) does the same for Catena-X.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from tanlu.carbon.gwp import GWP_SET_NAMES
from tanlu.carbon.products.footprint import calculate_footprints
from tanlu.carbon.products.reader import read_model
from tanlu.cli.inventory import _write_atomically
from tanlu.errors import InputError
from tanlu.exchange.from_products import export_product
from tanlu.exchange.pact_io import check_file, read_footprints
from tanlu.exchange.settings import KEYS, read_settings
from tanlu.exchange.versioning import follow

__all__ = ["export_options", "pact", "run_export"]

F = TypeVar("F", bound=Callable[..., Any])

pact = click.Group(
    "pact",
    help="PACT Technical Specifications v3.0 and v2.3: export a product's footprint, validate JSON files.",
)


def export_options(command: F) -> F:
    """The options every export shares: the model, the product, company details, settings, output."""
    decorators = [
        click.argument("model_path", metavar="MODEL", type=click.Path(exists=True, path_type=Path)),
        click.option(
            "--product", "product_id", required=True, help="The product_id of the product to export."
        ),
        click.option(
            "--gwp", type=click.Choice(GWP_SET_NAMES), default="AR6", show_default=True, help="GWP set."
        ),
        click.option("--company-name", help="The declaring company (else the company_name setting)."),
        click.option("--company-id", "company_ids", multiple=True, help="A company URN; repeat for several."),
        click.option(
            "--product-urn", "product_urns", multiple=True, help="A product URN; repeat for several."
        ),
        click.option(
            "--set",
            "assignments",
            multiple=True,
            metavar="KEY=VALUE",
            help="Any setting of docs/exchange.md (country=CN, product_category_cpc=49912 …); repeatable.",
        ),
        click.option(
            "--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not to stdout."
        ),
    ]
    return functools.reduce(lambda wrapped, decorate: decorate(wrapped), reversed(decorators), command)


def _overrides(
    company_name: str | None,
    company_ids: tuple[str, ...],
    product_urns: tuple[str, ...],
    assignments: tuple[str, ...],
) -> dict[str, str]:
    values: dict[str, str] = {}
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        if not sep or key.strip() not in KEYS:
            raise InputError("not KEY=VALUE with a key of docs/exchange.md", column="--set", value=assignment)
        values[key.strip()] = value.strip()
    if company_name:
        values["company_name"] = company_name
    if company_ids:
        values["company_ids"] = " ".join(company_ids)
    if product_urns:
        values["product_ids"] = " ".join(product_urns)
    return values


def run_export(spec: str, options: dict[str, Any], previous: Path | None = None) -> None:
    """Export ``options["product_id"]`` of the model as ``spec`` and write it to ``--out`` or stdout.

    With ``previous`` (a file holding the footprint published before), the output is what to publish now by the
    version rules of :mod:`tanlu.exchange.versioning`: a list of the previous footprint (Deprecated) and its
    successor, or the previous one alone when nothing changed.
    """
    model_path: Path = options["model_path"]
    model = read_model(model_path)
    footprints = calculate_footprints(model, gwp=options["gwp"])
    overrides = _overrides(
        options["company_name"], options["company_ids"], options["product_urns"], options["assignments"]
    )
    settings = read_settings(model_path).for_product(options["product_id"], overrides)
    current = export_product(model, footprints, options["product_id"], settings, spec=spec)
    document: dict[str, Any] | list[dict[str, Any]] = current
    if previous is not None:
        earlier = read_footprints(previous)
        if len(earlier) != 1:
            raise InputError("the previous file must hold exactly one footprint", column="--previous")
        document = follow(earlier[0].document, current, now=datetime.now(UTC).replace(microsecond=0))
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    out: Path | None = options["out"]
    if out is None:
        click.echo(text, nl=False)
        return
    _write_atomically(out, text.encode("utf-8"))
    total = footprints.products[options["product_id"]].total
    click.echo(
        f"{out}: {spec} footprint of {options['product_id']}, {total:.6g} kg CO2e per declared unit", err=True
    )


@pact.command("export")
@export_options
@click.option(
    "--spec", type=click.Choice(["3.0", "2.3"]), default="3.0", show_default=True, help="PACT version."
)
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The footprint published before: write what to publish now (it Deprecated, and the successor).",
)
def export(spec: str, previous: Path | None, **options: Any) -> None:
    """Export one product's footprint as a PACT ProductFootprint (JSON).

    MODEL is a product model workbook or folder (docs/formats.md); company and method details come from its
    `settings` sheet and the options (docs/exchange.md).
    """
    run_export(spec, options, previous)


@pact.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(file: Path) -> None:
    """Check FILE (a footprint, a list, or an API response): its PACT version and every violation by JSON path."""
    checked = check_file(file)
    for item in checked:
        document = item.document if isinstance(item.document, dict) else {}
        label = (
            f"PACT v{item.major} (specVersion {document.get('specVersion', '?')})" if item.major else "PACT ?"
        )
        if item.violations:
            count = len(item.violations)
            click.echo(f"{item.path}: {label}: {count} violation{'s' if count != 1 else ''}")
            for violation in item.violations:
                click.echo(f"  {violation}")
        else:
            click.echo(f"{item.path}: {label}: valid")
    if any(item.violations for item in checked):
        raise click.exceptions.Exit(1)
