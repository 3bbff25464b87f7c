"""``tanlu pcf``: product carbon footprints from a model file or folder, without a database.

A thin adapter over :mod:`tanlu.carbon.products`: read and check the model (a workbook or a folder of CSV
files), solve the whole network once, write one row per product. A model with any bad row is refused as a
whole, naming every bad row, and nothing is written (the output goes to a temporary name and is renamed).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Literal

import click
import polars as pl

from tanlu.carbon.gwp import GWP_SET_NAMES
from tanlu.carbon.products.contributions import contribution_tree
from tanlu.carbon.products.explain import tree_lines
from tanlu.carbon.products.footprint import calculate_footprints
from tanlu.carbon.products.reader import read_model
from tanlu.errors import NotFound

__all__ = ["pcf"]

pcf = click.Group(
    "pcf",
    help="Product carbon footprints (ISO 14067, PACT v3): allocate site totals, roll up bills of materials and "
    "supplier footprints, one solve for every product.",
)
_MODEL = click.Path(exists=True, path_type=Path)


@pcf.command("calc")
@click.argument("model_path", metavar="MODEL", type=_MODEL)
@click.option(
    "--gwp",
    type=click.Choice(GWP_SET_NAMES, case_sensitive=False),
    default="AR6",
    show_default=True,
    help="GWP-100 set.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Results CSV (default: standard output)."
)
@click.option(
    "--samples",
    type=click.IntRange(0, 100_000),
    default=0,
    show_default=True,
    help="Monte Carlo runs for a 95% range (0: none).",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of the Monte Carlo draws (same seed, same range).",
)
def calc(*, model_path: Path, gwp: str, out: Path | None, samples: int, seed: int) -> None:
    """Footprint per declared unit of every product of MODEL (an .xlsx workbook or a folder of CSV files with the
    sheets products, inputs, activities, sites, site_activities, production, purchased, factors), in kg CO2e."""
    click.echo(f"reading {model_path.name}", err=True)
    model = read_model(model_path)
    footprints = calculate_footprints(model, gwp=gwp.upper(), samples=samples, seed=seed)
    if out is None:
        buffer = io.BytesIO()
        footprints.frame().write_csv(buffer)
        click.echo(buffer.getvalue(), nl=False)
        return
    _write_csv_atomically(footprints.frame(), out)
    click.echo(
        f"wrote {out} ({len(footprints.products)} products, factor set {footprints.factor_set_version}, "
        f"model {footprints.model_fingerprint[:12]})",
        err=True,
    )


def _write_csv_atomically(frame: pl.DataFrame, out: Path) -> None:
    """Write ``frame`` to a temporary file beside ``out`` and rename it: the results file is whole or absent,
    and a million rows (~300 MB) are never held as bytes in memory first."""
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        frame.write_csv(temporary)
        temporary.replace(out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@pcf.command("explain")
@click.argument("model_path", metavar="MODEL", type=_MODEL)
@click.option("--product", "product_id", required=True, help="The product whose footprint to explain.")
@click.option(
    "--gwp", type=click.Choice(GWP_SET_NAMES, case_sensitive=False), default="AR6", show_default=True
)
@click.option(
    "--depth", type=click.IntRange(1, 20), default=2, show_default=True, help="Levels of the tree to show."
)
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
def explain(*, model_path: Path, product_id: str, gwp: str, depth: int, lang: Literal["en", "zh"]) -> None:
    """Print the contribution tree of one declared unit of a product: inputs, activities, sites, suppliers,
    how much each weighs and where its data comes from."""
    model = read_model(model_path)
    if product_id not in set(model.table("products").get_column("product_id").to_list()):
        raise NotFound(f"no product {product_id!r} in {model_path.name}")
    footprints = calculate_footprints(model, gwp=gwp.upper())
    tree = contribution_tree(model, footprints, product_id, depth=depth, lang=lang)
    for line in tree_lines(tree, footprints.products[product_id], lang=lang):
        click.echo(line)


from tanlu.cli import pcf_store  # noqa: E402 - the database-backed commands (import, report) join the group

for _command in pcf_store.COMMANDS:
    pcf.add_command(_command)
